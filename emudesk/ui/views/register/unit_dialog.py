"""The form for a unit (tập thể): name, kind, place in the tree, validity."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from emudesk.i18n import _
from emudesk.services.register import units
from emudesk.services.register.units import UnitInput
from emudesk.services.workspace import form_checks
from emudesk.ui.context import AppContext
from emudesk.ui.operations import register
from emudesk.ui.views.choices import unit_choices, unit_kind_choices
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.fields import DateField, IntField
from emudesk.ui.widgets.pickers import UnitPicker


class UnitDialog(RecordDialog):
    needs = "register.edit"

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        unit_id: int | None = None,
        parent_id: int | None = None,
    ) -> None:
        super().__init__(ctx, parent, _("New unit") if unit_id is None else _("Edit unit"))
        self.unit_id = unit_id
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.kind = QComboBox()
        for k in unit_kind_choices(ctx):
            self.kind.addItem(k.name + (" " + _("(historical)") if k.historical else ""), k.code)
        self.parent_unit = UnitPicker(unit_choices(ctx), none_text=_("(top level)"))
        self.code = QLineEdit()
        self.admin_code = QLineEdit()
        self.address = QLineEdit()
        self.valid_from = DateField()
        self.valid_to = DateField()
        self.member_count = IntField()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(70)
        r = self.rows
        r.add("name", _("Full name"), self.name, required=True)
        r.add("short_name", _("Short name"), self.short_name)
        r.add("kind", _("Kind of unit"), self.kind, required=True)
        r.add("parent_id", _("Under"), self.parent_unit)
        r.add("code", _("Code"), self.code)
        r.add("admin_code", _("Administrative code"), self.admin_code)
        r.add("address", _("Address"), self.address)
        r.add("valid_from", _("Valid from"), self.valid_from)
        r.add("valid_to", _("Valid until"), self.valid_to)
        r.add("member_count", _("Number of members"), self.member_count)
        r.add("note", _("Note"), self.note)
        self.watch(
            self.name,
            self.short_name,
            self.kind,
            self.parent_unit,
            self.code,
            self.admin_code,
            self.address,
            self.valid_from,
            self.valid_to,
            self.member_count,
            self.note,
        )
        if unit_id is not None:
            with ctx.store.read() as session:
                data = units.unit_input(session, unit_id)
            self.name.setText(data.name)
            self.short_name.setText(data.short_name)
            self.kind.setCurrentIndex(max(self.kind.findData(data.kind_code), 0))
            self.parent_unit.set_unit_id(data.parent_id)
            self.code.setText(data.code or "")
            self.admin_code.setText(data.admin_code or "")
            self.address.setText(data.address or "")
            self.valid_from.set_date(data.valid_from)
            self.valid_to.set_date(data.valid_to)
            self.member_count.set_int(data.member_count)
            self.note.setPlainText(data.note or "")
        else:
            self.parent_unit.set_unit_id(parent_id)
        self.resize(620, 560)
        self.mark_clean()
        self.name.setFocus()

    def collect(self) -> UnitInput:
        return UnitInput(
            name=self.name.text(),
            kind_code=str(self.kind.currentData() or ""),
            parent_id=self.parent_unit.unit_id(),
            short_name=self.short_name.text(),
            code=self.code.text().strip() or None,
            admin_code=self.admin_code.text().strip() or None,
            address=self.address.text().strip() or None,
            valid_from=self.valid_from.date_value(),
            valid_to=self.valid_to.date_value(),
            member_count=self.member_count.int_value(),
            note=self.note.toPlainText().strip() or None,
        )

    def snapshot(self) -> Any:
        return (self.collect(), self.valid_from.text(), self.valid_to.text(), self.member_count.text())

    def problems(self) -> dict[str, str]:
        found = {
            name: wrong
            for name, field in (
                ("valid_from", self.valid_from),
                ("valid_to", self.valid_to),
                ("member_count", self.member_count),
            )
            if (wrong := field.problem())
        }
        if found:
            return found
        with self.ctx.store.read() as session:
            return form_checks.unit_problems(session, self.collect(), current_id=self.unit_id)

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        register.save_unit(
            self.ctx, self, self.unit_id, self.collect(), on_saved=on_saved, on_failure=on_failure
        )
