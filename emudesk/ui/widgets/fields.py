"""Form fields that say what is wrong next to themselves: dates as dd/mm/yyyy, numbers, error labels."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.plan_values import PartialDate, parse_partial_date
from emudesk.i18n import _

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_DATE_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
ERROR_COLOR = "#b3261e"
# Only the inputs of a row get the red outline, also when the row holds several of them.
_INVALID_STYLE = (
    f"QLineEdit, QComboBox, QPlainTextEdit, QTableWidget, QTreeWidget {{ border: 1px solid {ERROR_COLOR}; }}"
)


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """What a cell of an editable grid holds ("" for a cell nobody typed in yet)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


def parse_date(text: str) -> date | None:
    """ "5/1/2026", "05-01-2026", "05012026" -> 2026-01-05; empty -> None; raises ValueError if wrong."""
    if not text.strip():
        return None
    match = _DATE.match(text) or _DATE_COMPACT.match(text)
    if not match:
        raise ValueError(text)
    d, m, y = (int(g) for g in match.groups())
    return date(y, m, d)


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy (the way offices write them); empty means no date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setMaxLength(10)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)

    def problem(self) -> str | None:
        try:
            parse_date(self.text())
        except ValueError:
            return _("Write the date as dd/mm/yyyy, e.g. 05/01/2026.")
        return None

    def date_value(self) -> date | None:
        try:
            return parse_date(self.text())
        except ValueError:
            return None

    def set_date(self, value: date | None) -> None:
        self.setText(value.strftime("%d/%m/%Y") if value else "")


class PartialDateField(DateField):
    """A date as a plan gives it: a day (15/01/2024), a month (01/2024, tháng 01 năm 2024), a quarter
    (Quý I/2024) or a year (2024); empty means no date (domain.plan_values)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy, mm/yyyy, Quý I/2024 or 2024"))
        self.setMaxLength(40)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("tháng 00 năm 00000") + 24)

    def problem(self) -> str | None:
        if self.text().strip() and self.partial_value() is None:
            return _("Write a date (05/01/2026), a month (01/2026), a quarter (Quý I/2026) or a year (2026).")
        return None

    def partial_value(self) -> PartialDate | None:
        try:
            return parse_partial_date(self.text()) if self.text().strip() else None
        except ValueError:
            return None

    def date_value(self) -> date | None:
        value = self.partial_value()
        return value.value if value else None

    def set_partial(self, value: PartialDate | None) -> None:
        self.setText(value.short() if value else "")


class IntField(QLineEdit):
    """An optional whole number (a year, a count)."""

    def __init__(self, parent: QWidget | None = None, *, width_chars: int = 6) -> None:
        super().__init__(parent)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0" * width_chars) + 24)

    def problem(self) -> str | None:
        text = self.text().strip()
        if text and not (text.isdigit() or (text.startswith("-") and text[1:].isdigit())):
            return _("Write a whole number.")
        return None

    def int_value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text and self.problem() is None else None

    def set_int(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class DecimalField(QLineEdit):
    """An optional number with a decimal comma or point ("12,5")."""

    def problem(self) -> str | None:
        try:
            self.decimal_value()
        except (InvalidOperation, ValueError):
            return _("Write a number, e.g. 12,5.")
        return None

    def decimal_value(self) -> Decimal | None:
        text = self.text().strip().replace(" ", "").replace(",", ".")
        if not text:
            return None
        value = Decimal(text)
        if not value.is_finite():
            raise ValueError(text)
        return value

    def set_decimal(self, value: Decimal | float | None) -> None:
        # A Decimal keeps the decimals it was written with ("15,0"); a float has none to keep.
        if value is None:
            self.setText("")
        elif isinstance(value, Decimal):
            self.setText(f"{value:f}".replace(".", ","))
        else:
            self.setText(f"{value:f}".rstrip("0").rstrip(".").replace(".", ","))


class FormRows:
    """Rows of a QFormLayout, each with an error line under its field.

    ``set_problems({"given_name": "…"})`` shows the texts and outlines the
    fields; problems for fields that are not on the form go to ``banner``.
    """

    def __init__(self, layout: QFormLayout, banner: QLabel | None = None) -> None:
        self.layout = layout
        self.banner = banner
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

    def add(self, name: str, label: str, widget: QWidget, *, required: bool = False) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = QLabel(box)
        error.setObjectName(f"error_{name}")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOR};")
        error.setVisible(False)
        error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(error)
        title = QLabel(label + (" *" if required else ""))
        title.setBuddy(widget)
        self.layout.addRow(title, box)
        self._fields[name] = (widget, error)
        return widget

    def alias(self, name: str, target: str) -> None:
        """Show problems reported under ``name`` at the field ``target``."""
        self._fields[name] = self._fields[target]

    def error_text(self, name: str) -> str:
        entry = self._fields.get(name)
        return entry[1].text() if entry and not entry[1].isHidden() else ""

    def set_problems(self, problems: dict[str, str]) -> None:
        shown: dict[int, list[str]] = {}
        for name, text in problems.items():
            if name in self._fields:
                shown.setdefault(id(self._fields[name][1]), []).append(text)
        for widget, error in {id(e): (w, e) for w, e in self._fields.values()}.values():
            texts = shown.get(id(error), [])
            error.setText("\n".join(dict.fromkeys(texts)))
            error.setVisible(bool(texts))
            widget.setStyleSheet(_INVALID_STYLE if texts else "")
        if self.banner is not None:
            loose = [t for n, t in problems.items() if n not in self._fields]
            self.banner.setText("\n".join(loose))
            self.banner.setVisible(bool(loose))


def error_banner(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(
        f"color: {ERROR_COLOR}; background: #fdecea; border: 1px solid #f5c2c0;"
        " padding: 6px; border-radius: 3px;"
    )
    label.setVisible(False)
    return label
