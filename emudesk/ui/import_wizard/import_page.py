"""The last pages: the import itself, with progress and cancel, then its summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from emudesk.i18n import _
from emudesk.services.imports import importing as imports
from emudesk.services.imports.importing import ImportResult
from emudesk.ui.import_wizard.base import PAGE_SUMMARY, WizardBase
from emudesk.ui.tasks import Task


class ImportPage(QWizardPage):
    """Runs the commit on the worker with a progress bar; Cancel rolls everything back."""

    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Importing"))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.cancel_button = QPushButton(_("Cancel the import"), self)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.task: Task[Any] | None = None
        self.done = False
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)

    def initializePage(self) -> None:
        self.done = False
        plan = self.wiz.plan
        assert plan is not None
        self.label.setText(_("Writing {n} rows in one transaction…").format(n=len(plan.rows)))
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        store = self.wiz.store
        self.task = self.wiz.run_task(
            lambda progress, cancel: imports.commit_import(store, plan, progress=progress, cancel=cancel),
            self._finished,
            self._failed,
            self._cancelled,
            _("Importing…"),
            cancellable=True,
        )
        self._timer.start()

    def _poll(self) -> None:
        task = self.task
        if task is not None and task.total:
            self.bar.setRange(0, task.total)
            self.bar.setValue(min(task.done, task.total))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel.set()
            self.label.setText(_("Cancelling…"))
            self.cancel_button.setEnabled(False)

    def _end(self) -> None:
        self._timer.stop()
        self.task = None
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 1)
        # After a failure or a cancel the user may go back and try again.
        self.wiz.button(QWizard.WizardButton.BackButton).setEnabled(True)

    def _finished(self, result: ImportResult) -> None:
        self._end()
        self.wiz.outcome = result
        self.done = True
        if result.committed:
            self.wiz.notify_changes()
        self.completeChanged.emit()
        self.wiz.next()

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self.label.setText(_("The import failed; nothing was written."))
        self.wiz.show_failure(exc)

    def _cancelled(self) -> None:
        self._end()
        self.label.setText(_("The import was cancelled; nothing was written."))

    def isComplete(self) -> bool:
        return self.done

    def nextId(self) -> int:
        return PAGE_SUMMARY


class SummaryPage(QWizardPage):
    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Summary"))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.report_button = QPushButton(_("Save the error report…"), self)
        self.report_button.clicked.connect(lambda: wizard.save_report(self))
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        result = self.wiz.outcome
        if result is None:
            return
        self.label.setText(result.summary())
        lines = [str(e) for e in result.errors[:500]]
        if result.committed:
            lines = [str(w) for w in result.plan.all_warnings()[:500]]
        self.details.setPlainText("\n".join(lines))
        self.details.setVisible(bool(lines))
        self.report_button.setVisible(not result.committed)

    def nextId(self) -> int:
        return -1
