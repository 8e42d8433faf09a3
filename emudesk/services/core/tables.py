"""Queries behind the GUI's lazy tables: an ordered id list from SQL, then rows for the visible ids.

The table model never holds ORM objects: filtering and sorting run in the
database and return ids; cells are plain tuples fetched a page at a time.
Every ``*_rows`` function answers one page with a fixed number of queries,
whatever the page size (no query per row). A row tuple may carry hidden
values after the displayed columns (statuses, ids) for the view's own use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import (
    Achievement,
    AnnualRating,
    AuditEntry,
    AwardForm,
    AwardRecord,
    Campaign,
    Decision,
    EvidenceFile,
    Household,
    HouseholdMember,
    Individual,
    Nomination,
    Unit,
    UnitKind,
    UnitLink,
    achievement_criteria,
)
from emudesk.domain.enums import (
    AuditAction,
    AwardStatus,
    AwardType,
    Gender,
    NominationStatus,
    Rating,
    SubjectKind,
)
from emudesk.domain.text import like_pattern
from emudesk.services.core.audit_log import action_label, table_label
from emudesk.services.core.common import household_title
from emudesk.services.register.units import UnitRow, subtree_ids_query

Rows = dict[int, tuple[Any, ...]]


def day(value: date | None) -> str:
    """dd/mm/yyyy, the only date format Vietnamese offices use."""
    return value.strftime("%d/%m/%Y") if value else ""


def _order(stmt: Select[Any], keys: list[Any], descending: bool) -> Select[Any]:
    return stmt.order_by(*[k.desc() for k in keys] if descending else keys)


class IdPage(list[int]):
    """The first ids of a longer list, and how many ids the whole list has (``total``)."""

    total: int


def _ids(
    session: Session, stmt: Select[Any], keys: list[Any], descending: bool, limit: int | None
) -> list[int]:
    """The ordered ids of ``stmt``; with ``limit``, the first ones (an ``IdPage`` if there are more).

    Read straight off the driver's cursor: SQLAlchemy builds a row object per result row, which
    for 100,000 ids costs more than the query itself (~60 ms against ~30 ms on SQLite). The
    statement still goes through Core, so parameters are bound and processed as usual.
    """
    ordered = _order(stmt, keys, descending)
    if limit is not None:
        ordered = ordered.limit(limit)
    if session.autoflush:
        session.flush()  # what Session.execute would do first: pending changes are seen
    connection = session.connection()
    result = connection.execute(ordered)
    cursor = result.cursor
    if cursor is None:  # the driver closed it already (no rows): nothing to read
        ids = list(result.scalars())
    else:
        try:
            ids = [row[0] for row in cursor.fetchall()]
        finally:
            result.close()
    if limit is None or len(ids) < limit:
        return ids
    # A full first page: count the whole list (one index scan, no ids built) so the table has
    # its real length while the rest of the ids load behind it.
    page = IdPage(ids)
    page.total = connection.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    return page


def _searching(text: str) -> bool:
    return bool(text.strip())


# Lists with a covering (deleted_at, sort_key, id, name_fold) index (schema 0004): the plain filters
# below read that index alone. The others (units, awards) are filtered the indirect way.
_COVERED: tuple[type, ...] = (Individual, Household)


def _in_bin_or_live(model: Any, in_bin: bool) -> Any:
    """The bin, or the live records.

    Without a covering index, "live" is written as NOT IN the (few) binned ids rather
    than ``deleted_at IS NULL``: the binned ids come from the deleted_at index, and the
    ordering scan then reads only its own index instead of visiting every row (5x faster
    on 300,000 awards).
    """
    if in_bin:
        return model.deleted_at.is_not(None)
    if model in _COVERED:
        return model.deleted_at.is_(None)
    binned = select(model.id).where(model.deleted_at.is_not(None)).correlate(None)
    return model.id.not_in(binned)


def _fold_match(model: Any, column: Any, text: str) -> Any:
    """Records whose folded column contains ``text``, scanning an index rather than the rows."""
    if model in _COVERED:
        return column.like(like_pattern(text), escape="\\")
    matching = select(model.id).where(column.like(like_pattern(text), escape="\\")).correlate(None)
    return model.id.in_(matching)


# --- Individuals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndividualFilter:
    """What the Cá nhân view filters on; every field is optional."""

    search: str = ""
    unit_id: int | None = None  # includes sub-units unless include_sub_units is False
    gender: Gender | None = None
    birth_year_from: int | None = None
    birth_year_to: int | None = None
    rating: Rating | None = None
    rating_year: int | None = None
    award_form_id: int | None = None
    award_year: int | None = None
    in_bin: bool = False
    include_sub_units: bool = True


INDIVIDUAL_SORTS = ("name", "gender", "birth_year", "position", "unit", "id_number", "id")
INDIVIDUAL_COLUMNS = ("full_name", "gender", "birth", "position", "unit", "id_number")


# The register list is built on the tables' Core columns, not the mapped classes: a statement
# naming a mapped class makes SQLAlchemy configure every mapper first (~0.1–0.15 s), which the
# list opened at start-up need not wait for. Filters on other tables still use the ORM classes.
_I = Individual.__table__.c
_U = Unit.__table__.c


def _with_award(stmt: Select[Any], owner: Any, form_id: int | None, year: int | None) -> Select[Any]:
    """Keep rows that hold a live award (of that form, in that year) when either is asked for."""
    if form_id is None and year is None:
        return stmt
    cond = and_(owner, AwardRecord.deleted_at.is_(None))
    if form_id is not None:
        cond = and_(cond, AwardRecord.award_form_id == form_id)
    if year is not None:
        cond = and_(cond, AwardRecord.year == year)
    return stmt.where(exists().where(cond))


def _individual_where(stmt: Select[Any], flt: IndividualFilter) -> Select[Any]:
    # Live rows by deleted_at: the covering list index of schema 0004 (see _in_bin_or_live).
    stmt = stmt.where(_I.deleted_at.is_not(None) if flt.in_bin else _I.deleted_at.is_(None))
    if _searching(flt.search):
        stmt = stmt.where(_I.name_fold.like(like_pattern(flt.search), escape="\\"))
    if flt.unit_id is not None:
        if flt.include_sub_units:
            stmt = stmt.where(_I.unit_id.in_(subtree_ids_query(flt.unit_id)))
        else:
            stmt = stmt.where(_I.unit_id == flt.unit_id)
    if flt.gender is not None:
        stmt = stmt.where(_I.gender == flt.gender)
    if flt.birth_year_from is not None:
        stmt = stmt.where(_I.birth_year >= flt.birth_year_from)
    if flt.birth_year_to is not None:
        stmt = stmt.where(_I.birth_year <= flt.birth_year_to)
    if flt.rating is not None:
        cond = and_(AnnualRating.individual_id == _I.id, AnnualRating.rating == flt.rating)
        if flt.rating_year is not None:
            cond = and_(cond, AnnualRating.year == flt.rating_year)
        stmt = stmt.where(exists().where(cond))
    return _with_award(stmt, AwardRecord.individual_id == _I.id, flt.award_form_id, flt.award_year)


def individual_ids(
    session: Session,
    flt: IndividualFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Ids of the matching individuals in display order (Vietnamese name order by default)."""
    stmt = _individual_where(select(_I.id), flt)
    if sort == "unit":
        stmt = stmt.outerjoin(Unit.__table__, _U.id == _I.unit_id)
        keys: list[Any] = [_U.sort_key, _I.sort_key]
    elif sort == "birth_year":
        keys = [_I.birth_year, _I.birth_date, _I.sort_key]
    elif sort == "gender":
        keys = [_I.gender, _I.sort_key]
    elif sort == "position":
        keys = [_I.position, _I.sort_key]
    elif sort == "id_number":
        keys = [_I.id_number]
    elif sort == "id":
        keys = []
    else:
        keys = [_I.sort_key]
    keys.append(_I.id)
    return _ids(session, stmt, keys, descending, limit)


