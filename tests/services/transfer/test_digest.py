"""The per-table checksum reads the same value the same way whichever engine's form it comes in."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from emudesk.services.transfer.digest import TableDigest, plain_tables

TABLE = next(t for t in plain_tables() if t.name == "council_agenda_items")
NAMES = [c.name for c in TABLE.columns]


def row(**values: Any) -> tuple[Any, ...]:
    return tuple(values.get(name) for name in NAMES)


def digest(*rows: tuple[Any, ...]) -> str:
    d = TableDigest(TABLE)
    d.add(rows)
    return d.hexdigest()


NOTE = "Đồng ý đề nghị khen thưởng"
AS_SQLITE = row(
    id=7,
    threshold_percent=50.0,
    passed=True,
    recused='[3, {"b": 1, "a": "Lê"}]',
    decided_at=datetime(2026, 5, 1, 3, 0, 0),
    outcome_note=unicodedata.normalize("NFD", NOTE),
    outcome="",
)
AS_SERVER = row(
    id=7,
    threshold_percent=Decimal("50.00"),
    passed=True,
    recused='[3,{"a":"Lê","b":1}]',
    decided_at=datetime(2026, 5, 1, 10, 0, 0, tzinfo=timezone(timedelta(hours=7))),
    outcome_note=NOTE,
    outcome="",
)


def test_one_value_in_either_engines_form_gives_one_checksum() -> None:
    assert digest(AS_SQLITE) == digest(AS_SERVER)


def test_any_difference_changes_the_checksum() -> None:
    base = digest(AS_SERVER)
    i = NAMES.index
    for column, other in [
        ("threshold_percent", Decimal("50.01")),
        ("passed", False),
        ("recused", '[3,{"a":"Le","b":1}]'),
        ("decided_at", datetime(2026, 5, 1, 3, 0, 0, 1)),
        ("outcome", None),  # NULL is not the empty text
        ("id", 8),
    ]:
        changed = list(AS_SERVER)
        changed[i(column)] = other
        assert digest(tuple(changed)) != base, column
    assert digest(AS_SERVER, AS_SERVER) != base  # a row more
