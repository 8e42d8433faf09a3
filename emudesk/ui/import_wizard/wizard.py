"""File ▸ Import: a wizard from a spreadsheet to records, checking everything before writing.

Pages: choose the file and what it holds → map its columns (pre-filled from the
headers found) → preview every row with its errors highlighted in the cells →
choose what to do with rows matching recorded ones → import with progress and
cancel → summary. Reading, planning and writing run on the window's database
worker (``ui/tasks.py``); the pages only show results. The import is all or
nothing: a refusal, a cancel or a failure leaves the database as it was.

The main window lists one File ▸ Import entry per kind (``extensions``); anything
else can call ``open_import_wizard(parent, store)``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import N_, _
from emudesk.importer import CAMPAIGN, KINDS, CampaignParse, CellError, HeaderMapping, ParsedSheet
from emudesk.importer.grid import column_index
from emudesk.services.core.changes import Changes
from emudesk.services.core.store import Store
from emudesk.services.imports import importing as imports
from emudesk.services.imports.importing import Action, ImportPlan, ImportResult, OnMatch, PlanRow
from emudesk.services.register.choices import campaigns as campaign_choices
from emudesk.ui import dialogs
from emudesk.ui.menu_entry import MenuEntry
from emudesk.ui.tasks import Task, TaskManager

PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_MATCHES, PAGE_IMPORT, PAGE_SUMMARY = range(6)

_ERROR_BG = QColor("#FFC7CE")
_WARN_BG = QColor("#FFF2CC")
_NEW_BG = QColor("#E2EFDA")
_FILE_FILTER = N_("Spreadsheets (*.xlsx *.xls *.ods);;All files (*)")
_REPORT_FILTER = N_("Excel workbook (*.xlsx)")

ACTION_LABELS: dict[Action, str] = {
    Action.CREATE: N_("Create"),
    Action.UPDATE: N_("Update"),
    Action.SKIP: N_("Skip"),
    Action.ERROR: N_("Error"),
}
CHOICE_LABELS: dict[OnMatch, str] = {
    OnMatch.UPDATE: N_("Update the record"),
    OnMatch.SKIP: N_("Skip the row"),
    OnMatch.CREATE: N_("Create a new record"),
}
# What each kind may write, so the window's views reload.
CHANGES: dict[str, Changes] = {
    "units": Changes(units=True),
    "individuals": Changes(individuals=True, units=True),
    "households": Changes(households=True, individuals=True),
    "ratings": Changes(individuals=True, units=True),
    "awards": Changes(awards=True, individuals=True, households=True, units=True),
    "achievements": Changes(achievements=True, individuals=True, households=True),
    "nominations": Changes(nominations=True, individuals=True, households=True),
    CAMPAIGN: Changes(campaigns=True),
}


def _shown(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- models ---------------------------------------------------------------------------------------


class PlanModel(QAbstractTableModel):
    """The plan's rows as the file shows them: row number, action, then each mapped column.

    Cells are read from the sheet on demand, so tens of thousands of rows cost nothing until
    shown; a wrong cell is red with its reason as tooltip, a row with a warning yellow.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self._rows: list[int] = []
        self._columns: list[tuple[str, int]] = []  # (header, 0-based column)
        self._cell_errors: dict[tuple[int, str], list[str]] = {}
        self._filter: Callable[[PlanRow], bool] = lambda _row: True

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.plan = plan
        self._columns = []
        self._cell_errors = {}
        sheet = plan.sheets[0] if plan and plan.sheets else None
        if plan is not None and sheet is not None and sheet.mapping is not None and plan.kind != CAMPAIGN:
            self._columns = [
                (
                    f"{m.letter} – {m.header}" + (f" ({m.gender.label})" if m.gender else "")
                    if m.header
                    else m.letter,
                    m.column,
                )
                for m in sorted(sheet.mapping.columns, key=lambda m: m.column)
            ]
        if plan is not None:
            for row in plan.rows:
                for e in row.all_errors():
                    if e.column_letter and e.row == row.row_number:
                        self._cell_errors.setdefault((row.row_number, e.column_letter), []).append(e.reason)
        self._apply_filter()
        self.endResetModel()

    def set_filter(self, keep: Callable[[PlanRow], bool]) -> None:
        self.beginResetModel()
        self._filter = keep
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        rows = self.plan.rows if self.plan else []
        self._rows = [i for i, r in enumerate(rows) if self._filter(r)]

    def row_at(self, row: int) -> PlanRow:
        assert self.plan is not None
        return self.plan.rows[self._rows[row]]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3 + len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return _("Row")
        if section == 1:
            return _("Action")
        if section == 2 + len(self._columns):
            return _("Errors and notes")
        if 2 <= section < 2 + len(self._columns):
            return self._columns[section - 2][0]
        return None

    def _letter(self, section: int) -> str | None:
        if 2 <= section < 2 + len(self._columns):
            header = self._columns[section - 2][0]
            return header.split(" ", 1)[0]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or self.plan is None:
            return None
        row = self.row_at(index.row())
        col = index.column()
        last = 2 + len(self._columns)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(row.row_number)
            if col == 1:
                if row.action is Action.SKIP and row.unchanged:
                    return _("Unchanged")
                return _(ACTION_LABELS[row.action])
            if col == last:
                texts = [e.reason for e in row.all_errors()] + [w.reason for w in row.warnings]
                if row.matched:
                    texts.append(
                        _("Matches {record} ({by}).").format(record=row.match_label, by=row.match_by)
                    )
                return " | ".join(texts)
            sheet = self.plan.sheets[0]
            if sheet.source is None:
                return ""
            return _shown(sheet.source.value(row.row_number, self._columns[col - 2][1]))
        if role == Qt.ItemDataRole.ToolTipRole:
            letter = self._letter(col)
            if letter:
                reasons = self._cell_errors.get((row.row_number, letter))
                return "\n".join(reasons) if reasons else None
            if col == last or col == 1:
                return self.data(self.index(index.row(), last), Qt.ItemDataRole.DisplayRole) or None
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            letter = self._letter(col)
            if letter and (row.row_number, letter) in self._cell_errors:
                return QBrush(_ERROR_BG)
            if col in (1, last):
                if row.action is Action.ERROR:
                    return QBrush(_ERROR_BG)
                if row.warnings:
                    return QBrush(_WARN_BG)
                if row.action is Action.CREATE:
                    return QBrush(_NEW_BG)
            return None
        return None

    def has_cell_error(self, row_number: int, letter: str) -> bool:
        return (row_number, letter) in self._cell_errors


