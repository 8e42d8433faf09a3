"""The preview page: every row with its problems in their cells; a cell corrected or a row left out
here (never in the user's file), each re-checked at once; the file read again after Excel."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
from emudesk.services.imports.corrections import CellEdit, row_key
from emudesk.services.imports.importing import Action
from emudesk.ui.import_wizard.base import PAGE_CONFIRM, PAGE_MATCHES, Planned, WizardBase
from emudesk.ui.import_wizard.models import ErrorListModel, PlanModel, shown


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
            (_("Rows left out"), lambda r: r.left_out),
        ):
            self.filter_combo.addItem(label, keep)
        self.model = PlanModel(self)
        self.model.cell_edited.connect(self.cell_edited)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setDefaultSectionSize(140)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentChanged.connect(lambda *_a: self.show_row())
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
        self.reload_button.setToolTip(
            _("After correcting the file in Excel: its columns are found again, your choices kept.")
        )
        self.reload_button.clicked.connect(self.reload)
        self.edit_button = QPushButton(_("Edit"), self)
        self.edit_button.setToolTip(_("Correct the chosen cell here (F2); the file is not changed."))
        self.edit_button.clicked.connect(self.edit_cell)
        self.skip_button = QPushButton(_("Leave this row out"), self)
        self.skip_button.clicked.connect(self.leave_out)
        self.restore_button = QPushButton(_("Restore"), self)
        self.restore_button.setToolTip(_("Import the row left out after all."))
        self.restore_button.clicked.connect(self.restore)
        self.row_problems = QLabel(self)
        self.row_problems.setWordWrap(True)
        self.row_problems.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Show:"), self))
        top.addWidget(self.filter_combo)
        top.addStretch(1)
        top.addWidget(self.reload_button)
        top.addWidget(self.report_button)
        row_bar = QHBoxLayout()
        row_bar.addWidget(self.edit_button)
        row_bar.addWidget(self.skip_button)
        row_bar.addWidget(self.restore_button)
        row_bar.addWidget(self.row_problems, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(row_bar)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(self.filter_combo.currentData())
        )
        self._busy = False

    def initializePage(self) -> None:
        self.show_plan()

    def show_plan(self, keep_row: int | None = None) -> None:
        plan = self.wiz.plan
        self.model.set_edits(self.wiz.edits)
        self.model.set_plan(plan)
        if plan is None:
            return
        errors, warnings = plan.all_errors(), plan.all_warnings()
        self.errors_model.set_items(errors, warnings)
        self.tabs.setTabText(1, _("Problems and notes ({n})").format(n=len(errors) + len(warnings)))
        text = plan.summary()
        if errors:
            text += " " + _(
                "Nothing can be imported until the rows in error are corrected (here or in the file) "
                "or left out."
            )
        for note in [*plan.notes, *self.wiz.notices]:
            text += "\n" + note
        self.summary.setText(text)
        self.report_button.setEnabled(bool(errors))
        if errors:
            self.filter_combo.setCurrentIndex(1)
        elif self.filter_combo.currentIndex() == 1:
            self.filter_combo.setCurrentIndex(0)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, max(self.table.columnWidth(1), 110))
        if keep_row is not None:
            at = self.model.position_of(keep_row)
            if at is not None:
                self.table.setCurrentIndex(self.model.index(at, 1))
        self.show_row()
        self.completeChanged.emit()

    # --- the chosen row ----------------------------------------------------------------------

    def _current_row(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.model.plan is None:
            return None
        return index.row()

    def show_row(self) -> None:
        """The chosen row's problems (column and reason), and what can be done with it."""
        at = self._current_row()
        idle = not self._busy
        if at is None:
            self.row_problems.setText(_("Click a row to see its problems, correct a cell or leave it out."))
            for button in (self.edit_button, self.skip_button, self.restore_button):
                button.setEnabled(False)
            return
        row = self.model.row_at(at)
        one_sheet = isinstance(self.wiz.read, ParsedSheet)  # a campaign workbook is corrected in the file
        self.edit_button.setEnabled(idle and not row.left_out and self.model.editable_columns() > 0)
        self.skip_button.setEnabled(idle and one_sheet and not row.left_out)
        self.restore_button.setEnabled(idle and row.left_out)
        if row.left_out:
            self.row_problems.setText(
                _("Row {row} is left out of the import (the file is unchanged).").format(row=row.row_number)
            )
            return
        lines = [
            _("Row {row}, column {column}: {reason}").format(
                row=e.row, column=e.column_letter, reason=e.reason
            )
            if e.column_letter
            else _("Row {row}: {reason}").format(row=e.row, reason=e.reason)
            for e in row.all_errors()
        ]
        self.row_problems.setText("\n".join(lines) or _("Row {row}: no problem.").format(row=row.row_number))

    def edit_cell(self) -> None:
        """Open the editor on the chosen cell, or on the row's first wrong cell."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        if not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            column = self.model.first_editable(index.row())
            if column is None:
                return
            index = self.model.index(index.row(), column)
            self.table.setCurrentIndex(index)
        self.table.edit(index)

    def cell_edited(self, row_number: int, column: int, text: str) -> None:
        read = self.wiz.read
        if not isinstance(read, ParsedSheet) or read.source is None:
            return
        before = read.source.value(row_number, column)
        edits = [e for e in self.wiz.edits if (e.row, e.column) != (row_number, column)]
        parsed = self.wiz.parsed
        mapping = parsed.mapping if isinstance(parsed, ParsedSheet) else None
        fed = next((m for m in mapping.columns if m.column == column), None) if mapping else None
        if text != shown(before):
            edits.append(
                CellEdit(
                    row_number,
                    column,
                    before,
                    text,
                    fed.field if fed else None,
                    fed.gender if fed else None,
                )
            )
        self.wiz.edits = edits
        self.replan(keep_row=row_number)

    def leave_out(self) -> None:
        at = self._current_row()
        if at is None or not isinstance(self.wiz.read, ParsedSheet):
            return
        row = self.model.row_at(at)
        number = row.row_number
        self.wiz.left_out[number] = row_key(row.source) if row.source is not None else ()
        self.replan(keep_row=number)

    def restore(self) -> None:
        at = self._current_row()
        if at is None:
            return
        number = self.model.row_at(at).row_number
        self.wiz.left_out.pop(number, None)
        self.replan(keep_row=number)

    # --- planning again ----------------------------------------------------------------------

    def replan(self, *, read_again: bool = False, keep_row: int | None = None) -> None:
        """Check every row again with the corrections (on the worker); the file is read again
        only for "Đọc lại tệp"."""
        wiz = self.wiz
        self._busy = True
        self.show_row()
        self.completeChanged.emit()

        def done(planned: Planned) -> None:
            self._busy = False
            wiz.take(planned)
            self.show_plan(keep_row)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.show_row()
            self.completeChanged.emit()
            wiz.show_failure(exc)

        def cancelled() -> None:
            self._busy = False
            self.show_row()
            self.completeChanged.emit()

        label = _("Reading the file again…") if read_again else _("Checking every row…")
        wiz.run_task(wiz.planning(read_again=read_again), done, failed, cancelled, label)

    def reload(self) -> None:
        self.replan(read_again=True)

    def isComplete(self) -> bool:
        plan = self.wiz.plan
        return not self._busy and plan is not None and plan.ok

    def nextId(self) -> int:
        plan = self.wiz.plan
        return PAGE_MATCHES if plan is not None and plan.matched_rows else PAGE_CONFIRM
