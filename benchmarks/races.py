"""Races for the last places of a quota: N processes released at once, on SQLite and PostgreSQL.

    python benchmarks/races.py [--processes 20] [--places 3] [--held 2] [--rounds 3]
                               [--mode mixed|submit|resubmit|file|apart] [--engines sqlite,postgresql]
                               [--db postgresql://admin@host:port/postgres] [--cold] [--lock-wait-ms MS]

Each round prepares a fresh database (a quota with ``--held`` places taken and ``--places``
free, a file per process), forks ``--processes`` racers from a fork server that has imported
emudesk (tests/services/nominations/races.py), lets each open its own connection and rehearse its
move once (rolled back: a warm program, as in an office at work; ``--cold`` skips it), then
releases them together. Per round it prints the successes, the refusals by reason (quota, busy,
other, crash), the wall time, each submit's latency (p50, p95) and how long the racers waited
for the write lock (p50, p95, max) and held it (mean). ``--mode apart`` gives every racer a
campaign of its own: nothing is contended, so the wait is the price of the global write lock
alone. ``--lock-wait-ms`` shortens how long a writer waits for it (the app waits 10 s).

Without ``--db`` a throwaway PostgreSQL server is started (tests/pg.py), if PostgreSQL is
installed. Exit status 1 if any round ends over the quota, a racer crashed, the quota is not
full when it should be, or ``emudesk check`` fails.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Nothing else at module level: each forked child imports this file again (as __mp_main__).


@contextlib.contextmanager
def _database(engine: str, admin_url: str | None, folder: Path) -> Iterator[tuple[object, str]]:
    """A fresh, migrated database: (its Store, its URL for the racers)."""
    from sqlalchemy import create_engine, text

    from emudesk.db.engine import to_url
    from emudesk.db.migrate import upgrade
    from emudesk.services.core.store import Store

    if engine == "sqlite":
        path = folder / f"race-{uuid.uuid4().hex[:8]}.sqlite3"
        store = Store.open(path, create=True)
        try:
            yield store, str(path)
        finally:
            store.close()
        return
    assert admin_url is not None
    name = f"emudesk_race_{uuid.uuid4().hex[:10]}"
    admin = create_engine(to_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = to_url(admin_url).set(database=name)
    try:
        upgrade(url)
        store = Store.open(url.render_as_string(hide_password=False))
        try:
            yield store, url.render_as_string(hide_password=False)
        finally:
            store.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _round(
    engine: str, admin_url: str | None, folder: Path, args: argparse.Namespace
) -> tuple[dict, list[str]]:
    from sqlalchemy import func, select

    from emudesk.db.models import Nomination
    from emudesk.services.campaigns import quotas
    from emudesk.services.workspace.check import run_checks
    from tests.services.nominations import races

    problems: list[str] = []
    with _database(engine, admin_url, folder) as (store, url):
        plan = races.prepare(
            store, url, racers=args.processes, places=args.places, held=args.held, mode=args.mode
        )
        options = races.Options(lock_wait_ms=args.lock_wait_ms, rehearse=not args.cold)
        result = races.race(plan, options)
        with store.read() as s:  # type: ignore[attr-defined]
            held = int(
                s.scalar(
                    select(func.count())
                    .select_from(Nomination)
                    .where(Nomination.campaign_id == plan.campaign_id, Nomination.status.in_(quotas._HOLDING))
                )
                or 0
            )
            report = run_checks(s, is_sqlite=engine == "sqlite")
    kinds = result.kinds()
    ok = kinds.get("ok", 0)
    limit = plan.limit
    competing = sum(1 for m in plan.moves if m != "approve")
    if args.mode != "apart":
        if held > plan.limit:
            problems.append(f"OVER QUOTA: {held} places taken of {plan.limit}")
        if kinds.get("busy", 0) == 0 and held != plan.limit and competing >= args.places:
            problems.append(f"quota not full: {held} of {plan.limit}")
    else:
        held, limit = ok, args.processes  # a place each, in campaigns of their own
        if ok != args.processes and not kinds.get("busy"):
            problems.append(f"only {ok} of {args.processes} independent submits went through")
    for o in result.of("crash"):
        problems.append(f"racer {o.racer} crashed:\n{o.message}")
    if not report.ok:
        problems.append("check failed: " + "; ".join(report.errors))
    totals = [o.total for o in result.outcomes]
    waits = [o.wait for o in result.outcomes if o.wait is not None]
    holds = [o.total - o.wait for o in result.outcomes if o.wait is not None]
    row = {
        "engine": engine,
        "ok": ok,
        "quota": kinds.get("quota", 0),
        "busy": kinds.get("busy", 0),
        "other": kinds.get("refused", 0),
        "crash": kinds.get("crash", 0),
        "held": held,
        "limit": limit,
        "wall_ms": result.wall * 1000,
        "p50_ms": races.percentile(totals, 50) * 1000,
        "p95_ms": races.percentile(totals, 95) * 1000,
        "wait_p50_ms": races.percentile(waits, 50) * 1000,
        "wait_p95_ms": races.percentile(waits, 95) * 1000,
        "wait_max_ms": max(waits, default=0.0) * 1000,
        "hold_ms": sum(holds) / len(holds) * 1000 if holds else 0.0,
    }
    return row, problems


COLUMNS = (
    ("engine", "{:<10}"),
    ("ok", "{:>4}"),
    ("quota", "{:>6}"),
    ("busy", "{:>5}"),
    ("other", "{:>6}"),
    ("crash", "{:>6}"),
    ("held", "{:>5}"),
    ("limit", "{:>6}"),
    ("wall_ms", "{:>8.0f}"),
    ("p50_ms", "{:>7.0f}"),
    ("p95_ms", "{:>7.0f}"),
    ("wait_p50_ms", "{:>12.0f}"),
    ("wait_p95_ms", "{:>12.0f}"),
    ("wait_max_ms", "{:>12.0f}"),
    ("hold_ms", "{:>8.1f}"),
)


def _line(row: dict) -> str:
    return " ".join(fmt.format(row[name]) for name, fmt in COLUMNS)


def _header() -> str:
    return " ".join(
        f"{name:>{len(fmt.format(0) if name != 'engine' else '0' * 10)}}" for name, fmt in COLUMNS
    )


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="emudesk-races-"))
    os.environ["EMUDESK_HOME"] = str(workdir / "home")  # before the fork server starts
    os.environ.setdefault("EMUDESK_LANG", "vi")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--places", type=int, default=3, help="places left when the race starts")
    parser.add_argument("--held", type=int, default=2, help="places already taken")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mode", default="mixed", choices=["mixed", "submit", "resubmit", "file", "apart"])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--db", help="a PostgreSQL admin URL (default: a throwaway server)")
    parser.add_argument(
        "--cold", action="store_true", help="no rehearsal: racers compile their queries inside the race"
    )
    parser.add_argument("--lock-wait-ms", type=int, help="how long a writer waits for the write lock")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]

    from tests.pg import throwaway_server

    problems: list[str] = []
    with contextlib.ExitStack() as stack:
        admin_url = args.db
        if "postgresql" in engines and admin_url is None:
            admin_url = stack.enter_context(throwaway_server())
            if admin_url is None:
                print("PostgreSQL is not installed here: SQLite only.")
                engines.remove("postgresql")
        print(
            f"{args.processes} processes, {args.places} places left of {args.held + args.places}, "
            f"mode {args.mode}, {'cold' if args.cold else 'rehearsed'}, {args.rounds} rounds"
        )
        print(_header())
        started = time.perf_counter()
        for engine in engines:
            rows = []
            for _ in range(args.rounds):
                row, found = _round(engine, admin_url, workdir, args)
                rows.append(row)
                problems += [f"{engine}: {p}" for p in found]
                print(_line(row), flush=True)
            if len(rows) > 1:
                mean = {
                    name: (sum(r[name] for r in rows) / len(rows) if name != "engine" else f"{engine} ⌀")
                    for name, _ in COLUMNS
                }
                print(_line(mean))
        print(f"{time.perf_counter() - started:.1f} s in all")
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
