"""The window's save dialogs, driven as a clerk does: a path typed into the dialog, Return, "Yes"
to Qt's "replace it?", and the refusal read off the message box that follows; the database
reads back as it was (issue 19, item 1).

Offscreen there is no platform file dialog, so the static ``QFileDialog.getSaveFileName`` the
app calls (no DontUseNativeDialog anywhere, nothing forcing a native one) shows Qt's own widget
dialog, modal: found with ``QApplication.activeModalWidget()`` from a timer and typed into.
No message box is patched here: the refusal is a real modal box, answered by a real click.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QWizard,
)
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot

from emudesk.services.core.store import Store
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.export_dialog import ExportDialog
from emudesk.ui.import_wizard.base import PAGE_MAPPING, PAGE_PREVIEW
from emudesk.ui.import_wizard.wizard import ImportWizard, open_import_wizard
from emudesk.ui.main_window import MainWindow
from tests.services.imports.builders import make_office, staff_list, staff_rows
from tests.snapshot import Snapshot, snapshot
from tests.ui.conftest import wait_idle


class Clerk:
    """Answers the modal widgets the app opens, from a timer, with keys and clicks.

    Attributes:
        replace_asked: the texts of Qt's "already exists; replace it?" boxes (answered Yes).
        told: the texts of the app's own message boxes (answered OK).
        dialogs: how many file dialogs were typed into.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.replace_asked: list[str] = []
        self.told: list[str] = []
        self.dialogs = 0
        self._seen: set[int] = set()
        # PySide invalidates the wrapper of a widget Qt created (the dialog's line edit, a box's
        # button) once its parent's wrapper is collected: hold both until the answer is given.
        self._held: list[object] = []
        self._busy = False
        self.log: list[str] = []
        self._ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _later(self, *held: object, action: Callable[[], None]) -> None:
        # An answer may open another modal loop (Return opens "replace it?"): run it from a fresh
        # timer, so this one is free to fire inside that loop.
        self._busy = True
        self._held = list(held)

        def run() -> None:
            self._busy = False
            action()

        QTimer.singleShot(0, run)

    def _tick(self) -> None:
        if self._busy:
            return
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, QFileDialog | QMessageBox) or not modal.isVisible():
            return  # nothing to answer (a task's progress dialog runs by itself)
        self._ticks += 1
        if self._ticks > 250:  # five seconds on one modal widget: give up rather than hang the run
            self.log.append(f"gave up on {type(modal).__name__}")
            self._later(modal, action=modal.reject if isinstance(modal, QDialog) else modal.close)
            return
        key = shiboken6.getCppPointer(modal)[0]
        self.log.append(type(modal).__name__)
        if isinstance(modal, QFileDialog):
            edit = modal.findChild(QLineEdit, "fileNameEdit")
            assert edit is not None, "not Qt's widget dialog: a native one cannot be typed into"
            self._held = [modal, edit]
            if not edit.hasFocus():
                # The dialog drops what it selected while the name was typed only if its name box
                # has the focus; offscreen a window is active only once asked to be.
                modal.activateWindow()
                edit.setFocus()
            elif key not in self._seen:
                self._seen.add(key)
                self.dialogs += 1
                QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                QTest.keyClicks(edit, self.path)
            elif modal.selectedFiles() != [self.path]:
                # What Return would choose is not what was typed: type it again.
                self.log.append(f"retype: {modal.selectedFiles()}")
                QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                QTest.keyClicks(edit, self.path)
            else:  # Return in the name box: the completer's list, if open, lets it through
                self._later(modal, edit, action=lambda: QTest.keyClick(edit, Qt.Key.Key_Return))
        elif isinstance(modal, QMessageBox) and key not in self._seen:
            self._seen.add(key)
            if isinstance(modal.parent(), QFileDialog):
                self.replace_asked.append(modal.text())
                button = modal.button(QMessageBox.StandardButton.Yes)
            else:
                self.told.append(modal.text())
                button = modal.button(QMessageBox.StandardButton.Ok) or modal.defaultButton()
            assert button is not None
            self._later(modal, button, action=lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton))

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def clerk() -> Iterator[Callable[[Path], Clerk]]:
    made: list[Clerk] = []

    def make(path: Path) -> Clerk:
        made.append(Clerk(str(path)))
        return made[-1]

    yield make
    for c in made:
        c.stop()


