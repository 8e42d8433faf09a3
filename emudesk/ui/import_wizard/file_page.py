"""The first page: the file, what it holds, its sheet and campaign; blank templates."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import N_, _
from emudesk.importer import CAMPAIGN
from emudesk.services.imports import importing as imports
from emudesk.services.imports.importing import ImportPlan
from emudesk.ui import dialogs
from emudesk.ui.import_wizard.base import PAGE_MAPPING, PAGE_PREVIEW, REPORT_FILTER, AsyncPage, WizardBase

_FILE_FILTER = N_("Spreadsheets and CSV files (*.xlsx *.xls *.ods *.csv *.txt);;All files (*)")


class FilePage(AsyncPage):
    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.setTitle(_("Choose the file"))
        self.setSubTitle(
            _(
                "An Excel list as your office keeps it (.xlsx, .xls, .ods, or saved as .csv): title rows, "
                "merged headers, dates typed as text and names typed in the old TCVN3 or VNI fonts are fine."
            )
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(_("The file to import"))
        browse = QPushButton(_("Browse…"), self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.kind_combo = QComboBox(self)
        for kind in imports.IMPORT_KINDS:
            self.kind_combo.addItem(imports.kind_title(kind), kind)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.addItem(_("(the first sheet with data)"), None)
        self.campaign_combo = QComboBox(self)
        self.campaign_combo.addItem(_("(named in the file)"), None)
        self.template_button = QPushButton(_("Save a blank template…"), self)
        self.template_button.clicked.connect(self.save_template)
        form = QFormLayout()
        form.addRow(_("File:"), row)
        form.addRow(_("The file holds:"), self.kind_combo)
        form.addRow(_("Sheet:"), self.sheet_combo)
        form.addRow(_("Campaign:"), self.campaign_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.path_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.path_edit.editingFinished.connect(self.load_sheets)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))

    def _kind_changed(self) -> None:
        self.sheet_combo.setEnabled(self.kind != CAMPAIGN)
        self.campaign_combo.setEnabled(self.kind in ("nominations", "achievements"))

    def fill_campaigns(self, choices: list[tuple[int, str]]) -> None:
        for cid, label in choices:
            self.campaign_combo.addItem(label, cid)

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import a spreadsheet"), self.path_edit.text(), _(_FILE_FILTER)
        )
        if path:
            self.path_edit.setText(path)
            self.load_sheets()

    def load_sheets(self) -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItem(_("(the first sheet with data)"), None)
        path = self.path_edit.text().strip()
        if not path or not Path(path).is_file():
            return
        try:
            names = imports.sheet_names(path)
        except EmudeskError:
            return  # the reason is shown when the user presses Next
        for name in names:
            self.sheet_combo.addItem(name, name)

    def save_template(self) -> None:
        kind = self.kind
        suggested = Path.home() / f"mau-{kind}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save a blank template"), str(suggested), _(REPORT_FILTER)
        )
        if not path:
            return
        chosen = path
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        if not dialogs.may_replace(self, chosen, Path(path)):
            return
        store = self.wiz.store
        self.wiz.run_task(
            lambda _p, _c: imports.save_template(store, kind, path),
            lambda written: dialogs.info(self, _("The template was saved to {path}.").format(path=written)),
            self.wiz.show_failure,
            None,
            _("Writing the template…"),
        )

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        path, kind, sheet = self.path_edit.text().strip(), self.kind, self.sheet_combo.currentData()
        wiz = self.wiz
        if kind == CAMPAIGN:
            store = wiz.store

            def work(progress: Any, cancel: threading.Event) -> tuple[Any, ImportPlan]:
                parsed = imports.read_file(path, kind)
                return parsed, imports.prepare_import(store, parsed, progress=progress, cancel=cancel)

            return self.run_then_next(
                work,
                lambda result: wiz.start(*result),
                _("Reading {file}…").format(file=Path(path).name),
            )
        return self.run_then_next(
            lambda _p, _c: imports.read_file(path, kind, sheet=sheet),
            lambda parsed: wiz.start(parsed, None),
            _("Reading {file}…").format(file=Path(path).name),
        )

    def nextId(self) -> int:
        return PAGE_PREVIEW if self.kind == CAMPAIGN else PAGE_MAPPING
