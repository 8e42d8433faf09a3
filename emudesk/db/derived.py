"""Columns derived on every write: full names, folded search text and sort keys.

Computed in Python at write time (not by SQL functions) so SQLite and
PostgreSQL store identical values and can index them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from emudesk.db.models import AwardRecord, Campaign, Household, Individual, Unit
from emudesk.domain.text import fold, full_name, name_fold, name_sort_key, nfc, sort_key


def _individual(target: Individual) -> None:
    target.family_name = nfc(target.family_name or "")
    target.middle_name = nfc(target.middle_name or "")
    target.given_name = nfc(target.given_name or "")
    target.full_name = full_name(target.family_name, target.middle_name, target.given_name)
    target.name_fold = name_fold(target.full_name)
    target.sort_key = name_sort_key(target.family_name, target.middle_name, target.given_name)
    if target.birth_date is not None:
        target.birth_year = target.birth_date.year


def _unit(target: Unit) -> None:
    target.name_fold = name_fold(f"{target.name} {target.short_name or ''} {target.code or ''}")
    target.sort_key = sort_key(target.short_name or target.name)


def _household(target: Household) -> None:
    given = nfc(target.head_name).split(" ")
    target.name_fold = name_fold(f"{target.head_name} {target.address or ''}")
    target.sort_key = name_sort_key(given[0] if len(given) > 1 else "", " ".join(given[1:-1]), given[-1])


def _campaign(target: Campaign) -> None:
    target.name_fold = name_fold(
        f"{target.title} {target.short_title} {target.plan_number}/{target.plan_symbol}"
    )


def _award(target: AwardRecord) -> None:
    target.search_fold = fold(
        f"{target.recipient_name} {target.award_name} {target.decision_number} {target.issuer}"
    )


_DERIVERS: dict[type, Any] = {
    Individual: _individual,
    Unit: _unit,
    Household: _household,
    Campaign: _campaign,
    AwardRecord: _award,
}


def derive(target: object) -> None:
    """Fill the derived columns of ``target`` (also used by bulk Core inserts via a mapped object)."""
    fn = _DERIVERS.get(type(target))
    if fn is not None:
        fn(target)


def _listener(_mapper: object, _connection: object, target: object) -> None:
    derive(target)


for _cls in _DERIVERS:
    event.listen(_cls, "before_insert", _listener)
    event.listen(_cls, "before_update", _listener)