@pytest.fixture
def real_window(qtbot: QtBot, sqlite_demo_store: Store, tmp_path: Path) -> Iterator[MainWindow]:
    """The window on a copy of the demo, with real message boxes (the ``window`` fixture fakes them)."""
    win = MainWindow(sqlite_demo_store, settings=AppSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    yield win
    win.tasks.shutdown()


def _click_menu(qtbot: QtBot, owner: QMenuBar | QMenu, text: str) -> QMenu | None:
    """Click the entry called ``text`` (mnemonic ampersands ignored); the submenu it opens, if any."""
    action = next(a for a in owner.actions() if a.text().replace("&", "") == text)
    QTest.mouseClick(owner, Qt.MouseButton.LeftButton, pos=owner.actionGeometry(action).center())
    menu = action.menu()
    if menu is not None:
        qtbot.waitUntil(menu.isVisible)
    return menu


def _database_as_it_was(store: Store, before: Snapshot) -> None:
    with store.read() as s:
        assert snapshot(s) == before


def _wait_told(qtbot: QtBot, clerk: Clerk) -> str:
    """The one message the app showed, once the clerk has answered it."""
    with contextlib.suppress(TimeoutError):
        qtbot.waitUntil(lambda: bool(clerk.told) or "gave up" in " ".join(clerk.log), timeout=15_000)
    assert clerk.told, clerk.log[-20:]
    assert len(clerk.told) == 1, clerk.told
    return clerk.told[0]


def test_exporting_the_list_into_a_folder_that_does_not_exist_is_refused(
    qtbot: QtBot,
    real_window: MainWindow,
    sqlite_demo_store: Store,
    tmp_path: Path,
    clerk: Callable[[Path], Clerk],
) -> None:
    view = real_window.show_view("individuals")
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() > 0)  # type: ignore[attr-defined]
    with sqlite_demo_store.read() as s:
        before = snapshot(s)
    target = tmp_path / "khong-co" / "ds.xlsx"
    answers = clerk(target)
    file_menu = _click_menu(qtbot, real_window.menuBar(), "Tệp")
    assert file_menu is not None
    export_menu = _click_menu(qtbot, file_menu, "Xuất")
    assert export_menu is not None
    _click_menu(qtbot, export_menu, "Danh sách đang xem…")
    told = _wait_told(qtbot, answers)
    wait_idle(qtbot, real_window)
    assert answers.dialogs == 1 and answers.replace_asked == []
    assert told == f"Thư mục “{target.parent}” không tồn tại."
    assert not target.parent.exists()
    _database_as_it_was(sqlite_demo_store, before)


def test_the_export_dialog_refuses_a_folder_that_does_not_exist(
    qtbot: QtBot, sqlite_demo_store: Store, tmp_path: Path, clerk: Callable[[Path], Clerk]
) -> None:
    dialog = ExportDialog(sqlite_demo_store, kind="nominations", campaign_id=4)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=15_000)
    with sqlite_demo_store.read() as s:
        before = snapshot(s)
    target = tmp_path / "khong-co" / "ds.pdf"
    answers = clerk(target)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    told = _wait_told(qtbot, answers)
    qtbot.waitUntil(dialog.export_button.isEnabled)
    assert answers.dialogs == 1 and answers.replace_asked == []
    assert told == f"Thư mục “{target.parent}” không tồn tại."
    assert not target.parent.exists() and dialog.last_export is None
    _database_as_it_was(sqlite_demo_store, before)


