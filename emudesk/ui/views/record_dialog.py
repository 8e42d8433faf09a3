"""The base of every edit form: validate as you type, Ctrl+S saves, never lose changes silently."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.errors import StorageError, ValidationError
from emudesk.i18n import _
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.widgets.fields import FormRows, error_banner

OnSaved = Callable[[int], None]
OnFailure = Callable[[BaseException], None]


class RecordDialog(QDialog):
    """A modal form for one record.

    Subclasses add fields to ``self.rows`` (a FormRows over ``self.form``), call
    ``watch`` on them, and implement ``snapshot``, ``problems`` and ``submit``.

    Attributes:
        saved_id: the id of the record once saved.
        needs: the use case saving runs; a role that may not sees the form with Save greyed out.
    """

    needs: str | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.saved_id: int | None = None
        self._saving = False
        self._initial: Any = None
        self.banner = error_banner(self)
        self.form = QFormLayout()
        self.rows = FormRows(self.form, self.banner)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(self.form)
        body_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        translate_buttons(self.buttons)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.validate_now)
        if self.needs is not None:
            ctx.permissions.guard(self.save_button, self.needs)

    # --- for subclasses -------------------------------------------------------------------------
    def snapshot(self) -> Any:
        """The raw values of every field, to tell whether anything changed."""
        raise NotImplementedError

    def problems(self) -> dict[str, str]:
        """Field -> what is wrong; empty when the form may be saved."""
        raise NotImplementedError

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        """Save through an operation; call back on the GUI thread."""
        raise NotImplementedError

    # --- plumbing ---------------------------------------------------------------------------------
    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            if isinstance(w, (QLineEdit, QPlainTextEdit)):
                w.textChanged.connect(self.changed)
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self.changed)
                if w.isEditable():
                    w.editTextChanged.connect(self.changed)
            elif isinstance(w, QCheckBox | QAbstractButton):
                w.toggled.connect(self.changed)

    def changed(self, *_args: object) -> None:
        self._timer.start()

    def mark_clean(self) -> None:
        self._initial = self.snapshot()
        self.validate_now()

    def is_dirty(self) -> bool:
        return self.snapshot() != self._initial

    def validate_now(self) -> dict[str, str]:
        try:
            found = self.problems()
        except StorageError as exc:
            # The checks read the database (duplicates, codes): when it cannot be read, say so and
            # keep the form as typed; Save stays available to try again.
            show_error(self, exc)
            self.save_button.setEnabled(not self._saving)
            return {"": exc.message}
        self.rows.set_problems(found)
        self.save_button.setEnabled(not found and not self._saving)
        return found

    def refused(self) -> bool:
        """The login's role may not save this form (it was opened to look)."""
        return self.needs is not None and not self.ctx.permissions.may(self.needs)

    def save(self) -> None:
        if self._saving or self.refused():
            return
        self._timer.stop()
        if self.validate_now():
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.submit(self._on_saved, self._on_failed)

    def _on_saved(self, record_id: int) -> None:
        self._saving = False
        self.saved_id = record_id
        self._initial = self.snapshot()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ValidationError) and exc.fields:
            self.rows.set_problems({name: exc.message for name in exc.fields})
        self.save_button.setEnabled(True)

    def may_close(self) -> bool:
        """Ask about unsaved changes; True when the dialog may close."""
        if self._saving:
            return False
        if not self.is_dirty() or self.refused():
            return True
        choice = dialogs.ask_save(self)
        if choice is dialogs.SaveChoice.SAVE:
            self.save()
            return False  # closes itself once saved; stays open with the problems otherwise
        return choice is dialogs.SaveChoice.DISCARD

    def reject(self) -> None:
        if self.may_close():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() == QDialog.DialogCode.Accepted or self.may_close():
            event.accept()
        else:
            event.ignore()
