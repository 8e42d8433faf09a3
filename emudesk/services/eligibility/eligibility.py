"""Eligibility: may this subject receive this award, judged by the rules in force on a day, and why.

The service resolves the rules in force, works out which facts they need
(award forms, years, ratings, members…), gathers those facts for one subject
or for the whole register in a fixed number of queries, and hands them to the
pure engine (``emudesk.domain.rules``). Suggestions run the same path over
every subject of the register at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AgendaItem,
    AnnualRating,
    AwardRecord,
    DisciplineRecord,
    Household,
    Individual,
    Initiative,
    Membership,
    Nomination,
    Unit,
)
from emudesk.domain.enums import AwardStatus, NominationStatus, SubjectKind
from emudesk.domain.errors import EmudeskError, NotFoundError
from emudesk.domain.rules import (
    AwardFact,
    Case,
    DisciplineFact,
    InitiativeFact,
    MemberFact,
    Outcome,
    Reason,
    Rule,
    RuleKind,
    SubjectFacts,
    Verdict,
    VoteFacts,
    fmt,
    resolve,
    rule_set_label,
)
from emudesk.domain.rules import (
    evaluate as judge,
)
from emudesk.domain.rules.evaluate import Evaluator
from emudesk.domain.rules.kinds import (
    SUBJECT_KINDS,
    Composition,
    DisciplineBlock,
    HistoryStreak,
    InitiativeRule,
    Prerequisite,
    QuotaRule,
    RatingRule,
    SingleGround,
)
from emudesk.domain.rules.verdict import outcome_of
from emudesk.domain.workflow import HOLDS_PLACE
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef, display_name, get_live, household_title, load_subject
from emudesk.services.register import units
from emudesk.services.rules import rulebook
from emudesk.services.rules.rulebook import FormInfo, RuleBook

__all__ = [
    "DraftsResult",
    "Outcome",
    "Reason",
    "Suggestion",
    "Suggestions",
    "Verdict",
    "create_drafts",
    "evaluate",
    "evaluate_nomination",
    "suggest",
]

S = NominationStatus
# Nominations that still stand: they use up an achievement or an initiative.
_STANDING = [s.value for s in (S.DRAFT, S.SUBMITTED, S.APPRAISED, S.VOTED, S.APPROVED, S.RETURNED)]
# Standing nominations without a decision yet: "pending" awards in history (drafts included, so a
# suggestion list does not offer someone twice).
_PENDING = [s for s in _STANDING if s != S.APPROVED.value]
# Nominations holding a quota place without a decision yet: they count against ratio caps.
_HOLDING = [s.value for s in HOLDS_PLACE if s is not S.APPROVED]


# --- what the rules need --------------------------------------------------------------------------


@dataclass
class _Plan:
    """Which facts the rules in force need, and for which years."""

    rules: list[Rule]
    year: int
    codes: set[str] = field(default_factory=set)
    lo: int = 10_000
    rating_lo: int | None = None
    initiative_lo: int | None = None
    member_codes: set[str] = field(default_factory=set)
    member_ratings: bool = False
    members: bool = False
    quota_codes: set[str] = field(default_factory=set)

    def history_codes(self) -> set[str]:
        return self.codes | self.member_codes | self.quota_codes


def _plan(rules: list[Rule], award_code: str, year: int) -> _Plan:
    plan = _Plan(rules, year)

    def window_start(years: int, previous: bool) -> int:
        return year - (1 if previous else 0) - years + 1

    for rule in rules:
        p = rule.params
        if isinstance(p, HistoryStreak):
            plan.codes |= set(p.awards)
            plan.lo = min(plan.lo, window_start(p.years, p.ending.value == "previous_year"))
        elif isinstance(p, Prerequisite):
            plan.codes |= set(p.awards)
            plan.lo = min(plan.lo, window_start(p.within_years, False) if p.within_years else 1945)
        elif isinstance(p, RatingRule):
            start = window_start(p.years, p.ending.value == "previous_year")
            plan.rating_lo = min(plan.rating_lo or start, start)
            if p.with_initiatives:
                plan.initiative_lo = min(plan.initiative_lo or start, start)
        elif isinstance(p, InitiativeRule):
            start = year - p.years + 1
            plan.initiative_lo = min(plan.initiative_lo or start, start)
        elif isinstance(p, Composition):
            plan.members = True
            plan.member_codes |= set(p.awards)
            plan.member_ratings = plan.member_ratings or p.min_rating is not None
        elif isinstance(p, DisciplineBlock) and p.scope.value == "members":
            plan.members = True
        elif isinstance(p, QuotaRule):
            plan.quota_codes |= set(p.awards or (award_code,)) | set(p.base)
        elif isinstance(p, SingleGround) and p.same_year:
            plan.codes.add(award_code)
    if plan.codes:
        plan.lo = min(plan.lo, year)
    return plan


# --- gathering facts --------------------------------------------------------------------------------


_SUBJECT_COLUMN = {
    SubjectKind.INDIVIDUAL: AwardRecord.individual_id,
    SubjectKind.UNIT: AwardRecord.unit_id,
    SubjectKind.HOUSEHOLD: AwardRecord.household_id,
}
_NOMINATION_COLUMN = {
    SubjectKind.INDIVIDUAL: Nomination.individual_id,
    SubjectKind.UNIT: Nomination.unit_id,
    SubjectKind.HOUSEHOLD: Nomination.household_id,
}


def _in(column: object, ids: Sequence[int] | None) -> object:
    if ids is None:
        return column.is_not(None)  # type: ignore[attr-defined]
    if len(ids) == 1:
        # One subject: a plain equality. An IN list is expanded into the SQL on every execution,
        # which cost a fifth of a one-person check (profiled).
        return column == ids[0]  # type: ignore[operator]
    return column.in_(list(ids))  # type: ignore[attr-defined]


def _rows(session: Session, stmt: Any) -> Any:
    """Run a column SELECT at the Core level: plain rows, without the ORM's per-row loading."""
    return session.connection().execute(stmt)


