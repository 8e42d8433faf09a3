"""Every label fits on a 1366×768 laptop, at 100 % and at 125 % scaling (issue 18, item 5).

Each view (every tab) and the main dialogs, opened as the menus and Ctrl+N open them, are checked
by tests/ui/label_fit.py for texts cut short and dialogs larger than the screen. 100 % runs here;
125 % runs in one subprocess whose offscreen screen reports 120 dpi on 1366×768 pixels, as Windows
does at 125 %: Qt then scales everything by 1.25 on a 1093×614 logical screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

from emudesk.ui.main_window import MainWindow
from tests.ui.conftest import wait_idle
from tests.ui.label_fit import check_window, settle

ROOT = Path(__file__).resolve().parents[2]

# The dialogs the check must have opened (a dialog that no longer opens is not "fitting").
DIALOGS = {
    "UnitDialog",
    "IndividualDialog",
    "HouseholdDialog",
    "AchievementDialog",
    "NominationDialog",
    "SessionDialog",
    "CouncilDialog",
    "AwardDialog",
    "DecisionDraftDialog",
    "AwardFormDialog",
    "ExportDialog",
    "CertificatesDialog",
    "StatisticsDialog",
    "PaperDialog",
    "ImportWizard",
    "SettingsDialog",
    "BinDialog",
    "AboutDialog",
    "ServerDialog",
    "TransferDialog",
    "ShortcutsDialog",
    "PlanReviewDialog",
}


def test_every_label_fits_at_100_percent(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # The test process's offscreen screen is 800×800: it is told to be the laptop, less its taskbar.
    laptop = QRect(0, 0, 1366, 768 - 40)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: laptop)

    def wait() -> None:
        settle()
        wait_idle(qtbot, window)

    found, seen = check_window(window, wait)
    assert set(seen) >= DIALOGS
    assert found == []


def test_every_label_fits_at_125_percent(sqlite_demo_db: Path, tmp_path: Path) -> None:
    screen = tmp_path / "laptop-125.json"
    laptop = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 120}
    screen.write_text(json.dumps({"screens": [laptop]}), encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "PYTHONPATH": str(ROOT),
        "EMUDESK_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.label_fit", str(sqlite_demo_db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["scale"] == pytest.approx(1.25)
    assert set(result["seen"]) >= DIALOGS
    assert result["found"] == []
