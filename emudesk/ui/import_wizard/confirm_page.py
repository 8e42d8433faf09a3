"""The last step before anything is written: exactly what the import will write, and "Nhập".

Next never writes: this page is the wizard's commit page, so only its "Nhập" button starts the
import, and once pressed there is no going back to change the plan.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWizardPage

from emudesk.i18n import _
from emudesk.services.imports import importing as imports
from emudesk.services.imports.corrections import what_will_be_written
from emudesk.services.imports.importing import ImportPlan
from emudesk.ui.import_wizard.base import PAGE_IMPORT, WizardBase


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("What will be written"))
        self.setCommitPage(True)
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.note)
        self._checking = False

    def initializePage(self) -> None:
        plan = self.wiz.plan
        if plan is None:
            return
        if plan.matched_rows:
            # What to do with matches may have changed: rehearse again (read only, rolled back) so
            # the counts say which updates change nothing and what the services would refuse.
            self._checking = True
            self.counts.setText(_("Checking every row…"))
            self.details.clear()
            store = self.wiz.store
            self.wiz.run_task(
                lambda progress, cancel: imports.rehearse_plan(store, plan, progress=progress, cancel=cancel),
                self._show,
                self._failed,
                self._cancelled,
                _("Checking every row…"),
            )
            self.completeChanged.emit()
            return
        self._show(plan)

    def _failed(self, exc: BaseException) -> None:
        self._checking = False
        self.wiz.show_failure(exc)

    def _cancelled(self) -> None:
        self._checking = False
        self.counts.setText(_("The check was cancelled; go back and try again."))

    def _show(self, plan: ImportPlan) -> None:
        self._checking = False
        path = self.wiz.chosen_file()[0]
        lines = what_will_be_written(plan, imports.kind_title(plan.kind))
        if plan.ok:
            self.counts.setText(
                _("Importing {file} will write, in one transaction:").format(file=Path(path).name)
            )
            notes = [str(w) for w in plan.all_warnings()[:200]]
            if notes:
                lines += ["", _("Notes:"), *notes]
            self.details.setPlainText("\n".join(lines))
            self.note.setText(
                _(
                    "Nothing has been written yet. Press “{button}” to write it; Back to change anything."
                ).format(button=_("Import now"))
            )
        else:
            self.counts.setText(_("Nothing can be imported: the database refuses these rows."))
            self.details.setPlainText("\n".join(imports.error_lines(plan, 200)))
            self.note.setText(_("Go back to correct or leave out the rows in error."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return not self._checking and plan is not None and plan.ok

    def nextId(self) -> int:
        return PAGE_IMPORT
