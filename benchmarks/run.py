"""emudesk's benchmark suite on the province-scale data set, each operation beside its floor.

    .venv/bin/python benchmarks/run.py [--quick] [--json FILE] [--db FILE|URL] [--only NAME ...]

The province database (about 5,000 units, 100,000 people, 350,000 awards) is built once with
``emudesk demo --size province --seed 2025`` into ``benchmarks/.cache/`` (about a minute) unless
``--db`` names one: an SQLite file, or a server's ``postgresql://user@host/db`` holding the
province data set (``emudesk demo --size province --db URL``). On a server every row runs
there, its floors through psycopg, and operations that write work on copies of the database
made on the same server (CREATE DATABASE … TEMPLATE), dropped at the end.

Every operation is timed over repeated runs (median and 95th percentile) and next to it, in the
same run, a *floor*: a minimal program doing the same work with the bare libraries (a bare
PySide6 window with an empty table, a raw SQL query through sqlite3 or psycopg, raw openpyxl
write-only, a raw reportlab canvas, python-calamine plus raw inserts, LibreOffice). GUI
operations run in separate processes (benchmarks/gui_probe.py). ``ratio`` is median / floor
median (p95 / floor p95 on the p95 row); ``target`` is either a ratio ("<=1.5x") or an absolute
bound ("<=30ms", "<=300MB"). ``trips`` (``round_trips``) is the number of statements one run of
the operation sends to the database, the most over its runs: on a LAN each costs ~0.5-2 ms.
Nothing here is asserted: the numbers are printed as a table and written as JSON (a list of
objects with operation, median_ms, p95_ms, floor_ms, ratio, target, met, note, round_trips).
``--quick`` repeats less (5 instead of 15) on the same data set.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ops  # noqa: F401 - registers the operations
from harness import (
    CACHE,
    REGISTRY,
    Context,
    Db,
    Row,
    drop_server_copies,
    ensure_database,
    is_server,
    print_table,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats (same data set)")
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    parser.add_argument("--db", help="an existing province-scale database: a file or a postgresql:// URL")
    parser.add_argument("--only", nargs="*", help="run only these benchmark groups")
    args = parser.parse_args(argv)
    given: Db | None = None
    if args.db:
        given = args.db if is_server(args.db) else Path(args.db)
    db = ensure_database(given)
    work = CACHE / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ctx = Context(db=db, repeat=5 if args.quick else 15, quick=args.quick, work=work)
    rows: list[Row] = []
    try:
        for name, fn in REGISTRY:
            if args.only and name not in args.only:
                continue
            print(f"… {name}", file=sys.stderr)
            try:
                rows.extend(fn(ctx))
            except Exception as exc:  # a failed benchmark is reported; the others still run
                rows.append(Row(name, float("nan"), float("nan"), None, None, "", False, f"failed: {exc!r}"))
    finally:
        if is_server(db):
            drop_server_copies(ctx)
    print_table(rows)
    if args.json:
        payload = [{k: v for k, v in asdict(r).items() if k != "samples"} for r in rows]
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
