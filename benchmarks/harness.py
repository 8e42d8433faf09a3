"""The benchmark framework: timing, rows, targets, the province database (used by run.py)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
CACHE = ROOT / "benchmarks" / ".cache"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EMUDESK_HOME", str(CACHE / "home"))


@dataclass
class Row:
    operation: str
    median_ms: float
    p95_ms: float
    floor_ms: float | None
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""
    samples: int = 0
    # Statements sent to the database by one run of the operation (the most over its runs): on a
    # LAN each costs ~0.5-2 ms. None where the operation does not reach the database.
    round_trips: int | None = None


# A database is an SQLite file (a Path) or a server (a postgresql:// URL string).
Db = Path | str


def is_server(db: Db) -> bool:
    return "://" in str(db)


@dataclass
class Context:
    db: Db
    repeat: int
    quick: bool
    work: Path
    rows: list[Row] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # results shared between groups


Benchmark = Callable[[Context], list[Row]]
REGISTRY: list[tuple[str, Benchmark]] = []


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    def wrap(fn: Benchmark) -> Benchmark:
        REGISTRY.append((name, fn))
        return fn

    return wrap


def timings(fn: Callable[[], object], repeat: int, *, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(
    operation: str,
    samples: list[float],
    floor: list[float] | None,
    target: str,
    note: str = "",
    *,
    stat: str = "median",
    round_trips: int | None = None,
) -> Row:
    """Summarise samples against a target.

    ``stat`` ("median" or "p95") is the statistic judged and compared with the floor's same
    statistic; "<=Nx" bounds that ratio, "<=Nms" and "<=NMB" the value itself.
    """
    median = statistics.median(samples)
    value = p95(samples) if stat == "p95" else median
    floor_ms = (p95(floor) if stat == "p95" else statistics.median(floor)) if floor else None
    ratio = value / floor_ms if floor_ms else None
    met: bool | None = None
    bound = target.removeprefix("<=")
    if bound.endswith("x") and ratio is not None:
        met = ratio <= float(bound[:-1])
    elif bound.endswith(("ms", "MB")):
        met = value <= float(bound[:-2])
    return Row(
        operation,
        round(median, 2),
        round(p95(samples), 2),
        None if floor_ms is None else round(floor_ms, 2),
        None if ratio is None else round(ratio, 2),
        target,
        met,
        note,
        len(samples),
        round_trips,
    )


# --- Raw connections: the floors, on either engine ---------------------------------------------


class Raw:
    """A bare DB-API connection for the floors: sqlite3 on a file, psycopg on a server (autocommit).

    SQL is written with ``?`` placeholders and plain SQL; on the server they become ``%s``.
    """

    def __init__(self, db: Db) -> None:
        self.server = is_server(db)
        if self.server:
            import psycopg

            self.conn: Any = psycopg.connect(libpq_url(db), autocommit=True)
        else:
            self.conn = sqlite3.connect(db, isolation_level=None)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.conn.execute(sql.replace("?", "%s") if self.server else sql, params)

    def begin_write(self) -> None:
        self.conn.execute("BEGIN" if self.server else "BEGIN IMMEDIATE")

    def close(self) -> None:
        self.conn.close()


def libpq_url(db: Db) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://…) as libpq takes it."""
    text = str(db)
    scheme, rest = text.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgres") else text


# --- Counting round trips ---------------------------------------------------------------------


class TripCounter:
    """Statements sent through an SQLAlchemy engine, from any thread (``before_cursor_execute``).

    Transaction control sent as SQL (SQLite's BEGIN IMMEDIATE) counts; psycopg's implicit BEGIN
    and the COMMIT do not, so on the server a write costs two more than its count.
    """

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.n = 0
        self._lock = threading.Lock()
        self._engine = engine
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args: object) -> None:
        with self._lock:
            self.n += 1

    @contextmanager
    def during(self, into: list[int]) -> Iterator[None]:
        before = self.n
        try:
            yield
        finally:
            into.append(self.n - before)

    def close(self) -> None:
        from sqlalchemy import event

        event.remove(self._engine, "before_cursor_execute", self._count)


# --- Databases ----------------------------------------------------------------------------------


def ensure_database(path: Db | None) -> Db:
    if path is not None:
        return path
    target = CACHE / "province-2025.sqlite3"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".building")
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        print("building the province data set (about a minute)…", file=sys.stderr)
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "emudesk",
                "demo",
                "--size",
                "province",
                "--seed",
                "2025",
                "--db",
                str(tmp),
            ],
            check=True,
            cwd=ROOT,
        )
        print(f"built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        tmp.rename(target)
    return target


def copy_database(ctx: Context, name: str) -> Db:
    """A private copy for operations that write (on a server: a database made from it as a template)."""
    if is_server(ctx.db):
        copy = server_copy(ctx.db, f"{name}_{uuid.uuid4().hex[:6]}")
        ctx.cache.setdefault("server_copies", []).append(copy)
        return copy
    dest = ctx.work / f"{name}.sqlite3"
    if not dest.exists():
        shutil.copy(ctx.db, dest)
    return dest


def server_copy(db: Db, suffix: str, *, template: str | None = None) -> str:
    """A new database on ``db``'s server, copied from ``template`` (default: ``db``'s own database).

    Nothing may be connected to the template meanwhile: callers close their stores first.
    """
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(str(db))
    source = template or url.database
    name = f"{source}_{suffix}"[:63]
    with psycopg.connect(
        libpq_url(url.set(database="postgres").render_as_string(False)), autocommit=True
    ) as c:
        c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return url.set(database=name).render_as_string(hide_password=False)


def _maintenance(url: Any) -> str:
    """The server's ``postgres`` database, where databases are created and dropped."""
    return libpq_url(url.set(database="postgres").render_as_string(hide_password=False))


def drop_server_copies(ctx: Context) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(str(ctx.db))
    with psycopg.connect(
        libpq_url(url.set(database="postgres").render_as_string(False)), autocommit=True
    ) as c:
        for copy in ctx.cache.pop("server_copies", []):
            c.execute(f'DROP DATABASE IF EXISTS "{make_url(copy).database}" WITH (FORCE)')


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'operation':58} {'median ms':>10} {'p95 ms':>9} {'floor ms':>9} {'ratio':>7}  {'target':>9}  met"
        f"  {'trips':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        floor = "" if r.floor_ms is None else f"{r.floor_ms:9.1f}"
        ratio = "" if r.ratio is None else f"{r.ratio:6.2f}x"
        met = {True: "yes", False: "NO", None: "–"}[r.met]
        numbers = f"{r.median_ms:10.1f} {r.p95_ms:9.1f} {floor:>9} {ratio:>7}"
        trips = "" if r.round_trips is None else str(r.round_trips)
        print(f"{r.operation:58} {numbers}  {r.target:>9}  {met:>3}  {trips:>5}")
        if r.note:
            print(f"{'':60} {r.note}")
