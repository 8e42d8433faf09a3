"""Read-only detail panels: a title, label/value rows, small tables."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.widgets.record_table import RecordTable


def title_label(parent: QWidget | None = None, scale: float = 1.25) -> QLabel:
    label = QLabel(parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class InfoForm(QWidget):
    """Label: value rows; values are selectable so a clerk can copy a CCCD or a decision number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

    def set_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        for label, value in rows:
            if not value:
                continue
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._layout.addRow(QLabel(label + ":"), field)


class SmallTable(QWidget):
    """A short list shown as a table, with an optional caption above it."""

    def __init__(
        self,
        headers: Sequence[str],
        parent: QWidget | None = None,
        *,
        widths: tuple[int, ...] = (),
        numeric: tuple[int, ...] = (),
        caption: str = "",
    ) -> None:
        super().__init__(parent)
        self.model = ListTableModel(headers, self, numeric=numeric)
        self.table = RecordTable(self.model, self, widths=widths, sortable=False, multi=False)
        self.box = QVBoxLayout(self)  # callers may add a button under the table
        self.box.setContentsMargins(0, 0, 0, 0)
        if caption:
            self.box.addWidget(QLabel(caption))
        self.box.addWidget(self.table)

    def set_rows(self, rows: Sequence[Sequence[object]], keys: Sequence[object] | None = None) -> None:
        self.model.set_rows(rows, keys)