def _maybe_unindexed(form: Any, year: Any, ids: Sequence[int] | None) -> tuple[Any, Any]:
    """For a few subjects, hide (form, year) from the planner so it seeks the subject's index.

    Without statistics SQLite prefers the (award_form_id, year) index and would read every award of
    the form that year (tens of thousands at province scale) to find one person's.
    """
    if ids is None or len(ids) > 5000:
        return form, year
    return form + 0, year + 0


def _subjects(
    session: Session, kind: SubjectKind, ids: Sequence[int] | None, year: int
) -> list[tuple[int, str, int | None]]:
    """(id, name, unit id) of live subjects; units must exist during the year."""
    if kind is SubjectKind.INDIVIDUAL:
        stmt = select(Individual.id, Individual.full_name, Individual.unit_id).where(
            Individual.deleted_at.is_(None)
        )
        if ids is not None:
            stmt = stmt.where(_in(Individual.id, ids))
        return [(i, n, u) for i, n, u in _rows(session, stmt.order_by(Individual.sort_key, Individual.id))]
    if kind is SubjectKind.UNIT:
        stmt2 = select(Unit.id, Unit.name, Unit.parent_id).where(Unit.deleted_at.is_(None))
        if ids is not None:
            stmt2 = stmt2.where(_in(Unit.id, ids))
        else:
            stmt2 = stmt2.where(
                or_(Unit.valid_to.is_(None), Unit.valid_to >= date(year, 1, 1)),
                or_(Unit.valid_from.is_(None), Unit.valid_from <= date(year, 12, 31)),
            )
        return [(i, n, p) for i, n, p in _rows(session, stmt2.order_by(Unit.sort_key, Unit.id))]
    stmt3 = select(Household.id, Household.head_name, Household.village_id).where(
        Household.deleted_at.is_(None)
    )
    if ids is not None:
        stmt3 = stmt3.where(_in(Household.id, ids))
    return [
        (i, household_title(n), v)
        for i, n, v in _rows(session, stmt3.order_by(Household.sort_key, Household.id))
    ]


