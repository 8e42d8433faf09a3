"""emudesk with a kill switch, for the crash trials (tests/crash/harness.py).

Test-only: the shipped entry point (``python -m emudesk``) never loads this. It counts the points
where a crash can land — every SQL statement SQLAlchemy sends, every commit before and after it
returns, every SQLite connection, every few pages of a backup, every file opened for writing,
renamed or removed — and at the N-th (``kill_at``) sends itself SIGKILL, so a seeded choice of N
crashes the same place every run, without sleeps. With ``trace`` it writes each point's kind to
a file (a full run counts them); with ``progress`` it reports each point down a pipe, so the
parent can kill it after the K-th.

The harness forks these children from a server that has imported emudesk once
(``run_child``; multiprocessing's forkserver), which spares each one Python's start-up. By hand:

    EMUDESK_CRASH_AT=120 python -m tests.crash.child import individuals ds.xlsx --db x.sqlite3
    EMUDESK_CRASH_TRACE=1 python -m tests.crash.child …     # prints "crash-point N KIND" lines
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from multiprocessing.connection import Connection
from typing import IO, Any

POINT = "crash-point"
# Imported by the fork server once, so that children start with them loaded.
PRELOAD = [
    "emudesk.app",
    "emudesk.cli",
    "emudesk.db.migrate",
    "emudesk.services.core.store",
    "emudesk.services.imports.importing",
    "emudesk.services.nominations.workflow",
    "emudesk.services.workspace.check",
    "emudesk.services.workspace.listing",
    "openpyxl",
    "alembic.command",
]

_count = 0
_kill_at = 0
_trace: IO[str] | None = None
_progress: Connection | None = None
# Python's audit events for what reaches the disk outside SQLAlchemy (backups, copies, renames).
_FILE_EVENTS = frozenset({"sqlite3.connect", "os.rename", "os.remove", "shutil.copyfile", "shutil.move"})


def point(kind: str) -> None:
    global _count
    _count += 1
    if _trace is not None:
        _trace.write(f"{POINT} {_count} {kind}\n")
        _trace.flush()
    if _progress is not None:
        _progress.send_bytes(b".")
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


def run_child(
    argv: list[str],
    env: dict[str, str],
    output: str,
    *,
    kill_at: int = 0,
    trace: str | None = None,
    progress: Connection | None = None,
) -> None:
    """A forked child: ``emudesk ARGV`` with ``env``, its stdout and stderr into the file ``output``."""
    global _kill_at, _trace, _progress
    os.environ.clear()
    os.environ.update(env)
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    _kill_at, _progress = kill_at, progress
    _trace = open(trace, "w", encoding="utf-8") if trace else None  # noqa: SIM115 - open until exit
    install()
    from emudesk.app import main

    code = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)


def main() -> int:
    global _kill_at, _trace
    _kill_at = int(os.environ.get("EMUDESK_CRASH_AT", "0") or 0)
    _trace = sys.stdout if os.environ.get("EMUDESK_CRASH_TRACE") else None
    install()
    from emudesk.app import main as emudesk_main

    return emudesk_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