def individual_rows(session: Session, ids: Sequence[int]) -> Rows:
    """Cells of ``INDIVIDUAL_COLUMNS`` for the given ids (one query)."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            _I.id,
            _I.full_name,
            _I.gender,
            _I.birth_date,
            _I.birth_year,
            _I.position,
            _U.short_name,
            _U.name,
            _I.id_number,
        )
        .select_from(Individual.__table__)
        .outerjoin(Unit.__table__, _U.id == _I.unit_id)
        .where(_I.id.in_(list(ids)))
    )
    out: Rows = {}
    for iid, name, gender, bdate, byear, position, ushort, uname, idn in rows:
        birth = day(bdate) if bdate else (str(byear) if byear else "")
        out[iid] = (name, gender.label, birth, position or "", ushort or uname or "", idn or "")
    return out


# --- Households -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdFilter:
    search: str = ""  # head's name or address, diacritics ignored
    unit_id: int | None = None  # village or commune, with sub-units
    award_form_id: int | None = None
    award_year: int | None = None
    in_bin: bool = False


HOUSEHOLD_SORTS = ("name", "address", "village", "commune", None, "id")


def _household_where(stmt: Select[Any], flt: HouseholdFilter) -> Select[Any]:
    stmt = stmt.where(_in_bin_or_live(Household, flt.in_bin))
    if _searching(flt.search):
        stmt = stmt.where(_fold_match(Household, Household.name_fold, flt.search))
    if flt.unit_id is not None:
        sub = subtree_ids_query(flt.unit_id)
        stmt = stmt.where(or_(Household.village_id.in_(sub), Household.commune_id.in_(sub)))
    return _with_award(stmt, AwardRecord.household_id == Household.id, flt.award_form_id, flt.award_year)


def household_ids(
    session: Session,
    flt: HouseholdFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    stmt = _household_where(select(Household.id), flt)
    if sort in ("village", "commune"):
        place = aliased(Unit)
        column = Household.village_id if sort == "village" else Household.commune_id
        stmt = stmt.outerjoin(place, place.id == column)
        keys: list[Any] = [place.sort_key, Household.sort_key]
    elif sort == "address":
        keys = [Household.address, Household.sort_key]
    elif sort == "id":
        keys = []
    else:
        keys = [Household.sort_key]
    keys.append(Household.id)
    return _ids(session, stmt, keys, descending, limit)


def household_rows(session: Session, ids: Sequence[int]) -> Rows:
    """Head, address, village, commune, number of members."""
    if not ids:
        return {}
    village, commune = aliased(Unit), aliased(Unit)
    members = (
        select(HouseholdMember.household_id, func.count().label("n"))
        .where(HouseholdMember.household_id.in_(list(ids)))
        .group_by(HouseholdMember.household_id)
        .subquery()
    )
    rows = session.execute(
        select(Household.id, Household.head_name, Household.address, village.name, commune.name, members.c.n)
        .outerjoin(village, village.id == Household.village_id)
        .outerjoin(commune, commune.id == Household.commune_id)
        .outerjoin(members, members.c.household_id == Household.id)
        .where(Household.id.in_(list(ids)))
    )
    return {
        hid: (head, address or "", vname or "", cname or "", n or 0)
        for hid, head, address, vname, cname, n in rows
    }


# --- Units ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFilter:
    search: str = ""
    kind_id: int | None = None
    include_dissolved: bool = True
    in_bin: bool = False


UNIT_SORTS = ("name", "kind", "parent", "valid_to", "id")


def unit_ids(
    session: Session,
    flt: UnitFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    stmt = select(Unit.id).where(_in_bin_or_live(Unit, flt.in_bin))
    if _searching(flt.search):
        stmt = stmt.where(_fold_match(Unit, Unit.name_fold, flt.search))
    if flt.kind_id is not None:
        stmt = stmt.where(Unit.kind_id == flt.kind_id)
    if not flt.include_dissolved:
        stmt = stmt.where(Unit.valid_to.is_(None) | (Unit.valid_to >= date.today()))
    if sort == "kind":
        stmt = stmt.join(UnitKind, UnitKind.id == Unit.kind_id)
        keys: list[Any] = [UnitKind.sort_order, Unit.sort_key]
    elif sort == "parent":
        parent = aliased(Unit)
        stmt = stmt.outerjoin(parent, parent.id == Unit.parent_id)
        keys = [parent.sort_key, Unit.sort_key]
    elif sort == "valid_to":
        keys = [Unit.valid_to, Unit.sort_key]
    elif sort == "id":
        keys = []
    else:
        keys = [Unit.sort_key]
    keys.append(Unit.id)
    return _ids(session, stmt, keys, descending, limit)


def unit_tree(session: Session, *, include_dissolved: bool = False) -> dict[int | None, list[UnitRow]]:
    """Every live unit by parent id (None: the top level), each level in Vietnamese order.

    Two queries for the whole tree, where loading it level by level (``units.list_children``)
    costs two per opened branch: opening the 227 branches under a province took ~0.8 s.
    """
    stmt = (
        select(
            Unit.id,
            Unit.name,
            Unit.short_name,
            UnitKind.name,
            UnitKind.code,
            Unit.parent_id,
            Unit.valid_from,
            Unit.valid_to,
        )
        .join(UnitKind, Unit.kind_id == UnitKind.id)
        .where(Unit.deleted_at.is_(None))
        .order_by(Unit.parent_id, Unit.sort_key)
    )
    if not include_dissolved:
        stmt = stmt.where(Unit.valid_to.is_(None) | (Unit.valid_to >= date.today()))
    rows = session.execute(stmt).all()
    successors: dict[int, list[str]] = {}
    if any(r.valid_to is not None for r in rows):
        predecessor, successor = aliased(Unit), aliased(Unit)
        for pid, name in session.execute(
            select(UnitLink.predecessor_id, successor.name)
            .join(successor, successor.id == UnitLink.successor_id)
            .join(predecessor, predecessor.id == UnitLink.predecessor_id)
            .where(predecessor.valid_to.is_not(None), predecessor.deleted_at.is_(None))
            .order_by(UnitLink.predecessor_id, UnitLink.id)
        ):
            successors.setdefault(pid, []).append(name)
    tree: dict[int | None, list[UnitRow]] = {}
    for uid, name, short, kind, code, parent, start, end in rows:
        tree.setdefault(parent, []).append(
            UnitRow(uid, name, short, kind, code, parent, start, end, tuple(successors.get(uid, ())))
        )
    return tree


def unit_rows(session: Session, ids: Sequence[int]) -> Rows:
    """Name, kind, parent, validity; hidden: dissolved (bool)."""
    if not ids:
        return {}
    parent = aliased(Unit)
    rows = session.execute(
        select(Unit.id, Unit.name, UnitKind.name, parent.name, Unit.valid_from, Unit.valid_to)
        .join(UnitKind, UnitKind.id == Unit.kind_id)
        .outerjoin(parent, parent.id == Unit.parent_id)
        .where(Unit.id.in_(list(ids)))
    )
    out: Rows = {}
    today = date.today()
    for uid, name, kind, pname, start, end in rows:
        out[uid] = (name, kind, pname or "", validity(start, end), end is not None and end < today)
    return out


def validity(start: date | None, end: date | None) -> str:
    if not start and not end:
        return ""
    return f"{day(start) or '…'} – {day(end) or '…'}"


# --- Campaigns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignFilter:
    search: str = ""
    in_bin: bool = False


def campaign_ids(
    session: Session,
    flt: CampaignFilter,
    *,
    sort: str = "issue_date",
    descending: bool = True,
    limit: int | None = None,
) -> list[int]:
    stmt = select(Campaign.id).where(
        Campaign.deleted_at.is_not(None) if flt.in_bin else Campaign.deleted_at.is_(None)
    )
    if _searching(flt.search):
        stmt = stmt.where(Campaign.name_fold.like(like_pattern(flt.search), escape="\\"))
    keys: list[Any] = {
        "title": [Campaign.title],
        "plan": [Campaign.plan_symbol, Campaign.plan_number],
        "status": [Campaign.status],
        "kind": [Campaign.kind],
    }.get(sort, [Campaign.issue_date])
    return _ids(session, stmt, [*keys, Campaign.id], descending, limit)


def campaign_rows(session: Session, ids: Sequence[int]) -> Rows:
    """Short title, plan number, issue date, kind, status, period, nominations; hidden: status value."""
    if not ids:
        return {}
    counts = dict(
        session.execute(
            select(Nomination.campaign_id, func.count())
            .where(Nomination.campaign_id.in_(list(ids)), Nomination.deleted_at.is_(None))
            .group_by(Nomination.campaign_id)
        ).all()
    )
    out: Rows = {}
    for c in session.scalars(select(Campaign).where(Campaign.id.in_(list(ids)))):
        out[c.id] = (
            c.short_title or c.title,
            c.plan_ref,
            day(c.issue_date),
            c.kind.label,
            c.status.label,
            c.period_label,
            counts.get(c.id, 0),
            c.status,
        )
    return out


# --- Nominations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NominationFilter:
    campaign_id: int | None = None
    status: NominationStatus | None = None
    search: str = ""  # the subject's name, diacritics ignored
    award_form_id: int | None = None
    proposing_unit_id: int | None = None
    subject_kind: SubjectKind | None = None
    in_bin: bool = False


NOMINATION_SORTS = ("id", "name", "form", "proposer", "year", "status")


def _nomination_joined(stmt: Select[Any]) -> tuple[Select[Any], Any, Any]:
    subject_unit = aliased(Unit)
    stmt = (
        stmt.outerjoin(Individual, Individual.id == Nomination.individual_id)
        .outerjoin(subject_unit, subject_unit.id == Nomination.unit_id)
        .outerjoin(Household, Household.id == Nomination.household_id)
    )
    name_key = func.coalesce(Individual.sort_key, subject_unit.sort_key, Household.sort_key)
    return stmt, subject_unit, name_key


def nomination_ids(
    session: Session,
    flt: NominationFilter,
    *,
    sort: str = "id",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    stmt, subject_unit, name_key = _nomination_joined(select(Nomination.id))
    stmt = stmt.where(Nomination.deleted_at.is_not(None) if flt.in_bin else Nomination.deleted_at.is_(None))
    if flt.campaign_id is not None:
        stmt = stmt.where(Nomination.campaign_id == flt.campaign_id)
    if flt.status is not None:
        stmt = stmt.where(Nomination.status == flt.status)
    if flt.award_form_id is not None:
        stmt = stmt.where(Nomination.award_form_id == flt.award_form_id)
    if flt.proposing_unit_id is not None:
        stmt = stmt.where(Nomination.proposing_unit_id == flt.proposing_unit_id)
    if flt.subject_kind is not None:
        stmt = stmt.where(Nomination.subject_kind == flt.subject_kind)
    if _searching(flt.search):
        pattern = like_pattern(flt.search)
        stmt = stmt.where(
            or_(
                Individual.name_fold.like(pattern, escape="\\"),
                subject_unit.name_fold.like(pattern, escape="\\"),
                Household.name_fold.like(pattern, escape="\\"),
            )
        )
    if sort == "name":
        keys: list[Any] = [name_key]
    elif sort == "form":
        stmt = stmt.join(AwardForm, AwardForm.id == Nomination.award_form_id)
        keys = [AwardForm.sort_order]
    elif sort == "proposer":
        proposer = aliased(Unit)
        stmt = stmt.outerjoin(proposer, proposer.id == Nomination.proposing_unit_id)
        keys = [proposer.sort_key]
    elif sort == "year":
        keys = [Nomination.year]
    elif sort == "status":
        keys = [Nomination.status]
    else:
        keys = []
    keys.append(Nomination.id)
    return _ids(session, stmt, keys, descending, limit)


def nomination_rows(session: Session, ids: Sequence[int]) -> Rows:
    """#, subject, kind, award form, proposing unit, year, status, filed on, decision.

    Hidden after them: the status value, the subject kind value, the subject id.
    """
    if not ids:
        return {}
    stmt, subject_unit, _key = _nomination_joined(
        select(
            Nomination.id,
            Nomination.subject_kind,
            Nomination.individual_id,
            Nomination.unit_id,
            Nomination.household_id,
            Nomination.year,
            Nomination.status,
            Nomination.filed_on,
            AwardForm.name,
            Decision.number,
            Decision.signed_on,
        )
    )
    proposer = aliased(Unit)
    stmt = (
        stmt.add_columns(Individual.full_name, Household.head_name, proposer.short_name, proposer.name)
        .add_columns(subject_unit.name)
        .join(AwardForm, AwardForm.id == Nomination.award_form_id)
        .outerjoin(Decision, Decision.id == Nomination.decision_id)
        .outerjoin(proposer, proposer.id == Nomination.proposing_unit_id)
        .where(Nomination.id.in_(list(ids)))
    )
    out: Rows = {}
    for row in session.execute(stmt):
        (nid, kind, ind_id, unit_id, hh_id, year, status, filed, form, dnum, ddate) = row[:11]
        person, head, p_short, p_name, uname = row[11:]
        name = {
            SubjectKind.INDIVIDUAL: person,
            SubjectKind.UNIT: uname,
            SubjectKind.HOUSEHOLD: household_title(head or ""),
        }[kind]
        decision = f"{dnum} ({day(ddate)})" if dnum else ""
        subject_id = {SubjectKind.INDIVIDUAL: ind_id, SubjectKind.UNIT: unit_id}.get(kind, hh_id)
        out[nid] = (
            nid,
            name or "",
            kind.label,
            form,
            p_short or p_name or "",
            year or "",
            status.label,
            day(filed),
            decision,
            status,
            kind,
            subject_id,
        )
    return out


def nomination_status_counts(session: Session, campaign_id: int | None) -> dict[NominationStatus, int]:
    """How many live nominations of a campaign (or all) are in each status."""
    stmt = select(Nomination.status, func.count()).where(Nomination.deleted_at.is_(None))
    if campaign_id is not None:
        stmt = stmt.where(Nomination.campaign_id == campaign_id)
    counts = dict(session.execute(stmt.group_by(Nomination.status)).all())
    return {s: int(counts.get(s, 0)) for s in NominationStatus}


def nomination_statuses(session: Session, ids: Sequence[int]) -> dict[int, NominationStatus]:
    if not ids:
        return {}
    rows = session.execute(select(Nomination.id, Nomination.status).where(Nomination.id.in_(list(ids))))
    return {nid: status for nid, status in rows}


# --- Award history and decisions --------------------------------------------------------------


@dataclass(frozen=True)
class AwardFilter:
    search: str = ""  # recipient, award, decision number, issuer (diacritics ignored)
    year_from: int | None = None
    year_to: int | None = None
    award_form_id: int | None = None
    award_type: AwardType | None = None
    status: AwardStatus | None = None
    subject_kind: SubjectKind | None = None
    decision_id: int | None = None
    campaign_id: int | None = None
    in_bin: bool = False


AWARD_SORTS = ("name", None, "award", "year", "decision", "decision_date", "issuer", "type", "status", None)


def award_ids(
    session: Session,
    flt: AwardFilter,
    *,
    sort: str = "year",
    descending: bool = True,
    limit: int | None = None,
) -> list[int]:
    """Award records in display order; newest first by default."""
    stmt = select(AwardRecord.id).where(_in_bin_or_live(AwardRecord, flt.in_bin))
    if _searching(flt.search):
        stmt = stmt.where(AwardRecord.search_fold.like(like_pattern(flt.search), escape="\\"))
    if flt.year_from is not None:
        stmt = stmt.where(AwardRecord.year >= flt.year_from)
    if flt.year_to is not None:
        stmt = stmt.where(AwardRecord.year <= flt.year_to)
    for column, value in (
        (AwardRecord.award_form_id, flt.award_form_id),
        (AwardRecord.award_type, flt.award_type),
        (AwardRecord.status, flt.status),
        (AwardRecord.subject_kind, flt.subject_kind),
        (AwardRecord.decision_id, flt.decision_id),
        (AwardRecord.campaign_id, flt.campaign_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if sort == "name":
        subject_unit = aliased(Unit)
        stmt = (
            stmt.outerjoin(Individual, Individual.id == AwardRecord.individual_id)
            .outerjoin(subject_unit, subject_unit.id == AwardRecord.unit_id)
            .outerjoin(Household, Household.id == AwardRecord.household_id)
        )
        keys: list[Any] = [func.coalesce(Individual.sort_key, subject_unit.sort_key, Household.sort_key)]
    elif sort == "award":
        keys = [AwardRecord.award_name]
    elif sort == "decision":
        keys = [AwardRecord.decision_number]
    elif sort == "decision_date":
        keys = [AwardRecord.decision_date]
    elif sort == "issuer":
        keys = [AwardRecord.issuer]
    elif sort == "type":
        keys = [AwardRecord.award_type]
    elif sort == "status":
        keys = [AwardRecord.status]
    else:
        keys = [AwardRecord.year]
    keys.append(AwardRecord.id)
    return _ids(session, stmt, keys, descending, limit)


def award_rows(session: Session, ids: Sequence[int]) -> Rows:
    """Recipient, kind, award, year, decision no., decision date, issuer, type, status, số sổ vàng.

    Hidden after them: the record's source value.
    """
    if not ids:
        return {}
    rows = session.execute(
        select(
            AwardRecord.id,
            AwardRecord.recipient_name,
            AwardRecord.subject_kind,
            AwardRecord.award_name,
            AwardRecord.year,
            AwardRecord.decision_number,
            AwardRecord.decision_date,
            AwardRecord.issuer,
            AwardRecord.award_type,
            AwardRecord.status,
            AwardRecord.golden_book_no,
            AwardRecord.source,
        ).where(AwardRecord.id.in_(list(ids)))
    )
    return {
        aid: (
            name,
            kind.label,
            award,
            year,
            number,
            day(ddate),
            issuer,
            atype.label,
            status.label,
            book or "",
            source,
        )
        for aid, name, kind, award, year, number, ddate, issuer, atype, status, book, source in rows
    }


@dataclass(frozen=True)
class DecisionFilter:
    search: str = ""  # number, issuer or summary (case-insensitive)
    year: int | None = None


DECISION_SORTS = ("number", "date", "issuer", None, None, None)


def decision_ids(
    session: Session,
    flt: DecisionFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int | None = None,
) -> list[int]:
    stmt = select(Decision.id)
    if _searching(flt.search):
        pattern = f"%{flt.search.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Decision.number).like(pattern),
                func.lower(Decision.issuer).like(pattern),
                func.lower(Decision.summary).like(pattern),
            )
        )
    if flt.year is not None:
        stmt = stmt.where(
            Decision.signed_on >= date(flt.year, 1, 1), Decision.signed_on <= date(flt.year, 12, 31)
        )
    keys: list[Any] = {"number": [Decision.number], "issuer": [Decision.issuer]}.get(
        sort, [Decision.signed_on]
    )
    return _ids(session, stmt, [*keys, Decision.id], descending, limit)


def decision_rows(session: Session, ids: Sequence[int]) -> Rows:
    """Number, date, issuer, signer, summary, number of awards."""
    if not ids:
        return {}
    counts = dict(
        session.execute(
            select(AwardRecord.decision_id, func.count())
            .where(AwardRecord.decision_id.in_(list(ids)), AwardRecord.deleted_at.is_(None))
            .group_by(AwardRecord.decision_id)
        ).all()
    )
    out: Rows = {}
    for d in session.scalars(select(Decision).where(Decision.id.in_(list(ids)))):
        signer = " ".join(p for p in (d.signer_title, d.signer_name) if p)
        out[d.id] = (d.number, day(d.signed_on), d.issuer, signer, d.summary, counts.get(d.id, 0))
    return out


# --- Achievements -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AchievementFilter:
    campaign_id: int | None = None
    search: str = ""  # the subject's name
    in_bin: bool = False


def achievement_ids(
    session: Session,
    flt: AchievementFilter,
    *,
    sort: str = "id",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    subject_unit = aliased(Unit)
    stmt = (
        select(Achievement.id)
        .outerjoin(Individual, Individual.id == Achievement.individual_id)
        .outerjoin(subject_unit, subject_unit.id == Achievement.unit_id)
        .outerjoin(Household, Household.id == Achievement.household_id)
        .where(Achievement.deleted_at.is_not(None) if flt.in_bin else Achievement.deleted_at.is_(None))
    )
    if flt.campaign_id is not None:
        stmt = stmt.where(Achievement.campaign_id == flt.campaign_id)
    if _searching(flt.search):
        pattern = like_pattern(flt.search)
        stmt = stmt.where(
            or_(
                Individual.name_fold.like(pattern, escape="\\"),
                subject_unit.name_fold.like(pattern, escape="\\"),
                Household.name_fold.like(pattern, escape="\\"),
            )
        )
    if sort == "name":
        keys: list[Any] = [func.coalesce(Individual.sort_key, subject_unit.sort_key, Household.sort_key)]
    elif sort == "year":
        keys = [Achievement.year]
    elif sort == "title":
        keys = [Achievement.title]
    else:
        keys = []
    keys.append(Achievement.id)
    return _ids(session, stmt, keys, descending, limit)


def achievement_rows(session: Session, ids: Sequence[int]) -> Rows:
    """Subject, kind, title, year, criteria met, figures, evidence files."""
    if not ids:
        return {}
    id_list = list(ids)
    crit = dict(
        session.execute(
            select(achievement_criteria.c.achievement_id, func.count())
            .where(achievement_criteria.c.achievement_id.in_(id_list))
            .group_by(achievement_criteria.c.achievement_id)
        ).all()
    )
    files = dict(
        session.execute(
            select(EvidenceFile.achievement_id, func.count())
            .where(EvidenceFile.achievement_id.in_(id_list))
            .group_by(EvidenceFile.achievement_id)
        ).all()
    )
    subject_unit = aliased(Unit)
    rows = session.execute(
        select(Achievement, Individual.full_name, subject_unit.name, Household.head_name)
        .outerjoin(Individual, Individual.id == Achievement.individual_id)
        .outerjoin(subject_unit, subject_unit.id == Achievement.unit_id)
        .outerjoin(Household, Household.id == Achievement.household_id)
        .where(Achievement.id.in_(id_list))
    )
    out: Rows = {}
    for ach, person, uname, head in rows:
        name = {
            SubjectKind.INDIVIDUAL: person,
            SubjectKind.UNIT: uname,
            SubjectKind.HOUSEHOLD: household_title(head or ""),
        }[ach.subject_kind]
        out[ach.id] = (
            name or "",
            ach.subject_kind.label,
            ach.title or ach.summary[:80],
            ach.year or "",
            crit.get(ach.id, 0),
            figures_text(ach.figures),
            files.get(ach.id, 0),
        )
    return out


def figures_text(figures: dict[str, Any]) -> str:
    """ "Doanh thu: 12,5 tỷ đồng; Sáng kiến: 2" for a figures dict."""
    parts = []
    for label, figure in figures.items():
        if isinstance(figure, dict):
            value, unit = figure.get("value"), figure.get("unit", "")
        else:
            value, unit = figure, ""
        number = f"{value:g}".replace(".", ",") if isinstance(value, int | float) else str(value)
        parts.append(f"{label}: {number} {unit}".strip())
    return "; ".join(parts)


# --- Audit log --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    table_name: str | None = None
    record_id: int | None = None
    actor: str | None = None
    action: AuditAction | None = None
    date_from: date | None = None  # local dates, inclusive
    date_to: date | None = None
    search: str = ""  # in the record's description


def _utc(d: date, end: bool = False) -> datetime:
    local = datetime.combine(d, time.max if end else time.min).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def audit_ids(
    session: Session,
    flt: AuditFilter,
    *,
    sort: str = "at",
    descending: bool = True,
    limit: int | None = None,
) -> list[int]:
    """Audit entries, newest first; every filter is a plain indexed comparison."""
    stmt = select(AuditEntry.id)
    if flt.table_name:
        stmt = stmt.where(AuditEntry.table_name == flt.table_name)
    if flt.record_id is not None:
        stmt = stmt.where(AuditEntry.record_id == flt.record_id)
    if flt.actor:
        stmt = stmt.where(AuditEntry.actor == flt.actor)
    if flt.action is not None:
        stmt = stmt.where(AuditEntry.action == flt.action.value)
    if flt.date_from is not None:
        stmt = stmt.where(AuditEntry.at >= _utc(flt.date_from))
    if flt.date_to is not None:
        stmt = stmt.where(AuditEntry.at <= _utc(flt.date_to, end=True))
    if _searching(flt.search):
        stmt = stmt.where(func.lower(AuditEntry.summary).like(f"%{flt.search.strip().lower()}%"))
    keys: list[Any] = {
        "actor": [AuditEntry.actor],
        "action": [AuditEntry.action],
        "table": [AuditEntry.table_name],
        "record": [AuditEntry.record_id],
    }.get(sort, [])
    # ids grow with time, so id order is time order without sorting on the timestamp.
    return _ids(session, stmt, [*keys, AuditEntry.id], descending, limit)


def local_time(at: datetime) -> str:
    return at.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y %H:%M:%S")


def audit_rows(session: Session, ids: Sequence[int]) -> Rows:
    """Time, user, action, kind of record, record id, description."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.actor,
            AuditEntry.action,
            AuditEntry.table_name,
            AuditEntry.record_id,
            AuditEntry.summary,
        ).where(AuditEntry.id.in_(list(ids)))
    )
    return {
        eid: (local_time(at), actor, action_label(action), table_label(table), rid or "", summary)
        for eid, at, actor, action, table, rid, summary in rows
    }
