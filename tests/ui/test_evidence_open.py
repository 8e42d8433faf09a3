"""Evidence files from the achievements screen, by hand: attached into the database (once per
content, within the size limit), opened from a private copy and never run (issue 19, item 7),
removed and brought back by undo (issue 13, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from sqlalchemy import func, select

from emudesk.db.models import Achievement, EvidenceBlob
from emudesk.services.campaigns import achievements
from emudesk.services.core.store import set_setting
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.campaigns.achievements_view import AchievementsView
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_by_hand import click_row


@pytest.fixture(autouse=True)
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The private copies opened evidence files are written to go under this test's folder."""
    import tempfile

    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize(("name", "opens_file"), [("cai-dat.exe", False), ("Biên bản.pdf", True)])
def test_open_file_opens_documents_and_only_the_folder_of_a_program(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, opens_file: bool
) -> None:
    source = tmp_path / name
    source.write_bytes(b"MZ\x90\x00" + name.encode())
    with window.store.write() as s:
        ach = s.scalars(
            select(Achievement).where(Achievement.deleted_at.is_(None), Achievement.campaign_id.is_not(None))
        ).first()
        assert ach is not None
        aid, cid = ach.id, ach.campaign_id
        achievements.add_evidence(s, aid, source)
    view = window.show_view("achievements")
    assert isinstance(view, AchievementsView)
    view.open_item(cid)
    wait_idle(qtbot, window)
    click_row(qtbot, view.table, view.model.row_of(aid))
    wait_idle(qtbot, window)
    files = view.files
    row = next(r for r in range(files.model.rowCount()) if files.model.row_values(r)[0] == name)
    click_row(qtbot, files.table, row)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    button = next(b for b in view.findChildren(QPushButton) if b.text() == "Mở tệp")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    target = Path(opened[0])
    if opens_file:
        assert target.is_file() and target.read_bytes() == source.read_bytes()
    else:
        # A private temporary folder holding the copy, stored as data.
        assert target.is_dir() and [p.suffix for p in target.iterdir()] == [".bin"]
        assert [p.read_bytes() for p in target.iterdir()] == [source.read_bytes()]


def press(window: MainWindow, button_text: str) -> None:
    view = window.show_view("achievements")
    button = next(b for b in view.findChildren(QPushButton) if b.text() == button_text and b.isVisible())
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def blob_count(window: MainWindow) -> int:
    with window.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(EvidenceBlob)) or 0)


def test_attach_open_remove_and_undo_by_hand(
    qtbot,
    window: MainWindow,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    own_temp: Path,
) -> None:
    with window.store.read() as s:
        ach = s.scalars(
            select(Achievement).where(Achievement.deleted_at.is_(None), Achievement.campaign_id.is_not(None))
        ).first()
        assert ach is not None
        aid, cid = ach.id, ach.campaign_id
    blobs_before = blob_count(window)
    view = window.show_view("achievements")
    assert isinstance(view, AchievementsView)
    view.open_item(cid)
    wait_idle(qtbot, window)
    click_row(qtbot, view.table, view.model.row_of(aid))
    wait_idle(qtbot, window)
    files = view.files
    rows_before = files.model.rowCount()

    scan = tmp_path / "Biên bản kiểm tra.pdf"
    scan.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 100)
    chosen: list[list[str]] = [[str(scan)], [str(scan)]]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (chosen.pop(0), ""))
    press(window, "Thêm tệp…")
    wait_idle(qtbot, window)
    press(window, "Thêm tệp…")  # the same scan again: a second row, the content stored once
    wait_idle(qtbot, window)
    assert files.model.rowCount() == rows_before + 2
    assert blob_count(window) == blobs_before + 1

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    row = next(r for r in range(files.model.rowCount()) if files.model.row_values(r)[0] == scan.name)
    click_row(qtbot, files.table, row)
    press(window, "Mở tệp")
    assert len(opened) == 1 and Path(opened[0]).read_bytes() == scan.read_bytes()
    # A private copy in the temporary folder, nothing beside the database.
    assert Path(opened[0]).name == scan.name
    assert Path(opened[0]).parent.parent == own_temp
    assert Path(opened[0]).parent.name.startswith("emudesk-evidence-")
    database = window.store.path
    assert database is None or not database.with_name(database.stem + "-files").exists()

    # Over the limit in Settings: refused with the limit and the size, nothing attached.
    with window.store.write() as s:
        set_setting(s, achievements.EVIDENCE_LIMIT_KEY, 1)
    big = tmp_path / "Ảnh quét.jpg"
    big.write_bytes(b"\xff" * (1024 * 1024 + 1))
    chosen.append([str(big)])
    press(window, "Thêm tệp…")
    wait_idle(qtbot, window)
    assert any("Ảnh quét.jpg" in t and "1 MB" in t for t in boxes.warnings()), boxes.shown
    assert files.model.rowCount() == rows_before + 2 and blob_count(window) == blobs_before + 1

    # Removed by hand, then brought back with Ctrl+Z: its content was kept for the undo.
    boxes.answer = QMessageBox.StandardButton.Yes
    click_row(qtbot, files.table, row)
    press(window, "Gỡ bỏ")
    wait_idle(qtbot, window)
    assert files.model.rowCount() == rows_before + 1
    boxes.answer = None
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: files.model.rowCount() == rows_before + 2, timeout=5_000)
    row = next(r for r in range(files.model.rowCount()) if files.model.row_values(r)[0] == scan.name)
    click_row(qtbot, files.table, row)
    press(window, "Mở tệp")
    assert len(opened) == 2 and Path(opened[1]).read_bytes() == scan.read_bytes()


def test_the_size_limit_is_set_in_settings_by_hand(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from emudesk.ui.views.workspace.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.evidence_limit.value() == 20
    dialog.evidence_limit.setFocus()
    QTest.keyClick(dialog.evidence_limit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dialog.evidence_limit, "5")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    with window.store.read() as s:
        assert achievements.evidence_limit(s) == 5 * 1024 * 1024
