"""Ctrl+Z undoes the window's last change of any kind, Ctrl+Shift+Z redoes it; the Edit menu names it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import func, select

from emudesk.db.changes_capture import ChangeSet
from emudesk.db.models import Individual, Nomination
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.enums import SubjectKind
from emudesk.services.core.history import UndoEntry
from emudesk.services.core.store import Store
from emudesk.services.nominations.workflow import transition
from emudesk.services.register import individuals
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.import_wizard.base import PAGE_CONFIRM, PAGE_MAPPING, PAGE_PREVIEW, PAGE_SUMMARY
from emudesk.ui.import_wizard.wizard import ImportWizard, open_import_wizard
from emudesk.ui.main_window import MainWindow
from emudesk.ui.operations import register as register_ops
from emudesk.ui.operations import workflow as workflow_ops
from tests.cli.running import target_of
from tests.factories import nominate, snn_department
from tests.services.imports.builders import make_office, staff_list
from tests.snapshot import snapshot
from tests.ui.conftest import Boxes, wait_idle

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def office_window(  # type: ignore[no-untyped-def]
    qtbot, sqlite_store: Store, ui_settings: AppSettings, boxes: Boxes
) -> Iterator[MainWindow]:
    """A window on a small office (units only), so an import has names to find."""
    make_office(sqlite_store)
    win = MainWindow(sqlite_store, settings=ui_settings)
    qtbot.addWidget(win)
    win.show()
    wait_idle(qtbot, win)
    yield win
    win.tasks.shutdown()


def _snap(store: Store) -> dict[str, dict[tuple[object, ...], tuple[object, ...]]]:
    with store.read() as s:
        return snapshot(s)


def _people(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Individual)) or 0)


def _press(qtbot, window: MainWindow, *modifiers: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    combined = Qt.KeyboardModifier.NoModifier
    for m in modifiers:
        combined |= m
    # Window shortcuts reach the active window only (a closed wizard may have left none active).
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    QTest.keyClick(window, Qt.Key.Key_Z, combined)
    wait_idle(qtbot, window)


def _import_staff_list(qtbot, window: MainWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    open_import_wizard(window, window.store, kind="individuals")
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard) and w.isVisible())
    wizard.file_page.path_edit.setText(str(path))
    for page in (PAGE_MAPPING, PAGE_PREVIEW, PAGE_CONFIRM, PAGE_SUMMARY):
        wizard.next()  # on the last step, Next is the "Nhập" button
        qtbot.waitUntil(lambda p=page: wizard.currentId() == p, timeout=20_000)
    assert wizard.outcome is not None and wizard.outcome.committed
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
    wait_idle(qtbot, window)


def test_ctrl_z_undoes_an_import_and_ctrl_shift_z_redoes_it(
    qtbot, office_window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, store = office_window, office_window.store
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Hoàn tác"
    before = _snap(store)
    _import_staff_list(qtbot, window, staff_list(tmp_path / "ds.xlsx"))
    imported = _snap(store)
    assert _people(store) == 4
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Hoàn tác: Nhập cá nhân từ ds.xlsx (4 dòng)"

    _press(qtbot, window, CTRL)
    assert _people(store) == 0
    assert _snap(store) == before  # every table as before the import (the audit log keeps both)
    assert window.redo_action.isEnabled()
    assert window.redo_action.text() == "&Làm lại: Nhập cá nhân từ ds.xlsx (4 dòng)"
    assert not window.undo_action.isEnabled()

    _press(qtbot, window, CTRL, SHIFT)
    assert _snap(store) == imported  # the same people with the same ids
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()


def test_undo_of_an_edit_in_the_window_restores_the_old_values(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    with store.read() as s:
        pid = s.scalars(
            select(Individual.id).where(Individual.deleted_at.is_(None)).order_by(Individual.id)
        ).first()
        assert pid is not None
        data = individuals.individual_input(s, pid)
    old_name = data.given_name
    before = _snap(store)
    data.given_name, data.phone = "Khánh", "0987654321"
    register_ops.save_individual(window.ctx, window, pid, data)
    wait_idle(qtbot, window)
    assert "Khánh" in window.undo_action.text() and window.undo_action.text().startswith("&Hoàn tác: sửa")
    # Through the Edit menu: opened, and its first item clicked.
    edit_menu = next(
        a.menu() for a in window.menuBar().actions() if a.menu() and window.undo_action in a.menu().actions()
    )
    edit_menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
    qtbot.waitUntil(edit_menu.isVisible, timeout=5_000)
    QTest.mouseClick(
        edit_menu, Qt.MouseButton.LeftButton, pos=edit_menu.actionGeometry(window.undo_action).center()
    )
    wait_idle(qtbot, window)
    assert _snap(store) == before
    with store.read() as s:
        assert s.get(Individual, pid).given_name == old_name  # type: ignore[union-attr]


def test_an_undo_that_would_overfill_a_quota_is_refused_with_the_quota_message(  # type: ignore[no-untyped-def]
    qtbot, sqlite_store: Store, ui_settings: AppSettings, boxes: Boxes
) -> None:
    store = sqlite_store
    with store.write() as s:
        d = snn_department(s)
        first = nominate(s, d.campaign, SubjectKind.INDIVIDUAL, d.staff[0], "BK_TINH", d.department)
        second = nominate(s, d.campaign, SubjectKind.INDIVIDUAL, d.staff[1], "BK_TINH", d.department)
        transition(s, [first], S.SUBMITTED)
    window = MainWindow(store, settings=ui_settings)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, window)
    workflow_ops.transition(window.ctx, window, [first], S.WITHDRAWN)
    wait_idle(qtbot, window)
    # Someone else (the command line, another PC) takes the place that was freed.
    other = Store.open(target_of(store))
    with other.write() as s:
        transition(s, [second], S.SUBMITTED)
    other.close()
    before = _snap(store)
    _press(qtbot, window, CTRL)
    assert any(
        w.startswith("Vượt chỉ tiêu: “Bằng khen CT UBND tỉnh – cá nhân”") and "#2 Trần Thị Bình" in w
        for w in boxes.warnings()
    ), boxes.texts
    assert _snap(store) == before  # nothing written
    with store.read() as s:
        assert s.get(Nomination, first).status is S.WITHDRAWN  # type: ignore[union-attr]
    assert window.undo_action.isEnabled()  # still there to try again later
    window.tasks.shutdown()


def test_a_later_change_by_someone_else_refuses_the_undo(qtbot, window: MainWindow, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    with store.read() as s:
        pid = s.scalars(
            select(Individual.id).where(Individual.deleted_at.is_(None)).order_by(Individual.id)
        ).first()
        assert pid is not None
        data = individuals.individual_input(s, pid)
        name = s.get(Individual, pid).full_name  # type: ignore[union-attr]
    data.phone = "0911111111"
    register_ops.save_individual(window.ctx, window, pid, data)
    wait_idle(qtbot, window)
    other = Store.open(target_of(store))
    with other.write() as s:
        again = individuals.individual_input(s, pid)
        again.phone = "0922222222"
        individuals.update_individual(s, pid, again)
    other.close()
    before = _snap(store)
    _press(qtbot, window, CTRL)
    assert any(f"“{name}” đã được sửa sau thay đổi này" in w for w in boxes.warnings()), boxes.texts
    assert _snap(store) == before


def test_opening_another_database_clears_the_history(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with window.store.read() as s:
        pid = s.scalars(select(Individual.id).where(Individual.deleted_at.is_(None))).first()
        assert pid is not None
        data = individuals.individual_input(s, pid)
    data.phone = "0933333333"
    register_ops.save_individual(window.ctx, window, pid, data)
    wait_idle(qtbot, window)
    assert window.undo_action.isEnabled()
    assert window.open_database(str(tmp_path / "other.sqlite3"), create=True)
    wait_idle(qtbot, window)
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.undo_action.text() == "&Hoàn tác"


def test_a_change_that_cannot_be_undone_says_so_in_the_edit_menu(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.ctx.undo.record(
        UndoEntry("Tạo dữ liệu mẫu", ChangeSet((), irreversible="bulk insert into individuals"))
    )
    window.ctx.bus.undo_changed.emit()
    assert window.undo_action.text() == "&Hoàn tác: Tạo dữ liệu mẫu (không thể hoàn tác)"
    assert not window.undo_action.isEnabled()
    before = _snap(window.store)
    _press(qtbot, window, CTRL)
    assert _snap(window.store) == before


def test_deleting_one_person_names_them_in_the_edit_menu(qtbot, window: MainWindow, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    from emudesk.ui.operations import bin_ops

    with window.store.read() as s:
        p = s.scalars(select(Individual).where(Individual.deleted_at.is_(None))).first()
        assert p is not None
        pid, name = p.id, p.full_name
    before = _snap(window.store)
    bin_ops.delete_records(window.ctx, window, "individuals", [pid], names=[name], ask=False)
    wait_idle(qtbot, window)
    assert window.undo_action.text() == f"&Hoàn tác: xóa cá nhân “{name}”"
    _press(qtbot, window, CTRL)
    assert _snap(window.store) == before
