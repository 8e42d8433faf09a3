"""Row values as both engines give them back, and a checksum per table that reads the same on both.

The copy reads and writes through "plain" tables: the models' columns without NFC processing,
enum checks or JSON parsing, so a value goes over exactly as it was stored. JSON is carried as
its text (PostgreSQL's ``json`` keeps the text as written; SQLite stores text), which keeps a
JSON ``null`` apart from SQL NULL and the audit log's hashed text intact.

The checksum hashes each row's values in primary key order after bringing them to one form,
chosen per column from the model's type: dates and times in ISO form (aware ones in UTC),
decimals at the column's scale, floats by ``repr``, booleans as 1/0, JSON re-serialised with
sorted keys, text in NFC, bytes in hex.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    LargeBinary,
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


Convert = Callable[[Any], str]


def _nfc(value: Any) -> str:
    text = str(value)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _json(value: Any) -> str:
    # Parsed and written again: the same value whichever engine's text it came from.
    return json.dumps(json.loads(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _timestamp(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep="T", timespec="microseconds")
    return str(value)


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _bytes(value: Any) -> str:
    return bytes(value).hex()


def _boolean(value: Any) -> str:
    return "1" if value else "0"


def _integer(value: Any) -> str:
    return str(int(value))


def _decimal(scale: int) -> Convert:
    step = Decimal(1).scaleb(-scale)
    return lambda value: str(Decimal(str(value)).quantize(step))


def _number(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(Decimal(str(value)).normalize())


def _converter(model: Column[Any], is_json: bool) -> Convert:
    """How one column's values are written for the checksum, chosen once per column."""
    type_ = model.type
    if is_json:
        return _json
    if isinstance(type_, Boolean):
        return _boolean
    if isinstance(type_, Numeric) and not isinstance(type_, Float) and type_.scale is not None:
        return _decimal(int(type_.scale))
    if isinstance(type_, Numeric):
        return _number
    if isinstance(type_, Integer):
        return _integer
    if isinstance(type_, DateTime):
        return _timestamp
    if isinstance(type_, Date):
        return _day
    if isinstance(type_, LargeBinary):
        return _bytes
    return _nfc


class TableDigest:
    """A running checksum of one table's rows, fed in primary key order (or sorted at the end)."""

    def __init__(self, table: Table) -> None:
        self._hash = hashlib.sha256()
        jsons = json_columns(table)
        model = Base.metadata.tables[table.name]
        self._convert = [_converter(model.c[c.name], c.name in jsons) for c in table.columns]
        self._sorted = integer_key(table)
        self._pk = [i for i, c in enumerate(table.columns) if c.primary_key]
        self._held: list[tuple[list[str], bytes]] = []
        self.rows = 0

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        convert = self._convert
        for row in rows:
            values = [None if v is None else f(v) for f, v in zip(convert, row, strict=True)]
            # Each value with its length, so no text can pass for a boundary; NULL apart from "".
            line = "|".join("-" if v is None else f"{len(v)}:{v}" for v in values).encode(
                "utf-8", "surrogatepass"
            )
            self.rows += 1
            if self._sorted:
                self._hash.update(line + b"\n")
            else:
                # Held until the end to be sorted: only its key and a hash, however large the row.
                self._held.append(([values[i] or "" for i in self._pk], hashlib.sha256(line).digest()))

    def hexdigest(self) -> str:
        out = self._hash.copy()
        for _key, line_hash in sorted(self._held):
            out.update(line_hash)
        return out.hexdigest()