def _awards(
    session: Session,
    book: RuleBook,
    kind: SubjectKind,
    ids: Sequence[int] | None,
    codes: Iterable[str],
    lo: int,
    hi: int,
    exclude_nomination: int | None,
) -> dict[int, list[AwardFact]]:
    """Awards and pending nominations of the forms ``codes`` in [lo, hi], by subject."""
    form_ids = [book.forms[c].id for c in codes if c in book.forms]
    out: dict[int, list[AwardFact]] = defaultdict(list)
    if not form_ids:
        return out
    column = _SUBJECT_COLUMN[kind]
    code_of = {f.id: f.code for f in book.forms.values()}
    form_col, year_col = _maybe_unindexed(AwardRecord.award_form_id, AwardRecord.year, ids)
    rows = _rows(
        session,
        select(
            column,
            AwardRecord.year,
            AwardRecord.award_form_id,
            AwardRecord.award_type,
            AwardRecord.status,
            AwardRecord.decision_number,
            AwardRecord.nomination_id,
        ).where(
            AwardRecord.subject_kind == kind,
            _in(column, ids),
            form_col.in_(form_ids),
            year_col.between(lo, hi),
            AwardRecord.deleted_at.is_(None),
        ),
    )
    for sid, year, form_id, atype, status, number, nid in rows:
        out[sid].append(AwardFact(year, code_of[form_id], atype, status, number, False, nid))
    ncol = _NOMINATION_COLUMN[kind]
    form_col, year_col = _maybe_unindexed(Nomination.award_form_id, Nomination.year, ids)
    pending = select(ncol, Nomination.year, Nomination.award_form_id, Nomination.id).where(
        Nomination.subject_kind == kind,
        _in(ncol, ids),
        form_col.in_(form_ids),
        year_col.between(lo, hi),
        Nomination.status.in_(_PENDING),
        Nomination.deleted_at.is_(None),
    )
    if exclude_nomination is not None:
        pending = pending.where(Nomination.id != exclude_nomination)
    for sid, year, form_id, nid in _rows(session, pending):
        default = book.forms_by_id[form_id].default_award_type
        out[sid].append(AwardFact(year, code_of[form_id], default, AwardStatus.VALID, "", True, nid))
    return out


def _discipline(session: Session, ids: Sequence[int] | None) -> dict[int, list[DisciplineFact]]:
    out: dict[int, list[DisciplineFact]] = defaultdict(list)
    stmt = select(
        DisciplineRecord.individual_id,
        DisciplineRecord.kind,
        DisciplineRecord.form,
        DisciplineRecord.start_date,
        DisciplineRecord.end_date,
        DisciplineRecord.decision_ref,
    )
    if ids is not None:
        stmt = stmt.where(_in(DisciplineRecord.individual_id, ids))
    for pid, kind, form, start, end, ref in _rows(session, stmt):
        out[pid].append(DisciplineFact(kind, form, start, end, ref or ""))
    return out


def _ratings(
    session: Session, kind: SubjectKind, ids: Sequence[int] | None, lo: int, hi: int
) -> dict[int, dict[int, object]]:
    column = AnnualRating.individual_id if kind is SubjectKind.INDIVIDUAL else AnnualRating.unit_id
    out: dict[int, dict[int, object]] = defaultdict(dict)
    rows = _rows(
        session,
        select(column, AnnualRating.year, AnnualRating.rating).where(
            _in(column, ids), AnnualRating.year.between(lo, hi)
        ),
    )
    for sid, year, rating in rows:
        out[sid][year] = rating
    return out