class ErrorListModel(QAbstractTableModel):
    """Every problem of a plan as sheet | row | column | reason (warnings too, marked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[CellError, bool]] = []

    def set_items(self, errors: list[CellError], warnings: list[CellError]) -> None:
        self.beginResetModel()
        self.items = [(e, False) for e in errors] + [(w, True) for w in warnings]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("Sheet"), _("Row"), _("Column"), _("Problem"))[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        error, warning = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = (error.sheet, error.row, error.column_letter, error.reason)[index.column()]
            if index.column() == 3 and warning:
                return _("Note: {text}").format(text=value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_WARN_BG if warning else _ERROR_BG)
        return None


class MatchModel(QAbstractTableModel):
    """Rows matching recorded ones, with what to do with each (the last column is editable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PlanRow] = []

    def set_rows(self, rows: list[PlanRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def set_all(self, choice: OnMatch) -> None:
        for row in self.rows:
            row.choice = choice
        if self.rows:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self.rows) - 1, 4))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("Row"), _("In the file"), _("Already recorded"), _("Matched by"), _("What to do"))[
                section
            ]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 4:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 4:
                text = _(CHOICE_LABELS[row.choice])
                wrong = row.choice_error()
                return f"{text} – {wrong.reason}" if wrong and role == Qt.ItemDataRole.ToolTipRole else text
            return (str(row.row_number), row.label, row.match_label, row.match_by)[index.column()]
        if role == Qt.ItemDataRole.EditRole and index.column() == 4:
            return row.choice.value
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 4 and row.choice_error() is not None:
            return QBrush(_ERROR_BG)
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or index.column() != 4 or role != Qt.ItemDataRole.EditRole:
            return False
        self.rows[index.row()].choice = OnMatch(value)
        self.dataChanged.emit(index, index)
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box over OnMatch for the "what to do" column."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for choice, label in CHOICE_LABELS.items():
            combo.addItem(_(label), choice.value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


# --- pages ----------------------------------------------------------------------------------------


class _AsyncPage(QWizardPage):
    """A page whose Next runs work on the worker first and moves on when it succeeds."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self._ready = False
        self._busy = False

    def run_then_next(
        self, work: Callable[[Any, threading.Event], Any], done: Callable[[Any], None], label: str
    ) -> bool:
        if self._ready:
            self._ready = False
            return True
        if self._busy:
            return False
        self._busy = True

        def success(result: Any) -> None:
            self._busy = False
            done(result)
            self._ready = True
            self.wiz.next()

        def failure(exc: BaseException) -> None:
            self._busy = False
            self.wiz.show_failure(exc)

        def cancelled() -> None:
            self._busy = False

        self.wiz.run_task(work, success, failure, cancelled, label)
        return False


class FilePage(_AsyncPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_("Choose the file"))
        self.setSubTitle(
            _(
                "An Excel list as your office keeps it (.xlsx, .xls, .ods): title rows, merged headers and "
                "dates typed as text are fine."
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
            self, _("Save a blank template"), str(suggested), _(_REPORT_FILTER)
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
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
                lambda result: wiz.set_parsed(*result),
                _("Reading {file}…").format(file=Path(path).name),
            )
        return self.run_then_next(
            lambda _p, _c: imports.read_file(path, kind, sheet=sheet),
            lambda parsed: wiz.set_parsed(parsed, None),
            _("Reading {file}…").format(file=Path(path).name),
        )

    def nextId(self) -> int:
        return PAGE_PREVIEW if self.kind == CAMPAIGN else PAGE_MAPPING


class MappingPage(_AsyncPage):
    """Which column feeds which field: the headers found, changeable."""

    NONE = "__none__"
    SPLIT = "__split__"

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_("Match the columns"))
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([_("Field"), _("Column of the file")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.combos: dict[str, QComboBox] = {}
        self._initial: dict[str, object] = {}

    def initializePage(self) -> None:
        parsed = self.wiz.parsed
        assert isinstance(parsed, ParsedSheet)
        mapping = parsed.mapping
        spec = KINDS[parsed.kind]
        self.combos = {}
        self.table.setRowCount(len(spec.fields))
        options = self._options(mapping)
        current = mapping.as_override() if mapping else {}
        self._initial = dict(current)
        for r, f in enumerate(spec.fields):
            item_text = f.header + (" *" if f.required else "")
            self.table.setItem(r, 0, _item(item_text, bold=f.required))
            combo = QComboBox(self.table)
            combo.addItem(_("(not imported)"), self.NONE)
            chosen = current.get(f.key)
            if isinstance(chosen, tuple):
                # A column split into Nam | Nữ stays as found unless the user picks one column.
                combo.addItem(
                    _("{male} (Nam) and {female} (Nữ)").format(male=chosen[0], female=chosen[1]), self.SPLIT
                )
            for letter, label in options:
                combo.addItem(label, letter)
            wanted = self.SPLIT if isinstance(chosen, tuple) else chosen
            combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted is not None else 0)
            if f.required and chosen is None:
                combo.setStyleSheet("background: #FFC7CE")
            self.table.setCellWidget(r, 1, combo)
            self.combos[f.key] = combo
        if mapping is None:
            self.note.setText(_("No header row was recognised: choose the column of each field."))
        elif mapping.needs_review:
            self.note.setText(
                _(
                    "Header on row {row}. Some columns were recognised only in part or are missing: "
                    "please check them."
                ).format(row=mapping.header_row)
            )
        else:
            self.note.setText(
                _("Header on row {row}; every column was recognised. Change any that is wrong.").format(
                    row=mapping.header_row
                )
            )

    @staticmethod
    def _options(mapping: HeaderMapping | None) -> list[tuple[str, str]]:
        if mapping is None:
            from emudesk.importer.grid import column_letter

            return [(column_letter(i), column_letter(i)) for i in range(26)]
        found = {m.letter: m.header for m in mapping.columns}
        found.update({u.letter: u.header for u in mapping.unmatched})
        return [
            (letter, f"{letter} – {header}" if header else letter)
            for letter, header in sorted(found.items(), key=lambda kv: column_index(kv[0]))
        ]

    def choices(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, combo in self.combos.items():
            value = combo.currentData()
            if value == self.SPLIT:
                out[key] = self._initial.get(key)
            else:
                out[key] = None if value == self.NONE else value
        return out

    def validatePage(self) -> bool:
        chosen = self.choices()
        changed = {k: v for k, v in chosen.items() if self._initial.get(k) != v}
        wiz = self.wiz
        parsed = wiz.parsed
        assert isinstance(parsed, ParsedSheet)
        path, kind, sheet = wiz.file_page.path_edit.text().strip(), parsed.kind, parsed.sheet
        store, options = wiz.store, wiz.plan_options()

        def work(progress: Any, cancel: threading.Event) -> tuple[Any, ImportPlan]:
            again = imports.read_file(path, kind, sheet=sheet, mapping=chosen) if changed else parsed
            return again, imports.prepare_import(store, again, progress=progress, cancel=cancel, **options)

        return self.run_then_next(work, lambda result: wiz.set_parsed(*result), _("Checking every row…"))


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
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
        path = wiz.file_page.path_edit.text().strip()
        kind = wiz.file_page.kind
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


class MatchesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Rows already recorded"))
        self.setSubTitle(
            _(
                "These rows match records already in emudesk (same ID number, or same name, birth date "
                "and unit). Choose what to do with them; double-click the last column to change one row."
            )
        )
        self.model = MatchModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(4, ChoiceDelegate(self.table))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.model.dataChanged.connect(lambda *_a: self.completeChanged.emit())
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("For every row:"), self))
        self.all_buttons: dict[OnMatch, QPushButton] = {}
        for choice, label in CHOICE_LABELS.items():
            button = QPushButton(_(label), self)
            button.clicked.connect(lambda _c=False, ch=choice: self.set_all(ch))
            buttons.addWidget(button)
            self.all_buttons[choice] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        plan = self.wiz.plan
        self.model.set_rows(plan.matched_rows if plan else [])
        self.table.resizeColumnsToContents()

    def set_all(self, choice: OnMatch) -> None:
        plan = self.wiz.plan
        if plan is not None:
            plan.on_match = choice
        self.model.set_all(choice)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return all(r.choice_error() is None for r in self.model.rows)


class ImportPage(QWizardPage):
    """Runs the commit on the worker with a progress bar; Cancel rolls everything back."""

    def __init__(self, wizard: ImportWizard) -> None:
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
    def __init__(self, wizard: ImportWizard) -> None:
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


def _item(text: str, *, bold: bool = False) -> Any:
    from PySide6.QtWidgets import QTableWidgetItem

    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


# --- the wizard -----------------------------------------------------------------------------------


class ImportWizard(QWizard):
    """The import, page by page. ``parsed``, ``plan`` and ``outcome`` are what the pages produced."""

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        tasks: TaskManager | None = None,
        kind: str | None = None,
        on_changes: Callable[[Changes], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import from a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(1000, 640)
        self.store = store
        self._own_tasks = tasks is None
        self.tasks = tasks or TaskManager(self)
        self.on_changes = on_changes
        self.parsed: ParsedSheet | CampaignParse | None = None
        self.plan: ImportPlan | None = None
        self.outcome: ImportResult | None = None
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.matches_page = MatchesPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in (
            (PAGE_FILE, self.file_page),
            (PAGE_MAPPING, self.mapping_page),
            (PAGE_PREVIEW, self.preview_page),
            (PAGE_MATCHES, self.matches_page),
            (PAGE_IMPORT, self.import_page),
            (PAGE_SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_FILE)
        for button, text in (
            (QWizard.WizardButton.BackButton, _("< Back")),
            (QWizard.WizardButton.NextButton, _("Next >")),
            (QWizard.WizardButton.FinishButton, _("Finish")),
            (QWizard.WizardButton.CancelButton, _("Cancel")),
        ):
            self.setButtonText(button, text)
        if kind:
            self.file_page.set_kind(kind)
        self.currentIdChanged.connect(self._page_changed)
        self._load_campaigns()

    def _load_campaigns(self) -> None:
        store = self.store

        def work(_p: Any, _c: threading.Event) -> list[tuple[int, str]]:
            with store.read() as session:
                return [(c.id, c.label) for c in campaign_choices(session)]

        self.run_task(work, self.file_page.fill_campaigns, lambda _e: None, None, "", show_progress=False)

    def _page_changed(self, page_id: int) -> None:
        # While the import runs, there is no going back.
        self.button(QWizard.WizardButton.BackButton).setEnabled(page_id not in (PAGE_IMPORT, PAGE_SUMMARY))

    def plan_options(self) -> dict[str, object]:
        campaign = self.file_page.campaign_combo.currentData()
        return (
            {"campaign_id": campaign}
            if campaign is not None and self.file_page.campaign_combo.isEnabled()
            else {}
        )

    def set_parsed(self, parsed: ParsedSheet | CampaignParse, plan: ImportPlan | None) -> None:
        self.parsed = parsed
        self.plan = plan
        self.outcome = None

    def run_task(
        self,
        work: Callable[[Any, threading.Event], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None,
        on_cancelled: Callable[[], None] | None,
        label: str,
        *,
        cancellable: bool = True,
        show_progress: bool = True,
    ) -> Task[Any]:
        return self.tasks.run(
            work,
            on_success=on_success,
            on_failure=on_failure or self.show_failure,
            on_cancelled=on_cancelled,
            parent=self,
            title=_("Import"),
            label=label,
            cancellable=cancellable,
            show_progress=show_progress,
        )

    def show_failure(self, exc: BaseException) -> None:
        from emudesk.ui.errors import show_error

        show_error(self, exc)

    def save_report(self, parent: QWidget) -> None:
        plan = self.plan
        if plan is None:
            return
        suggested = Path.home() / f"loi-{Path(plan.file).stem}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            parent, _("Save the error report"), str(suggested), _(_REPORT_FILTER)
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            imports.write_report(plan, path)
        except (OSError, EmudeskError) as exc:
            dialogs.warn(parent, _("Cannot write {path}: {reason}").format(path=path, reason=exc))
            return
        dialogs.info(parent, _("The error report was saved to {path}.").format(path=path))

    def notify_changes(self) -> None:
        if self.on_changes is not None and self.plan is not None:
            self.on_changes(CHANGES.get(self.plan.kind, Changes(database=True)))

    def reject(self) -> None:
        task = self.import_page.task
        if task is not None:
            task.cancel.set()  # the commit rolls back; the wizard closes when the user asks again
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._own_tasks:
            self.tasks.shutdown()
        super().done(result)


def _window_context(
    parent: QWidget | None,
) -> tuple[TaskManager | None, Callable[[Changes], None] | None, Callable[[str], None] | None]:
    """The main window's worker, change bus and status bar, found up the parent chain."""
    widget = parent
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if ctx is not None and isinstance(getattr(ctx, "tasks", None), TaskManager):
            bus = getattr(ctx, "bus", None)
            return ctx.tasks, (bus.emit if bus is not None else None), getattr(ctx, "status", None)
        widget = widget.parentWidget()
    return None, None, None


def open_import_wizard(parent: QWidget | None, store: Store, *, kind: str | None = None) -> None:
    """Open the import wizard (window-modal, not blocking) on ``store``."""
    tasks, emit, status = _window_context(parent)

    def changed(changes: Changes) -> None:
        if emit is not None:
            emit(changes)
        if status is not None:
            status(_("Import finished."))

    wizard = ImportWizard(store, parent, tasks=tasks, kind=kind, on_changes=changed)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    QApplication.processEvents()


# --- File ▸ Import ------------------------------------------------------------------------------

_MENU_TITLES: dict[str, str] = {
    "units": N_("Units from Excel…"),
    "individuals": N_("Staff list (individuals) from Excel…"),
    "households": N_("Households from Excel…"),
    "ratings": N_("Annual ratings from Excel…"),
    "awards": N_("Award history from Excel…"),
    "achievements": N_("Achievements from Excel…"),
    "nominations": N_("Nominations from Excel…"),
    CAMPAIGN: N_("Campaign workbook…"),
}


def _opener(kind: str) -> Callable[[Any], None]:
    def run(window: Any) -> None:
        open_import_wizard(window, window.store, kind=kind)

    return run


def menu_entries() -> list[MenuEntry]:
    return [
        MenuEntry("import", _(title), _opener(kind), order=10 + order)
        for order, (kind, title) in enumerate(_MENU_TITLES.items())
    ]
