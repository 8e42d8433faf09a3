"""Eligibility checks and suggestions timed on any database, demo or province scale:

.venv/bin/emudesk demo --size province --db /tmp/province.sqlite3 --force
.venv/bin/python benchmarks/eligibility_sample.py /tmp/province.sqlite3

On the demo (2,000 people) one check stays well under the 5 ms target and suggestions under 2 s;
``run.py``'s eligibility and suggestions groups measure the province beside their floors.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date

from sqlalchemy import func, select

from emudesk.db.models import Individual, Unit
from emudesk.domain.enums import SubjectKind
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.eligibility.judge import evaluate
from emudesk.services.eligibility.suggest import suggest


def main(path: str) -> None:
    store = Store.open(path)
    on = date(2025, 12, 5)
    with store.read() as s:
        people = int(s.scalar(select(func.max(Individual.id))) or 0)
        units = list(s.scalars(select(Unit.id).where(Unit.deleted_at.is_(None), Unit.parent_id.is_not(None))))
    rng = random.Random(1)
    for code, kind, ids in (
        ("CSTD_TINH", SubjectKind.INDIVIDUAL, [rng.randint(1, people) for _ in range(200)]),
        ("CSTDCS", SubjectKind.INDIVIDUAL, [rng.randint(1, people) for _ in range(200)]),
        ("LDTT", SubjectKind.INDIVIDUAL, [rng.randint(1, people) for _ in range(200)]),
        ("TTLDTT", SubjectKind.UNIT, rng.sample(units, 50)),
    ):
        started = time.perf_counter()
        for sid in ids:  # as the GUI does: one read session per check
            with store.read() as s:
                evaluate(s, SubjectRef(kind, sid), code, on)
        per = (time.perf_counter() - started) / len(ids) * 1000
        print(f"evaluate {code:10} {per:7.2f} ms per check ({len(ids)} {kind.value} subjects)")
    for code in ("LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "BK_TINH", "GDVH"):
        started = time.perf_counter()
        with store.read() as s:
            result = suggest(s, code, 2025)
        counts = {k.value: v for k, v in result.counts.items()}
        print(f"suggest  {code:10} {time.perf_counter() - started:7.2f} s  {counts}")
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])
