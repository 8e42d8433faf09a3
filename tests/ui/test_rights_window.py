"""The window greys out what the signed-in login's role may not do, naming the role it needs: a Xem
login sees every writing button and menu item greyed out, a Nhập liệu login only those of the other
duties; selecting rows does not bring them back, and pressing them (or their shortcuts) does
nothing. On an SQLite file nothing is greyed out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton, QToolButton, QWidget

from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.enums import SubjectKind
from emudesk.domain.rights import Role
from emudesk.i18n import _
from emudesk.services.core.store import Store
from emudesk.services.nominations.workflow import transition
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.base import View
from emudesk.ui.views.council.council_view import CouncilView
from emudesk.ui.views.nominations.nominations_view import NominationsView
from emudesk.ui.views.register.individual_dialog import IndividualDialog
from emudesk.ui.views.register.individuals_view import IndividualsView
from emudesk.ui.views.workspace.bin_dialog import BinDialog
from tests.factories import nominate, snn_department
from tests.snapshot import snapshot
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_by_hand import click_row
from tests.ui.test_users_dialog import _signed_in


@pytest.fixture
def office(pg_store: Store) -> Iterator[Store]:
    """A server database with a department, its staff and one submitted nomination (as the owner)."""
    with pg_store.write() as s:
        d = snn_department(s)
        nid = nominate(s, d.campaign, SubjectKind.INDIVIDUAL, d.staff[0], "BK_TINH", d.department)
        transition(s, [nid], S.SUBMITTED)
    yield pg_store


def _snap(store: Store) -> object:
    with store.read() as s:
        return snapshot(s)


def _window(qtbot, store: Store, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(store, settings=AppSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    return win


def _go(qtbot, win: MainWindow, key: str) -> View:  # type: ignore[no-untyped-def]
    """Click the screen's entry in the navigation pane."""
    item = win.nav.item(win.view_keys.index(key))
    QTest.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=win.nav.visualItemRect(item).center())
    wait_idle(qtbot, win)
    view = win.current_view()
    assert view is not None and win.built_view(key) is view
    return view


def _button(view: QWidget, text: str) -> QToolButton:
    found = [
        b
        for b in view.findChildren(QToolButton)
        if b.defaultAction() is not None and b.defaultAction().text() == _(text) and b.isVisibleTo(view)
    ]
    assert len(found) == 1, [b.text() for b in view.findChildren(QToolButton)]
    return found[0]


def _menu_action(win: MainWindow, menu: str, text: str) -> QAction:
    top = next(a for a in win.menuBar().actions() if a.text() == _(menu))
    sub = top.menu()
    assert isinstance(sub, QMenu)
    return next(a for a in sub.actions() if a.text() == _(text))


