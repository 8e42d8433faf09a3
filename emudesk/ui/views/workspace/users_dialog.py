"""Người dùng: the logins of a shared server with their role and whether they may sign in.

Everyone on a server may see the list; only an administrator (or the login that owns the
database) gets the buttons that add a login, change a role or disable one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.errors import EmudeskError, ValidationError
from emudesk.domain.rights import Role
from emudesk.i18n import _
from emudesk.services.core import users
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.qt_translation import translate_buttons


def _ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    translate_buttons(buttons)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def chosen_role(box: QComboBox) -> Role:
    return Role(box.currentData())


def _role_box(parent: QWidget, current: Role | None = None) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName("role")
    for role in Role:
        box.addItem(role.label, role.value)
    if current is not None:
        box.setCurrentIndex(list(Role).index(current))
    return box


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a user"))
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.role = _role_box(self, Role.VIEWER)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(_("Login:"), self.name)
        form.addRow(_("Role:"), self.role)
        form.addRow(_("Password:"), self.password)
        form.addRow(_("Password again:"), self.again)
        form.addRow(_ok_cancel(self))


class RoleDialog(QDialog):
    def __init__(self, name: str, current: Role | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Role of {name}").format(name=name))
        self.role = _role_box(self, current)
        form = QFormLayout(self)
        form.addRow(_("Role:"), self.role)
        form.addRow(_ok_cancel(self))


class UsersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Users"))
        self.resize(560, 360)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_("Login"), _("Role"), _("May sign in")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(_("&Add…"), self)
        self.role_button = QPushButton(_("Change &role…"), self)
        self.disable_button = QPushButton(_("&Disable"), self)
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.disable_button.clicked.connect(self.disable_user)
        manage = users.may_manage(ctx.store)
        for button in (self.add_button, self.role_button, self.disable_button):
            button.setEnabled(manage)
            if not manage:
                button.setToolTip(_("Only an administrator (Quản trị) manages users."))
        row = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.disable_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        translate_buttons(close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.rows: list[users.User] = []
        self.reload()

    def reload(self) -> None:
        with self.ctx.store.read() as s:
            self.rows = users.list_users(s)
        self.table.setRowCount(len(self.rows))
        for i, user in enumerate(self.rows):
            cells = (user.name, user.role.label if user.role else "", _("yes") if user.enabled else _("no"))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.name)
                self.table.setItem(i, j, item)

    def selected(self) -> users.User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _write(self, action: object) -> bool:
        try:
            with self.ctx.store.write() as s:
                action(s)  # type: ignore[operator]
        except EmudeskError as exc:
            show_error(self, exc)
            return False
        self.reload()
        return True

    def add_user(self) -> None:
        dialog = AddUserDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.password.text() != dialog.again.text():
            show_error(self, ValidationError(_("The two passwords differ.")))
            return
        name, password, role = dialog.name.text().strip(), dialog.password.text(), chosen_role(dialog.role)
        if self._write(lambda s: users.add_user(s, name, password, role)):
            self.ctx.status(_("Login {name} added with the role {role}.").format(name=name, role=role.label))

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            self.ctx.status(_("Select a user first."))
            return
        dialog = RoleDialog(user.name, user.role, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            role = chosen_role(dialog.role)
            self._write(lambda s: users.set_role(s, user.name, role))

    def disable_user(self) -> None:
        user = self.selected()
        if user is None:
            self.ctx.status(_("Select a user first."))
            return
        question = _("{name} will no longer be able to sign in. Their changes stay in the audit log.").format(
            name=user.name
        )
        if dialogs.ask(self, question, _("Users")):
            self._write(lambda s: users.disable_user(s, user.name))