def _initiatives(
    session: Session, ids: Sequence[int] | None, lo: int, hi: int, exclude_nomination: int | None
) -> dict[int, list[InitiativeFact]]:
    rows = _rows(
        session,
        select(
            Initiative.id,
            Initiative.individual_id,
            Initiative.title,
            Initiative.year,
            Initiative.scope_level,
            Initiative.recognized_on,
            Initiative.recognition_ref,
        ).where(_in(Initiative.individual_id, ids), Initiative.year.between(lo, hi)),
    ).all()
    if not rows:
        return {}
    # Which of them already ground a standing nomination (one initiative, one award).
    used: dict[int, list[int]] = defaultdict(list)
    stmt = select(Nomination.initiative_id, Nomination.id).where(
        _in(Nomination.initiative_id, None if ids is None else [r[0] for r in rows]),
        Nomination.status.in_(_STANDING),
        Nomination.deleted_at.is_(None),
    )
    if exclude_nomination is not None:
        stmt = stmt.where(Nomination.id != exclude_nomination)
    for iid, nid in _rows(session, stmt):
        used[iid].append(nid)
    out: dict[int, list[InitiativeFact]] = defaultdict(list)
    for iid, pid, title, year, scope, on, ref in rows:
        recognized = on is not None or bool(ref)
        out[pid].append(InitiativeFact(iid, title, year, scope, recognized, tuple(sorted(used.get(iid, ())))))
    return out


def _recorded_years(
    session: Session, book: RuleBook, codes: Iterable[str], years: Iterable[int]
) -> dict[str, frozenset[int]]:
    """For each form and year, whether the register already holds that form for anyone that year.

    One indexed existence check per form and year: the engine only asks about the last year of
    a window (is it decided yet?), never about the whole history.
    """
    found: dict[str, set[int]] = defaultdict(set)
    for code in sorted(set(codes)):
        form = book.forms.get(code)
        if form is None:
            continue
        for year in sorted(set(years)):
            hit = session.scalar(
                select(AwardRecord.id)
                .where(
                    AwardRecord.award_form_id == form.id,
                    AwardRecord.year == year,
                    AwardRecord.deleted_at.is_(None),
                )
                .limit(1)
            )
            if hit is not None:
                found[code].add(year)
    return {code: frozenset(years) for code, years in found.items()}


def _unit_tree(session: Session) -> dict[int, int | None]:
    return dict(_rows(session, select(Unit.id, Unit.parent_id)).all())


def _members(
    session: Session,
    book: RuleBook,
    plan: _Plan,
    unit_ids: Sequence[int] | None,
) -> dict[int, tuple[MemberFact, ...]]:
    """Members of each unit (and of the units under it) during the year, with that year's facts."""
    year = plan.year
    start, end = date(year, 1, 1), date(year, 12, 31)
    by_unit: dict[int, set[int]] = defaultdict(set)
    stmt = (
        select(Membership.individual_id, Membership.unit_id)
        .join(Individual, Individual.id == Membership.individual_id)
        .where(
            Individual.deleted_at.is_(None),
            or_(Membership.start_date.is_(None), Membership.start_date <= end),
            or_(Membership.end_date.is_(None), Membership.end_date >= start),
        )
    )
    if unit_ids is not None:
        # A few collectives: their own subtrees (recursive query), then only those memberships.
        for uid in unit_ids:
            subtree = sorted(units.subtree_ids(session, uid))
            for pid, _unit in _rows(session, stmt.where(Membership.unit_id.in_(subtree))):
                by_unit[uid].add(pid)
    else:
        # The whole register: every membership counts for its unit and all the units above it.
        parents = _unit_tree(session)
        for pid, uid in _rows(session, stmt):
            node: int | None = uid
            hops = 0
            while node is not None and hops < 50:  # a loop in the tree must not hang the engine
                by_unit[node].add(pid)
                node = parents.get(node)
                hops += 1
    people = sorted({p for ps in by_unit.values() for p in ps})
    if not people:
        return {}
    ids = people if len(people) < 5000 else None  # a bulk run reads everyone once instead of a huge IN
    names = dict(
        _rows(session, select(Individual.id, Individual.full_name).where(_in(Individual.id, ids))).all()
    )
    awards = _awards(session, book, SubjectKind.INDIVIDUAL, ids, plan.member_codes, year, year, None)
    ratings = _ratings(session, SubjectKind.INDIVIDUAL, ids, year, year) if plan.member_ratings else {}
    discipline = _discipline(session, ids)
    facts = {
        pid: MemberFact(
            pid,
            names.get(pid, "?"),
            tuple(awards.get(pid, ())),
            ratings.get(pid, {}).get(year),  # type: ignore[arg-type]
            tuple(d for d in discipline.get(pid, ()) if d.overlaps_year(year)),
        )
        for pid in people
    }
    return {uid: tuple(facts[p] for p in sorted(ps)) for uid, ps in by_unit.items()}


