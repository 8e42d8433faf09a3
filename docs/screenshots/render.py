"""Render the pictures of the main views from the demo database.

    .venv/bin/python docs/screenshots/render.py              # docs/screenshots/<view>.png (README)
    .venv/bin/python docs/screenshots/render.py --guide      # resources/help/images/<view>.png (guide)
    .venv/bin/python docs/screenshots/render.py OUT --width 900 --view units --view council

Evidence files are attached to a few of the demo's achievements before the Thành tích view is
pictured (the demo attaches none). Each view is rendered by ``emudesk screenshot`` in its own
process, at 1366×768; ``--width`` then scales the picture down (the guide's are 900 px wide, in
256 colours, so the bundle stays small).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from emudesk.navigation import VIEW_KEYS  # noqa: E402
from emudesk.services.campaigns import achievements  # noqa: E402
from emudesk.services.campaigns.lists import AchievementFilter, achievement_ids  # noqa: E402
from emudesk.services.core.store import Store  # noqa: E402
from emudesk.services.demo import dataset as demo  # noqa: E402
from emudesk.services.register import choices  # noqa: E402

GUIDE_IMAGES = ROOT / "resources" / "help" / "images"


def _add_evidence(store: Store, work: Path) -> None:
    """Attach evidence files to the demo's first achievements (stored in the database)."""
    evidence = work / "Báo cáo thành tích xây dựng NTM nâng cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% demo evidence\n")
    photo = work / "Ảnh nhà văn hóa thôn.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0demo")
    with store.read() as s:
        ntm = next(c.id for c in choices.campaigns(s) if c.label.startswith("Chung sức xây dựng NTM"))
        first = achievement_ids(s, AchievementFilter(campaign_id=ntm))[:2]
    with store.write() as s:
        for aid, files in zip(first, ([evidence, photo], [evidence]), strict=False):
            for f in files:
                achievements.add_evidence(s, aid, f)


def _shrink(source: Path, target: Path, width: int) -> None:
    """``source`` scaled to ``width`` pixels and reduced to 256 colours (a few tens of kB), as ``target``."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    picture = QImage(str(source))
    if picture.isNull():
        raise OSError(f"cannot read {source}")
    small = picture.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    small = small.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    if not small.save(str(target), "PNG", 9):
        raise OSError(f"cannot write {target}")


def main(out: Path, views: list[str], width: int | None) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="emudesk-shots-") as tmp:
        work = Path(tmp)
        db = work / "demo.sqlite3"
        store = Store.open(db, create=True)
        with store.write("demo") as s:
            demo.generate(s)
        _add_evidence(store, work)
        store.close()
        out.mkdir(parents=True, exist_ok=True)
        for view in views:
            target = out / f"{view}.png"
            shot = work / f"{view}.png" if width else target
            command = [sys.executable, "-m", "emudesk", "screenshot", "--db", str(db), "--view", view]
            subprocess.run([*command, "-o", str(shot), "--force"], check=True, cwd=ROOT, env=env)
            if width:
                _shrink(shot, target, width)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="folder for the pictures")
    parser.add_argument("--guide", action="store_true", help="the user guide's pictures (900 px wide)")
    parser.add_argument("--width", type=int, help="scale the pictures to this width")
    parser.add_argument("--view", action="append", choices=VIEW_KEYS, help="only this view (repeatable)")
    args = parser.parse_args()
    folder = args.out or (GUIDE_IMAGES if args.guide else ROOT / "docs" / "screenshots")
    raise SystemExit(main(folder, args.view or list(VIEW_KEYS), args.width or (900 if args.guide else None)))
