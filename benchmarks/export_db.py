"""A 10,000-name nomination list from the database, next to rendering the same Document alone.

    .venv/bin/python benchmarks/export_db.py [--rows 10000] [--repeat 5] [--db FILE]

Without ``--db`` it builds the demo database in a temporary folder and adds ``--rows`` submitted
nominations (people, units and households of the demo, several award forms, summaries of
realistic length) to one campaign. It then times, as medians:

* ``build``: reading the list from the database into a Document (``build_document``);
* ``render xlsx`` / ``render pdf``: the renderers alone on that same Document;
* ``export xlsx`` / ``export pdf``: ``export_document``, i.e. build + render + atomic rename.

The target is export ≈ render (the database part adds a few percent, not a second).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select

from emudesk.db.models import AwardForm, Campaign, Household, Individual, Nomination, OfferedForm, Unit
from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.export import render
from emudesk.services.core.store import Store
from emudesk.services.demo import dataset as demo
from emudesk.services.exports.documents import ExportParams, build_document, export_document

PHRASES = [
    "Hoàn thành xuất sắc nhiệm vụ năm 2025",
    "có sáng kiến được Hội đồng sáng kiến cấp cơ sở công nhận",
    "góp phần hoàn thành nhiệm vụ chung của cơ quan, đơn vị",
    "tích cực tham gia phong trào thi đua yêu nước",
    "02 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
]


def build_database(folder: Path) -> Path:
    path = folder / "bench.sqlite3"
    store = Store.open(path, create=True)
    with store.write("bench") as session:
        demo.generate(session)
    store.close()
    return path


def add_nominations(store: Store, rows: int, seed: int = 2025) -> int:
    """``rows`` submitted nominations in a campaign of their own; returns the campaign id."""
    rng = random.Random(seed)
    with store.write("bench") as s:
        source = s.scalar(select(Campaign).order_by(Campaign.id))
        assert source is not None
        campaign = Campaign(title="Phong trào thi đua dùng để đo tốc độ xuất danh sách", kind=source.kind)
        s.add(campaign)
        s.flush()
        forms = {
            kind: list(s.scalars(select(AwardForm.id).where(flag).order_by(AwardForm.sort_order).limit(4)))
            for kind, flag in (
                (SubjectKind.INDIVIDUAL, AwardForm.for_individuals),
                (SubjectKind.UNIT, AwardForm.for_units),
                (SubjectKind.HOUSEHOLD, AwardForm.for_households),
            )
        }
        s.execute(
            insert(OfferedForm),
            [
                {"campaign_id": campaign.id, "award_form_id": f}
                for f in {f for ids in forms.values() for f in ids}
            ],
        )
        people = list(s.scalars(select(Individual.id)))
        units = list(s.scalars(select(Unit.id)))
        households = list(s.scalars(select(Household.id)))
        payload = []
        for i in range(rows):
            kind = (
                SubjectKind.INDIVIDUAL
                if i % 10 < 8
                else SubjectKind.UNIT
                if i % 10 == 8
                else SubjectKind.HOUSEHOLD
            )
            subject = {
                SubjectKind.INDIVIDUAL: ("individual_id", people),
                SubjectKind.UNIT: ("unit_id", units),
                SubjectKind.HOUSEHOLD: ("household_id", households),
            }[kind]
            payload.append(
                {
                    "campaign_id": campaign.id,
                    "subject_kind": kind,
                    subject[0]: rng.choice(subject[1]),
                    "award_form_id": rng.choice(forms[kind]),
                    "proposing_unit_id": rng.choice(units),
                    "year": 2025,
                    "filed_on": date(2025, 11, 20),
                    "status": NominationStatus.SUBMITTED,
                    "summary": "; ".join(PHRASES[: 1 + i % len(PHRASES)]) + ".",
                }
            )
        s.execute(insert(Nomination), payload)
        count = s.scalar(select(func.count()).where(Nomination.campaign_id == campaign.id))
        assert count == rows
        return campaign.id


def median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--db", type=Path, help="an existing database to copy the demo from (default: build one)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="emudesk-bench-") as tmp:
        folder = Path(tmp)
        if args.db:
            path = folder / "bench.sqlite3"
            path.write_bytes(args.db.read_bytes())
        else:
            print("building the demo database…", file=sys.stderr)
            path = build_database(folder)
        store = Store.open(path)
        try:
            campaign_id = add_nominations(store, args.rows)
            params = ExportParams(campaign_id=campaign_id, issued_on=date(2026, 3, 2))

            def build() -> object:
                with store.read() as s:
                    return build_document(s, "nominations", params)

            document = build()
            out = folder / "out"
            out.mkdir()
            results = {"build (query + Document)": median(build, args.repeat)}
            for fmt in ("xlsx", "pdf"):
                results[f"render {fmt} (renderer alone)"] = median(
                    lambda fmt=fmt: render(document, out / f"r.{fmt}"),
                    args.repeat,  # type: ignore[arg-type]
                )
                results[f"export {fmt} (build + render)"] = median(
                    lambda fmt=fmt: export_document(store, "nominations", params, out / f"e.{fmt}"),
                    args.repeat,
                )
        finally:
            store.close()
    print(f"{args.rows:,}-row nomination list, median of {args.repeat} runs")
    for name, seconds in results.items():
        print(f"  {name:<32} {seconds:7.3f} s")
    for fmt in ("xlsx", "pdf"):
        ratio = results[f"export {fmt} (build + render)"] / results[f"render {fmt} (renderer alone)"]
        print(f"  export/render {fmt}: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
