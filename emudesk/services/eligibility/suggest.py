"""Suggestions: who in the register may receive an award for a year (``nominations.drafts`` files them).

Runs the path of a single check (``judge``) over every subject of the register
at once, deciding each without writing sentences and explaining only those listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from emudesk.domain.enums import SubjectKind
from emudesk.domain.rules import Case, Outcome, Rule, SubjectFacts, Verdict, rule_set_label
from emudesk.domain.rules.evaluate import Evaluator
from emudesk.services.core.common import SubjectRef
from emudesk.services.eligibility.facts import plan_facts, recorded_years, subject_facts
from emudesk.services.eligibility.judge import (
    case_for,
    has_own_criteria,
    no_criteria_reason,
    rules_for,
    verdict_for,
)
from emudesk.services.rules import rulebook


@dataclass(frozen=True)
class Suggestion:
    subject: SubjectRef
    name: str
    verdict: Verdict


@dataclass(frozen=True)
class Suggestions:
    """Who may receive an award for a year: the list and how the whole register fared.

    Attributes:
        counts: subjects judged per outcome (over every subject, listed or not).
        rule_set: the documents applied.
        notes: why whole kinds of subject are not listed (no criteria of the form in force).
    """

    award_code: str
    award_name: str
    year: int
    on: date
    items: tuple[Suggestion, ...]
    counts: dict[Outcome, int]
    rule_set: str
    notes: tuple[str, ...] = ()


def default_day(year: int) -> date:
    """Files for a year are received at its end: judge by the rules of 31/12 (or today, if earlier)."""
    return min(date.today(), date(year, 12, 31))


def suggest(
    session: Session,
    award_code: str,
    year: int,
    *,
    on: date | None = None,
    kinds: Sequence[SubjectKind] | None = None,
    include_open: bool = False,
    limit: int | None = None,
) -> Suggestions:
    """Everyone in the register who may receive ``award_code`` for ``year``, with the reasons.

    Subjects already holding or nominated for the award that year are judged not eligible (one award
    per result) and so are left out. ``include_open`` adds those a person must still judge.
    """
    book = rulebook.load(session)
    form = book.form(award_code)
    on = on or default_day(year)
    wanted = [k for k in (kinds or list(SubjectKind)) if form.allows(k)]
    counts = {o: 0 for o in Outcome}
    listed: list[tuple[SubjectKind, SubjectFacts, Evaluator, list[Rule], Case, Outcome]] = []
    used: list[Rule] = []
    notes: list[str] = []
    for kind in wanted:
        rules = rules_for(book, form, kind, on)
        used.extend(rules)
        plan = plan_facts(rules, form.code, year)
        if not has_own_criteria(rules, form):
            # Nobody is listed: every one of them needs a person's judgement against criteria we lack.
            notes.append(no_criteria_reason(book, form, kind, on).text)
            counts[Outcome.NEEDS_JUDGEMENT] += len(subject_facts(session, book, plan, kind, None))
            continue
        recorded = recorded_years(session, book, plan.history_codes(), (year - 1, year))
        case = case_for(book, form, year, on, recorded)
        evaluator = Evaluator(rules, case)
        for facts in subject_facts(session, book, plan, kind, None):
            # Decide every subject without writing sentences; explain only those listed.
            outcome = evaluator.outcome(facts) if form.active else Outcome.NOT_ELIGIBLE
            counts[outcome] += 1
            if outcome is Outcome.ELIGIBLE or (include_open and outcome is Outcome.NEEDS_JUDGEMENT):
                listed.append((kind, facts, evaluator, rules, case, outcome))
    listed.sort(key=lambda x: x[5] is not Outcome.ELIGIBLE)  # stable: register order within
    if limit is not None:
        listed = listed[:limit]
    items = tuple(
        Suggestion(
            SubjectRef(kind, facts.id), facts.name, verdict_for(rules, facts, case, form, evaluator=evaluator)
        )
        for kind, facts, evaluator, rules, case, _outcome in listed
    )
    return Suggestions(form.code, form.name, year, on, items, counts, rule_set_label(used), tuple(notes))
