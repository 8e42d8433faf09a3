"""The bar above the views of a database opened read-only because it is on a network share."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from emudesk.i18n import _
from emudesk.services.core.local_copy import share_notice
from emudesk.services.core.store import Store


class ShareBar(QFrame):
    """Why the file is read-only, and the two ways out: a copy on this computer, or a server.

    Attributes:
        message: why the file is read-only, in the window's words.
        copy_button, server_button: what the window connects to its actions.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shareBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#shareBar { background: #fff4ce; border-bottom: 1px solid #e0c060; }")
        title = QLabel("<b>" + _("Read-only: this database is on a network share") + "</b>", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.copy_button = QPushButton(_("&Copy to this computer…"), self)
        self.server_button = QPushButton(_("Use a &server (PostgreSQL)…"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.server_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.addWidget(title)
        column.addWidget(self.message)
        column.addLayout(buttons)
        self.setAccessibleName(_("Read-only: this database is on a network share"))
        self.hide()

    def show_for(self, store: Store) -> None:
        notice = share_notice(store.path) if store.read_only_reason is not None else None
        self.message.setText(notice or store.read_only_reason or "")
        self.setVisible(store.read_only_reason is not None)
