"""Signing in to a server: a login and a password for a ``postgresql://`` URL without one.

``SignInForm`` is the fields alone, so a dialog that picks the server (File ▸ Open a database
server…) can embed it; ``SignInDialog`` wraps it for start-up. The server and the last login are
remembered in the UI settings; the password only in the system keyring (``credentials``), and
only when the user ticks the box.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.services.core import credentials
from emudesk.services.core.server_login import login_of, server_of, with_login
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.qt_translation import translate_buttons


class SignInForm(QWidget):
    """Server (shown), login, password and "remember the password"."""

    def __init__(self, location: str, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.location = location
        self.settings = settings
        self.server = server_of(location)
        remembered = settings.value(f"servers/{self.server}/login")
        self.login = QLineEdit(login_of(location) or remembered, self)
        self.login.setObjectName("login")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Remember the password in this computer's keyring"), self)
        self.remember.setObjectName("remember")
        if not credentials.available():
            self.remember.setEnabled(False)
            self.remember.setToolTip(_("This computer has no keyring: the password is asked each time."))
        kept = credentials.load(self.server, self.login.text()) if self.login.text() else None
        if kept:
            self.password.setText(kept)
            self.remember.setChecked(True)
        form = QFormLayout(self)
        form.addRow(_("Server:"), QLabel(self.server, self))
        form.addRow(_("Login:"), self.login)
        form.addRow(_("Password:"), self.password)
        form.addRow("", self.remember)

    def url(self) -> str:
        """The location with the login and password put in (to open; never stored)."""
        return with_login(self.location, self.login.text().strip(), self.password.text())

    def keep(self) -> None:
        """Remember the login for this server, and the password in the keyring if asked."""
        login = self.login.text().strip()
        self.settings.set_value(f"servers/{self.server}/login", login)
        if self.remember.isChecked():
            credentials.save(self.server, login, self.password.text())
        else:
            credentials.forget(self.server, login)


class SignInDialog(QDialog):
    def __init__(
        self, location: str, settings: AppSettings, parent: QWidget | None = None, *, problem: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sign in to the server"))
        layout = QVBoxLayout(self)
        if problem:
            note = QLabel(problem, self)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.form = SignInForm(location, settings, self)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        translate_buttons(buttons)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.form.password if self.form.login.text() else self.form.login).setFocus()

    def _accept(self) -> None:
        if not self.form.login.text().strip():
            self.form.login.setFocus()
            return
        self.accept()


def ask(
    location: str, settings: AppSettings, parent: QWidget | None = None, *, problem: str = ""
) -> str | None:
    """The location with a login and password, or None when the user cancels."""
    dialog = SignInDialog(location, settings, parent, problem=problem)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    dialog.form.keep()
    return dialog.form.url()
