"""A table header with a filter box under each filterable column, as a spreadsheet's filter row.

The boxes only collect text: the table hands it to its list's service filter, which narrows the
list in SQL (``services.core.column_filters``); nothing here filters rows itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView

from emudesk.i18n import _


class FilterHeader(QHeaderView):
    """The horizontal header of ``table`` with a line of filter boxes below the titles.

    Signals:
        changed: some box's text changed.
    """

    changed = Signal()

    def __init__(self, table: QTableView, keys: Sequence[str | None]) -> None:
        super().__init__(Qt.Orientation.Horizontal, table)
        self._keys = list(keys)
        self._boxes: dict[int, QLineEdit] = {}
        self._row_shown = True
        for column, key in enumerate(self._keys):
            if key is None:
                continue
            box = QLineEdit(self)
            box.setPlaceholderText(_("Filter…"))
            box.setClearButtonEnabled(True)
            box.setProperty("filterKey", key)
            box.textChanged.connect(lambda _t: self.changed.emit())
            self._boxes[column] = box
        self.sectionResized.connect(lambda *_a: self.place())
        self.sectionMoved.connect(lambda *_a: self.place())
        table.horizontalScrollBar().valueChanged.connect(lambda _v: self.place())

    # --- the filters --------------------------------------------------------------------------
    def box(self, column: int) -> QLineEdit | None:
        return self._boxes.get(column)

    def filters(self) -> tuple[tuple[str, str], ...]:
        """(key, text) of every box with something typed in a shown column, in column order."""
        return tuple(
            (str(self._keys[c]), box.text().strip())
            for c, box in sorted(self._boxes.items())
            if box.text().strip() and not self.isSectionHidden(c)
        )

    def texts(self) -> dict[str, str]:
        return {str(self._keys[c]): box.text() for c, box in self._boxes.items() if box.text()}

    def set_texts(self, texts: dict[str, str]) -> None:
        """Fill the boxes (a remembered filter), announcing one change at most."""
        before = self.filters()
        for column, box in self._boxes.items():
            blocked = box.blockSignals(True)
            box.setText(texts.get(str(self._keys[column]), ""))
            box.blockSignals(blocked)
        if self.filters() != before:
            self.changed.emit()

    def filterable(self, column: int) -> bool:
        return column in self._boxes

    # --- the row of boxes -----------------------------------------------------------------------
    def row_shown(self) -> bool:
        return self._row_shown

    def show_row(self, shown: bool) -> None:
        self._row_shown = shown
        self.updateGeometries()
        self.updateGeometry()  # the table lays out its header's new height
        parent = self.parentWidget()
        if isinstance(parent, QTableView):
            parent.updateGeometries()

    def _row_height(self) -> int:
        if not self._row_shown or not self._boxes:
            return 0
        return next(iter(self._boxes.values())).sizeHint().height() + 2

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        size.setHeight(size.height() + self._row_height())
        return size

    def updateGeometries(self) -> None:
        self.setViewportMargins(0, 0, 0, self._row_height())
        super().updateGeometries()
        self.place()

    def place(self) -> None:
        height = self._row_height()
        for column, box in self._boxes.items():
            if not height or self.isSectionHidden(column):
                box.hide()
                continue
            box.setGeometry(
                self.sectionViewportPosition(column), self.height() - height, self.sectionSize(column), height
            )
            box.show()
