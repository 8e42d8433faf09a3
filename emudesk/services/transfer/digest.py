"""Row values as both engines give them back, and a checksum per table that reads the same on both.

The copy reads and writes through "plain" tables: the models' columns without NFC processing,
enum checks or JSON parsing, so a value goes over exactly as it was stored. JSON is carried as
its text (PostgreSQL's ``json`` keeps the text as written; SQLite stores text), which keeps a
JSON ``null`` apart from SQL NULL and the audit log's hashed text intact.

The checksum hashes each row's values in primary key order after bringing them to one form:
dates and times in ISO form (aware ones in UTC), decimals at the column's scale, floats by
``repr``, booleans, JSON re-serialised with sorted keys, text in NFC, bytes in hex.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Enum,
    Integer,
    MetaData,
    Numeric,
    Select,
    String,
    Table,
    Text,
    TypeDecorator,
    cast,
    select,
)
from sqlalchemy.types import TypeEngine

from emudesk.db import models  # noqa: F401 - every table on the metadata
from emudesk.db.base import Base

_PLAIN = MetaData()


def _plain_type(type_: TypeEngine[Any]) -> TypeEngine[Any]:
    if isinstance(type_, TypeDecorator):
        return _plain_type(type_.impl_instance)
    if isinstance(type_, JSON):
        return Text()
    if isinstance(type_, Enum):
        return String()
    return type_


def plain_tables() -> list[Table]:
    """Every model table in dependency order, with plain column types (see the module's doc)."""
    if not _PLAIN.tables:
        for table in Base.metadata.sorted_tables:
            Table(
                table.name,
                _PLAIN,
                *(
                    Column(c.name, _plain_type(c.type), primary_key=c.primary_key, autoincrement=False)
                    for c in table.columns
                ),
            )
    by_name = _PLAIN.tables
    return [by_name[t.name] for t in Base.metadata.sorted_tables]


def json_columns(table: Table) -> set[str]:
    return {c.name for c in Base.metadata.tables[table.name].columns if isinstance(c.type, JSON)}


def select_rows(table: Table, dialect: str) -> Select[Any]:
    """All rows of ``table`` in primary key order, JSON as its stored text."""
    jsons = json_columns(table)
    cols: list[ColumnElement[Any]] = [
        cast(c, Text).label(c.name) if c.name in jsons and dialect == "postgresql" else c
        for c in table.columns
    ]
    stmt = select(*cols)
    if integer_key(table):
        stmt = stmt.order_by(*table.primary_key.columns)
    return stmt


def integer_key(table: Table) -> bool:
    """Rows ordered by the database itself only on integer keys: text order depends on collation."""
    return all(isinstance(c.type, Integer) for c in table.primary_key.columns)


def _scale(table: Table) -> dict[int, int]:
    model = Base.metadata.tables[table.name]
    out: dict[int, int] = {}
    for i, c in enumerate(model.columns):
        if isinstance(c.type, Numeric) and not isinstance(c.type.scale, type(None)):
            out[i] = int(c.type.scale)
    return out


def _value(value: Any, scale: int | None, is_json: bool) -> Any:
    if value is None:
        return None
    if is_json:
        # Parsed and written again: the same value whichever engine's text it came from.
        return ["j", json.dumps(json.loads(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)]
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return (
            ["i", str(value)]
            if scale is None
            else ["n", str(Decimal(value).quantize(Decimal(1).scaleb(-scale)))]
        )
    if isinstance(value, Decimal | float) and scale is not None:
        return ["n", str(Decimal(str(value)).quantize(Decimal(1).scaleb(-scale)))]
    if isinstance(value, Decimal):
        return ["n", str(value.normalize())]
    if isinstance(value, float):
        return ["f", repr(value)]
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return ["t", value.isoformat(sep="T", timespec="microseconds")]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, time):
        return ["h", value.isoformat(timespec="microseconds")]
    if isinstance(value, bytes | bytearray | memoryview):
        return ["x", bytes(value).hex()]
    if isinstance(value, str):
        return ["s", unicodedata.normalize("NFC", value)]
    return ["?", str(value)]


class TableDigest:
    """A running checksum of one table's rows, fed in primary key order (or sorted at the end)."""

    def __init__(self, table: Table) -> None:
        self._hash = hashlib.sha256()
        self._jsons = [c.name in json_columns(table) for c in table.columns]
        self._scales = _scale(table)
        self._sorted = integer_key(table)
        self._pk = [i for i, c in enumerate(table.columns) if c.primary_key]
        self._held: list[tuple[str, bytes]] = []
        self.rows = 0

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            values = [_value(v, self._scales.get(i), self._jsons[i]) for i, v in enumerate(row)]
            line = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8", "surrogatepass"
            )
            self.rows += 1
            if self._sorted:
                self._hash.update(line + b"\n")
            else:
                key = json.dumps([values[i] for i in self._pk], ensure_ascii=False)
                self._held.append((key, line))

    def hexdigest(self) -> str:
        out = self._hash.copy()
        for _key, line in sorted(self._held):
            out.update(line + b"\n")
        return out.hexdigest()
