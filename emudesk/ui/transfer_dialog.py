"""File ▸ Transfer the data to a server…: where to, then the copy off the UI thread with Cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.ui import dialogs
from emudesk.ui.errors import show_error

if TYPE_CHECKING:
    from emudesk.services.core.store import Store
    from emudesk.services.transfer.copying import TransferResult
    from emudesk.ui.tasks import TaskManager


class TransferDialog(QDialog):
    """Asks for the destination: a server URL (and its password) or an SQLite file."""

    def __init__(self, parent: QWidget | None, source: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Transfer the data"))
        intro = QLabel(
            _(
                "Every table, the audit log and the evidence files of {db} are copied and checked. "
                "The destination is written only if the whole copy succeeds."
            ).format(db=source)
        )
        intro.setWordWrap(True)
        self.target = QLineEdit()
        self.target.setObjectName("transfer_target")
        self.target.setPlaceholderText("postgresql://user@host/emudesk")
        browse = QPushButton(_("Choose a &file…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        self.password = QLineEdit()
        self.password.setObjectName("transfer_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.replace = QCheckBox(_("&Replace the data already there"))
        form = QFormLayout()
        where = QLabel(_("&Server URL or file:"))
        # The row is a layout: Qt gives its label no buddy, and Alt+M would reach nothing.
        where.setBuddy(self.target)
        form.addRow(where, row)
        form.addRow(_("&Password (server):"), self.password)
        form.addRow("", self.replace)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start the transfer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        # Once all are in this window: from the destination straight to its password.
        QWidget.setTabOrder(self.target, self.password)
        QWidget.setTabOrder(self.password, self.replace)
        QWidget.setTabOrder(self.replace, browse)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Transfer the data"),
            self.target.text().strip(),
            _("emudesk database (*.sqlite3)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.target.setText(path)

    def _accept(self) -> None:
        if not self.target.text().strip():
            dialogs.warn(self, _("Give a server URL (postgresql://user@host/database) or a file."))
            return
        self.accept()

    def destination(self) -> str:
        """The URL or path typed, with the password put into a server URL."""
        text = self.target.text().strip()
        password = self.password.text()
        if "://" not in text or not password:
            return text
        parts = urlsplit(text)
        user, _sep, host = parts.netloc.rpartition("@")
        user = user.split(":", 1)[0]
        netloc = f"{user}:{quote(password, safe='')}@{host}" if user else parts.netloc
        return urlunsplit(parts._replace(netloc=netloc))


def transfer_data(parent: QWidget, store: Store, tasks: TaskManager) -> None:
    """Ask where to, then copy ``store`` there with a progress dialog and Cancel."""
    from emudesk.services.transfer.copying import transfer

    dialog = TransferDialog(parent, store.display_name)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    destination, replace = dialog.destination(), dialog.replace.isChecked()

    def done(result: TransferResult) -> None:
        dialogs.info(
            parent,
            result.summary(),
        )

    def cancelled() -> None:
        dialogs.info(parent, _("The transfer was cancelled; the destination was left as it was."))

    tasks.run(
        lambda progress, cancel: transfer(
            store, destination, replace=replace, progress=progress, cancel=cancel
        ),
        parent=parent,
        title=_("Transfer the data"),
        label=_("Copying the database…"),
        cancellable=True,
        on_success=done,
        on_failure=lambda exc: show_error(parent, exc),
        on_cancelled=cancelled,
    )
