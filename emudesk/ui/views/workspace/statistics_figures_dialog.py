"""Tệp ▸ Số liệu thống kê (Biểu 0604, 0605)…: the figures no record holds, entered once a period.

The same service as ``emudesk statistics set``; the lines come from the layout in force, and the
dialog says where that layout comes from and whether it was confirmed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.errors import ValidationError
from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.exports import statistics_setup
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.operations import run_op
from emudesk.ui.permissions import needs
from emudesk.ui.qt_translation import translate_buttons

VALUE_COLUMN = 3


class StatisticsFiguresDialog(QDialog):
    """Pick a form and a period, type the figures in the last column, Save."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Statistics figures (forms 0604, 0605)"))
        with ctx.store.read() as session:
            self.layout_in_force = statistics_setup.current_layout(session)
        self.form = QComboBox(self)
        for code, form in self.layout_in_force.forms.items():
            if form.entered:
                self.form.addItem(f"Biểu {code} – {form.title.capitalize()}", code)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue((today or date.today()).year)
        self.half = QComboBox(self)
        for text, value in ((_("Whole year"), 0), (_("First half"), 1), (_("Second half"), 2)):
            self.half.addItem(text, value)
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([_("Code"), _("Line"), _("Unit"), _("Figure")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(1, 320)
        self.table.verticalHeader().setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        translate_buttons(self.buttons)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.clicked.connect(self.save)
        # The figures are settings: a role that may not edit them sees them, greyed out.
        needs(save, "settings.edit")
        self.buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        fields.addRow(_("Form"), self.form)
        fields.addRow(_("Year"), self.year)
        fields.addRow(_("Period"), self.half)
        box = QVBoxLayout(self)
        box.addLayout(fields)
        box.addWidget(self.source)
        box.addWidget(self.table, 1)
        box.addWidget(self.buttons)
        self.resize(640, 480)
        for signal in (self.form.currentIndexChanged, self.year.valueChanged, self.half.currentIndexChanged):
            signal.connect(self.load)
        self.load()
        ctx.permissions.apply(self)

    @property
    def period(self) -> tuple[str, int, int | None]:
        half = int(self.half.currentData())
        return str(self.form.currentData()), self.year.value(), half or None

    def load(self) -> None:
        form, year, half = self.period
        layout = self.layout_in_force.forms[form]
        self.source.setText(
            (
                _("Layout confirmed. Source: {source}")
                if layout.confirmed
                else _("Layout not confirmed. Source: {source}")
            ).format(source=layout.source)
        )
        with self.ctx.store.read() as session:
            lines = statistics_setup.entered_lines(session, form, year, half)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for column, text in enumerate((line.code, line.label, line.unit)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            value = QTableWidgetItem("" if line.value is None else str(line.value))
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, VALUE_COLUMN, value)

    def values(self) -> dict[str, int | None]:
        """The figures typed in, by line code (blank: none); raises ValidationError for a non-count."""
        out: dict[str, int | None] = {}
        for row in range(self.table.rowCount()):
            head = self.table.item(row, 0)
            code = head.text() if head is not None else ""
            item = self.table.item(row, VALUE_COLUMN)
            text = (item.text() if item is not None else "").strip().replace(".", "").replace(" ", "")
            if text and not text.isdigit():
                raise ValidationError(
                    _("Line {code}: {value} is not a count (0 to {max}).").format(
                        code=code, value=item.text().strip() if item else "", max="10.000.000"
                    )
                )
            out[code] = int(text) if text else None
        return out

    def save(self) -> None:
        # A cell still being edited holds its text in the editor: moving off it commits it.
        self.table.setCurrentCell(-1, -1)
        try:
            values = self.values()
        except ValidationError as exc:
            show_error(self, exc)
            return
        form, year, half = self.period

        def fn(session: object) -> object:
            return statistics_setup.set_figures(session, form, year, half, values)  # type: ignore[arg-type]

        run_op(
            self.ctx,
            self,
            fn,
            changes=Changes(settings=True),
            success=_("Figures of form {form} saved.").format(form=form),
            on_success=lambda _result: self.load(),
        )
