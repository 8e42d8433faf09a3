"""Queries behind the GUI's lazy tables: an ordered id list from SQL, then rows for the visible ids.

The table model never holds ORM objects: filtering and sorting run in the
database and return ids; cells are plain tuples fetched a page at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import Session

from emudesk.db.models import AnnualRating, AwardRecord, Individual, Unit
from emudesk.domain.enums import Gender, Rating
from emudesk.domain.text import like_pattern
from emudesk.services.units import subtree_ids_query


@dataclass(frozen=True)
class IndividualFilter:
    """What the Cá nhân view filters on; every field is optional."""

    search: str = ""
    unit_id: int | None = None  # includes sub-units
    gender: Gender | None = None
    birth_year_from: int | None = None
    birth_year_to: int | None = None
    rating: Rating | None = None
    rating_year: int | None = None
    award_form_id: int | None = None
    award_year: int | None = None
    in_bin: bool = False


INDIVIDUAL_SORTS = ("name", "birth_year", "unit", "id")
INDIVIDUAL_COLUMNS = ("full_name", "gender", "birth", "position", "unit", "id_number")


def _individual_where(stmt: Select[Any], flt: IndividualFilter) -> Select[Any]:
    stmt = stmt.where(Individual.deleted_at.is_not(None) if flt.in_bin else Individual.deleted_at.is_(None))
    if flt.search.strip():
        stmt = stmt.where(Individual.name_fold.like(like_pattern(flt.search), escape="\\"))
    if flt.unit_id is not None:
        stmt = stmt.where(Individual.unit_id.in_(subtree_ids_query(flt.unit_id)))
    if flt.gender is not None:
        stmt = stmt.where(Individual.gender == flt.gender)
    if flt.birth_year_from is not None:
        stmt = stmt.where(Individual.birth_year >= flt.birth_year_from)
    if flt.birth_year_to is not None:
        stmt = stmt.where(Individual.birth_year <= flt.birth_year_to)
    if flt.rating is not None:
        cond = and_(AnnualRating.individual_id == Individual.id, AnnualRating.rating == flt.rating)
        if flt.rating_year is not None:
            cond = and_(cond, AnnualRating.year == flt.rating_year)
        stmt = stmt.where(exists().where(cond))
    if flt.award_form_id is not None:
        cond = and_(
            AwardRecord.individual_id == Individual.id,
            AwardRecord.award_form_id == flt.award_form_id,
            AwardRecord.deleted_at.is_(None),
        )
        if flt.award_year is not None:
            cond = and_(cond, AwardRecord.year == flt.award_year)
        stmt = stmt.where(exists().where(cond))
    return stmt


def individual_ids(
    session: Session, flt: IndividualFilter, *, sort: str = "name", descending: bool = False
) -> list[int]:
    """Ids of the matching individuals in display order (Vietnamese name order by default)."""
    stmt = _individual_where(select(Individual.id), flt)
    if sort == "unit":
        stmt = stmt.outerjoin(Unit, Unit.id == Individual.unit_id)
        keys: list[Any] = [Unit.sort_key, Individual.sort_key]
    elif sort == "birth_year":
        keys = [Individual.birth_year, Individual.sort_key]
    elif sort == "id":
        keys = []
    else:
        keys = [Individual.sort_key]
    keys.append(Individual.id)
    stmt = stmt.order_by(*[k.desc() for k in keys] if descending else keys)
    return list(session.scalars(stmt))


def individual_rows(session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """Cells of ``INDIVIDUAL_COLUMNS`` for the given ids (one query)."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            Individual.id,
            Individual.full_name,
            Individual.gender,
            Individual.birth_date,
            Individual.birth_year,
            Individual.position,
            Unit.short_name,
            Unit.name,
            Individual.id_number,
        )
        .outerjoin(Unit, Unit.id == Individual.unit_id)
        .where(Individual.id.in_(list(ids)))
    )
    out: dict[int, tuple[Any, ...]] = {}
    for iid, name, gender, bdate, byear, position, ushort, uname, idn in rows:
        birth = bdate.strftime("%d/%m/%Y") if bdate else (str(byear) if byear else "")
        out[iid] = (name, gender.label, birth, position or "", ushort or uname or "", idn or "")
    return out
