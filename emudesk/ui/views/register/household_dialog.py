"""The form for a household: its head, address, village and commune, and members."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.services.register import households
from emudesk.services.register.households import HouseholdInput, MemberInput
from emudesk.services.workspace import form_checks
from emudesk.ui.context import AppContext
from emudesk.ui.operations import register
from emudesk.ui.views.choices import unit_choices
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.fields import cell_text
from emudesk.ui.widgets.pickers import UnitPicker


class MembersEditor(QWidget):
    """Members as an editable table: name, relation to the head, year of birth."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_("Full name"), _("Relation"), _("Year of birth")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(150)
        self.table.setTabKeyNavigation(True)
        add = QPushButton(_("Add member"), self)
        remove = QPushButton(_("Remove member"), self)
        add.clicked.connect(lambda: self.add_member(MemberInput("")))
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._links: list[int | None] = []

    def add_member(self, member: MemberInput) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(member.full_name))
        self.table.setItem(row, 1, QTableWidgetItem(member.relation))
        self.table.setItem(
            row, 2, QTableWidgetItem("" if member.birth_year is None else str(member.birth_year))
        )
        self._links.append(member.individual_id)
        if not member.full_name:
            self.table.setCurrentCell(row, 0)
            name = self.table.item(row, 0)
            if name is not None:
                self.table.editItem(name)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self._links[row]

    def members(self) -> list[MemberInput]:
        out = []
        for row in range(self.table.rowCount()):
            cells = [cell_text(self.table, row, c) for c in range(3)]
            year = cells[2].strip()
            out.append(
                MemberInput(
                    cells[0].strip(),
                    cells[1].strip(),
                    int(year) if year.isdigit() else None,
                    self._links[row] if row < len(self._links) else None,
                )
            )
        return out

    def year_problem(self) -> str | None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 2)
            text = item.text().strip() if item else ""
            if text and not text.isdigit():
                return _("Write the year of birth as a number, e.g. 1962.")
        return None


class HouseholdDialog(RecordDialog):
    needs = "register.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None, household_id: int | None = None) -> None:
        super().__init__(ctx, parent, _("New household") if household_id is None else _("Edit household"))
        self.household_id = household_id
        self.head = QLineEdit()
        self.address = QLineEdit()
        units = unit_choices(ctx)
        self.village = UnitPicker(units, none_text=_("(none)"), include_dissolved=False)
        self.commune = UnitPicker(units, none_text=_("(none)"), include_dissolved=False)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        self.members = MembersEditor()
        r = self.rows
        r.add("head_name", _("Head of household"), self.head, required=True)
        r.add("address", _("Address"), self.address)
        r.add("village_id", _("Village or residential group"), self.village)
        r.add("commune_id", _("Commune or ward"), self.commune)
        r.add("note", _("Note"), self.note)
        r.add("members", _("Members"), self.members)
        self.watch(self.head, self.address, self.village, self.commune, self.note)
        self.members.table.itemChanged.connect(self.changed)
        self.members.table.model().rowsInserted.connect(self.changed)
        self.members.table.model().rowsRemoved.connect(self.changed)
        if household_id is not None:
            with ctx.store.read() as session:
                data = households.household_input(session, household_id)
            self.head.setText(data.head_name)
            self.address.setText(data.address)
            self.village.set_unit_id(data.village_id)
            self.commune.set_unit_id(data.commune_id)
            self.note.setPlainText(data.note or "")
            for m in data.members:
                self.members.add_member(m)
        self.resize(640, 600)
        self.mark_clean()
        self.head.setFocus()

    def collect(self) -> HouseholdInput:
        return HouseholdInput(
            head_name=self.head.text(),
            address=self.address.text(),
            village_id=self.village.unit_id(),
            commune_id=self.commune.unit_id(),
            note=self.note.toPlainText().strip() or None,
            members=self.members.members(),
        )

    def snapshot(self) -> Any:
        return self.collect()

    def problems(self) -> dict[str, str]:
        wrong = self.members.year_problem()
        if wrong:
            return {"members": wrong}
        with self.ctx.store.read() as session:
            return form_checks.household_problems(session, self.collect())

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        register.save_household(
            self.ctx, self, self.household_id, self.collect(), on_saved=on_saved, on_failure=on_failure
        )
