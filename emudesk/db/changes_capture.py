"""Row-level capture of what one write transaction changed, so the window can undo it.

The audit log hooks the ORM's ``after_flush``; that sees mapped objects only. Undo needs
every row a transaction touched: association tables (``quota_forms``), rows the database
deletes or clears itself (``ON DELETE CASCADE`` / ``SET NULL``) and any Core statement.
So this hooks the engine: before each UPDATE or DELETE the rows it will touch are read
(one query per statement, by primary key when the statement names them), the keys of new
rows come from the statement's parameters or from the flush, and just before the commit the
touched rows are read again. A savepoint rolled back drops what was noted inside it.

A capture is active only while a ``Capture`` is attached to the session's connection
(``Database.write(capture=...)``); every other connection pays one dictionary look-up.
An INSERT whose new keys cannot be learned (a Core bulk insert, e.g. the demo generator)
marks the change "cannot be undone" rather than guessing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, event, inspect, or_, select
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql import operators
from sqlalchemy.sql.dml import Delete, Insert, Update
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList, ClauseElement

from emudesk.db.base import Base

KEY = "emudesk_capture"


def skipped(table: str | None) -> bool:
    """The audit log (and anything kept beside it, such as its hash chain) records undo itself;
    it is never undone. Evidence blobs are content keyed by checksum that rows share: undoing the
    add of one row must not remove the content another row uses, so they are never undone either
    (a blob no row uses waits for ``prune_unused_blobs``)."""
    return table is not None and (table.startswith("audit") or table == "evidence_blobs")


_CHUNK = 400

Key = tuple[Any, ...]
Row = dict[str, Any]


@dataclass(frozen=True)
class RowChange:
    """One row before and after a transaction (None: the row did not exist then)."""

    table: str
    key: Key
    before: Row | None
    after: Row | None


@dataclass(frozen=True)
class ChangeSet:
    """Every row one committed transaction changed, in the order it first touched them.

    Attributes:
        irreversible: why this change cannot be undone ("" when it can).
    """

    rows: tuple[RowChange, ...]
    irreversible: str = ""

    def __bool__(self) -> bool:
        return bool(self.rows) or bool(self.irreversible)

    def tables(self) -> set[str]:
        return {r.table for r in self.rows}


@dataclass
class Capture:
    """What the current transaction touched so far; ``finish`` reads the rows as committed."""

    _before: dict[tuple[str, Key], Row | None] = field(default_factory=dict)
    _journal: list[tuple[str, Key]] = field(default_factory=list)
    _marks: dict[str, tuple[int, str]] = field(default_factory=dict)
    irreversible: str = ""
    flushing: bool = False
    result: ChangeSet | None = None

    def note(self, table: str, key: Key, before: Row | None) -> None:
        """The row's state before the transaction; only the first sighting counts."""
        if skipped(table):
            return
        ref = (table, key)
        if ref not in self._before:
            self._before[ref] = before
            self._journal.append(ref)

    def has(self, table: str, key: Key) -> bool:
        return (table, key) in self._before

    def savepoint(self, name: str) -> None:
        self._marks[name] = (len(self._journal), self.irreversible)

    def rollback_savepoint(self, name: str) -> None:
        mark = self._marks.pop(name, None)
        if mark is None:
            return
        size, irreversible = mark
        for ref in self._journal[size:]:
            del self._before[ref]
        del self._journal[size:]
        self.irreversible = irreversible

    def release_savepoint(self, name: str) -> None:
        self._marks.pop(name, None)

    def finish(self, conn: Connection) -> ChangeSet:
        """Read every touched row as it is now (inside the transaction, before its commit)."""
        by_table: dict[str, list[Key]] = {}
        for table, key in self._journal:
            by_table.setdefault(table, []).append(key)
        now: dict[tuple[str, Key], Row] = {}
        for name, keys in by_table.items():
            for key, row in read_rows(conn, table_named(name), keys).items():
                now[(name, key)] = row
        rows = []
        for ref in self._journal:
            before, after = self._before[ref], now.get(ref)
            if before != after:
                rows.append(RowChange(ref[0], ref[1], before, after))
        self.result = ChangeSet(tuple(rows), self.irreversible)
        return self.result


