"""Editing the lists a plan defines (phases, milestones, targets, criteria, forms, quotas) from field specs.

Each kind of item is described once as a list of ``Field``s; a generated dialog
edits one item and ``ItemListEditor`` keeps the list with Add/Edit/Remove/Up/Down.
Items are the services' own dataclasses (``PhaseDef``, ``QuotaDef``…).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import LabelledEnum
from emudesk.i18n import _
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.widgets.fields import (
    DateField,
    DecimalField,
    FormRows,
    IntField,
    PartialDateField,
    error_banner,
)
from emudesk.ui.widgets.flow_layout import FlowLayout
from emudesk.ui.widgets.pickers import EnumCombo, set_combo_value
from emudesk.ui.widgets.record_table import RecordTable

Options = Callable[[], Sequence[tuple[Any, str]]]


@dataclass(frozen=True)
class Field:
    """One attribute of an item and how to edit it.

    Attributes:
        kind: text, multiline, date, when (a partial date: month, quarter, year), int, decimal,
            enum (``members``), choice (``options``), multi (several of ``options``), bool.
        optional: for enum/choice, an empty first entry meaning None.
    """

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    members: tuple[LabelledEnum, ...] = ()
    options: Options | None = None
    optional: bool = False
    none_text: str = ""


@dataclass(frozen=True)
class ItemSpec:
    """A kind of item: its dataclass, its fields and the columns of its list."""

    title: str
    factory: Callable[[], Any]
    fields: tuple[Field, ...]
    columns: tuple[tuple[str, Callable[[Any], str]], ...]
    widths: tuple[int, ...] = field(default=())


class ItemDialog(QDialog):
    """A form generated from an ItemSpec for one item (a copy: Cancel leaves the list untouched)."""

    def __init__(self, spec: ItemSpec, item: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(spec.title)
        self.spec = spec
        self.item = copy.deepcopy(item)
        self.banner = error_banner(self)
        form = QFormLayout()
        self.rows = FormRows(form, self.banner)
        self.widgets: dict[str, QWidget] = {}
        for f in spec.fields:
            widget = self._widget(f, getattr(self.item, f.name))
            self.widgets[f.name] = widget
            self.rows.add(f.name, f.label, widget, required=f.required)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        translate_buttons(buttons)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, min(120 + 48 * len(spec.fields), 680))

    def _widget(self, f: Field, value: Any) -> QWidget:
        if f.kind == "multiline":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setMaximumHeight(110)
            w.setPlainText(value or "")
            return w
        if f.kind == "when":
            when = PartialDateField()
            when.set_partial(value)
            return when
        if f.kind == "date":
            d = DateField()
            d.set_date(value)
            return d
        if f.kind == "int":
            i = IntField()
            i.set_int(value)
            return i
        if f.kind == "decimal":
            x = DecimalField()
            x.set_decimal(value)
            return x
        if f.kind == "bool":
            c = QCheckBox()
            c.setChecked(bool(value))
            return c
        if f.kind == "enum":
            enum_combo = EnumCombo()
            enum_combo.set_members(list(f.members), (f.none_text or _("(any)")) if f.optional else None)
            set_combo_value(enum_combo, value)
            return enum_combo
        if f.kind == "choice":
            combo = QComboBox()
            if f.optional:
                combo.addItem(f.none_text or _("(any)"), None)
            for key, label in f.options() if f.options else []:
                combo.addItem(label, key)
            row = next((i for i in range(combo.count()) if combo.itemData(i) == value), 0)
            combo.setCurrentIndex(row)
            return combo
        if f.kind == "multi":
            lst = QListWidget()
            lst.setMaximumHeight(150)
            chosen = set(value or [])
            for key, label in f.options() if f.options else []:
                item = QListWidgetItem(label, lst)
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            checked = [
                lst.item(i) for i in range(lst.count()) if lst.item(i).checkState() == Qt.CheckState.Checked
            ]
            if checked:
                lst.scrollToItem(checked[0])
            return lst
        line = QLineEdit(str(value or ""))
        return line

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The edited values and, by field, what is wrong with them."""
        out: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for f in self.spec.fields:
            w = self.widgets[f.name]
            value: Any
            if isinstance(w, QPlainTextEdit):
                value = w.toPlainText().strip()
            elif isinstance(w, PartialDateField):
                if wrong := w.problem():
                    problems[f.name] = wrong
                value = w.partial_value()
            elif isinstance(w, DateField):
                if wrong := w.problem():
                    problems[f.name] = wrong
                value = w.date_value()
            elif isinstance(w, IntField):
                if wrong := w.problem():
                    problems[f.name] = wrong
                value = w.int_value()
            elif isinstance(w, DecimalField):
                if wrong := w.problem():
                    problems[f.name] = wrong
                    value = None
                else:
                    value = w.decimal_value()
            elif isinstance(w, QCheckBox):
                value = w.isChecked()
            elif isinstance(w, QComboBox):
                value = w.currentData()
            elif isinstance(w, QListWidget):
                value = [
                    w.item(i).data(Qt.ItemDataRole.UserRole)
                    for i in range(w.count())
                    if w.item(i).checkState() == Qt.CheckState.Checked
                ]
            else:
                assert isinstance(w, QLineEdit)
                value = w.text().strip()
            if f.required and value in (None, "", []) and f.name not in problems:
                problems[f.name] = _("Required.")
            out[f.name] = value
        return out, problems

    def _accept(self) -> None:
        values, problems = self.values()
        self.rows.set_problems(problems)
        if problems:
            return
        for name, value in values.items():
            current = getattr(self.item, name)
            if value == "" and current is None:
                value = None  # keep optional texts as None, the way the services store them
            setattr(self.item, name, value)
        self.accept()


