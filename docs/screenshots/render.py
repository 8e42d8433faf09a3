"""Render the README's pictures of the main views from the demo database.

    .venv/bin/python docs/screenshots/render.py            # writes docs/screenshots/<view>.png

Evidence files live beside a database, not in it, so a few are attached to the
demo's achievements before the Thành tích view is pictured. Each view
is rendered by ``emudesk screenshot`` in its own process, at 1366×768.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from emudesk.navigation import VIEW_KEYS  # noqa: E402
from emudesk.services import achievements, choices, demo, tables  # noqa: E402
from emudesk.services.store import Store  # noqa: E402


def _add_evidence(store: Store, work: Path) -> None:
    """Attach evidence files to the demo's first achievements (stored in the database)."""
    evidence = work / "Báo cáo thành tích xây dựng NTM nâng cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% demo evidence\n")
    photo = work / "Ảnh nhà văn hóa thôn.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0demo")
    with store.read() as s:
        ntm = next(c.id for c in choices.campaigns(s) if c.label.startswith("Chung sức xây dựng NTM"))
        first = tables.achievement_ids(s, tables.AchievementFilter(campaign_id=ntm))[:2]
    with store.write() as s:
        for aid, files in zip(first, ([evidence, photo], [evidence]), strict=False):
            for f in files:
                achievements.add_evidence(s, aid, f)


def main(out: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="emudesk-shots-") as tmp:
        work = Path(tmp)
        db = work / "demo.sqlite3"
        store = Store.open(db, create=True)
        with store.write("demo") as s:
            demo.generate(s)
        _add_evidence(store, work)
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
