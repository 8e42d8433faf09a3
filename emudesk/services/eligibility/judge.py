"""Eligibility: may this subject receive this award, judged by the rules in force on a day, and why.

Resolves the rules in force, gathers the facts they need (``facts``) and hands
them to the pure engine (``emudesk.domain.rules``), which cites a reason for
every condition. ``explain`` and ``reasons_json`` write a verdict out.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from emudesk.db.batch import Batch, Rows
from emudesk.db.models import AgendaItem, Initiative, Nomination
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import NotFoundError
from emudesk.domain.rules import (
    Case,
    InitiativeFact,
    Reason,
    Rule,
    RuleKind,
    SubjectFacts,
    Verdict,
    VoteFacts,
    fmt,
    resolve,
)
from emudesk.domain.rules import (
    evaluate as judge,
)
from emudesk.domain.rules.evaluate import Evaluator
from emudesk.domain.rules.kinds import SUBJECT_KINDS
from emudesk.domain.rules.verdict import outcome_of
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef, get_live, load_subject
from emudesk.services.eligibility.facts import (
    STANDING,
    gather_files_facts,
    gather_subject_facts,
    plan_facts,
    recorded_years,
    recorded_years_in,
    subject_facts,
)
from emudesk.services.rules import rulebook
from emudesk.services.rules.rulebook import FormInfo, RuleBook

_JUDGING = SUBJECT_KINDS | {RuleKind.HISTORY_BASIS}
# Kinds that are conditions a subject must meet; a vote threshold, a quota or the one-ground rule
# constrain the procedure and say nothing of whether the form is deserved.
_CRITERIA = SUBJECT_KINDS - {RuleKind.VOTE_THRESHOLD, RuleKind.QUOTA, RuleKind.SINGLE_GROUND}


def rules_for(book: RuleBook, form: FormInfo, kind: SubjectKind, on: date) -> list[Rule]:
    """The rules that judge a subject for the form (council, quorum and cash rules are not among them)."""
    return resolve(book.rules, on, form.code, kind, _JUDGING)


def has_own_criteria(rules: Sequence[Rule], form: FormInfo) -> bool:
    """Whether the rules in force name criteria of ``form`` itself (not only rules for every form)."""
    return any(form.code in r.award_codes and r.kind in _CRITERIA for r in rules)


def no_criteria_reason(book: RuleBook, form: FormInfo, kind: SubjectKind, on: date) -> Reason:
    """Why a form whose criteria are not recorded cannot be judged eligible: a person must judge it.

    Without this, the generic checks (discipline, one ground) alone would pass anyone for any form.
    """
    in_force = "; ".join(rs.short_name for rs in book.sets if rs.in_force(on)) or _("none")
    text = _(
        "No criteria of “{form}” for a {kind} are recorded in the rule set in force ({rules}); "
        "the file must be judged by a person."
    ).format(form=form.name, kind=kind.label.lower(), rules=in_force)
    return Reason(text, form.source or in_force, None)


def _catalogue_reasons(form: FormInfo, kind: SubjectKind) -> list[Reason]:
    """Checks of the catalogue itself: the form is in use and may go to this kind of subject."""
    out = []
    if not form.active:
        out.append(Reason(_("“{form}” is no longer in use").format(form=form.name), form.source, False))
    if not form.allows(kind):
        text = _("“{form}” cannot be given to a {kind}").format(form=form.name, kind=kind.label.lower())
        out.append(Reason(text, form.source, False))
    return out


def verdict_for(
    rules: list[Rule],
    facts: SubjectFacts,
    case: Case,
    form: FormInfo,
    extra: Sequence[Reason] = (),
    evaluator: Evaluator | None = None,
) -> Verdict:
    verdict = evaluator.verdict(facts) if evaluator is not None else judge(rules, facts, case)
    first = [*_catalogue_reasons(form, facts.kind), *extra]
    if not first:
        return verdict
    reasons = (*first, *verdict.reasons)
    return Verdict(
        outcome=outcome_of(reasons),
        reasons=reasons,
        rule_set=verdict.rule_set,
        subject_kind=verdict.subject_kind,
        subject_id=verdict.subject_id,
        subject_name=verdict.subject_name,
        award_code=verdict.award_code,
        award_name=verdict.award_name,
        on=verdict.on,
        year=verdict.year,
        nomination_id=verdict.nomination_id,
    )


def case_for(
    book: RuleBook, form: FormInfo, year: int, on: date, recorded: dict[str, frozenset[int]]
) -> Case:
    """The case of ``form`` for ``year`` judged on ``on``; a nomination adds its own facts to it."""
    return Case(
        award_code=form.code,
        year=year,
        on=on,
        names=book.names,
        yearly=form.yearly,
        recorded_years=recorded,
    )


def evaluate(
    session: Session, subject: SubjectRef, award_code: str, on: date, *, year: int | None = None
) -> Verdict:
    """Judge ``subject`` for the award ``award_code`` by the rules in force on ``on``.

    Args:
        on: the day the file was (or would be) received.
        year: the year of the achievements judged (default: the year of ``on``).

    Raises:
        ValidationError: an unknown award code.
        NotFoundError: the subject does not exist.
    """
    load_subject(session, subject)
    book = rulebook.load(session)
    form = book.forms[book.legal_code(book.form(award_code).id)]
    year = year or on.year
    rules = rules_for(book, form, subject.kind, on)
    plan = plan_facts(rules, form.code, year)
    facts = subject_facts(session, book, plan, subject.kind, [subject.id])
    recorded = recorded_years(session, book, plan.history_codes(), (year - 1, year))
    extra = () if has_own_criteria(rules, form) else (no_criteria_reason(book, form, subject.kind, on),)
    return verdict_for(rules, facts[0], case_for(book, form, year, on, recorded), form, extra)


def _standing_others(batch: Batch, same: ColumnElement[bool], nomination_id: int) -> Rows:
    """The other standing nominations that ``same`` ties to this one (the same achievement or initiative)."""
    return batch.add(
        select(Nomination.id).where(
            same,
            Nomination.id != nomination_id,
            Nomination.status.in_(STANDING),
            Nomination.deleted_at.is_(None),
        )
    )


def evaluate_nomination(session: Session, nomination_id: int) -> Verdict:
    """Judge a nomination on the day its file was received (today if not yet filed), with its vote if any."""
    n = get_live(session, Nomination, nomination_id, _("Nomination"))
    return gather_nomination(Batch(session, deferred=False), session, n)()


def gather_nomination(batch: Batch, session: Session, n: Nomination) -> Callable[[], Verdict]:
    """``evaluate_nomination`` of a loaded nomination, its facts read with the other SELECTs of
    ``batch``: call the result once the batch ran."""
    book = rulebook.load(session)
    # A form of a named authority (Bằng khen của Bộ trưởng Bộ NN&PTNT) is judged by its legal kind's rules.
    form = book.forms[book.legal_code(n.award_form_id)]
    on = n.filed_on or date.today()
    year = n.year or on.year
    kind = n.subject_kind
    nid = n.id
    rules = rules_for(book, form, kind, on)
    plan = plan_facts(rules, form.code, year)
    facts = gather_subject_facts(batch, session, book, plan, kind, [n.subject_id], exclude_nomination=nid)
    used_by = (
        _standing_others(batch, Nomination.achievement_id == n.achievement_id, nid)
        if n.achievement_id is not None
        else None
    )
    initiative = others = None
    if n.initiative_id is not None:
        initiative = batch.add(
            select(
                Initiative.id,
                Initiative.title,
                Initiative.year,
                Initiative.scope_level,
                Initiative.recognized_on,
                Initiative.recognition_ref,
            ).where(Initiative.id == n.initiative_id)
        )
        others = _standing_others(batch, Nomination.initiative_id == n.initiative_id, nid)
    votes = None
    tally = None
    if n.votes_for is not None and n.council_size:
        votes = VoteFacts(n.votes_for, n.votes_against or 0, n.votes_invalid or 0, n.council_size)
    else:
        # A tally entered at a council session that did not move the file (a failed vote, a deferral).
        tally = batch.add(
            select(
                AgendaItem.votes_for,
                AgendaItem.votes_against,
                AgendaItem.votes_invalid,
                AgendaItem.council_size,
            )
            .where(AgendaItem.nomination_id == nid, AgendaItem.votes_for.is_not(None))
            .order_by(AgendaItem.id.desc())
            .limit(1)
        )
    recorded = recorded_years_in(batch, book, plan.history_codes(), (year - 1, year))

    def build() -> Verdict:
        found = facts()
        if not found:
            raise NotFoundError(_("The subject of nomination #{id} no longer exists.").format(id=nid))
        used = tuple(sorted(r[0] for r in used_by)) if used_by is not None else ()
        ini = initiative.first() if initiative is not None else None
        standing = tuple(r[0] for r in others) if others is not None else ()
        row = tally.first() if tally is not None else None
        return _verdict(
            book, form, rules, kind, on, year, nid, found[0], recorded(), used, ini, standing, votes, row
        )

    return build


def _verdict(
    book: RuleBook,
    form: FormInfo,
    rules: list[Rule],
    kind: SubjectKind,
    on: date,
    year: int,
    nid: int,
    facts: SubjectFacts,
    recorded: dict[str, frozenset[int]],
    used: tuple[int, ...],
    ini: tuple[Any, ...] | None,
    standing: tuple[int, ...],
    votes: VoteFacts | None,
    tally: tuple[Any, ...] | None,
) -> Verdict:
    """A file's verdict from the facts read for it: ``used`` the other standing files on its
    achievement, ``ini`` its initiative's row and ``standing`` the other files on that initiative,
    ``votes`` the file's recorded vote, else ``tally`` a council session's (``gather_nomination``)."""
    ini_fact = None
    if ini is not None:
        iid, title, ini_year, scope, recognized_on, ref = ini
        recognized = recognized_on is not None or bool(ref)
        ini_fact = InitiativeFact(iid, title, ini_year, scope, recognized, tuple(sorted(standing)))
    voted = votes
    if tally is not None:
        votes_for, votes_against, votes_invalid, council_size = tally
        if votes_for is not None and council_size:  # votes_for is never NULL here: see the WHERE
            voted = VoteFacts(votes_for, votes_against or 0, votes_invalid or 0, council_size)
    case = replace(
        case_for(book, form, year, on, recorded),
        nomination_id=nid,
        achievement_used_by=used,
        initiative=ini_fact,
        votes=voted,
    )
    extra = () if has_own_criteria(rules, form) else (no_criteria_reason(book, form, kind, on),)
    return verdict_for(rules, facts, case, form, extra)


# Files judged by one set of SELECTs: their ids (and their subjects') go as IN lists, a few per
# SELECT, and a server takes at most 65,535 parameters in a statement (SQLite 32,766).
_FILES_PER_READ = 500


def gather_nominations(
    batch: Batch, session: Session, rows: Sequence[Nomination]
) -> dict[int, Callable[[], Verdict]]:
    """``gather_nomination`` of many loaded files, their facts read by sets: the files judged by the
    same rules (form, kind of subject, day and year) share one set of SELECTs, a fixed number
    whatever their count, that each file's verdict then reads its own facts from. Each file is
    judged as ``gather_nomination`` judges it alone, by the same engine on the same facts.

    The first ``_FILES_PER_READ`` files ride in ``batch``; more are read at once, that many per
    statement. Call a result once ``batch`` ran.
    """
    book = rulebook.load(session)
    groups: dict[tuple[str, SubjectKind, date, int], list[Nomination]] = defaultdict(list)
    for n in rows:
        on = n.filed_on or date.today()
        groups[(book.legal_code(n.award_form_id), n.subject_kind, on, n.year or on.year)].append(n)
    out: dict[int, Callable[[], Verdict]] = {}
    in_batch = 0
    for (code, kind, on, year), files in groups.items():
        for start in range(0, len(files), _FILES_PER_READ):
            chunk = files[start : start + _FILES_PER_READ]
            own = not batch.deferred or in_batch + len(chunk) <= _FILES_PER_READ
            here = batch if own else Batch(session)
            if own:
                in_batch += len(chunk)
            if len(chunk) == 1:
                # One file alone: its own few SELECTs, by equality (cheaper than IN lists of one).
                out[chunk[0].id] = gather_nomination(here, session, chunk[0])
            else:
                out.update(_gather_files(here, session, book, book.forms[code], kind, on, year, chunk))
            if here is not batch:
                here.run()
    return out


def _gather_files(
    batch: Batch,
    session: Session,
    book: RuleBook,
    form: FormInfo,
    kind: SubjectKind,
    on: date,
    year: int,
    files: Sequence[Nomination],
) -> dict[int, Callable[[], Verdict]]:
    rules = rules_for(book, form, kind, on)
    plan = plan_facts(rules, form.code, year)
    facts = gather_files_facts(batch, session, book, plan, kind, [(n.id, n.subject_id) for n in files])
    achievements = sorted({n.achievement_id for n in files if n.achievement_id is not None})
    on_achievement = (
        batch.add(
            select(Nomination.achievement_id, Nomination.id).where(
                Nomination.achievement_id.in_(achievements),
                Nomination.status.in_(STANDING),
                Nomination.deleted_at.is_(None),
            )
        )
        if achievements
        else None
    )
    initiative_ids = sorted({n.initiative_id for n in files if n.initiative_id is not None})
    initiatives = on_initiative = None
    if initiative_ids:
        initiatives = batch.add(
            select(
                Initiative.id,
                Initiative.title,
                Initiative.year,
                Initiative.scope_level,
                Initiative.recognized_on,
                Initiative.recognition_ref,
            ).where(Initiative.id.in_(initiative_ids))
        )
        on_initiative = batch.add(
            select(Nomination.initiative_id, Nomination.id).where(
                Nomination.initiative_id.in_(initiative_ids),
                Nomination.status.in_(STANDING),
                Nomination.deleted_at.is_(None),
            )
        )
    votes = {
        n.id: VoteFacts(n.votes_for, n.votes_against or 0, n.votes_invalid or 0, n.council_size)
        for n in files
        if n.votes_for is not None and n.council_size
    }
    unvoted = sorted(n.id for n in files if n.id not in votes)
    tallies = (
        batch.add(
            select(
                AgendaItem.nomination_id,
                AgendaItem.id,
                AgendaItem.votes_for,
                AgendaItem.votes_against,
                AgendaItem.votes_invalid,
                AgendaItem.council_size,
            ).where(AgendaItem.nomination_id.in_(unvoted), AgendaItem.votes_for.is_not(None))
        )
        if unvoted
        else None
    )
    recorded = recorded_years_in(batch, book, plan.history_codes(), (year - 1, year))

    @functools.cache
    def read() -> tuple[
        dict[int, SubjectFacts],
        dict[int, list[int]],
        dict[int, tuple[Any, ...]],
        dict[int, list[int]],
        dict[int, tuple[Any, ...]],
        dict[str, frozenset[int]],
    ]:
        by_achievement: dict[int, list[int]] = defaultdict(list)
        for aid, other in on_achievement or ():
            by_achievement[aid].append(other)
        by_initiative: dict[int, list[int]] = defaultdict(list)
        for iid, other in on_initiative or ():
            by_initiative[iid].append(other)
        latest: dict[int, tuple[Any, ...]] = {}
        # The latest tally of each file (``gather_nomination``: ORDER BY id DESC LIMIT 1).
        for nid, _item, *counts in sorted(tallies or (), key=lambda r: r[1]):
            latest[nid] = tuple(counts)
        ini_rows = {r[0]: tuple(r) for r in initiatives or ()}
        return facts(), by_achievement, ini_rows, by_initiative, latest, recorded()

    def judge_one(n: Nomination) -> Callable[[], Verdict]:
        nid, aid, iid = n.id, n.achievement_id, n.initiative_id

        def build() -> Verdict:
            found, by_achievement, ini_rows, by_initiative, latest, years = read()
            subject = found.get(nid)
            if subject is None:
                raise NotFoundError(_("The subject of nomination #{id} no longer exists.").format(id=nid))
            used = (
                tuple(sorted(o for o in by_achievement.get(aid, ()) if o != nid)) if aid is not None else ()
            )
            ini = ini_rows.get(iid) if iid is not None else None
            standing = tuple(o for o in by_initiative.get(iid, ()) if o != nid) if iid is not None else ()
            return _verdict(
                book,
                form,
                rules,
                kind,
                on,
                year,
                nid,
                subject,
                years,
                used,
                ini,
                standing,
                votes.get(nid),
                latest.get(nid) if nid not in votes else None,
            )

        return build

    return {n.id: judge_one(n) for n in files}


def explain(verdict: Verdict) -> list[str]:
    """The verdict as plain lines: outcome, documents, then each reason with its mark and citation."""
    lines = [
        _("{subject} — {award} ({year}, rules of {day})").format(
            subject=verdict.subject_name,
            award=verdict.award_name,
            year=verdict.year,
            day=fmt.day(verdict.on) if verdict.on else "?",
        ),
        _("Verdict: {outcome}").format(outcome=verdict.outcome.label),
    ]
    if verdict.rule_set:
        lines.append(_("Rules applied: {rules}").format(rules=verdict.rule_set))
    for r in verdict.reasons:
        cite = f" — {r.citation}" if r.citation else ""
        lines.append(f"  {r.mark} {r.text}{cite}")
    return lines


def reasons_json(verdict: Verdict) -> dict[str, object]:
    return {
        "subject": f"{verdict.subject_kind.value}:{verdict.subject_id}" if verdict.subject_kind else None,
        "subject_name": verdict.subject_name,
        "award": verdict.award_code,
        "award_name": verdict.award_name,
        "year": verdict.year,
        "date": verdict.on.isoformat() if verdict.on else None,
        "nomination_id": verdict.nomination_id,
        "outcome": verdict.outcome.value,
        "outcome_label": verdict.outcome.label,
        "rule_set": verdict.rule_set,
        "reasons": [
            {
                "text": r.text,
                "citation": r.citation,
                "passed": r.passed,
                "informational": r.informational,
                "rule": r.rule_code,
            }
            for r in verdict.reasons
        ],
    }
