"""The window's backups: File ▸ Restore from a backup…, automatic backups on closing and once a day,
the status bar's last backup, the overview's warning, and the folder chosen in Settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMenu, QMessageBox
from sqlalchemy import select, update

from emudesk import paths
from emudesk.db.models import Individual
from emudesk.services.backups import archive, schedule
from emudesk.services.core.store import Store
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.individuals_view import IndividualsView
from emudesk.ui.views.workspace.overview_view import OverviewView
from emudesk.ui.views.workspace.settings_dialog import SettingsDialog
from tests.ui.conftest import Boxes, wait_idle


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Per-computer backup settings of this test's own."""
    home = tmp_path / "home"
    monkeypatch.setenv("EMUDESK_HOME", str(home))
    return home


def names(view: IndividualsView) -> list[str]:
    return [str(view.model.cells(r)[0]) for r in range(view.model.rowCount())]


def click_menu_item(qtbot, window: MainWindow, menu_title: str, item_text: str) -> None:  # type: ignore[no-untyped-def]
    """Open a menu of the menu bar with the mouse and click one of its items."""
    bar = window.menuBar()
    top = next(a for a in bar.actions() if a.text() == menu_title)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    menu = top.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    item = next(a for a in menu.actions() if a.text() == item_text)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())


def type_into_file_dialog(path: Path) -> list[str]:
    """When Qt's own file dialog comes up, type the name of ``path`` (in the folder the dialog opens
    in) into its name box and press Return."""
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append(dialog.windowTitle())
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        assert Path(dialog.directory().absolutePath()) == path.parent
        QTest.keyClicks(edit, path.name)
        popup = edit.completer().popup()
        if popup.isVisible():  # the name's completions: close them as a user would
            QTest.keyClick(popup, Qt.Key.Key_Escape)
        QTest.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    return seen


@pytest.mark.sqlite_only("backups and restores of an SQLite file (a server is backed up by pg_dump)")
def test_restore_from_the_file_menu_brings_the_old_data_back_into_the_window(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    database = window.store.path
    assert database is not None
    view = window.show_view("individuals")
    assert isinstance(view, IndividualsView)
    wait_idle(qtbot, window)
    with window.store.read() as s:
        original = str(s.scalar(select(Individual.full_name).where(Individual.id == 1)))
    backup = schedule.make_backup(window.store, paths.backups_dir() / "demo-backup.zip").path
    with window.store.write() as s:
        s.execute(update(Individual).where(Individual.id == 1).values(full_name="Người Đã Sửa"))
    window.refresh()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "Người Đã Sửa" in names(view))

    boxes.answer = QMessageBox.StandardButton.Yes
    seen = type_into_file_dialog(backup)
    click_menu_item(qtbot, window, "&Tệp", "&Khôi phục từ bản sao lưu…")
    wait_idle(qtbot, window)

    assert seen == ["Khôi phục từ bản sao lưu"]
    question = boxes.texts[0]
    assert "Thay demo.sqlite3 bằng bản sao lưu tạo lúc" in question
    assert "2000 cá nhân" in question and "tệp minh chứng" in question
    [kept] = database.parent.glob("demo.before-restore-*.sqlite3")
    assert str(kept) in boxes.texts[-1]
    restored = window.current_view()
    assert isinstance(restored, IndividualsView) and restored is not view
    qtbot.waitUntil(lambda: restored.model.rowCount() == 2000)
    shown = names(restored)
    assert original in shown and "Người Đã Sửa" not in shown
    assert window.store.path == database and window.menuBar().isEnabled()


@pytest.mark.sqlite_only("backups and restores of an SQLite file (a server is backed up by pg_dump)")
def test_a_refused_backup_leaves_the_window_on_its_database(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    text = paths.backups_dir() / "ghi-chu.zip"
    text.parent.mkdir(parents=True)
    text.write_text("không phải bản sao lưu", encoding="utf-8")
    store = window.store
    type_into_file_dialog(text)
    click_menu_item(qtbot, window, "&Tệp", "&Khôi phục từ bản sao lưu…")
    wait_idle(qtbot, window)
    assert any("không phải bản sao lưu" in w for w in boxes.warnings())
    assert window.store is store and window.current_view() is not None


@pytest.fixture
def own_window(
    qtbot, sqlite_demo_store: Store, ui_settings: AppSettings, boxes: Boxes
) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(sqlite_demo_store, settings=ui_settings)
    qtbot.addWidget(win)
    win.show()
    wait_idle(qtbot, win)
    yield win
    win.tasks.shutdown()


def test_closing_the_window_writes_a_verified_automatic_backup(
    qtbot, own_window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    schedule.set_automatic_folder(folder)
    database = own_window.store.path
    assert database is not None
    assert own_window.auto_backup.label.text() == "Sao lưu gần nhất: chưa có"
    assert own_window.close()
    [backup] = folder.glob("demo-auto-*.zip")
    assert archive.verify(backup).counts["individuals"] == 2000
    assert schedule.last_good_backup(database) is not None
    assert boxes.shown == []


def test_a_failed_automatic_backup_never_blocks_closing_and_is_told_once(
    qtbot, own_window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    schedule.set_automatic_folder(tmp_path / "usb-unplugged")
    own_window.auto_backup.timer.timeout.emit()  # the daily check while the window is open
    wait_idle(qtbot, own_window)
    assert len(boxes.warnings()) == 1 and "USB" in boxes.warnings()[0]
    assert own_window.close()  # closing tries again, fails again, and closes anyway
    assert len(boxes.warnings()) == 1
    assert not own_window.isVisible()


def test_the_daily_backup_runs_once_and_the_status_bar_and_overview_say_so(
    qtbot, own_window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    overview = own_window.show_view("overview")
    assert isinstance(overview, OverviewView)
    assert overview.backup_warning.isVisible() and "chưa từng được sao lưu" in overview.backup_warning.text()
    folder = tmp_path / "usb"
    folder.mkdir()
    schedule.set_automatic_folder(folder)
    own_window.auto_backup.timer.timeout.emit()
    wait_idle(qtbot, own_window)
    assert len(list(folder.glob("demo-auto-*.zip"))) == 1
    assert not overview.backup_warning.isVisible()  # told as soon as the backup is made
    assert own_window.auto_backup.label.text().startswith("Sao lưu gần nhất: ")
    assert "chưa có" not in own_window.auto_backup.label.text()
    own_window.auto_backup.timer.timeout.emit()  # within the day: nothing more
    wait_idle(qtbot, own_window)
    assert len(list(folder.glob("demo-auto-*.zip"))) == 1
    schedule.set_automatic_folder(None)  # closing the window need not back up again here


@pytest.mark.sqlite_only("backups and restores of an SQLite file (a server is backed up by pg_dump)")
def test_settings_warn_when_the_backup_folder_is_on_the_database_disk(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    database = window.store.path
    assert database is not None
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    same = tmp_path / "backups-here"
    same.mkdir()
    dialog.backup_folder.setFocus()
    QTest.keyClicks(dialog.backup_folder, str(same))
    assert dialog.backup_warning.isVisible()
    assert "ổ khác hoặc USB" in dialog.backup_warning.text()
    dialog.backup_folder.clear()
    QTest.keyClicks(dialog.backup_folder, str(tmp_path / "missing"))
    assert "USB" in dialog.backup_warning.text()
    dialog.backup_folder.clear()
    QTest.keyClicks(dialog.backup_folder, str(same))
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert schedule.automatic_folder() == same
