"""Several SELECTs sent to the database as one statement, each read back as its own typed rows.

On a server every statement is a round trip (~0.5-2 ms on a LAN). A check that needs a dozen small
independent reads (a file's eligibility facts, its plan's terms, the holders of its quotas) sends
them as one SELECT of scalar subqueries, each aggregating its rows into a JSON array of arrays
(``json_group_array`` on SQLite, ``json_agg`` on PostgreSQL); the values are decoded back to what
the columns' types read. Rows come back in no particular order: a caller that needs one sorts them.

``Batch(deferred=False)`` runs each SELECT as it is added instead, as an ordinary statement: the
same code serves a bulk run (the whole register), where one JSON document would be far too large.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Numeric,
    Select,
    Text,
    cast,
    func,
    inspect,
    literal_column,
    select,
    types,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

# SQLite's limit on the columns of one result is 2000; fewer keep each statement readable.
_MOST_PER_STATEMENT = 200


class Rows:
    """The rows of one SELECT of a batch, available once the batch has run."""

    def __init__(self) -> None:
        self._rows: list[tuple[Any, ...]] | None = None

    def all(self) -> list[tuple[Any, ...]]:
        if self._rows is None:
            raise RuntimeError("the batch holding this SELECT has not run yet")
        return self._rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.all())

    def fill(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def first(self) -> tuple[Any, ...] | None:
        rows = self.all()
        return rows[0] if rows else None


def _decoder(type_: types.TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """How a value of ``type_`` read from JSON becomes what the driver would have returned."""
    impl = type_.dialect_impl(dialect)
    if isinstance(impl, types.LargeBinary):
        return lambda v: None if v is None else bytes.fromhex(v)
    if isinstance(impl, types.JSON):
        # Nested in the row's JSON already; SQLite may hand it over as text.
        return lambda v: json.loads(v) if isinstance(v, str) else v
    if isinstance(impl, Numeric):
        # Numbers come as JSON numbers (``decode`` reads them exactly, as Decimal).
        exact = impl.asdecimal and not isinstance(impl, Float)
        return lambda v: None if v is None else (Decimal(v) if exact else float(v))
    processor = type_._cached_result_processor(dialect, None)
    base: Callable[[Any], Any] | None = None
    if dialect.name != "sqlite":
        # The server's JSON writes dates, times and numbers as text or floats; its driver would
        # have returned Python objects, which the type's processor (if any) expects.
        if isinstance(impl, types.DateTime):
            base = datetime.fromisoformat
        elif isinstance(impl, types.Date):
            base = date.fromisoformat
        elif isinstance(impl, types.Time):
            base = time.fromisoformat
    if base is not None:
        first = base
        if processor is None:
            return lambda v: None if v is None else first(v)
        then = processor
        return lambda v: None if v is None else then(first(v))
    if processor is None:
        return lambda v: v
    return processor


class Batch:
    """SELECTs gathered, then sent in one statement (``deferred``) or each at once."""

    def __init__(self, session: Session | Connection, *, deferred: bool = True) -> None:
        self._session = session
        self.deferred = deferred
        self._pending: list[tuple[Select[*tuple[Any, ...]], Rows]] = []

    def _conn(self) -> Connection:
        s = self._session
        return s.connection() if isinstance(s, Session) else s

    def add(self, stmt: Select[*tuple[Any, ...]]) -> Rows:
        """Gather ``stmt`` (a Core SELECT of columns); its rows are read when the batch runs."""
        rows = Rows()
        if not self.deferred:
            rows.fill([tuple(r) for r in self._conn().execute(stmt)])
            return rows
        self._pending.append((stmt, rows))
        return rows

    def run(self, *extra: Any) -> Sequence[Any]:
        """Send what was gathered; ``extra`` columns ride along in the first statement (their values
        are returned). Nothing gathered and no extra columns: no statement."""
        pending, self._pending = self._pending, []
        out: Sequence[Any] = ()
        first = True
        while pending or (first and extra):
            chunk, pending = pending[:_MOST_PER_STATEMENT], pending[_MOST_PER_STATEMENT:]
            conn = self._conn()
            dialect = conn.dialect
            columns = [*(extra if first else ()), *(_as_json(stmt, dialect) for stmt, _rows in chunk)]
            row = conn.execute(select(*columns)).one()
            if first:
                out = tuple(row[: len(extra)])
            values = row[len(extra) :] if first else row
            for (stmt, rows), text in zip(chunk, values, strict=True):
                rows.fill(decode(stmt, text, dialect))
            first = False
        return out


def decode(stmt: Select[*tuple[Any, ...]], text: str | None, dialect: Dialect) -> list[tuple[Any, ...]]:
    """The rows of ``stmt`` from the JSON text ``json_column`` read."""
    decoders = [_decoder(c.type, dialect) for c in stmt.selected_columns]
    return [
        tuple(d(v) for d, v in zip(decoders, r, strict=True))
        for r in json.loads(text or "[]", parse_float=Decimal)
    ]


def json_column(stmt: Select[*tuple[Any, ...]], dialect: Dialect) -> Any:
    """``stmt``'s rows as a column of another SELECT (one JSON text, see ``decode``)."""
    return _as_json(stmt, dialect)


