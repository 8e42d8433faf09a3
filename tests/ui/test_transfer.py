"""File ▸ Chuyển dữ liệu lên máy chủ…: the dialog typed into by hand, the copy off the UI thread
with its progress dialog, and Cancel leaving the destination as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QProgressDialog, QPushButton
from sqlalchemy import create_engine

from emudesk.db.engine import to_url
from emudesk.services.transfer.digest import TableDigest, plain_tables, select_rows
from emudesk.ui.main_window import MainWindow
from emudesk.ui.transfer_dialog import TransferDialog
from tests.cli.running import target_of
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_backups import click_menu_item

MENU_ITEM = "Chuyển &dữ liệu lên máy chủ…"


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("EMUDESK_HOME", str(home))
    return home


def rows_of(target: str | Path) -> dict[str, tuple[int, str]]:
    """Each table's row count and checksum over its values as the copy compares them, so that a
    server's rows and a file's compare alike (the drivers give the same value different types)."""
    engine = create_engine(to_url(target))
    try:
        with engine.connect() as conn:
            out = {}
            for table in plain_tables():
                digest = TableDigest(table)
                digest.add(conn.execute(select_rows(table, conn.dialect.name)).all())
                out[table.name] = (digest.rows, digest.hexdigest())
            return out
    finally:
        engine.dispose()


def fill_transfer_dialog(destination: str) -> list[str]:
    """When the dialog comes up: click into the destination box, type, and click Transfer."""
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TransferDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append(dialog.windowTitle())
        edit = dialog.findChild(QLineEdit, "transfer_target")
        assert edit is not None
        QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
        QTest.keyClicks(edit, destination)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append(ok.text())
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    return seen


def test_the_file_menu_transfers_the_open_database_to_a_file(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "office.sqlite3"
    target.parent.mkdir()
    source = rows_of(target_of(window.store))

    seen = fill_transfer_dialog(str(target))
    click_menu_item(qtbot, window, "&Tệp", MENU_ITEM)
    qtbot.waitUntil(lambda: bool(boxes.texts), timeout=120_000)
    wait_idle(qtbot, window)

    assert seen == ["Chuyển dữ liệu", "Bắt đầu chuyển"]
    assert boxes.texts[-1].startswith("Đã chép") and "mọi bảng đều đã được kiểm tra" in boxes.texts[-1]
    assert rows_of(target) == source
    assert sorted(p.name for p in target.parent.iterdir()) == ["office.sqlite3"]


def test_cancel_in_the_progress_dialog_leaves_no_destination(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "office.sqlite3"
    target.parent.mkdir()

    fill_transfer_dialog(str(target))
    click_menu_item(qtbot, window, "&Tệp", MENU_ITEM)

    def progress_dialog() -> QProgressDialog | None:
        for task in window.tasks.running():
            if task.dialog is not None and task.dialog.isVisible():
                return task.dialog
        return None

    qtbot.waitUntil(lambda: progress_dialog() is not None, timeout=30_000)
    dialog = progress_dialog()
    assert dialog is not None
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(boxes.texts), timeout=60_000)
    wait_idle(qtbot, window)

    assert boxes.texts == ["Đã hủy việc chuyển dữ liệu; nơi nhận được giữ nguyên như trước."]
    assert list(target.parent.iterdir()) == []


def test_the_password_typed_goes_into_the_server_url(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = TransferDialog(None, "demo.sqlite3")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.target.hasFocus())
    QTest.keyClicks(dialog.target, "postgresql://vanthu@192.168.1.10:5433/thiduua")
    QTest.keyClick(dialog.target, Qt.Key.Key_Tab)
    assert dialog.password.hasFocus()
    QTest.keyClicks(dialog.password, "m@t:khau/1")
    assert dialog.destination() == "postgresql://vanthu:m%40t%3Akhau%2F1@192.168.1.10:5433/thiduua"
    dialog.password.clear()
    assert dialog.destination() == "postgresql://vanthu@192.168.1.10:5433/thiduua"