def _unit_counts(
    session: Session,
    book: RuleBook,
    codes: Iterable[str],
    year: int,
    exclude_nomination: int | None,
    unit_ids: Sequence[int] | None = None,
) -> dict[int, dict[str, int]]:
    """Per unit of the people holding them: awards and places held of ``codes`` in ``year``."""
    form_ids = [book.forms[c].id for c in codes if c in book.forms]
    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if not form_ids:
        return out
    rows = _rows(
        session,
        select(Individual.unit_id, AwardRecord.award_form_id, func.count())
        .join(Individual, Individual.id == AwardRecord.individual_id)
        .where(
            AwardRecord.award_form_id.in_(form_ids),
            AwardRecord.year == year,
            AwardRecord.status == AwardStatus.VALID,
            AwardRecord.deleted_at.is_(None),
            _in(Individual.unit_id, unit_ids),
        )
        .group_by(Individual.unit_id, AwardRecord.award_form_id),
    )
    for uid, form_id, n in rows:
        out[uid][book.forms_by_id[form_id].code] += int(n)
    pending = (
        select(Individual.unit_id, Nomination.award_form_id, func.count())
        .join(Individual, Individual.id == Nomination.individual_id)
        .where(
            Nomination.award_form_id.in_(form_ids),
            Nomination.year == year,
            Nomination.status.in_(_HOLDING),
            Nomination.deleted_at.is_(None),
            _in(Individual.unit_id, unit_ids),
        )
        .group_by(Individual.unit_id, Nomination.award_form_id)
    )
    if exclude_nomination is not None:
        pending = pending.where(Nomination.id != exclude_nomination)
    for uid, form_id, n in _rows(session, pending):
        out[uid][book.forms_by_id[form_id].code] += int(n)
    return out


def _facts(
    session: Session,
    book: RuleBook,
    plan: _Plan,
    kind: SubjectKind,
    ids: Sequence[int] | None,
    exclude_nomination: int | None = None,
) -> list[SubjectFacts]:
    """Facts of the subjects (all live ones of ``kind`` when ``ids`` is None) in a fixed number of queries."""
    year = plan.year
    subjects = _subjects(session, kind, ids, year)
    if not subjects:
        return []
    # A bulk run filters by kind only; one subject filters by id (both use an index).
    sel = None if ids is None else [s[0] for s in subjects]
    codes = plan.codes if kind is not SubjectKind.INDIVIDUAL else plan.codes | plan.quota_codes
    awards = _awards(
        session, book, kind, sel, codes, plan.lo if plan.codes else year, year, exclude_nomination
    )
    ratings = (
        _ratings(session, kind, sel, plan.rating_lo, year)
        if plan.rating_lo is not None and kind is not SubjectKind.HOUSEHOLD
        else {}
    )
    discipline = _discipline(session, sel) if kind is SubjectKind.INDIVIDUAL else {}
    initiatives = (
        _initiatives(session, sel, plan.initiative_lo, year, exclude_nomination)
        if plan.initiative_lo is not None and kind is SubjectKind.INDIVIDUAL
        else {}
    )
    members = _members(session, book, plan, sel) if plan.members and kind is SubjectKind.UNIT else {}
    counts: dict[int, dict[str, int]] = {}
    unit_names: dict[int, str] = {}
    if plan.quota_codes and kind is SubjectKind.INDIVIDUAL:
        their_units = None if sel is None else sorted({u for _i, _n, u in subjects if u is not None})
        counts = _unit_counts(session, book, plan.quota_codes, year, exclude_nomination, their_units)
        unit_names = dict(_rows(session, select(Unit.id, Unit.name).where(_in(Unit.id, their_units))).all())
    # Built once per subject of the register: shared empty values and positional arguments keep
    # this loop cheap at 100,000 subjects.
    no_awards = awards.get
    no_ratings = ratings.get
    with_members = plan.members and kind is SubjectKind.UNIT
    empty: tuple[()] = ()
    nothing: dict[Any, Any] = {}
    out = []
    for sid, name, unit_id in subjects:
        held = no_awards(sid)
        out.append(
            SubjectFacts(
                kind,
                sid,
                name,
                tuple(held) if held else empty,
                no_ratings(sid, nothing),  # type: ignore[arg-type]
                tuple(discipline[sid]) if sid in discipline else empty,
                tuple(initiatives[sid]) if sid in initiatives else empty,
                members.get(sid, empty) if with_members else None,
                unit_names.get(unit_id, "") if counts and unit_id is not None else "",
                counts.get(unit_id, nothing) if counts and unit_id is not None else nothing,
            )
        )
    return out


