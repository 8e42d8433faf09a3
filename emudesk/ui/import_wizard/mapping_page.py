"""The mapping page: which column of the sheet feeds which field, pre-filled from its headers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTableWidget, QVBoxLayout

from emudesk.i18n import _
from emudesk.importer import KINDS, HeaderMapping, ParsedSheet
from emudesk.importer.grid import column_index
from emudesk.services.imports.corrections import HandChoice, headers_of, missing_required
from emudesk.ui.import_wizard.base import AsyncPage, WizardBase


class MappingPage(AsyncPage):
    """Which column feeds which field: the headers found, changeable."""

    NONE = "__none__"
    SPLIT = "__split__"

    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.setTitle(_("Match the columns"))
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([_("Field"), _("Column of the file")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.missing_label = QLabel(self)
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #9C0006")
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing_label)
        self.combos: dict[str, QComboBox] = {}
        self.spec = KINDS["individuals"]
        self._initial: dict[str, object] = {}
        self._current: dict[str, object] = {}
        self._headers: dict[str, str] = {}
        self.shown_for: ParsedSheet | None = None  # the reading the choices shown come from

    def initializePage(self) -> None:
        parsed, read = self.wiz.parsed, self.wiz.read
        assert isinstance(parsed, ParsedSheet) and isinstance(read, ParsedSheet)
        self.shown_for = parsed
        mapping = parsed.mapping
        spec = KINDS[parsed.kind]
        self.spec = spec
        self.combos = {}
        self.table.setRowCount(len(spec.fields))
        options = self._options(mapping)
        current = mapping.as_override() if mapping else {}
        # What the reading found by itself: a choice that differs is the user's, carried by its
        # header when the file is read again.
        self._initial = dict(read.mapping.as_override()) if read.mapping else {}
        self._current = dict(current)
        self._headers = headers_of(mapping)
        for r, f in enumerate(spec.fields):
            # Required as the importer's own definition of the kind says.
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
            if f.required:
                combo.setToolTip(_("Required: the import needs this column."))
                combo.currentIndexChanged.connect(self._required_changed)
            self.table.setCellWidget(r, 1, combo)
            self.combos[f.key] = combo
        if mapping is None:
            text = _("No header row was recognised: choose the column of each field.")
        elif mapping.needs_review:
            text = _(
                "Header on row {row}. Some columns were recognised only in part or are missing: "
                "please check them."
            ).format(row=mapping.header_row)
        else:
            text = _("Header on row {row}; every column was recognised. Change any that is wrong.").format(
                row=mapping.header_row
            )
        self.note.setText(text + " " + _("Fields marked * are required."))
        self._required_changed()

    def missing(self) -> list[str]:
        """The headers of the required fields no column is chosen for."""
        return missing_required(self.spec.key, self.choices()) if self.combos else []

    def _required_changed(self) -> None:
        missing = self.missing()
        for f in self.spec.fields:
            if f.required:
                combo = self.combos[f.key]
                combo.setStyleSheet("background: #FFC7CE" if f.header in missing else "")
        self.missing_label.setText(
            _("Choose a column for: {fields} (required).").format(fields=", ".join(f"“{h}”" for h in missing))
            if missing
            else ""
        )
        self.missing_label.setVisible(bool(missing))
        self.completeChanged.emit()

    @staticmethod
    def _options(mapping: HeaderMapping | None) -> list[tuple[str, str]]:
        if mapping is None:
            from emudesk.importer.grid import column_letter

            return [(column_letter(i), column_letter(i)) for i in range(26)]
        found = headers_of(mapping)
        return [
            (letter, f"{letter} – {header}" if header else letter)
            for letter, header in sorted(found.items(), key=lambda kv: column_index(kv[0]))
        ]

    def choices(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, combo in self.combos.items():
            value = combo.currentData()
            if value == self.SPLIT:
                out[key] = self._current.get(key)
            else:
                out[key] = None if value == self.NONE else value
        return out

    def hand_choices(self) -> dict[str, HandChoice]:
        """The choices that differ from what the reading found by itself."""
        out: dict[str, HandChoice] = {}
        for key, value in self.choices().items():
            if value == self._initial.get(key):
                continue
            if value is None:
                out[key] = HandChoice(None, "")
            elif isinstance(value, str):
                out[key] = HandChoice(value, self._headers.get(value, ""))
        return out

    def isComplete(self) -> bool:
        return not self.missing()

    def validatePage(self) -> bool:
        if self.missing():
            return False
        wiz = self.wiz
        if not self._ready:
            wiz.hand = self.hand_choices()
        return self.run_then_next(wiz.planning(read_again=False), wiz.take, _("Checking every row…"))


def _item(text: str, *, bold: bool = False) -> Any:
    from PySide6.QtWidgets import QTableWidgetItem

    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item
