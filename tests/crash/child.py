"""``python -m tests.crash.child ARGS…``: ``emudesk ARGS…`` with a kill switch, for the crash trials.

Test-only: the shipped entry point (``python -m emudesk``) never loads this. It counts the points
where a crash can land — every SQL statement SQLAlchemy sends, every commit before and after it
returns, every SQLite connection, every few pages of a backup, every file opened for writing, renamed
or removed — and:

- ``EMUDESK_CRASH_AT=N``: sends itself SIGKILL at the N-th point (1-based), so a seeded choice
  of N crashes the same place every run, without sleeps.
- ``EMUDESK_CRASH_TRACE=1``: prints ``crash-point N KIND`` on stdout at each point (flushed), so
  a parent can count them on a full run, or kill the child itself after the k-th line.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from typing import Any

POINT = "crash-point"

_count = 0
_kill_at = int(os.environ.get("EMUDESK_CRASH_AT", "0") or 0)
_trace = bool(os.environ.get("EMUDESK_CRASH_TRACE"))
# Python's audit events for what reaches the disk outside SQLAlchemy (backups, copies, renames).
_FILE_EVENTS = frozenset({"sqlite3.connect", "os.rename", "os.remove", "shutil.copyfile", "shutil.move"})


def point(kind: str) -> None:
    global _count
    _count += 1
    if _trace:
        sys.stdout.write(f"{POINT} {_count} {kind}\n")
        sys.stdout.flush()
    if _count == _kill_at:
        os.kill(os.getpid(), signal.SIGKILL)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event in _FILE_EVENTS:
        point(event)
    elif event == "open" and len(args) >= 2 and isinstance(args[1], str) and set(args[1]) & set("wax+"):
        point("open-write")


class _SteppedConnection(sqlite3.Connection):
    """Copies a backup a few pages at a time, with a crash point between steps, so a kill can land
    inside a copy (SQLite's backup API otherwise copies everything in one call)."""

    def backup(self, target: sqlite3.Connection, *, pages: int = -1, progress: Any = None, **kw: Any) -> None:
        def step(status: int, remaining: int, total: int) -> None:
            point("backup-step")
            if progress is not None:
                progress(status, remaining, total)

        super().backup(target, pages=pages if pages > 0 else 32, progress=step, **kw)


def _connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
    kwargs.setdefault("factory", _SteppedConnection)
    return _sqlite_connect(*args, **kwargs)


_sqlite_connect = sqlite3.connect


def install() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    event.listen(Engine, "before_cursor_execute", lambda *_a, **_k: point("sql"))
    event.listen(Engine, "commit", lambda *_a: point("commit"))
    event.listen(Session, "after_commit", lambda *_a: point("committed"))
    sys.addaudithook(_audit)
    sqlite3.connect = _connect  # type: ignore[assignment]


def main() -> int:
    install()
    from emudesk.app import main as emudesk_main

    return emudesk_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
