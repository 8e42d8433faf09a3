"""The mapping page: which column of the sheet feeds which field, pre-filled from its headers."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTableWidget, QVBoxLayout

from emudesk.i18n import _
from emudesk.importer import KINDS, HeaderMapping, ParsedSheet
from emudesk.importer.grid import column_index
from emudesk.services.imports import importing as imports
from emudesk.services.imports.importing import ImportPlan
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
        path, kind, sheet = wiz.chosen_file()[0], parsed.kind, parsed.sheet
        store, options = wiz.store, wiz.plan_options()

        def work(progress: Any, cancel: threading.Event) -> tuple[Any, ImportPlan]:
            again = imports.read_file(path, kind, sheet=sheet, mapping=chosen) if changed else parsed
            return again, imports.prepare_import(store, again, progress=progress, cancel=cancel, **options)

        return self.run_then_next(work, lambda result: wiz.set_parsed(*result), _("Checking every row…"))


def _item(text: str, *, bold: bool = False) -> Any:
    from PySide6.QtWidgets import QTableWidgetItem

    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item
