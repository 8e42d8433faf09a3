"""Pickers that search as you type, ignoring diacritics: units, people and households, enums."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QSizePolicy, QWidget

from emudesk.domain.enums import LabelledEnum, SubjectKind
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.services.register import choices
from emudesk.ui.roles import FOLD_ROLE, ID_ROLE

Index = QModelIndex | QPersistentModelIndex


class FoldCompleter(QCompleter):
    """Completes on the folded text ("so noi vu" finds "Sở Nội vụ") and inserts the real name."""

    def __init__(self, model: Any, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.setCompletionRole(FOLD_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(15)

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index: Index) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class UnitPicker(QComboBox):
    """All units in Vietnamese order; type part of a name, with or without diacritics.

    Signals:
        unit_changed(object): the chosen unit id, or None for the empty choice.
    """

    unit_changed = Signal(object)

    def __init__(
        self,
        units: Sequence[choices.UnitChoice],
        parent: QWidget | None = None,
        *,
        none_text: str | None = None,
        include_dissolved: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._model = QStandardItemModel(self)
        self._none_text = none_text
        self.set_units(units, include_dissolved=include_dissolved)
        self.setModel(self._model)
        completer = FoldCompleter(self._model, self)
        completer.activated[QModelIndex].connect(self._on_completed)  # type: ignore[index]
        self.setCompleter(completer)
        edit = self.lineEdit()
        assert edit is not None  # setEditable(True) gave the combo its line edit
        edit.editingFinished.connect(self._revert_unknown_text)
        self.currentIndexChanged.connect(lambda _i: self.unit_changed.emit(self.unit_id()))
        if none_text:
            edit.setPlaceholderText(none_text)

    def set_units(self, units: Sequence[choices.UnitChoice], *, include_dissolved: bool = True) -> None:
        items: list[QStandardItem] = []
        if self._none_text is not None:
            item = QStandardItem(self._none_text)
            item.setData("", FOLD_ROLE)
            item.setData(None, ID_ROLE)
            items.append(item)
        dissolved = " " + _("(dissolved)")
        for u in units:
            if u.dissolved and not include_dissolved:
                continue
            item = QStandardItem(u.name + dissolved if u.dissolved else u.name)
            item.setData(u.fold, FOLD_ROLE)
            item.setData(u.id, ID_ROLE)
            items.append(item)
        # One insertion for all rows: appending 5,000 rows one by one to a model the combo box
        # and its completer watch took seconds (each row signalled both).
        self._model.clear()
        if items:
            self._model.appendColumn(items)

    def unit_id(self) -> int | None:
        value = self.currentData(ID_ROLE)
        return int(value) if value is not None else None

    def set_unit_id(self, unit_id: int | None) -> None:
        row = self.findData(unit_id, ID_ROLE) if unit_id is not None else (0 if self._none_text else -1)
        self.setCurrentIndex(row)
        if row < 0:
            self.setEditText("")

    def _on_completed(self, index: QModelIndex) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        row = self.findText(text, Qt.MatchFlag.MatchExactly)
        if row >= 0:
            self.setCurrentIndex(row)

    def _revert_unknown_text(self) -> None:
        text = self.currentText()
        row = self.findText(text, Qt.MatchFlag.MatchExactly)
        if not text.strip() and self._none_text is not None:
            self.setCurrentIndex(0)
        elif row >= 0:
            self.setCurrentIndex(row)
        else:  # an unknown name: show the chosen unit again rather than keep text that means nothing
            self.setEditText(self.itemText(self.currentIndex()) if self.currentIndex() >= 0 else "")


class SubjectPicker(QLineEdit):
    """Find a person, unit or household by name in the database (top 30 matches as you type).

    Signals:
        subject_changed(object): the chosen id, or None while the text matches nothing chosen.
    """

    subject_changed = Signal(object)

    def __init__(
        self,
        search: Callable[[SubjectKind, str], list[tuple[int, str]]],
        parent: QWidget | None = None,
        kind: SubjectKind = SubjectKind.INDIVIDUAL,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._kind = kind
        self._id: int | None = None
        self._chosen_text = ""
        self._model = QStandardItemModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(15)
        completer.activated[QModelIndex].connect(self._on_chosen)  # type: ignore[index]
        self.setCompleter(completer)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self._refresh)
        self.textEdited.connect(self._on_edited)
        self.setPlaceholderText(_("Type part of the name, with or without diacritics"))
        self.setClearButtonEnabled(True)

    @property
    def kind(self) -> SubjectKind:
        return self._kind

    def set_kind(self, kind: SubjectKind) -> None:
        if kind is not self._kind:
            self._kind = kind
            self.set_subject(None, "")

    def subject_id(self) -> int | None:
        return self._id

    def set_subject(self, subject_id: int | None, label: str) -> None:
        self._id = subject_id
        self._chosen_text = label
        self.setText(label)
        self.subject_changed.emit(subject_id)

    def _on_edited(self, text: str) -> None:
        if self._id is not None and text != self._chosen_text:
            self._id = None
            self.subject_changed.emit(None)
        self._timer.start()

    def _refresh(self) -> None:
        text = self.text().strip()
        self._model.clear()
        if len(fold(text)) < 2:
            return
        for sid, label in self._search(self._kind, text):
            item = QStandardItem(label)
            item.setData(sid, ID_ROLE)
            self._model.appendRow(item)
        self.completer().complete()

    def _on_chosen(self, index: QModelIndex) -> None:
        sid = index.data(ID_ROLE)
        if sid is not None:
            self.set_subject(int(sid), str(index.data(Qt.ItemDataRole.DisplayRole)))


def shrinkable(combo: QComboBox, chars: int = 10) -> QComboBox:
    """Let a combo box with long Vietnamese labels shrink on a small screen (the popup stays wide)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    view = combo.view()
    view.setMinimumWidth(max(view.sizeHintForColumn(0) + 30, combo.minimumSizeHint().width()))
    return combo


