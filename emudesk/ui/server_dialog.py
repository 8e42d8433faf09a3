"""File ▸ Kết nối máy chủ…: host, port, database, user, password and SSL mode of a PostgreSQL server.

“Kiểm tra kết nối” connects off the GUI thread (a dead network takes up to the connect timeout)
and says in the user's words what is wrong; Open checks the same way and opens only a database
emudesk can use. The password is never stored: settings get the URL without it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _
from emudesk.services.core.server_check import SSL_MODES, check_server, server_url, without_password

Check = Callable[[str], str]  # a server URL -> the line to show; raises EmudeskError


def _ssl_label(mode: str) -> str:
    labels = {
        "prefer": _("Encrypt if the server can (prefer)"),
        "require": _("Always encrypt (require)"),
        "verify-ca": _("Encrypt and check the certificate (verify-ca)"),
        "verify-full": _("Encrypt, check the certificate and the name (verify-full)"),
        "disable": _("Never encrypt (disable)"),
        "allow": _("Encrypt only if the server insists (allow)"),
    }
    return labels[mode]


class ServerFields(QWidget):
    """Host, port, database, user, password and SSL mode, with “Kiểm tra kết nối”.

    The check runs ``check`` (a service taking the URL, returning the line to show or raising an
    EmudeskError in the user's words) off the GUI thread. The dialog that holds these fields places
    ``check_button`` among its own buttons.

    Attributes:
        answer: the last check's line (what is wrong, or what was found).
        ok: whether the last check passed (cleared by any change to the fields).

    Signals:
        checked(int, bool): a check finished: its number and whether it passed.
    """

    checked = Signal(int, bool)
    _answered = Signal(int, str, bool)  # check number, line, ok

    def __init__(
        self, parent: QWidget | None = None, *, location: str = "", check: Check = check_server
    ) -> None:
        super().__init__(parent)
        self.ok = False
        self.checks = 0
        self._check = check
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="emudesk-server-check")
        self.host = QLineEdit("localhost", self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("emudesk", self)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.ssl = QComboBox(self)
        for mode in SSL_MODES:
            self.ssl.addItem(_ssl_label(mode), mode)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("&Server (host):"), self.host)
        form.addRow(_("&Port:"), self.port)
        form.addRow(_("&Database:"), self.database)
        form.addRow(_("&User:"), self.user)
        form.addRow(_("Pass&word:"), self.password)
        form.addRow(_("&Encryption (SSL):"), self.ssl)
        self.answer = QLabel(self)
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for the longest answers (three lines), so the dialog does not jump when one arrives.
        self.answer.setMinimumHeight(self.answer.fontMetrics().lineSpacing() * 3)
        self.check_button = QPushButton(_("&Test the connection"), self)
        self.check_button.clicked.connect(lambda: self.check())
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.answer)
        self._answered.connect(self._on_answered)
        for edit in (self.host, self.database, self.user, self.password):
            edit.textEdited.connect(self.forget_check)
        self.port.valueChanged.connect(self.forget_check)
        self.ssl.currentIndexChanged.connect(self.forget_check)
        if location:
            self.fill(location)

    def fill(self, location: str) -> None:
        """The fields of a stored server URL (it has no password)."""
        from urllib.parse import parse_qs, unquote, urlsplit

        parts = urlsplit(location)
        if not parts.scheme.startswith("postgres"):
            return
        self.host.setText(parts.hostname or "localhost")
        self.port.setValue(parts.port or 5432)
        self.database.setText(unquote(parts.path.lstrip("/")) or "emudesk")
        self.user.setText(unquote(parts.username or ""))
        mode = (parse_qs(parts.query).get("sslmode") or ["prefer"])[0]
        index = self.ssl.findData(mode)
        self.ssl.setCurrentIndex(max(index, 0))

    def location(self, *, with_password: bool = True) -> str:
        url = server_url(
            self.host.text(),
            self.port.value(),
            self.database.text(),
            self.user.text(),
            self.password.text() if with_password else "",
            str(self.ssl.currentData()),
        )
        return url.render_as_string(hide_password=False) if with_password else without_password(url)

    def check(self) -> int:
        """Connect in the background; ``answer`` then says what was found. Returns the check's number."""
        self.checks += 1
        number = self.checks
        self.ok = False
        self.answer.setText(_("Connecting…"))
        self.check_button.setEnabled(False)
        location = self.location()
        check = self._check

        def run() -> None:
            try:
                line = check(location)
            except EmudeskError as exc:
                self._answered.emit(number, exc.message, False)
            except Exception as exc:  # anything else is a bug, but the dialog must still answer
                self._answered.emit(number, _("Cannot connect: {reason}").format(reason=exc), False)
            else:
                self._answered.emit(number, line, True)

        self._executor.submit(run)
        return number

    def _on_answered(self, number: int, line: str, ok: bool) -> None:
        if number != self.checks:  # the fields changed since
            return
        self.check_button.setEnabled(True)
        self.answer.setText(line)
        self.ok = ok
        self.checked.emit(number, ok)

    def forget_check(self) -> None:
        """The fields (or what the check depends on) changed: the last answer no longer holds."""
        self.checks += 1
        self.ok = False
        self.check_button.setEnabled(True)
        self.answer.clear()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class ServerDialog(QDialog):
    """File ▸ Kết nối máy chủ…: the server's fields; Open checks first and opens what emudesk can use.

    Attributes:
        fields: the server's fields (also reachable as ``host``, ``port``, … and ``answer``).
    """

    def __init__(self, parent: QWidget | None = None, *, location: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Connect to a server"))
        self._open_after = 0
        self.fields = ServerFields(self, location=location)
        f = self.fields
        self.host, self.port, self.database, self.user = f.host, f.port, f.database, f.user
        self.password, self.ssl, self.answer, self.check_button = f.password, f.ssl, f.answer, f.check_button
        self.setMinimumWidth(520)
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(_("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self._open)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(f)
        column.addWidget(self.buttons)
        f.checked.connect(self._on_checked)

    @property
    def ok(self) -> bool:
        return self.fields.ok

    def fill(self, location: str) -> None:
        self.fields.fill(location)

    def location(self, *, with_password: bool = True) -> str:
        return self.fields.location(with_password=with_password)

    def check(self) -> None:
        self.fields.check()

    def _on_checked(self, number: int, ok: bool) -> None:
        if ok and self._open_after == number:
            self.accept()

    def _open(self) -> None:
        if self.fields.ok:
            self.accept()
            return
        self._open_after = self.fields.check()

    def done(self, code: int) -> None:
        self.fields.shutdown()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.fields.shutdown()
        super().closeEvent(event)
