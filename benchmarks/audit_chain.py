"""The audit log's hash chain on a province-size log: migration 0009 and `check`'s verification.

    .venv/bin/python benchmarks/audit_chain.py [--entries 300000] [--db URL]

Builds a database at revision 0008 (an SQLite file in a temporary folder, or an empty
PostgreSQL database given by ``--db``), fills its audit log with ``--entries`` entries shaped
like real ones (an update of a nomination with a few fields before and after, Vietnamese
summaries), then times:

* ``migrate``: the upgrade to head, which chains every entry (0009);
* ``verify``: ``verify_chain``, the pass `emudesk check` makes over the whole log;
* ``append``: one more write through the app, at the end of that long chain.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from emudesk.db.engine import to_url
from emudesk.db.migrate import upgrade
from emudesk.services.core.audit_chain import verify_chain
from emudesk.services.core.store import Store

NAMES = ["Nguyễn Văn Đức", "Trần Thị Hương", "Lê Minh Tuấn", "Phạm Thị Ngọc Ánh", "Hoàng Văn Bình"]
STATUSES = ["draft", "submitted", "reviewing", "approved", "returned"]


def _fill(url: str, entries: int) -> None:
    rng = random.Random(2025)
    engine = create_engine(to_url(url))
    start = datetime(2016, 1, 1, 8, 0)
    insert = text(
        "INSERT INTO audit_log (id, at, actor, action, table_name, record_id, record_uuid, summary,"
        " before, after) VALUES (:id, :at, :actor, :action, :table_name, :record_id, :record_uuid,"
        " :summary, :before, :after)"
    )
    batch: list[dict[str, object]] = []
    with engine.begin() as conn:
        for i in range(1, entries + 1):
            old, new = rng.sample(STATUSES, 2)
            batch.append(
                {
                    "id": i,
                    "at": start + timedelta(seconds=i * 900, microseconds=rng.randrange(1_000_000)),
                    "actor": rng.choice(["thu.ky", "truong.phong", "chuyen.vien"]),
                    "action": "update",
                    "table_name": "nominations",
                    "record_id": rng.randrange(1, 50_000),
                    "record_uuid": f"00000000-0000-4000-8000-{i:012d}",
                    "summary": f"{rng.choice(NAMES)} – Bằng khen của Chủ tịch UBND tỉnh",
                    "before": json.dumps({"status": old, "note": None, "status_reason": ""}),
                    "after": json.dumps({"status": new, "note": "Đã rà soát", "status_reason": "Đủ hồ sơ"}),
                }
            )
            if len(batch) == 10_000:
                conn.execute(insert, batch)
                batch.clear()
        if batch:
            conn.execute(insert, batch)
    engine.dispose()


def _timed(label: str, fn: object) -> object:
    # CPU time too: on a shared machine the wall clock mostly measures the neighbours.
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()  # type: ignore[operator]
    print(f"{label:>8}: {time.perf_counter() - t0:7.2f} s wall, {time.process_time() - c0:7.2f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=300_000)
    parser.add_argument("--db", help="an empty database's URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or str(Path(tmp) / "audit.sqlite3")
        upgrade(to_url(url), "0008_name_fold_words")
        _timed("fill", lambda: _fill(url, args.entries))
        _timed("migrate", lambda: upgrade(to_url(url)))
        store = Store.open(url)
        try:

            def verify() -> object:
                with store.read() as s:
                    return verify_chain(s)

            report = _timed("verify", verify)
            print(f"          {report.entries} entries, ok={report.ok}")  # type: ignore[attr-defined]

            def append() -> None:
                with store.write("benchmark") as s:
                    s.execute(text("SELECT 1"))
                    from emudesk.db.audit import log_summary

                    log_summary(s, "update", "demo", "Một mục nữa")

            _timed("append", append)
        finally:
            store.close()


if __name__ == "__main__":
    main()
