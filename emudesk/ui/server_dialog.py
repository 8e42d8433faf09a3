"""File ▸ Kết nối máy chủ…: host, port, database, user, password and SSL mode of a PostgreSQL server.

“Kiểm tra kết nối” connects off the GUI thread (a dead network takes up to the connect timeout)
and says in the user's words what is wrong; Open checks the same way and opens only a database
emudesk can use. The password is never stored: settings get the URL without it.
"""

from __future__ import annotations

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


class ServerDialog(QDialog):
    """The fields of a server connection and what the last check found.

    Attributes:
        answer: the last check's line (what is wrong, or that it connected).
        ok: whether the last check found a database emudesk can open.
    """

    _checked = Signal(int, str, bool)  # check number, line, ok

    def __init__(self, parent: QWidget | None = None, *, location: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Connect to a server"))
        self.ok = False
        self._checks = 0
        self._open_after = 0
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
        self.setMinimumWidth(520)
        self.check_button = QPushButton(_("&Test the connection"), self)
        self.check_button.clicked.connect(lambda: self.check())
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(_("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self._open)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.answer)
        column.addWidget(self.buttons)
        self._checked.connect(self._on_checked)
        for edit in (self.host, self.database, self.user, self.password):
            edit.textEdited.connect(self._forget_check)
        self.port.valueChanged.connect(self._forget_check)
        self.ssl.currentIndexChanged.connect(self._forget_check)
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

    def check(self) -> None:
        """Connect in the background; ``answer`` then says what was found."""
        self._checks += 1
        number = self._checks
        self.ok = False
        self.answer.setText(_("Connecting…"))
        self.check_button.setEnabled(False)
        location = self.location()

        def run() -> None:
            try:
                line = check_server(location)
            except EmudeskError as exc:
                self._checked.emit(number, exc.message, False)
            except Exception as exc:  # anything else is a bug, but the dialog must still answer
                self._checked.emit(number, _("Cannot connect: {reason}").format(reason=exc), False)
            else:
                self._checked.emit(number, line, True)

        self._executor.submit(run)

    def _on_checked(self, number: int, line: str, ok: bool) -> None:
        if number != self._checks:  # the fields changed since
            return
        self.check_button.setEnabled(True)
        self.answer.setText(line)
        self.ok = ok
        if ok and self._open_after == number:
            self.accept()

    def _forget_check(self) -> None:
        self._checks += 1
        self.ok = False
        self.check_button.setEnabled(True)
        self.answer.clear()

    def _open(self) -> None:
        if self.ok:
            self.accept()
            return
        self.check()
        self._open_after = self._checks

    def done(self, code: int) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)