class ItemListEditor(QWidget):
    """An ordered list of items with Add, Edit, Remove, Up, Down (all reachable by keyboard)."""

    changed = Signal()

    def __init__(self, spec: ItemSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.items: list[Any] = []
        self.read_only = False  # a role that may not save: the list is shown, nothing opens to edit
        self.model = ListTableModel([title for title, _fn in spec.columns], self)
        self.table = RecordTable(self.model, self, widths=spec.widths, sortable=False, multi=False)
        self.table.open_requested.connect(lambda _k: self.edit())
        buttons = FlowLayout()  # on two lines when the editor is narrow
        for text, slot in (
            (_("Add…"), self.add),
            (_("Edit…"), self.edit),
            (_("Remove"), self.remove),
            (_("Move up"), lambda: self.move_item(-1)),
            (_("Move down"), lambda: self.move_item(1)),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_items(self, items: Sequence[Any]) -> None:
        self.items = [copy.deepcopy(i) for i in items]
        self._show()

    def _show(self, select: int | None = None) -> None:
        self.model.set_rows(
            [[fn(item) for _title, fn in self.spec.columns] for item in self.items],
            list(range(len(self.items))),
        )
        if select is not None and 0 <= select < len(self.items):
            self.table.selectRow(select)

    def _current(self) -> int:
        rows = self.table.selected_rows()
        return rows[0] if rows else -1

    def add(self) -> None:
        if self.read_only:
            return
        dialog = ItemDialog(self.spec, self.spec.factory(), self)
        if dialog.exec():
            self.items.append(dialog.item)
            self._show(len(self.items) - 1)
            self.changed.emit()

    def edit(self) -> None:
        if self.read_only:
            return
        row = self._current()
        if row < 0:
            return
        dialog = ItemDialog(self.spec, self.items[row], self)
        if dialog.exec():
            self.items[row] = dialog.item
            self._show(row)
            self.changed.emit()

    def remove(self) -> None:
        if self.read_only:
            return
        row = self._current()
        if row >= 0:
            del self.items[row]
            self._show(min(row, len(self.items) - 1))
            self.changed.emit()

    def move_item(self, step: int) -> None:
        if self.read_only:
            return
        row = self._current()
        target = row + step
        if row < 0 or not 0 <= target < len(self.items):
            return
        self.items[row], self.items[target] = self.items[target], self.items[row]
        self._show(target)
        self.changed.emit()


class CriteriaEditor(QWidget):
    """The plan's criteria as a tree: criteria per kind of subject, sub-criteria under them."""

    changed = Signal()

    def __init__(self, spec: ItemSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.read_only = False  # a role that may not save: the tree is shown, nothing opens to edit
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([title for title, _fn in spec.columns])
        for column, width in enumerate(spec.widths):
            self.tree.setColumnWidth(column, width)
        self.tree.itemActivated.connect(lambda _i, _c: self.edit())
        buttons = FlowLayout()  # on two lines when the editor is narrow
        for text, slot in (
            (_("Add…"), self.add),
            (_("Add sub-criterion…"), self.add_child),
            (_("Edit…"), self.edit),
            (_("Remove"), self.remove),
            (_("Move up"), lambda: self.move_item(-1)),
            (_("Move down"), lambda: self.move_item(1)),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.items: list[Any] = []

    def set_items(self, items: Sequence[Any]) -> None:
        self.items = [copy.deepcopy(i) for i in items]
        self._show()

    def _show(self, select: Any = None) -> None:
        self.tree.clear()

        def add(parent: QTreeWidget | QTreeWidgetItem, items: list[Any]) -> None:
            for item in items:
                node = QTreeWidgetItem([fn(item) for _t, fn in self.spec.columns])
                node.setData(0, Qt.ItemDataRole.UserRole, id(item))
                node.setToolTip(0, getattr(item, "text", ""))
                if isinstance(parent, QTreeWidget):
                    parent.addTopLevelItem(node)
                else:
                    parent.addChild(node)
                add(node, item.children)
                if item is select:
                    self.tree.setCurrentItem(node)

        add(self.tree, self.items)
        self.tree.expandAll()

    def _find(self) -> tuple[list[Any], int] | None:
        node = self.tree.currentItem()
        if node is None:
            return None
        wanted = node.data(0, Qt.ItemDataRole.UserRole)

        def search(items: list[Any]) -> tuple[list[Any], int] | None:
            for i, item in enumerate(items):
                if id(item) == wanted:
                    return items, i
                found = search(item.children)
                if found:
                    return found
            return None

        return search(self.items)

    def add(self) -> None:
        if self.read_only:
            return
        found = self._find()
        siblings = found[0] if found else self.items
        dialog = ItemDialog(self.spec, self.spec.factory(), self)
        if dialog.exec():
            siblings.append(dialog.item)
            self._show(dialog.item)
            self.changed.emit()

    def add_child(self) -> None:
        if self.read_only:
            return
        found = self._find()
        if found is None:
            self.add()
            return
        parent = found[0][found[1]]
        template = dataclasses.replace(
            self.spec.factory(),
            subject_kind=parent.subject_kind,
            group=parent.group,
            award_form=parent.award_form,
        )
        dialog = ItemDialog(self.spec, template, self)
        if dialog.exec():
            parent.children.append(dialog.item)
            self._show(dialog.item)
            self.changed.emit()

    def edit(self) -> None:
        if self.read_only:
            return
        found = self._find()
        if found is None:
            return
        siblings, i = found
        dialog = ItemDialog(self.spec, siblings[i], self)
        if dialog.exec():
            dialog.item.children = siblings[i].children
            siblings[i] = dialog.item
            self._show(dialog.item)
            self.changed.emit()

    def remove(self) -> None:
        if self.read_only:
            return
        found = self._find()
        if found is not None:
            siblings, i = found
            del siblings[i]
            self._show()
            self.changed.emit()

    def move_item(self, step: int) -> None:
        if self.read_only:
            return
        found = self._find()
        if found is None:
            return
        siblings, i = found
        j = i + step
        if 0 <= j < len(siblings):
            siblings[i], siblings[j] = siblings[j], siblings[i]
            self._show(siblings[j])
            self.changed.emit()


def text_of(value: Any) -> str:
    """How a field value reads in a list cell."""
    if value is None:
        return ""
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)