def _press(qtbot, win: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    """A shortcut pressed in the window (made active first, as a click on it would)."""
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    focus = QApplication.focusWidget() or win
    QTest.keyClick(focus, key, modifier)
    QApplication.processEvents()


@pytest.mark.pg
def test_a_viewer_sees_every_write_greyed_out_with_the_role_it_needs(  # type: ignore[no-untyped-def]
    qtbot, office: Store, tmp_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _signed_in(office, Role.VIEWER)
    win = _window(qtbot, store, tmp_path)
    try:
        login = win.ctx.permissions.login
        before = _snap(office)

        people = _go(qtbot, win, "individuals")
        assert isinstance(people, IndividualsView)
        for text in ("New", "Edit", "Delete"):
            button = _button(people, text)
            assert not button.isEnabled(), text
            assert f"Cần vai trò Nhập liệu (tài khoản {login} của bạn có vai trò Xem)." in button.toolTip()
        new_record = _menu_action(win, "&Edit", "&New record")
        assert not new_record.isEnabled() and "Cần vai trò Nhập liệu" in new_record.toolTip()
        # Pressed anyway, by the mouse and by the shortcut: no form opens.
        forms: list[IndividualDialog] = []
        monkeypatch.setattr(IndividualDialog, "exec", lambda form: forms.append(form) or 0)
        QTest.mouseClick(_button(people, "New"), Qt.MouseButton.LeftButton)
        _press(qtbot, win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert forms == []
        # A row chosen does not bring Edit back; Enter opens the form to look, its Save greyed out.
        click_row(qtbot, people.table, 0)
        assert people.table.current_id() is not None
        assert not _button(people, "Edit").isEnabled()
        seen: list[tuple[bool, str]] = []

        def look(form: IndividualDialog) -> int:
            form.show()
            form.given.setFocus()
            QTest.keyClicks(form.given, "x")
            qtbot.waitUntil(lambda: not form._timer.isActive())  # validated after the key: still grey
            seen.append((form.save_button.isEnabled(), form.save_button.toolTip()))
            QTest.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClick(form, Qt.Key.Key_Escape)
            return int(form.result())

        monkeypatch.setattr(IndividualDialog, "exec", look)
        QTest.keyClick(people.table, Qt.Key.Key_Return)
        assert len(seen) == 1
        assert not seen[0][0] and "Cần vai trò Nhập liệu" in seen[0][1]

        files = _go(qtbot, win, "nominations")
        assert isinstance(files, NominationsView)
        click_row(qtbot, files.table, 0)
        assert files.selected_statuses() == [S.SUBMITTED]
        for text in ("Appraise", "Withdraw", "Return"):
            assert not _button(files, text).isEnabled(), text
        assert "Cần vai trò Lãnh đạo" in _button(files, "Appraise").toolTip()
        assert "Cần vai trò Lãnh đạo hoặc Thư ký Hội đồng" in _button(files, "Return").toolTip()

        council = _go(qtbot, win, "council")
        assert isinstance(council, CouncilView)
        assert not _button(council, "New council…").isEnabled()
        assert "Cần vai trò Thư ký Hội đồng" in _button(council, "New council…").toolTip()

        assert not _button(_go(qtbot, win, "catalogue"), "New").isEnabled()

        plans = _go(qtbot, win, "campaigns")
        assert not _button(plans, "New campaign").isEnabled()
        pushed = {b.text(): b for b in plans.findChildren(QPushButton)}
        for text in (_("Save"), _("Add…")):
            assert not pushed[text].isEnabled() and "Cần vai trò Nhập liệu" in pushed[text].toolTip(), text

        # The recycle bin lists what was deleted; Restore is greyed out like Delete.
        restore: list[tuple[bool, str]] = []

        def look_in_the_bin(dialog: BinDialog) -> int:
            dialog.show()
            restore.append((dialog.restore_button.isEnabled(), dialog.restore_button.toolTip()))
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
            return int(dialog.result())

        monkeypatch.setattr(BinDialog, "exec", look_in_the_bin)
        _press(
            qtbot, win, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        assert len(restore) == 1 and not restore[0][0] and "Cần vai trò Nhập liệu" in restore[0][1]
        wait_idle(qtbot, win)
        assert _snap(office) == before
        assert boxes.warnings() == []
    finally:
        win.tasks.shutdown()
        store.close()


@pytest.mark.pg
def test_a_clerk_may_do_the_register_and_files_but_not_the_other_duties(  # type: ignore[no-untyped-def]
    qtbot, office: Store, tmp_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _signed_in(office, Role.CLERK)
    win = _window(qtbot, store, tmp_path)
    try:
        people = _go(qtbot, win, "individuals")
        assert all(_button(people, text).isEnabled() for text in ("New", "Edit", "Delete"))
        assert _menu_action(win, "&Edit", "&New record").isEnabled()
        opened: list[bool] = []

        def look(form: IndividualDialog) -> int:
            form.show()
            opened.append(form.save_button.toolTip() == _("Save (Ctrl+S)"))
            QTest.keyClick(form, Qt.Key.Key_Escape)
            return int(form.result())

        monkeypatch.setattr(IndividualDialog, "exec", look)
        _press(qtbot, win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert opened == [True]

        files = _go(qtbot, win, "nominations")
        click_row(qtbot, files.table, 0)  # type: ignore[attr-defined]
        assert _button(files, "Withdraw").isEnabled()  # a clerk's own move
        appraise = _button(files, "Appraise")  # the file may go there, but not by a clerk
        assert not appraise.isEnabled() and "Cần vai trò Lãnh đạo" in appraise.toolTip()
        QTest.mouseClick(appraise, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, win)
        assert files.selected_statuses() == [S.SUBMITTED]  # type: ignore[attr-defined]

        council = _go(qtbot, win, "council")
        assert not _button(council, "New council…").isEnabled()
        catalogue = _go(qtbot, win, "catalogue")
        assert not _button(catalogue, "New").isEnabled()
        assert "Cần vai trò Quản trị" in _button(catalogue, "New").toolTip()
        assert not _menu_action(win, "&Edit", "&New record").isEnabled()
        exchange = _go(qtbot, win, "exchange")
        pushed = {b.objectName(): b for b in exchange.findChildren(QPushButton)}
        for name in ("exchange_send_up", "exchange_send_down", "exchange_receive", "exchange_trust"):
            assert not pushed[name].isEnabled() and "Cần vai trò Quản trị" in pushed[name].toolTip(), name
        # The screen says who sends, and what the clerk does instead.
        hint = exchange.findChild(QLabel, "exchange_signing_hint")
        assert hint is not None and hint.isVisible() and "cán bộ chuẩn bị" in hint.text()
        assert boxes.warnings() == []
    finally:
        win.tasks.shutdown()
        store.close()


def test_on_an_sqlite_file_nothing_is_greyed_out(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.ctx.permissions.role is None
    for key, text in (("individuals", "New"), ("council", "New council…"), ("catalogue", "New")):
        view = _go(qtbot, window, key)
        assert _button(view, text).isEnabled(), (key, text)
        assert "Cần vai trò" not in _button(view, text).toolTip()
    assert _menu_action(window, "&Edit", "&New record").isEnabled()
    exchange = _go(qtbot, window, "exchange")
    hint = exchange.findChild(QLabel, "exchange_signing_hint")
    assert hint is not None and not hint.isVisible()  # everyone signs on a file of one's own
