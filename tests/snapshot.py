"""Every row of a database, to show exactly which rows an operation changed (ids included)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, inspect
from sqlalchemy.orm import Session

from emudesk.db.base import Base

Snapshot = dict[str, dict[tuple[Any, ...], tuple[Any, ...]]]
RowRef = tuple[str, tuple[Any, ...]]

# The audit log records the edit itself; alembic_version is not data.
SKIPPED = frozenset({"audit_log"})


def snapshot(bind: Session | Connection) -> Snapshot:
    """Each table's rows by primary key; the database must hold no table the models do not know."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    known = set(Base.metadata.tables)
    unknown = set(inspect(conn).get_table_names()) - known - {"alembic_version"}
    assert not unknown, f"tables unknown to the models, not compared: {sorted(unknown)}"
    out: Snapshot = {}
    for table in Base.metadata.sorted_tables:
        if table.name in SKIPPED:
            continue
        # Raw driver values: no result processing, so the whole demo takes a fraction of a second.
        names = [c.name for c in table.columns]
        pk = [names.index(c.name) for c in table.primary_key.columns]
        quoted = ", ".join(conn.dialect.identifier_preparer.quote(n) for n in names)
        rows = conn.exec_driver_sql(f"SELECT {quoted} FROM {table.name}").all()
        out[table.name] = {tuple(r[i] for i in pk): tuple(r) for r in rows}
    return out


def changed_rows(before: Snapshot, after: Snapshot) -> set[RowRef]:
    """(table, primary key) of every row added, removed or altered."""
    out: set[RowRef] = set()
    for name in before.keys() | after.keys():
        old, new = before.get(name, {}), after.get(name, {})
        out |= {(name, key) for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    return out