def table_named(name: str) -> Table:
    return Base.metadata.tables[name]


def key_of(table: Table, row: Mapping[str, Any]) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


def read_rows(conn: Connection, table: Table, keys: Sequence[Key], *, lock: bool = False) -> dict[Key, Row]:
    """The rows of ``table`` with these primary keys, as plain dicts by column name.

    ``lock``: hold them until the transaction ends (PostgreSQL's FOR UPDATE; SQLite's write
    transactions already hold the whole file)."""
    pk = list(table.primary_key.columns)
    out: dict[Key, Row] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        where: Any
        if len(pk) == 1:
            where = pk[0].in_([k[0] for k in chunk])
        else:
            where = or_(*(and_(*(c == v for c, v in zip(pk, k, strict=True))) for k in chunk))
        query = select(*table.columns).where(where)
        if lock:
            query = query.with_for_update()
        for row in conn.execute(query).mappings():
            data = dict(row)
            out[key_of(table, data)] = data
    return out


# --- engine hooks -------------------------------------------------------------------------------


def active(conn: Connection) -> Capture | None:
    """The capture attached to ``conn``'s transaction, if any."""
    return _capture(conn)


def _capture(conn: Connection) -> Capture | None:
    found = conn.info.get(KEY)
    return found if isinstance(found, Capture) else None


