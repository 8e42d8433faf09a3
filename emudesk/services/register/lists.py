"""The register's lazy lists: individuals, households, units and award history (ids, then rows).

Each list has a filter, an ``*_ids`` query that filters and sorts in SQL (see ``core.paging``) and
an ``*_rows`` read of one page of ids into named rows: the columns the screen shows first, then any
hidden values the view needs (a unit's dissolution, an award's source).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import (
    AnnualRating,
    AwardRecord,
    Household,
    HouseholdMember,
    Individual,
    Unit,
    UnitKind,
    UnitLink,
)
from emudesk.domain.enums import AwardStatus, AwardType, Gender, Rating, RecordSource, SubjectKind
from emudesk.domain.text import like_pattern
from emudesk.services.core import column_filters as cf
from emudesk.services.core.common import join_subjects
from emudesk.services.core.formats import day, validity
from emudesk.services.core.paging import fold_match, fold_words, in_bin_or_live, ordered_ids, searching
from emudesk.services.register.units import UnitRow, subtree_ids_query

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
    columns: cf.ColumnFilters = ()  # (key of INDIVIDUAL_SORTS, text typed under that column)


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
    if searching(flt.search):
        stmt = stmt.where(fold_words(_I.name_fold, flt.search))
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
    stmt = cf.apply(stmt, flt.columns, _INDIVIDUAL_COLUMN_FILTERS)
    return _with_award(stmt, AwardRecord.individual_id == _I.id, flt.award_form_id, flt.award_year)


_INDIVIDUAL_COLUMN_FILTERS: dict[str, cf.Condition] = {
    "name": lambda text: fold_words(_I.name_fold, text),  # as the search box: word starts, indexed
    "gender": cf.label_has(_I.gender, Gender),
    "birth_year": cf.number_is(_I.birth_year),
    "position": cf.text_has(_I.position),
    "unit": cf.refers_to(_I.unit_id, _U.id, cf.shown_name(_U.short_name, _U.name)),
    "id_number": cf.text_has(_I.id_number),
}


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
    return ordered_ids(session, stmt, keys, descending, limit)


class IndividualRow(NamedTuple):
    """One line of the Cá nhân list (``INDIVIDUAL_COLUMNS``)."""

    full_name: str
    gender: str
    birth: str  # dd/mm/yyyy, or the year alone
    position: str
    unit: str
    id_number: str


def individual_rows(session: Session, ids: Sequence[int]) -> dict[int, IndividualRow]:
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
    out: dict[int, IndividualRow] = {}
    for iid, name, gender, bdate, byear, position, ushort, uname, idn in rows:
        birth = day(bdate) if bdate else (str(byear) if byear else "")
        out[iid] = IndividualRow(name, gender.label, birth, position or "", ushort or uname or "", idn or "")
    return out


# --- Households -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdFilter:
    """What the Hộ gia đình view filters on; every field is optional."""

    search: str = ""  # head's name or address, diacritics ignored
    unit_id: int | None = None  # village or commune, with sub-units
    award_form_id: int | None = None
    award_year: int | None = None
    in_bin: bool = False
    columns: cf.ColumnFilters = ()  # (key of HOUSEHOLD_SORTS, text typed under that column)


HOUSEHOLD_SORTS = ("name", "address", "village", "commune", None, "id")


def _household_where(stmt: Select[Any], flt: HouseholdFilter) -> Select[Any]:
    stmt = stmt.where(in_bin_or_live(Household, flt.in_bin))
    if searching(flt.search):
        stmt = stmt.where(fold_match(Household, Household.name_fold, flt.search))
    if flt.unit_id is not None:
        sub = subtree_ids_query(flt.unit_id)
        stmt = stmt.where(or_(Household.village_id.in_(sub), Household.commune_id.in_(sub)))
    stmt = cf.apply(stmt, flt.columns, _HOUSEHOLD_COLUMN_FILTERS)
    return _with_award(stmt, AwardRecord.household_id == Household.id, flt.award_form_id, flt.award_year)


_HOUSEHOLD_COLUMN_FILTERS: dict[str, cf.Condition] = {
    "name": cf.text_has(Household.head_name),
    "address": cf.text_has(Household.address),
    "village": cf.refers_to(Household.village_id, _U.id, _U.name),
    "commune": cf.refers_to(Household.commune_id, _U.id, _U.name),
}


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
    return ordered_ids(session, stmt, keys, descending, limit)


class HouseholdRow(NamedTuple):
    """One line of the Hộ gia đình list."""

    head_name: str
    address: str
    village: str
    commune: str
    members: int


def household_rows(session: Session, ids: Sequence[int]) -> dict[int, HouseholdRow]:
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
        hid: HouseholdRow(head, address or "", vname or "", cname or "", n or 0)
        for hid, head, address, vname, cname, n in rows
    }


# --- Units ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFilter:
    """What the Đơn vị list filters on."""

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
    stmt = select(Unit.id).where(in_bin_or_live(Unit, flt.in_bin))
    if searching(flt.search):
        stmt = stmt.where(fold_match(Unit, Unit.name_fold, flt.search))
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
    return ordered_ids(session, stmt, keys, descending, limit)


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


class UnitListRow(NamedTuple):
    """One line of the Đơn vị list; ``dissolved`` is not shown (the row is greyed)."""

    name: str
    kind: str
    parent: str
    validity: str
    dissolved: bool


def unit_rows(session: Session, ids: Sequence[int]) -> dict[int, UnitListRow]:
    """Name, kind, parent, validity; hidden: dissolved."""
    if not ids:
        return {}
    parent = aliased(Unit)
    rows = session.execute(
        select(Unit.id, Unit.name, UnitKind.name, parent.name, Unit.valid_from, Unit.valid_to)
        .join(UnitKind, UnitKind.id == Unit.kind_id)
        .outerjoin(parent, parent.id == Unit.parent_id)
        .where(Unit.id.in_(list(ids)))
    )
    out: dict[int, UnitListRow] = {}
    today = date.today()
    for uid, name, kind, pname, start, end in rows:
        out[uid] = UnitListRow(name, kind, pname or "", validity(start, end), end is not None and end < today)
    return out


# --- Award history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardFilter:
    """What the award history list filters on; every field is optional."""

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
    columns: cf.ColumnFilters = ()  # (key of AWARD_COLUMN_KEYS, text typed under that column)


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
    stmt = select(AwardRecord.id).where(in_bin_or_live(AwardRecord, flt.in_bin))
    if searching(flt.search):
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
    stmt = cf.apply(stmt, flt.columns, _AWARD_COLUMN_FILTERS)
    if sort == "name":
        stmt, subject = join_subjects(stmt, AwardRecord)
        keys: list[Any] = [subject.name_key]
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
    return ordered_ids(session, stmt, keys, descending, limit)


# The filterable columns of the award history, in its column order (None: not filterable).
AWARD_COLUMN_KEYS = (
    "name",
    "kind",
    "award",
    "year",
    "decision",
    "decision_date",
    "issuer",
    "type",
    "status",
    "book",
)
_AWARD_COLUMN_FILTERS: dict[str, cf.Condition] = {
    "name": cf.text_has(AwardRecord.recipient_name),
    "kind": cf.label_has(AwardRecord.subject_kind, SubjectKind),
    "award": cf.text_has(AwardRecord.award_name),
    "year": cf.number_is(AwardRecord.year),
    "decision": cf.text_has(AwardRecord.decision_number),
    "decision_date": cf.date_in(AwardRecord.decision_date),
    "issuer": cf.text_has(AwardRecord.issuer),
    "type": cf.label_has(AwardRecord.award_type, AwardType),
    "status": cf.label_has(AwardRecord.status, AwardStatus),
    "book": cf.text_has(AwardRecord.golden_book_no),
}


class AwardRow(NamedTuple):
    """One line of the award history; ``source`` (how the record came in) is not shown."""

    recipient: str
    kind: str
    award: str
    year: int
    decision_number: str
    decision_date: str
    issuer: str
    award_type: str
    status: str
    golden_book_no: str
    source: RecordSource


def award_rows(session: Session, ids: Sequence[int]) -> dict[int, AwardRow]:
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
        aid: AwardRow(
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
