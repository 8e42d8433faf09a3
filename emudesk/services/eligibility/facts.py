"""The facts the rules in force need, read from the register in bulk.

Works out which facts the rules need (award forms, years, ratings, members…) and
gathers them for one subject or for the whole register in a fixed number of
queries, for the pure engine (``emudesk.domain.rules``) to judge.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Result, Select, SQLColumnExpression, func, or_, select
from sqlalchemy.orm import Session

from emudesk.db.batch import Batch, Rows
from emudesk.db.models import (
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
from emudesk.domain.enums import AwardStatus, NominationStatus, Rating, SubjectKind
from emudesk.domain.rules import (
    AwardFact,
    DisciplineFact,
    InitiativeFact,
    MemberFact,
    Rule,
    SubjectFacts,
)
from emudesk.domain.rules.kinds import (
    Composition,
    DisciplineBlock,
    HistoryStreak,
    InitiativeRule,
    Prerequisite,
    QuotaRule,
    RatingRule,
    SingleGround,
)
from emudesk.domain.workflow import HOLDS_PLACE
from emudesk.services.core.common import household_title
from emudesk.services.register import units
from emudesk.services.rules.rulebook import RuleBook

S = NominationStatus
# Nominations that still stand: they use up an achievement or an initiative.
STANDING = [s.value for s in (S.DRAFT, S.SUBMITTED, S.APPRAISED, S.VOTED, S.APPROVED, S.RETURNED)]
# Standing nominations without a decision yet: "pending" awards in history (drafts included, so a
# suggestion list does not offer someone twice).
_PENDING = [s for s in STANDING if s != S.APPROVED.value]
# Nominations holding a quota place without a decision yet: they count against ratio caps.
_HOLDING = [s.value for s in HOLDS_PLACE if s is not S.APPROVED]


# --- what the rules need --------------------------------------------------------------------------


@dataclass
class Plan:
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


def plan_facts(rules: list[Rule], award_code: str, year: int) -> Plan:
    plan = Plan(rules, year)

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


def _in(column: SQLColumnExpression[Any], ids: Sequence[int] | Select[Any] | None) -> ColumnElement[bool]:
    if ids is None:
        return column.is_not(None)
    if isinstance(ids, Select):
        return column.in_(ids)
    if len(ids) == 1:
        # One subject: a plain equality. An IN list is expanded into the SQL on every execution,
        # which cost a fifth of a one-person check (profiled).
        return column == ids[0]
    return column.in_(list(ids))


def _rows(session: Session, stmt: Select[*tuple[Any, ...]]) -> Result[*tuple[Any, ...]]:
    """Run a column SELECT at the Core level: plain rows, without the ORM's per-row loading.

    The rows are untyped: the WHERE clauses keep out the NULLs the model's columns allow.
    """
    return session.connection().execute(stmt)


def _maybe_unindexed(
    form: SQLColumnExpression[int | None], year: SQLColumnExpression[int | None], ids: Sequence[int] | None
) -> tuple[SQLColumnExpression[int | None], SQLColumnExpression[int | None]]:
    """For a few subjects, hide (form, year) from the planner so it seeks the subject's index.

    Without statistics SQLite prefers the (award_form_id, year) index and would read every award of
    the form that year (tens of thousands at province scale) to find one person's.
    """
    if ids is None or len(ids) > 5000:
        return form, year
    return form + 0, year + 0


def _subjects(
    batch: Batch, kind: SubjectKind, ids: Sequence[int] | None, year: int
) -> Callable[[], list[tuple[int, str, int | None]]]:
    """(id, name, unit id) of live subjects, in the register's order; units must exist during the year."""
    if kind is SubjectKind.INDIVIDUAL:
        stmt = select(Individual.id, Individual.full_name, Individual.unit_id, Individual.sort_key).where(
            Individual.deleted_at.is_(None)
        )
        if ids is not None:
            stmt = stmt.where(_in(Individual.id, ids))
        rows = batch.add(stmt.order_by(Individual.sort_key, Individual.id))
        return lambda: [(i, n, u) for i, n, u, _k in _ordered(batch, rows)]
    if kind is SubjectKind.UNIT:
        stmt2 = select(Unit.id, Unit.name, Unit.parent_id, Unit.sort_key).where(Unit.deleted_at.is_(None))
        if ids is not None:
            stmt2 = stmt2.where(_in(Unit.id, ids))
        else:
            stmt2 = stmt2.where(
                or_(Unit.valid_to.is_(None), Unit.valid_to >= date(year, 1, 1)),
                or_(Unit.valid_from.is_(None), Unit.valid_from <= date(year, 12, 31)),
            )
        rows2 = batch.add(stmt2.order_by(Unit.sort_key, Unit.id))
        return lambda: [(i, n, p) for i, n, p, _k in _ordered(batch, rows2)]
    stmt3 = select(Household.id, Household.head_name, Household.village_id, Household.sort_key).where(
        Household.deleted_at.is_(None)
    )
    if ids is not None:
        stmt3 = stmt3.where(_in(Household.id, ids))
    rows3 = batch.add(stmt3.order_by(Household.sort_key, Household.id))
    return lambda: [(i, household_title(n), v) for i, n, v, _k in _ordered(batch, rows3)]


