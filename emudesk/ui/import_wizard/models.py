"""The tables of the preview and matches pages: the plan's rows, its problems, the matching rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from emudesk.i18n import N_, _
from emudesk.importer import CAMPAIGN, CellError
from emudesk.services.imports.corrections import CellEdit
from emudesk.services.imports.importing import Action, ImportPlan, OnMatch, PlanRow

_ERROR_BG = QColor("#FFC7CE")
_WARN_BG = QColor("#FFF2CC")
_NEW_BG = QColor("#E2EFDA")
_EDITED_BG = QColor("#DDEBF7")
_LEFT_OUT_FG = QColor("#808080")

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


def shown(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class PlanModel(QAbstractTableModel):
    """The plan's rows as the file shows them: row number, action, then each mapped column.

    Cells are read from the sheet on demand, so tens of thousands of rows cost nothing until
    shown; a wrong cell is red with its reason as tooltip, a row with a warning yellow, a cell
    corrected in the wizard blue, a row left out grey. A cell of a mapped column may be edited:
    ``cell_edited`` (row number, 0-based column, text) says what the user typed; the page plans
    again and sets the new plan.
    """

    cell_edited = Signal(int, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self._edits: dict[tuple[int, int], CellEdit] = {}
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

    def set_edits(self, edits: list[CellEdit]) -> None:
        """The cells corrected in the wizard, marked until the next ``set_plan``."""
        self._edits = {(e.row, e.column): e for e in edits}

    def position_of(self, row_number: int) -> int | None:
        """Where the row of the file with ``row_number`` is shown, if it is."""
        if self.plan is None:
            return None
        for at, i in enumerate(self._rows):
            if self.plan.rows[i].row_number == row_number:
                return at
        return None

    def editable_columns(self) -> int:
        return len(self._columns)

    def first_editable(self, row: int) -> int | None:
        """The row's first wrong cell, else its first mapped column; None when nothing is mapped."""
        if not self._columns:
            return None
        number = self.row_at(row).row_number
        for section in range(2, 2 + len(self._columns)):
            letter = self._letter(section)
            if letter and (number, letter) in self._cell_errors:
                return section
        return 2

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if (
            index.isValid()
            and 2 <= index.column() < 2 + len(self._columns)
            and not self.row_at(index.row()).left_out
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        text = str(value)
        if text == self.data(index, Qt.ItemDataRole.DisplayRole):
            return False
        row = self.row_at(index.row())
        self.cell_edited.emit(row.row_number, self._columns[index.column() - 2][1], text)
        return True

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
        if role == Qt.ItemDataRole.EditRole and 2 <= col < last:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        edit = self._edits.get((row.row_number, self._columns[col - 2][1])) if 2 <= col < last else None
        if role == Qt.ItemDataRole.ForegroundRole and row.left_out:
            return QBrush(_LEFT_OUT_FG)
        if role == Qt.ItemDataRole.FontRole and row.left_out:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(row.row_number)
            if col == 1:
                if row.left_out:
                    return _("Left out")
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
            return shown(sheet.source.value(row.row_number, self._columns[col - 2][1]))
        if role == Qt.ItemDataRole.ToolTipRole:
            letter = self._letter(col)
            if letter:
                reasons = list(self._cell_errors.get((row.row_number, letter), []))
                if edit is not None:
                    was = shown(edit.before)
                    reasons.append(_("Corrected here; the file still holds “{before}”.").format(before=was))
                return "\n".join(reasons) if reasons else None
            if col == last or col == 1:
                return self.data(self.index(index.row(), last), Qt.ItemDataRole.DisplayRole) or None
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.left_out:
                return None
            letter = self._letter(col)
            if letter and (row.row_number, letter) in self._cell_errors:
                return QBrush(_ERROR_BG)
            if edit is not None:
                return QBrush(_EDITED_BG)
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
