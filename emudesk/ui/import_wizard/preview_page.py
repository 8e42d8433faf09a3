"""The preview page: every row with its errors highlighted in the cells, and the list of problems."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWizardPage,
)

from emudesk.i18n import _
from emudesk.importer import ParsedSheet
from emudesk.services.imports import importing as imports
from emudesk.services.imports.importing import Action, ImportPlan
from emudesk.ui.import_wizard.base import PAGE_IMPORT, PAGE_MATCHES, WizardBase
from emudesk.ui.import_wizard.models import ErrorListModel, PlanModel


class PreviewPage(QWizardPage):
    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Check the rows"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.filter_combo = QComboBox(self)
        for label, keep in (
            (_("All rows"), lambda _r: True),
            (_("Rows in error"), lambda r: r.action is Action.ERROR),
            (_("Rows with notes"), lambda r: bool(r.warnings)),
            (_("Rows matching recorded ones"), lambda r: r.matched),
            (_("New rows"), lambda r: r.action is Action.CREATE),
        ):
            self.filter_combo.addItem(label, keep)
        self.model = PlanModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setDefaultSectionSize(140)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.errors_model = ErrorListModel(self)
        self.errors = QTableView(self)
        self.errors.setModel(self.errors_model)
        self.errors.horizontalHeader().setStretchLastSection(True)
        self.errors.verticalHeader().setVisible(False)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.table, _("Rows"))
        self.tabs.addTab(self.errors, _("Problems"))
        self.report_button = QPushButton(_("Save the error report…"), self)
        self.report_button.clicked.connect(lambda: wizard.save_report(self))
        self.reload_button = QPushButton(_("Read the file again"), self)
        self.reload_button.setToolTip(_("After correcting the file in Excel"))
        self.reload_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Show:"), self))
        top.addWidget(self.filter_combo)
        top.addStretch(1)
        top.addWidget(self.reload_button)
        top.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(self.filter_combo.currentData())
        )

    def initializePage(self) -> None:
        self.show_plan()

    def show_plan(self) -> None:
        plan = self.wiz.plan
        self.model.set_plan(plan)
        if plan is None:
            return
        errors, warnings = plan.all_errors(), plan.all_warnings()
        self.errors_model.set_items(errors, warnings)
        self.tabs.setTabText(1, _("Problems and notes ({n})").format(n=len(errors) + len(warnings)))
        text = plan.summary()
        if errors:
            text += " " + _("Nothing can be imported until the rows in error are corrected in the file.")
        for note in plan.notes:
            text += "\n" + note
        self.summary.setText(text)
        self.report_button.setEnabled(bool(errors))
        if errors:
            self.filter_combo.setCurrentIndex(1)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, max(self.table.columnWidth(1), 110))
        self.completeChanged.emit()

    def reload(self) -> None:
        wiz = self.wiz
        parsed = wiz.parsed
        path, kind = wiz.chosen_file()
        sheet = parsed.sheet if isinstance(parsed, ParsedSheet) else None
        mapping = parsed.mapping.as_override() if isinstance(parsed, ParsedSheet) and parsed.mapping else None
        store, options = wiz.store, wiz.plan_options()

        def work(progress: Any, cancel: threading.Event) -> tuple[Any, ImportPlan]:
            again = imports.read_file(path, kind, sheet=sheet, mapping=mapping)
            return again, imports.prepare_import(store, again, progress=progress, cancel=cancel, **options)

        def done(result: tuple[Any, ImportPlan]) -> None:
            wiz.set_parsed(*result)
            self.show_plan()

        wiz.run_task(work, done, wiz.show_failure, None, _("Checking every row…"))

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return plan is not None and plan.ok

    def nextId(self) -> int:
        plan = self.wiz.plan
        return PAGE_MATCHES if plan is not None and plan.matched_rows else PAGE_IMPORT