def _plain(stmt: Select[*tuple[Any, ...]]) -> bool:
    """A SELECT of table columns, no GROUP BY, LIMIT or DISTINCT: its rows may be aggregated in place."""
    limited = stmt._limit_clause is not None or stmt._offset_clause is not None
    if limited or stmt._group_by_clauses or stmt._distinct or stmt._having_criteria:
        return False
    return all(isinstance(c, Column) for c in stmt.selected_columns)


def _as_json(stmt: Select[*tuple[Any, ...]], dialect: Dialect) -> Any:
    """``stmt``'s rows as one JSON text: an array of arrays, one per row, columns in order.

    Each row becomes one JSON array inside ``stmt`` itself (its WHERE, GROUP BY, ORDER BY and LIMIT
    kept), and only that one column goes through the subquery: a subquery of every column of a
    wide table costs SQLAlchemy more than the database takes to answer it.
    """
    sqlite = dialect.name == "sqlite"
    # JSON holds no bytes: those travel as hexadecimal text (``_decoder`` turns them back).
    hexed = func.hex if sqlite else (lambda c: func.encode(c, "hex"))
    cols = [hexed(c) if isinstance(c.type, types.LargeBinary) else c for c in stmt.selected_columns]
    row = (func.json_array if sqlite else func.json_build_array)(*cols)
    if _plain(stmt):
        # A plain filter of columns: aggregate its rows where it reads them (order does not matter).
        agg = func.json_group_array(row) if sqlite else func.json_agg(row)
        plain = stmt.with_only_columns(agg).order_by(None)
        if sqlite:
            return plain.scalar_subquery()
        return plain.with_only_columns(
            cast(func.coalesce(agg, literal_column("'[]'::json")), Text)
        ).scalar_subquery()
    sub = stmt.with_only_columns(row.label("j")).subquery()
    if sqlite:
        # json(): the row comes out of the subquery as text; read back as JSON, not as a string.
        return select(func.json_group_array(func.json(sub.c.j))).scalar_subquery()
    agg = func.coalesce(func.json_agg(sub.c.j), literal_column("'[]'::json"))
    return select(cast(agg, Text)).scalar_subquery()


def attach(
    session: Session,
    parent: object,
    key: str,
    model: type[Any],
    rows: Sequence[Sequence[Any]],
    order: Callable[[Any], Any],
) -> None:
    """Put ``rows`` (every column of ``model``'s table, as ``table_rows`` reads them) into the
    session as the loaded collection ``key`` of ``parent``, as if a lazy load had read them.

    Rows already in the session keep their object; the new ones join it unchanged (persistent,
    with nothing to flush).
    """
    mapper = inspect(model)
    names = list(model.__table__.c.keys())
    objs = []
    for row in rows:
        values = dict(zip(names, row, strict=True))
        ident = mapper.identity_key_from_primary_key([values[c.name] for c in mapper.primary_key])
        obj = session.identity_map.get(ident)
        if obj is None:
            obj = mapper.class_manager.new_instance()
            for prop in mapper.column_attrs:
                set_committed_value(obj, prop.key, values[prop.columns[0].name])
            make_transient_to_detached(obj)
            session.add(obj)
        objs.append(obj)
    set_committed_value(parent, key, sorted(objs, key=order))


def table_rows(model: type[Any]) -> Select[*tuple[Any, ...]]:
    """A SELECT of every column of ``model``'s table, for ``attach``."""
    return select(*model.__table__.c)
