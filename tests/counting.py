"""Counting the SQL statements a piece of code sends: the test-side guard against N+1 queries."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from emudesk.services.core.store import Store

_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}  # transaction control


class Statements(list[str]):
    """The statements sent while counting, in order (SQL text, parameters left out)."""

    def __str__(self) -> str:
        return "\n".join(f"{i + 1:3}. {' '.join(s.split())[:160]}" for i, s in enumerate(self))


@contextmanager
def count_statements(store: Store) -> Iterator[Statements]:
    """Every statement sent to ``store``'s database inside the block, from any thread.

    Hooks SQLAlchemy's ``before_cursor_execute``, so statements run on the GUI's reader thread
    count too; transaction control (BEGIN, COMMIT, savepoints) does not.
    """
    seen = Statements()
    lock = threading.Lock()

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in _CONTROL:
            return
        with lock:
            seen.append(statement)

    engine = store.db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
