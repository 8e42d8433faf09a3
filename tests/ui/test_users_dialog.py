"""Người dùng, by hand: an administrator adds a login, changes its role and disables it; a clerk
sees the list without the buttons; an SQLite file says it has one user."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget

from emudesk.domain.rights import Role
from emudesk.i18n import _
from emudesk.services.core import users
from emudesk.services.core.store import Store
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.workspace.users_dialog import AddUserDialog, RoleDialog, UsersDialog, chosen_role
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_backups import click_menu_item


def _type(widget: QWidget, text: str) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QTest.keyClicks(widget, text)


def _ok(dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _pick_role(dialog: AddUserDialog | RoleDialog, role: Role) -> None:
    """The role box has focus after a click on it closes its popup; arrow keys move the choice."""
    dialog.role.setFocus()
    QTest.keyClick(dialog.role, Qt.Key.Key_Home)
    for _i in range(list(Role).index(role)):
        QTest.keyClick(dialog.role, Qt.Key.Key_Down)
    assert chosen_role(dialog.role) is role


def _signed_in(pg_store: Store, role: Role) -> Store:
    name = f"ui_{role.value}_{uuid.uuid4().hex[:6]}"
    with pg_store.write() as s:
        users.add_user(s, name, "mật khẩu dài", role)
    url = pg_store.db.url.set(username=name, password="mật khẩu dài")
    return Store.open(url.render_as_string(hide_password=False))


@pytest.fixture
def admin_window(qtbot, pg_store: Store, tmp_path: Path, boxes: Boxes) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    store = _signed_in(pg_store, Role.ADMIN)
    win = MainWindow(store, settings=AppSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(win)
    win.show()
    wait_idle(qtbot, win)
    yield win
    win.tasks.shutdown()
    store.close()


def _open_users(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    click_menu_item(qtbot, window, _("&File"), _("&Users…"))


@pytest.mark.pg
def test_an_administrator_adds_moves_and_disables_a_login(  # type: ignore[no-untyped-def]
    qtbot, admin_window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = f"lan_{uuid.uuid4().hex[:6]}"
    seen: dict[str, list[str]] = {}

    def add(self: AddUserDialog) -> int:
        self.show()
        _type(self.name, name)
        _pick_role(self, Role.CLERK)
        _type(self.password, "mat khau cua Lan")
        _type(self.again, "mat khau cua Lan")
        _ok(self)
        return int(self.result())

    def move(self: RoleDialog) -> int:
        self.show()
        _pick_role(self, Role.APPROVER)
        _ok(self)
        return int(self.result())

    def by_hand(self: UsersDialog) -> int:
        self.show()
        assert self.add_button.isEnabled()
        QTest.mouseClick(self.add_button, Qt.MouseButton.LeftButton)
        rows = [self.table.item(r, 0).text() for r in range(self.table.rowCount())]
        assert name in rows
        row = rows.index(name)
        assert self.table.item(row, 1).text() == Role.CLERK.label
        QTest.mouseClick(
            self.table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=self.table.visualItemRect(self.table.item(row, 0)).center(),
        )
        QTest.mouseClick(self.role_button, Qt.MouseButton.LeftButton)
        row = [self.table.item(r, 0).text() for r in range(self.table.rowCount())].index(name)
        assert self.table.item(row, 1).text() == Role.APPROVER.label
        QTest.mouseClick(
            self.table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=self.table.visualItemRect(self.table.item(row, 0)).center(),
        )
        boxes.answer = QMessageBox.StandardButton.Yes
        QTest.mouseClick(self.disable_button, Qt.MouseButton.LeftButton)
        boxes.answer = None
        seen["rows"] = [
            " ".join(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())
        ]
        return 0

    monkeypatch.setattr(AddUserDialog, "exec", add)
    monkeypatch.setattr(RoleDialog, "exec", move)
    monkeypatch.setattr(UsersDialog, "exec", by_hand)
    _open_users(qtbot, admin_window)
    qtbot.waitUntil(lambda: "rows" in seen)
    assert f"{name} {Role.APPROVER.label} {_('no')}" in seen["rows"]
    assert boxes.warnings() == []
    with admin_window.store.read() as s:
        listed = {u.name: u for u in users.list_users(s)}
    assert listed[name].role is Role.APPROVER and not listed[name].enabled


@pytest.mark.pg
def test_a_clerk_sees_the_list_without_the_buttons(  # type: ignore[no-untyped-def]
    qtbot, pg_store: Store, tmp_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _signed_in(pg_store, Role.CLERK)
    win = MainWindow(store, settings=AppSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(win)
    win.show()
    wait_idle(qtbot, win)
    seen: list[bool] = []

    def look(self: UsersDialog) -> int:
        seen.extend(b.isEnabled() for b in (self.add_button, self.role_button, self.disable_button))
        seen.append(self.table.rowCount() == 1)
        return 0

    monkeypatch.setattr(UsersDialog, "exec", look)
    try:
        _open_users(qtbot, win)
        qtbot.waitUntil(lambda: len(seen) == 4)
    finally:
        win.tasks.shutdown()
        store.close()
    assert seen == [False, False, False, True]


@pytest.mark.sqlite_only("an SQLite file has one user")
def test_on_an_sqlite_file_the_screen_says_there_is_one_user(qtbot, window: MainWindow, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    _open_users(qtbot, window)
    qtbot.waitUntil(lambda: bool(boxes.shown))
    assert "một người dùng" in boxes.texts[0]