def _ordered(batch: Batch, rows: Rows) -> list[tuple[Any, ...]]:
    """(id, …, sort key) rows in the register's order: a batched SELECT loses its ORDER BY."""
    if not batch.deferred:
        return rows.all()
    return sorted(rows.all(), key=lambda r: (r[-1] is not None, r[-1] or b"", r[0]))


def _awards(
    batch: Batch,
    book: RuleBook,
    kind: SubjectKind,
    ids: Sequence[int] | None,
    codes: Iterable[str],
    lo: int,
    hi: int,
    exclude_nomination: int | None,
) -> Callable[[], dict[int, list[AwardFact]]]:
    """Awards and pending nominations of the forms ``codes`` in [lo, hi], by subject.

    A named authority's form counts as its legal kind: an earlier "Bằng khen của Bộ trưởng Bộ
    NN&PTNT" meets a rule that asks for a BK_BO.
    """
    codes = set(codes)
    form_ids = book.ids_counted_as(codes)
    if not form_ids:
        return lambda: defaultdict(list)
    column = _SUBJECT_COLUMN[kind]
    code_of = {i: _counted_code(book, i, codes) for i in form_ids}
    form_col, year_col = _maybe_unindexed(AwardRecord.award_form_id, AwardRecord.year, ids)
    held = batch.add(
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
    waiting = batch.add(pending)

    def build() -> dict[int, list[AwardFact]]:
        out: dict[int, list[AwardFact]] = defaultdict(list)
        for sid, year, form_id, atype, status, number, nid in held:
            out[sid].append(AwardFact(year, code_of[form_id], atype, status, number, False, nid))
        for sid, year, form_id, nid in waiting:
            default = book.forms_by_id[form_id].default_award_type
            out[sid].append(AwardFact(year, code_of[form_id], default, AwardStatus.VALID, "", True, nid))
        return out

    return build


def _counted_code(book: RuleBook, form_id: int, codes: set[str]) -> str:
    own = book.forms_by_id[form_id].code
    return own if own in codes else book.legal_code(form_id)


def _discipline(batch: Batch, ids: Sequence[int] | None) -> Callable[[], dict[int, list[DisciplineFact]]]:
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
    rows = batch.add(stmt)

    def build() -> dict[int, list[DisciplineFact]]:
        out: dict[int, list[DisciplineFact]] = defaultdict(list)
        for pid, kind, form, start, end, ref in rows:
            out[pid].append(DisciplineFact(kind, form, start, end, ref or ""))
        return out

    return build


def _ratings(
    batch: Batch, kind: SubjectKind, ids: Sequence[int] | None, lo: int, hi: int
) -> Callable[[], dict[int, dict[int, Rating]]]:
    column = AnnualRating.individual_id if kind is SubjectKind.INDIVIDUAL else AnnualRating.unit_id
    rows = batch.add(
        select(column, AnnualRating.year, AnnualRating.rating).where(
            _in(column, ids), AnnualRating.year.between(lo, hi)
        ),
    )

    def build() -> dict[int, dict[int, Rating]]:
        out: dict[int, dict[int, Rating]] = defaultdict(dict)
        for sid, year, rating in rows:
            out[sid][year] = rating
        return out

    return build


def _initiatives(
    batch: Batch, ids: Sequence[int] | None, lo: int, hi: int, exclude_nomination: int | None
) -> Callable[[], dict[int, list[InitiativeFact]]]:
    theirs = (_in(Initiative.individual_id, ids), Initiative.year.between(lo, hi))
    found = batch.add(
        select(
            Initiative.id,
            Initiative.individual_id,
            Initiative.title,
            Initiative.year,
            Initiative.scope_level,
            Initiative.recognized_on,
            Initiative.recognition_ref,
        ).where(*theirs)
    )
    # Which of them already ground a standing nomination (one initiative, one award).
    stmt = select(Nomination.initiative_id, Nomination.id).where(
        _in(Nomination.initiative_id, None if ids is None else select(Initiative.id).where(*theirs)),
        Nomination.status.in_(STANDING),
        Nomination.deleted_at.is_(None),
    )
    if exclude_nomination is not None:
        stmt = stmt.where(Nomination.id != exclude_nomination)
    standing = batch.add(stmt)

    def build() -> dict[int, list[InitiativeFact]]:
        used: dict[int, list[int]] = defaultdict(list)
        for iid, nid in standing:
            used[iid].append(nid)
        out: dict[int, list[InitiativeFact]] = defaultdict(list)
        for iid, pid, title, year, scope, on, ref in found:
            recognized = on is not None or bool(ref)
            out[pid].append(
                InitiativeFact(iid, title, year, scope, recognized, tuple(sorted(used.get(iid, ()))))
            )
        return out

    return build


def recorded_years(
    session: Session, book: RuleBook, codes: Iterable[str], years: Iterable[int]
) -> dict[str, frozenset[int]]:
    """For each form and year, whether the register already holds that form for anyone that year.

    One indexed existence check per form and year, all in one statement: the engine only asks
    about the last year of a window (is it decided yet?), never about the whole history.
    """
    return recorded_years_in(Batch(session, deferred=False), book, codes, years)()


def recorded_years_in(
    batch: Batch, book: RuleBook, codes: Iterable[str], years: Iterable[int]
) -> Callable[[], dict[str, frozenset[int]]]:
    """``recorded_years``, read with the other SELECTs of ``batch``."""
    pairs = [
        (code, book.ids_counted_as([code]), year)
        for code in sorted(set(codes))
        if code in book.forms
        for year in sorted(set(years))
    ]
    if not pairs:
        return dict
    checks = [
        select(AwardRecord.id)
        .where(
            AwardRecord.award_form_id.in_(form_ids),
            AwardRecord.year == year,
            AwardRecord.deleted_at.is_(None),
        )
        .exists()
        .label(f"c{i}")
        for i, (_code, form_ids, year) in enumerate(pairs)
    ]
    rows = batch.add(select(*checks))

    def build() -> dict[str, frozenset[int]]:
        hits = rows.first() or ()
        found: dict[str, set[int]] = defaultdict(set)
        for (code, _form_ids, year), hit in zip(pairs, hits, strict=True):
            if hit:
                found[code].add(year)
        return {code: frozenset(years) for code, years in found.items()}

    return build


def _unit_tree(session: Session) -> dict[int, int | None]:
    return dict(_rows(session, select(Unit.id, Unit.parent_id)).all())


def _members(
    session: Session,
    book: RuleBook,
    plan: Plan,
    unit_ids: Sequence[int] | None,
) -> dict[int, tuple[MemberFact, ...]]:
    """Members of each unit (and of the units under it) during the year, with that year's facts.

    Read at once, statement by statement: the subtrees decide which people to read.
    """
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
    now = Batch(session, deferred=False)
    names = dict(
        _rows(session, select(Individual.id, Individual.full_name).where(_in(Individual.id, ids))).all()
    )
    awards = _awards(now, book, SubjectKind.INDIVIDUAL, ids, plan.member_codes, year, year, None)()
    ratings = _ratings(now, SubjectKind.INDIVIDUAL, ids, year, year)() if plan.member_ratings else {}
    discipline = _discipline(now, ids)()
    facts = {
        pid: MemberFact(
            pid,
            names.get(pid, "?"),
            tuple(awards.get(pid, ())),
            ratings.get(pid, {}).get(year),
            tuple(d for d in discipline.get(pid, ()) if d.overlaps_year(year)),
        )
        for pid in people
    }
    return {uid: tuple(facts[p] for p in sorted(ps)) for uid, ps in by_unit.items()}


def _unit_counts(
    batch: Batch,
    book: RuleBook,
    codes: Iterable[str],
    year: int,
    exclude_nomination: int | None,
    unit_ids: Select[Any] | None = None,
) -> Callable[[], dict[int, dict[str, int]]]:
    """Per unit of the people holding them: awards and places held of ``codes`` in ``year``."""
    codes = set(codes)
    form_ids = book.ids_counted_as(codes)
    if not form_ids:
        return lambda: defaultdict(lambda: defaultdict(int))
    held = batch.add(
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
    waiting = batch.add(pending)

    def build() -> dict[int, dict[str, int]]:
        out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for uid, form_id, n in held:
            out[uid][_counted_code(book, form_id, codes)] += int(n)
        for uid, form_id, n in waiting:
            out[uid][_counted_code(book, form_id, codes)] += int(n)
        return out

    return build


def subject_facts(
    session: Session,
    book: RuleBook,
    plan: Plan,
    kind: SubjectKind,
    ids: Sequence[int] | None,
    exclude_nomination: int | None = None,
) -> list[SubjectFacts]:
    """Facts of the subjects (all live ones of ``kind`` when ``ids`` is None) in a fixed number of queries."""
    return gather_subject_facts(
        Batch(session, deferred=False), session, book, plan, kind, ids, exclude_nomination
    )()


def gather_subject_facts(
    batch: Batch,
    session: Session,
    book: RuleBook,
    plan: Plan,
    kind: SubjectKind,
    ids: Sequence[int] | None,
    exclude_nomination: int | None = None,
) -> Callable[[], list[SubjectFacts]]:
    """``subject_facts`` with its SELECTs gathered in ``batch``: call the result once the batch ran.

    A batch that runs later (``deferred``) reads the facts of the subjects asked for, whether or not
    they are still live: only the live ones are judged. The members of collectives are read at once.
    """
    year = plan.year
    subjects = functools.cache(_subjects(batch, kind, ids, year))
    if batch.deferred or ids is None:
        sel: Sequence[int] | None = ids
    else:
        # Read now: a bulk run filters by kind only; one subject filters by id (both use an index).
        sel = [s[0] for s in subjects()]
        if not sel:
            return list
    codes = plan.codes if kind is not SubjectKind.INDIVIDUAL else plan.codes | plan.quota_codes
    awards = _awards(batch, book, kind, sel, codes, plan.lo if plan.codes else year, year, exclude_nomination)
    ratings = (
        _ratings(batch, kind, sel, plan.rating_lo, year)
        if plan.rating_lo is not None and kind is not SubjectKind.HOUSEHOLD
        else dict
    )
    discipline = _discipline(batch, sel) if kind is SubjectKind.INDIVIDUAL else dict
    initiatives = (
        _initiatives(batch, sel, plan.initiative_lo, year, exclude_nomination)
        if plan.initiative_lo is not None and kind is SubjectKind.INDIVIDUAL
        else dict
    )
    with_members = plan.members and kind is SubjectKind.UNIT
    counted = plan.quota_codes and kind is SubjectKind.INDIVIDUAL
    counts: Callable[[], dict[int, dict[str, int]]] = dict
    unit_names: Callable[[], dict[int, str]] = dict
    if counted:
        # The units of the (live) subjects, as a subquery: the same units a first read would give.
        their_units = (
            None
            if sel is None
            else select(Individual.unit_id).where(
                _in(Individual.id, sel), Individual.deleted_at.is_(None), Individual.unit_id.is_not(None)
            )
        )
        counts = _unit_counts(batch, book, plan.quota_codes, year, exclude_nomination, their_units)
        names = batch.add(select(Unit.id, Unit.name).where(_in(Unit.id, their_units)))
        unit_names = lambda: dict(names.all())  # noqa: E731 - read once the batch ran

    def build() -> list[SubjectFacts]:
        live = subjects()
        if not live:
            return []
        members = (
            _members(session, book, plan, None if ids is None else [s[0] for s in live])
            if with_members
            else {}
        )
        return _assemble(
            kind,
            live,
            awards(),
            ratings(),
            discipline(),
            initiatives(),
            members,
            with_members,
            counts() if counted else {},
            unit_names(),
        )

    return build


def gather_files_facts(
    batch: Batch,
    session: Session,
    book: RuleBook,
    plan: Plan,
    kind: SubjectKind,
    files: Sequence[tuple[int, int]],
) -> Callable[[], dict[int, SubjectFacts]]:
    """``gather_subject_facts`` for several files (nomination id, subject id) judged by the same
    ``plan``: the subjects' facts are read once for all of them, by sets (a fixed number of SELECTs
    whatever the number of files), and each file gets its subject's facts as
    ``exclude_nomination`` would have read them for it alone (its own pending place left out).

    Files whose subject is no longer live are missing from the result.
    """
    ids = sorted({sid for _nid, sid in files})
    whole = gather_subject_facts(batch, session, book, plan, kind, ids)
    counted = bool(plan.quota_codes) and kind is SubjectKind.INDIVIDUAL
    own: Rows | None = None
    if counted and (form_ids := book.ids_counted_as(plan.quota_codes)):
        # Which files hold a place the unit counts (``_unit_counts``' pending places, same filters).
        own = batch.add(
            select(Nomination.id, Individual.unit_id, Nomination.award_form_id)
            .join(Individual, Individual.id == Nomination.individual_id)
            .where(
                Nomination.id.in_(sorted({nid for nid, _sid in files})),
                Nomination.award_form_id.in_(form_ids),
                Nomination.year == plan.year,
                Nomination.status.in_(_HOLDING),
                Nomination.deleted_at.is_(None),
                Individual.unit_id.is_not(None),
            )
        )

    def build() -> dict[int, SubjectFacts]:
        by_subject = {f.id: f for f in whole()}
        places = {nid: (uid, form_id) for nid, uid, form_id in own} if own is not None else {}
        out: dict[int, SubjectFacts] = {}
        for nid, sid in files:
            found = by_subject.get(sid)
            if found is not None:
                out[nid] = _without(found, nid, places.get(nid), book, plan.quota_codes)
        return out

    return build


def _without(
    facts: SubjectFacts, nid: int, place: tuple[int, int] | None, book: RuleBook, quota_codes: set[str]
) -> SubjectFacts:
    """``facts`` read for several files, as ``gather_subject_facts(exclude_nomination=nid)`` reads them."""
    awards = tuple(a for a in facts.awards if not (a.pending and a.nomination_id == nid))
    initiatives = tuple(
        replace(i, used_by=tuple(u for u in i.used_by if u != nid)) if nid in i.used_by else i
        for i in facts.initiatives
    )
    unit_name, counts = facts.unit_name, facts.unit_counts
    if place is not None and counts:
        code = _counted_code(book, place[1], quota_codes)
        left: dict[str, int] = defaultdict(int, counts)
        left[code] -= 1
        if left[code] <= 0:
            del left[code]
        counts = left
    if not counts:
        # Read alone, a subject whose unit holds nothing counted gets no unit (``_assemble``).
        unit_name, counts = "", {}
    return replace(
        facts,
        awards=awards if len(awards) != len(facts.awards) else facts.awards,
        initiatives=initiatives,
        unit_name=unit_name,
        unit_counts=counts,
    )


def _assemble(
    kind: SubjectKind,
    subjects: list[tuple[int, str, int | None]],
    awards: dict[int, list[AwardFact]],
    ratings: dict[int, dict[int, Rating]],
    discipline: dict[int, list[DisciplineFact]],
    initiatives: dict[int, list[InitiativeFact]],
    members: dict[int, tuple[MemberFact, ...]],
    with_members: bool,
    counts: dict[int, dict[str, int]],
    unit_names: dict[int, str],
) -> list[SubjectFacts]:
    # Built once per subject of the register: shared empty values and positional arguments keep
    # this loop cheap at 100,000 subjects.
    no_awards = awards.get
    no_ratings = ratings.get
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
                no_ratings(sid, nothing),
                tuple(discipline[sid]) if sid in discipline else empty,
                tuple(initiatives[sid]) if sid in initiatives else empty,
                members.get(sid, empty) if with_members else None,
                unit_names.get(unit_id, "") if counts and unit_id is not None else "",
                counts.get(unit_id, nothing) if counts and unit_id is not None else nothing,
            )
        )
    return out
