"""Id sequences after rows were written with ids of their own (the demo's bulk inserts, copies).

PostgreSQL hands out ids from a sequence per table, which an INSERT naming its ids does not move:
the next ORM insert would then take an id already written and fail on the primary key. SQLite
takes max(id) + 1 each time and needs nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text
from sqlalchemy.orm import Session

from emudesk.db import models  # noqa: F401 - every table on the metadata
from emudesk.db.base import Base


def _serial_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.autoincrement_column is not None]


def _advance_sql(bind: Connection) -> str:
    quote = bind.dialect.identifier_preparer.quote
    parts = []
    for table in _serial_tables():
        column = table.autoincrement_column
        assert column is not None
        name, col = quote(table.name), quote(column.name)
        seq = f"pg_get_serial_sequence('{name}', '{column.name}')"
        # Never backwards (ids of deleted rows stay unused); a table with no rows starts at 1.
        parts.append(
            f"SELECT setval({seq}, greatest(coalesce(max({col}), 0),"
            f" coalesce(pg_sequence_last_value({seq}::regclass), 0)) + 1, false) FROM {name}"
        )
    return "\nUNION ALL\n".join(parts)


def advance_sequences(target: Session | Connection) -> None:
    """Move every table's id sequence past the highest id written: one statement, no-op on SQLite.

    Call it in the same transaction, after any writer that inserts rows with explicit ids.
    """
    bind = target.connection() if isinstance(target, Session) else target
    if bind.dialect.name != "postgresql":
        return
    bind.execute(text(_advance_sql(bind))).all()
