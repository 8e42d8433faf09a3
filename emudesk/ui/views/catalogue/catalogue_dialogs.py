"""Forms for the catalogues: an award form or title, a kind of unit."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from emudesk.domain.enums import AwardCategory, AwardLevel, AwardType
from emudesk.i18n import N_, _
from emudesk.services.register import catalogue
from emudesk.services.register.catalogue import AwardFormInput, UnitKindInput
from emudesk.ui.context import AppContext
from emudesk.ui.operations import catalogue_ops
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.fields import DecimalField, IntField
from emudesk.ui.widgets.pickers import EnumCombo


def _note() -> QPlainTextEdit:
    note = QPlainTextEdit()
    note.setTabChangesFocus(True)
    note.setMaximumHeight(70)
    return note


class AwardFormDialog(RecordDialog):
    """A form or title of the catalogue: code, names, who grants it, to whom, cash coefficients."""

    needs = "catalogue.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None, form_id: int | None = None) -> None:
        super().__init__(ctx, parent, _("New award form") if form_id is None else _("Edit award form"))
        self.form_id = form_id
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.category = EnumCombo()
        self.category.set_members(list(AwardCategory))
        self.level = EnumCombo()
        self.level.set_members(list(AwardLevel))
        self.authority = QLineEdit()
        subjects = QWidget()
        row = QHBoxLayout(subjects)
        row.setContentsMargins(0, 0, 0, 0)
        self.for_units = QCheckBox(_("Collectives"))
        self.for_individuals = QCheckBox(_("Individuals"))
        self.for_households = QCheckBox(_("Households"))
        for box in (self.for_units, self.for_individuals, self.for_households):
            row.addWidget(box)
        row.addStretch(1)
        self.yearly = QCheckBox(_("Considered every year"))
        self.requires_vote = QCheckBox(_("Needs the council's vote"))
        self.award_type = EnumCombo()
        self.award_type.set_members(list(AwardType))
        self.coefficient_individual = DecimalField()
        self.coefficient_collective = DecimalField()
        self.active = QCheckBox(_("In use"))
        self.sort_order = IntField()
        self.source = QLineEdit()
        self.note = _note()
        r = self.rows
        r.add("code", _("Code"), self.code, required=True)
        r.add("name", _("Name"), self.name, required=True)
        r.add("short_name", _("Short name"), self.short_name)
        r.add("category", _("Category"), self.category)
        r.add("level", _("Level"), self.level)
        r.add("authority", _("Granted by"), self.authority)
        r.add("subjects", _("May be given to"), subjects, required=True)
        r.add("yearly", "", self.yearly)
        r.add("requires_vote", "", self.requires_vote)
        r.add("default_award_type", _("Counts in history as"), self.award_type)
        r.add("coefficient_individual", _("× base salary (individual)"), self.coefficient_individual)
        r.add("coefficient_collective", _("× base salary (collective)"), self.coefficient_collective)
        r.add("active", "", self.active)
        r.add("sort_order", _("Order in lists"), self.sort_order)
        r.add("source", _("Legal source"), self.source)
        r.add("note", _("Note"), self.note)
        self.watch(
            self.code,
            self.name,
            self.short_name,
            self.category,
            self.level,
            self.authority,
            self.for_units,
            self.for_individuals,
            self.for_households,
            self.yearly,
            self.requires_vote,
            self.award_type,
            self.coefficient_individual,
            self.coefficient_collective,
            self.active,
            self.sort_order,
            self.source,
            self.note,
        )
        if form_id is not None:
            with ctx.store.read() as session:
                data = catalogue.award_form_input(session, form_id)
            self.code.setText(data.code)
            self.name.setText(data.name)
            self.short_name.setText(data.short_name)
            self.category.setCurrentIndex(max(self.category.findData(data.category), 0))
            self.level.setCurrentIndex(max(self.level.findData(data.level), 0))
            self.authority.setText(data.authority)
            self.for_units.setChecked(data.for_units)
            self.for_individuals.setChecked(data.for_individuals)
            self.for_households.setChecked(data.for_households)
            self.yearly.setChecked(data.yearly)
            self.requires_vote.setChecked(data.requires_vote)
            self.award_type.setCurrentIndex(max(self.award_type.findData(data.default_award_type), 0))
            self.coefficient_individual.set_decimal(data.coefficient_individual)
            self.coefficient_collective.set_decimal(data.coefficient_collective)
            self.active.setChecked(data.active)
            self.sort_order.set_int(data.sort_order)
            self.source.setText(data.source)
            self.note.setPlainText(data.note or "")
        else:
            self.active.setChecked(True)
        self.resize(640, 640)
        self.mark_clean()
        self.code.setFocus()

    def collect(self) -> AwardFormInput:
        def number(field: DecimalField) -> Any:
            return None if field.problem() else field.decimal_value()

        return AwardFormInput(
            code=self.code.text().strip().upper(),
            name=self.name.text(),
            short_name=self.short_name.text(),
            category=self.category.currentData(),
            level=self.level.currentData(),
            authority=self.authority.text().strip(),
            for_units=self.for_units.isChecked(),
            for_individuals=self.for_individuals.isChecked(),
            for_households=self.for_households.isChecked(),
            yearly=self.yearly.isChecked(),
            requires_vote=self.requires_vote.isChecked(),
            default_award_type=self.award_type.currentData(),
            coefficient_individual=number(self.coefficient_individual),
            coefficient_collective=number(self.coefficient_collective),
            active=self.active.isChecked(),
            sort_order=self.sort_order.int_value() or 0,
            source=self.source.text().strip(),
            note=self.note.toPlainText().strip() or None,
        )

    def snapshot(self) -> Any:
        return (
            self.collect(),
            self.coefficient_individual.text(),
            self.coefficient_collective.text(),
            self.sort_order.text(),
        )

    def problems(self) -> dict[str, str]:
        found = {
            name: wrong
            for name, field in (
                ("coefficient_individual", self.coefficient_individual),
                ("coefficient_collective", self.coefficient_collective),
                ("sort_order", self.sort_order),
            )
            if (wrong := field.problem())
        }
        if found:
            return found
        with self.ctx.store.read() as session:
            return catalogue.validate_award_form(session, self.collect(), current_id=self.form_id)

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        catalogue_ops.save_award_form(
            self.ctx, self, self.form_id, self.collect(), on_saved=on_saved, on_failure=on_failure
        )


TIERS = {
    "province": N_("Province"),
    "department": N_("Department or body"),
    "division": N_("Division or affiliated unit"),
    "district": N_("District"),
    "commune": N_("Commune or ward"),
    "village": N_("Village or residential group"),
    "other": N_("Other"),
}


def tier_label(code: str) -> str:
    return _(TIERS[code]) if code in TIERS else code


class UnitKindDialog(RecordDialog):
    """A kind of unit: code, name, level, and whether it still exists after the 2025 reform."""

    needs = "catalogue.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None, kind_id: int | None = None) -> None:
        super().__init__(ctx, parent, _("New kind of unit") if kind_id is None else _("Edit kind of unit"))
        self.kind_id = kind_id
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.tier = QComboBox()
        for code in catalogue.TIERS:
            self.tier.addItem(tier_label(code), code)
        self.historical = QCheckBox(_("No longer exists (kept for old records)"))
        self.sort_order = IntField()
        self.note = _note()
        r = self.rows
        r.add("code", _("Code"), self.code, required=True)
        r.add("name", _("Name"), self.name, required=True)
        r.add("tier", _("Level"), self.tier)
        r.add("historical", "", self.historical)
        r.add("sort_order", _("Order in lists"), self.sort_order)
        r.add("note", _("Note"), self.note)
        self.watch(self.code, self.name, self.tier, self.historical, self.sort_order, self.note)
        if kind_id is not None:
            with ctx.store.read() as session:
                data = catalogue.unit_kind_input(session, kind_id)
            self.code.setText(data.code)
            self.name.setText(data.name)
            self.tier.setCurrentIndex(max(self.tier.findData(data.tier), 0))
            self.historical.setChecked(data.historical)
            self.sort_order.set_int(data.sort_order)
            self.note.setPlainText(data.note or "")
        self.resize(560, 380)
        self.mark_clean()
        self.code.setFocus()

    def collect(self) -> UnitKindInput:
        return UnitKindInput(
            code=self.code.text().strip().lower(),
            name=self.name.text(),
            tier=str(self.tier.currentData() or "other"),
            historical=self.historical.isChecked(),
            sort_order=self.sort_order.int_value() or 0,
            note=self.note.toPlainText().strip() or None,
        )

    def snapshot(self) -> Any:
        return (self.collect(), self.sort_order.text())

    def problems(self) -> dict[str, str]:
        if wrong := self.sort_order.problem():
            return {"sort_order": wrong}
        with self.ctx.store.read() as session:
            return catalogue.validate_unit_kind(session, self.collect(), current_id=self.kind_id)

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        catalogue_ops.save_unit_kind(
            self.ctx, self, self.kind_id, self.collect(), on_saved=on_saved, on_failure=on_failure
        )