def _param_sets(multiparams: Sequence[Any], params: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    sets: list[Mapping[str, Any]] = []
    for item in multiparams:
        if isinstance(item, Mapping):
            sets.append({**params, **item})
        elif isinstance(item, Sequence) and not isinstance(item, str | bytes):
            sets.extend({**params, **p} for p in item if isinstance(p, Mapping))
    return sets or [dict(params)]


def _pk_binds(table: Table, where: ClauseElement | None) -> list[str] | None:
    """The bind names of a ``pk = :a AND …`` clause (how the ORM's flush names rows), else None."""
    if where is None:
        return None
    clauses: Iterable[Any] = where.clauses if isinstance(where, BooleanClauseList) else [where]
    binds: dict[str, str] = {}
    for clause in clauses:
        if not (isinstance(clause, BinaryExpression) and clause.operator is operators.eq):
            return None
        left, right = clause.left, clause.right
        if not isinstance(right, BindParameter) or getattr(left, "table", None) is None:
            return None
        binds[getattr(left, "name", "")] = right.key
    names = [c.name for c in table.primary_key.columns]
    if set(binds) != set(names):
        return None
    return [binds[n] for n in names]


def _rows_touched(
    conn: Connection, table: Table, stmt: Update | Delete, sets: list[Mapping[str, Any]]
) -> dict[Key, Row]:
    binds = _pk_binds(table, stmt.whereclause)
    if binds is not None:
        keys = [tuple(p.get(b) for b in binds) for p in sets]
        return read_rows(conn, table, keys)
    out: dict[Key, Row] = {}
    query = select(*table.columns)
    if stmt.whereclause is not None:
        query = query.where(stmt.whereclause)
    for params in sets:
        for row in conn.execute(query, dict(params)).mappings():
            data = dict(row)
            out[key_of(table, data)] = data
    return out


def _note_dependents(conn: Connection, cap: Capture, parent: Table, rows: Iterable[Row]) -> None:
    """Rows the database itself deletes or clears when ``rows`` of ``parent`` go (ON DELETE)."""
    rows = list(rows)
    if not rows:
        return
    for child in Base.metadata.sorted_tables:
        if skipped(child.name):
            continue
        for fk in child.foreign_keys:
            if fk.column.table is not parent or (fk.ondelete or "").upper() not in ("CASCADE", "SET NULL"):
                continue
            values = list({r[fk.column.name] for r in rows if r.get(fk.column.name) is not None})
            found: list[Row] = []
            for start in range(0, len(values), _CHUNK):
                query = select(*child.columns).where(fk.parent.in_(values[start : start + _CHUNK]))
                found.extend(dict(r) for r in conn.execute(query).mappings())
            fresh = [r for r in found if not cap.has(child.name, key_of(child, r))]
            for r in fresh:
                cap.note(child.name, key_of(child, r), r)
            if (fk.ondelete or "").upper() == "CASCADE":
                _note_dependents(conn, cap, child, fresh)


def _before_execute(
    conn: Connection,
    clauseelement: Any,
    multiparams: Sequence[Any],
    params: Mapping[str, Any],
    _options: Any,
) -> None:
    cap = _capture(conn)
    if cap is None or not isinstance(clauseelement, Insert | Update | Delete):
        return
    table_name = getattr(clauseelement.table, "name", None)
    if skipped(table_name):
        return
    if table_name is None or table_name not in Base.metadata.tables:
        cap.irreversible = cap.irreversible or f"statement on {table_name}"
        return
    table = table_named(table_name)
    sets = _param_sets(multiparams, params)
    if isinstance(clauseelement, Insert):
        names = [c.name for c in table.primary_key.columns]
        if all(all(p.get(n) is not None for n in names) for p in sets):
            for p in sets:
                cap.note(table.name, tuple(p[n] for n in names), None)
        elif not cap.flushing:  # the flush reports its new rows in after_flush
            cap.irreversible = cap.irreversible or f"bulk insert into {table.name}"
        return
    touched = _rows_touched(conn, table, clauseelement, sets)
    for key, row in touched.items():
        cap.note(table.name, key, row)
    if isinstance(clauseelement, Delete):
        _note_dependents(conn, cap, table, touched.values())


def _savepoint(conn: Connection, name: str) -> None:
    cap = _capture(conn)
    if cap is not None:
        cap.savepoint(name)


def _rollback_savepoint(conn: Connection, name: str, _context: Any) -> None:
    cap = _capture(conn)
    if cap is not None:
        cap.rollback_savepoint(name)


def _release_savepoint(conn: Connection, name: str, _context: Any) -> None:
    cap = _capture(conn)
    if cap is not None:
        cap.release_savepoint(name)


# --- session hooks: which rows a flush inserted ----------------------------------------------


def _session_capture(session: Session) -> Capture | None:
    found = session.info.get(KEY)
    return found if isinstance(found, Capture) else None


def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    cap = _session_capture(session)
    if cap is not None:
        cap.flushing = True


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    cap = _session_capture(session)
    if cap is None:
        return
    for obj in session.new:
        mapper = inspect(obj).mapper
        table = mapper.local_table
        if isinstance(table, Table) and table.name in Base.metadata.tables:
            cap.note(table.name, tuple(mapper.primary_key_from_instance(obj)), None)


def _after_flush_postexec(session: Session, _ctx: UOWTransaction) -> None:
    cap = _session_capture(session)
    if cap is not None:
        cap.flushing = False


def _after_soft_rollback(session: Session, _previous: object) -> None:
    cap = _session_capture(session)
    if cap is not None:
        cap.flushing = False


def install(session_class: type[Session]) -> None:
    """Attach the capture hooks (idempotent); they act only while a capture is attached."""
    hooks: list[tuple[Any, str, Any]] = [
        (Engine, "before_execute", _before_execute),
        (Engine, "savepoint", _savepoint),
        (Engine, "rollback_savepoint", _rollback_savepoint),
        (Engine, "release_savepoint", _release_savepoint),
        (session_class, "before_flush", _before_flush),
        (session_class, "after_flush", _after_flush),
        (session_class, "after_flush_postexec", _after_flush_postexec),
        (session_class, "after_soft_rollback", _after_soft_rollback),
    ]
    for target, name, fn in hooks:
        if not event.contains(target, name, fn):
            event.listen(target, name, fn)


@contextmanager
def attach(session: Session, capture: Capture) -> Iterator[None]:
    """``capture`` sees the session's statements until the block ends."""
    conn = session.connection()
    session.info[KEY] = capture
    conn.info[KEY] = capture
    try:
        yield
    finally:
        conn.info.pop(KEY, None)
        session.info.pop(KEY, None)
