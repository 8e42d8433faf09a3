"""File ▸ Transfer the data to a server…: where to, then the copy off the UI thread with Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.ui import dialogs
from emudesk.ui.errors import show_error
from emudesk.ui.server_dialog import ServerFields

if TYPE_CHECKING:
    from emudesk.services.core.store import Store
    from emudesk.services.transfer.copying import TransferResult
    from emudesk.ui.tasks import TaskManager


class TransferDialog(QDialog):
    """Asks for the destination: a server, with the same fields and “Kiểm tra kết nối” as File ▸
    Kết nối máy chủ…, or an SQLite file.

    Attributes:
        to_server, to_file: the choice between the two.
        server: the server's fields; its check says what the copy would find there.
        target: the file's name.
    """

    def __init__(
        self, parent: QWidget | None, source: str, *, server: str = "", to_file: bool = False
    ) -> None:
        """``server``: a server URL (without password) to fill the fields with; ``to_file``: start
        with the file chosen (a server's data going back to a file)."""
        super().__init__(parent)
        self.setWindowTitle(_("Transfer the data"))
        intro = QLabel(
            _(
                "Every table, the audit log and the evidence files of {db} are copied and checked. "
                "The destination is written only if the whole copy succeeds."
            ).format(db=source)
        )
        intro.setWordWrap(True)
        self.to_server = QRadioButton(_("To a &server (PostgreSQL)"), self)
        self.to_file = QRadioButton(_("To a &file (SQLite)"), self)
        choice = QButtonGroup(self)
        choice.addButton(self.to_server)
        choice.addButton(self.to_file)
        self.replace = QCheckBox(_("&Replace the data already there"))
        self.server = ServerFields(self, location=server, check=self._check)
        self.server.setObjectName("transfer_server")
        self.target = QLineEdit()
        self.target.setObjectName("transfer_target")
        self.target.setPlaceholderText(_("emudesk database (*.sqlite3)"))
        self.browse = QPushButton(_("Choose a &file…"))
        self.browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.setContentsMargins(24, 0, 0, 0)
        file_row.addWidget(self.target, 1)
        file_row.addWidget(self.browse)
        server_box = QVBoxLayout()
        server_box.setContentsMargins(24, 0, 0, 0)
        server_box.addWidget(self.server)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start the transfer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.addButton(self.server.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.to_server)
        layout.addLayout(server_box)
        layout.addWidget(self.to_file)
        layout.addLayout(file_row)
        layout.addWidget(self.replace)
        layout.addWidget(buttons)
        # What the check said depends on the box: holding data is fine only when replacing it.
        self.replace.toggled.connect(self.server.forget_check)
        self.to_server.toggled.connect(self._choose)
        (self.to_file if to_file else self.to_server).setChecked(True)
        self._choose()

    def _check(self, location: str) -> str:
        from emudesk.services.transfer.copying import check_destination

        return check_destination(location, replace=self.replace.isChecked())

    def _choose(self) -> None:
        server = self.to_server.isChecked()
        self.server.setEnabled(server)
        self.server.check_button.setVisible(server)
        self.target.setEnabled(not server)
        self.browse.setEnabled(not server)

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
        if self.to_server.isChecked():
            fields = self.server
            if not (
                fields.host.text().strip() and fields.database.text().strip() and fields.user.text().strip()
            ):
                dialogs.warn(self, _("Give the server, its database and the user to copy to."))
                return
        elif not self.target.text().strip():
            dialogs.warn(self, _("Give the file to copy to."))
            return
        self.accept()

    def destination(self) -> str:
        """The server's URL with its password, or the file's path."""
        if self.to_server.isChecked():
            return self.server.location(with_password=True)
        return str(Path(self.target.text().strip()).expanduser())

    def done(self, code: int) -> None:
        self.server.shutdown()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.server.shutdown()
        super().closeEvent(event)


def transfer_data(parent: QWidget, store: Store, tasks: TaskManager, *, server: str = "") -> None:
    """Ask where to (``server``: the last server used, to fill its fields), then copy ``store``
    there with a progress dialog and Cancel."""
    from emudesk.services.transfer.copying import transfer

    # A file's data goes up to a server; a server's data, most often, back down to a file.
    dialog = TransferDialog(parent, store.display_name, server=server, to_file=not store.is_sqlite)
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