class EnumCombo(QComboBox):
    """A combo box of enum members shown by their Vietnamese labels.

    Qt keeps item data as QVariant, which turns a StrEnum member into a plain
    string; ``currentData``/``itemData``/``findData`` speak members, so ``is``
    comparisons in the services keep working.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._members: dict[str, LabelledEnum] = {}

    def set_members(self, members: Sequence[LabelledEnum], none_text: str | None = None) -> None:
        self.clear()
        self._members = {m.value: m for m in members}
        if none_text is not None:
            self.addItem(none_text, None)
        for member in members:
            self.addItem(member.label, member.value)

    def itemData(self, index: int, role: int = Qt.ItemDataRole.UserRole) -> Any:
        value = super().itemData(index, role)
        return self._members.get(value, value) if isinstance(value, str) else value

    def currentData(self, role: int = Qt.ItemDataRole.UserRole) -> Any:
        return self.itemData(self.currentIndex(), role) if self.currentIndex() >= 0 else None

    def findData(
        self,
        data: Any,
        role: int = Qt.ItemDataRole.UserRole,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive,
    ) -> int:
        value = data.value if isinstance(data, Enum) else data
        return super().findData(value, role, flags)


def fill_enum(combo: EnumCombo, members: Sequence[LabelledEnum], none_text: str | None = None) -> None:
    """Fill an EnumCombo with enum members by their Vietnamese labels."""
    combo.set_members(members, none_text)


def combo_value(combo: QComboBox) -> Any:
    return combo.currentData()


def set_combo_value(combo: QComboBox, value: Any) -> None:
    row = combo.findData(value)
    combo.setCurrentIndex(row if row >= 0 else (0 if combo.count() else -1))


class FoldFilterProxy(QSortFilterProxyModel):
    """Filters a short list by folded text (units in a dialog, criteria)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setFilterRole(FOLD_ROLE)

    def set_needle(self, text: str) -> None:
        self._needle = fold(text)
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return self._needle in str(index.data(FOLD_ROLE) or "")