# --- judging ----------------------------------------------------------------------------------------


_JUDGING = SUBJECT_KINDS | {RuleKind.HISTORY_BASIS}


def _rules_for(book: RuleBook, form: FormInfo, kind: SubjectKind, on: date) -> list[Rule]:
    """The rules that judge a subject for the form (council, quorum and cash rules are not among them)."""
    return resolve(book.rules, on, form.code, kind, _JUDGING)


def _catalogue_reasons(form: FormInfo, kind: SubjectKind) -> list[Reason]:
    """Checks of the catalogue itself: the form is in use and may go to this kind of subject."""
    out = []
    if not form.active:
        out.append(Reason(_("“{form}” is no longer in use").format(form=form.name), form.source, False))
    if not form.allows(kind):
        text = _("“{form}” cannot be given to a {kind}").format(form=form.name, kind=kind.label.lower())
        out.append(Reason(text, form.source, False))
    return out


def _verdict(
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


def _case(
    book: RuleBook,
    form: FormInfo,
    year: int,
    on: date,
    recorded: dict[str, frozenset[int]],
    **extra: object,
) -> Case:
    return Case(
        award_code=form.code,
        year=year,
        on=on,
        names=book.names,
        yearly=form.yearly,
        recorded_years=recorded,
        **extra,  # type: ignore[arg-type]
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
    form = book.form(award_code)
    year = year or on.year
    rules = _rules_for(book, form, subject.kind, on)
    plan = _plan(rules, form.code, year)
    facts = _facts(session, book, plan, subject.kind, [subject.id])
    recorded = _recorded_years(session, book, plan.history_codes(), (year - 1, year))
    return _verdict(rules, facts[0], _case(book, form, year, on, recorded), form)


def evaluate_nomination(session: Session, nomination_id: int) -> Verdict:
    """Judge a nomination on the day its file was received (today if not yet filed), with its vote if any."""
    n = get_live(session, Nomination, nomination_id, _("Nomination"))
    book = rulebook.load(session)
    form = book.forms_by_id[n.award_form_id]
    on = n.filed_on or date.today()
    year = n.year or on.year
    kind = n.subject_kind
    rules = _rules_for(book, form, kind, on)
    plan = _plan(rules, form.code, year)
    facts = _facts(session, book, plan, kind, [n.subject_id], exclude_nomination=n.id)
    if not facts:
        raise NotFoundError(_("The subject of nomination #{id} no longer exists.").format(id=n.id))
    used_by: tuple[int, ...] = ()
    if n.achievement_id is not None:
        used_by = tuple(
            session.scalars(
                select(Nomination.id)
                .where(
                    Nomination.achievement_id == n.achievement_id,
                    Nomination.id != n.id,
                    Nomination.status.in_(_STANDING),
                    Nomination.deleted_at.is_(None),
                )
                .order_by(Nomination.id)
            )
        )
    initiative = None
    if n.initiative_id is not None:
        ini = session.get(Initiative, n.initiative_id)
        if ini is not None:
            others = tuple(
                session.scalars(
                    select(Nomination.id)
                    .where(
                        Nomination.initiative_id == ini.id,
                        Nomination.id != n.id,
                        Nomination.status.in_(_STANDING),
                        Nomination.deleted_at.is_(None),
                    )
                    .order_by(Nomination.id)
                )
            )
            recognized = ini.recognized_on is not None or bool(ini.recognition_ref)
            initiative = InitiativeFact(ini.id, ini.title, ini.year, ini.scope_level, recognized, others)
    votes = None
    if n.votes_for is not None and n.council_size:
        votes = VoteFacts(n.votes_for, n.votes_against or 0, n.votes_invalid or 0, n.council_size)
    else:
        # A tally entered at a council session that did not move the file (a failed vote, a deferral).
        tally = session.execute(
            select(
                AgendaItem.votes_for,
                AgendaItem.votes_against,
                AgendaItem.votes_invalid,
                AgendaItem.council_size,
            )
            .where(AgendaItem.nomination_id == n.id, AgendaItem.votes_for.is_not(None))
            .order_by(AgendaItem.id.desc())
            .limit(1)
        ).first()
        if tally is not None and tally[3]:
            votes = VoteFacts(tally[0], tally[1] or 0, tally[2] or 0, tally[3])
    recorded = _recorded_years(session, book, plan.history_codes(), (year - 1, year))
    case = _case(
        book,
        form,
        year,
        on,
        recorded,
        nomination_id=n.id,
        achievement_used_by=used_by,
        initiative=initiative,
        votes=votes,
    )
    return _verdict(rules, facts[0], case, form)


# --- suggestions ------------------------------------------------------------------------------------


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
    """

    award_code: str
    award_name: str
    year: int
    on: date
    items: tuple[Suggestion, ...]
    counts: dict[Outcome, int]
    rule_set: str


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
    for kind in wanted:
        rules = _rules_for(book, form, kind, on)
        used.extend(rules)
        plan = _plan(rules, form.code, year)
        recorded = _recorded_years(session, book, plan.history_codes(), (year - 1, year))
        case = _case(book, form, year, on, recorded)
        evaluator = Evaluator(rules, case)
        for facts in _facts(session, book, plan, kind, None):
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
            SubjectRef(kind, facts.id), facts.name, _verdict(rules, facts, case, form, evaluator=evaluator)
        )
        for kind, facts, evaluator, rules, case, _outcome in listed
    )
    return Suggestions(form.code, form.name, year, on, items, counts, rule_set_label(used))


@dataclass(frozen=True)
class DraftsResult:
    created: tuple[int, ...]
    skipped: tuple[tuple[SubjectRef, str], ...]


def create_drafts(
    session: Session,
    campaign_id: int,
    award_code: str,
    year: int,
    subjects: Sequence[SubjectRef],
    *,
    proposer: str = "unit",
    filed_on: date | None = None,
) -> DraftsResult:
    """Turn suggestions into draft nominations in one go; subjects that cannot be nominated are reported.

    Args:
        proposer: "unit": the person's unit, or the unit's parent for a collective; "none": no proposer.
    """
    from emudesk.services.nominations.workflow import NominationInput, create_nomination

    book = rulebook.load(session)
    form = book.form(award_code)
    created: list[int] = []
    skipped: list[tuple[SubjectRef, str]] = []
    for ref in subjects:
        proposing: int | None = None
        if proposer == "unit":
            if ref.kind is SubjectKind.INDIVIDUAL:
                proposing = session.scalar(select(Individual.unit_id).where(Individual.id == ref.id))
            elif ref.kind is SubjectKind.UNIT:
                proposing = session.scalar(select(Unit.parent_id).where(Unit.id == ref.id))
            else:
                proposing = session.scalar(select(Household.commune_id).where(Household.id == ref.id))
        try:
            with session.begin_nested():
                created.append(
                    create_nomination(
                        session,
                        NominationInput(
                            subject=ref,
                            campaign_id=campaign_id,
                            award_form_id=form.id,
                            proposing_unit_id=proposing,
                            year=year,
                            filed_on=filed_on,
                        ),
                    )
                )
        except EmudeskError as exc:
            skipped.append((ref, exc.message))
    return DraftsResult(tuple(created), tuple(skipped))


def subject_name(session: Session, ref: SubjectRef) -> str:
    return display_name(load_subject(session, ref))


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