def test_backing_up_onto_the_open_database_is_refused(
    qtbot: QtBot, real_window: MainWindow, sqlite_demo_store: Store, clerk: Callable[[Path], Clerk]
) -> None:
    assert sqlite_demo_store.path is not None
    with sqlite_demo_store.read() as s:
        before = snapshot(s)
    answers = clerk(sqlite_demo_store.path)
    file_menu = _click_menu(qtbot, real_window.menuBar(), "Tệp")
    assert file_menu is not None
    _click_menu(qtbot, file_menu, "Sao lưu cơ sở dữ liệu…")
    told = _wait_told(qtbot, answers)
    wait_idle(qtbot, real_window)
    assert answers.dialogs == 1 and len(answers.replace_asked) == 1
    assert told == f"“{sqlite_demo_store.path}” là cơ sở dữ liệu đang dùng; hãy chọn tên tệp khác."
    _database_as_it_was(sqlite_demo_store, before)


def test_a_name_the_export_adds_an_extension_to_is_asked_about_before_it_is_replaced(
    qtbot: QtBot, real_window: MainWindow, tmp_path: Path, clerk: Callable[[Path], Clerk]
) -> None:
    # "ds" does not exist, so Qt asks nothing; the export writes "ds.xlsx", the clerk's own file.
    own = tmp_path / "ds.xlsx"
    own.write_bytes(b"the clerk's own workbook")
    view = real_window.show_view("individuals")
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() > 0)  # type: ignore[attr-defined]
    answers = clerk(tmp_path / "ds")
    file_menu = _click_menu(qtbot, real_window.menuBar(), "Tệp")
    assert file_menu is not None
    export_menu = _click_menu(qtbot, file_menu, "Xuất")
    assert export_menu is not None
    _click_menu(qtbot, export_menu, "Danh sách đang xem…")
    told = _wait_told(qtbot, answers)  # answered with its default button, No
    wait_idle(qtbot, real_window)
    assert answers.replace_asked == []
    assert told == "Tệp “ds.xlsx” đã có. Bạn có muốn ghi đè lên tệp đó không?"
    assert own.read_bytes() == b"the clerk's own workbook"


def test_the_export_dialog_asks_before_replacing_the_name_it_completed(
    qtbot: QtBot, sqlite_demo_store: Store, tmp_path: Path, clerk: Callable[[Path], Clerk]
) -> None:
    own = tmp_path / "ds.pdf"
    own.write_bytes(b"%PDF- the clerk's own letter")
    dialog = ExportDialog(sqlite_demo_store, kind="nominations", campaign_id=4)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=15_000)
    answers = clerk(tmp_path / "ds")
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    told = _wait_told(qtbot, answers)
    assert told == "Tệp “ds.pdf” đã có. Bạn có muốn ghi đè lên tệp đó không?"
    assert dialog.export_task is None and dialog.last_export is None
    assert own.read_bytes() == b"%PDF- the clerk's own letter"


def test_the_error_report_onto_the_file_being_imported_is_refused(
    qtbot: QtBot, sqlite_store: Store, tmp_path: Path, clerk: Callable[[Path], Clerk]
) -> None:
    make_office(sqlite_store)
    rows = staff_rows()
    rows[2][2] = "31/02/1980"
    source = staff_list(tmp_path / "ds.xlsx", rows)
    kept = source.read_bytes()
    open_import_wizard(None, sqlite_store, kind="individuals")
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard) and w.isVisible())
    try:
        qtbot.waitUntil(lambda: wizard.tasks.idle, timeout=10_000)
        wizard.file_page.path_edit.setFocus()
        QTest.keyClicks(wizard.file_page.path_edit, str(source))
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        for page in (PAGE_MAPPING, PAGE_PREVIEW):
            QTest.mouseClick(next_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda page=page: wizard.currentId() == page, timeout=20_000)
        with sqlite_store.read() as s:
            before = snapshot(s)
        answers = clerk(source)
        QTest.mouseClick(wizard.preview_page.report_button, Qt.MouseButton.LeftButton)
        told = _wait_told(qtbot, answers)
        assert len(answers.replace_asked) == 1 and "ds.xlsx" in answers.replace_asked[0]
        assert told == f"Không ghi được {source}: “{source}” là tệp đang được đọc; hãy chọn tên tệp khác."
        assert source.read_bytes() == kept
        _database_as_it_was(sqlite_store, before)
    finally:
        wizard.tasks.shutdown()
        wizard.done(0)
