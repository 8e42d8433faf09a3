"""Render the README's pictures of the main views from the demo database.

    .venv/bin/python docs/screenshots/render.py            # writes docs/screenshots/<view>.png

The demo data set has no achievements, so a few are added (with an evidence
file) through the services before the Thành tích view is pictured. Each view
is rendered by ``emudesk screenshot`` in its own process, at 1366×768.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from emudesk.domain.enums import SubjectKind  # noqa: E402
from emudesk.navigation import VIEW_KEYS  # noqa: E402
from emudesk.services import achievements, choices, demo, tables  # noqa: E402
from emudesk.services.achievements import AchievementInput  # noqa: E402
from emudesk.services.common import SubjectRef  # noqa: E402
from emudesk.services.store import Store  # noqa: E402


def _add_achievements(store: Store, work: Path) -> None:
    with store.read() as s:
        ntm = next(c.id for c in choices.campaigns(s) if c.label.startswith("Chung sức xây dựng NTM"))
        criteria = {c.text[:40]: c.id for c in choices.criteria(s, ntm)}
        communes = [
            u for u in choices.units(s) if u.name.startswith("Ủy ban nhân dân xã") and not u.dissolved
        ]
        people = tables.individual_ids(s, tables.IndividualFilter(search="nguyen van"))[:2]

    def crit(prefix: str) -> list[int]:
        return [cid for text, cid in criteria.items() if text.startswith(prefix)]

    evidence = work / "Báo cáo thành tích xây dựng NTM nâng cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% demo evidence\n")
    photo = work / "Ảnh nhà văn hóa thôn.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0demo")
    samples = [
        (
            SubjectRef(SubjectKind.UNIT, communes[0].id),
            "Đạt chuẩn nông thôn mới nâng cao năm 2024",
            "Hoàn thành 19/19 tiêu chí NTM nâng cao; không nợ đọng xây dựng cơ bản.",
            crit("Đạt chuẩn nông thôn mới nâng cao")
            + crit("Không nợ đọng xây dựng cơ bản trong xây dựng nông thôn mới nâng"),
            {
                "Thu nhập bình quân": {"value": 72.5, "unit": "triệu đồng/người/năm"},
                "Tỷ lệ hộ nghèo": {"value": 0.8, "unit": "%"},
            },
            [evidence, photo],
        ),
        (
            SubjectRef(SubjectKind.UNIT, communes[1].id),
            "Xã nông thôn mới kiểu mẫu",
            "Mô hình khu dân cư kiểu mẫu ở 5/7 thôn; đường giao thông nông thôn được cứng hóa 100%.",
            crit("Đạt chuẩn nông thôn mới kiểu mẫu"),
            {"Thôn đạt khu dân cư kiểu mẫu": {"value": 5, "unit": "thôn"}},
            [evidence],
        ),
        (
            SubjectRef(SubjectKind.INDIVIDUAL, people[0]),
            "Hiến đất làm đường giao thông liên thôn",
            "Tự nguyện hiến 320 m² đất và vận động 12 hộ cùng tham gia.",
            crit("Tích cực đóng góp về công sức"),
            {"Diện tích đất hiến": {"value": 320, "unit": "m²"}},
            [],
        ),
    ]
    with store.write() as s:
        for subject, title, summary, criterion_ids, figures, files in samples:
            aid = achievements.create_achievement(
                s,
                AchievementInput(
                    subject=subject,
                    campaign_id=ntm,
                    year=2024,
                    title=title,
                    summary=summary,
                    criterion_ids=criterion_ids,
                    figures=figures,
                ),
            )
            for f in files:
                achievements.add_evidence(s, aid, f, store.files_dir())


def main(out: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="emudesk-shots-") as tmp:
        work = Path(tmp)
        db = work / "demo.sqlite3"
        store = Store.open(db, create=True)
        with store.write("demo") as s:
            demo.generate(s)
        _add_achievements(store, work)
        store.close()
        out.mkdir(parents=True, exist_ok=True)
        for view in VIEW_KEYS:
            target = out / f"{view}.png"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "emudesk",
                    "screenshot",
                    "--db",
                    str(db),
                    "--view",
                    view,
                    "-o",
                    str(target),
                ],
                check=True,
                cwd=ROOT,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
