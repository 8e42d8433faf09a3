"""The form for a person: names as on the ID document, CCCD, birth, unit and position."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from emudesk.domain.enums import Gender
from emudesk.domain.people import ETHNICITIES
from emudesk.i18n import _
from emudesk.services.register import individuals
from emudesk.services.register.individuals import IndividualInput
from emudesk.ui.context import AppContext
from emudesk.ui.operations import register
from emudesk.ui.views.choices import unit_choices
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.fields import DateField, IntField
from emudesk.ui.widgets.pickers import EnumCombo, UnitPicker, fill_enum, set_combo_value


class IndividualDialog(RecordDialog):
    """New or existing individual; ``individuals.validate`` runs as you type."""

    needs = "register.edit"

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        individual_id: int | None = None,
        unit_id: int | None = None,
    ) -> None:
        super().__init__(ctx, parent, _("New individual") if individual_id is None else _("Edit individual"))
        self.individual_id = individual_id
        self.family = QLineEdit()
        self.middle = QLineEdit()
        self.given = QLineEdit()
        for w, hint in (
            (self.family, _("Family name")),
            (self.middle, _("Middle name")),
            (self.given, _("Given name")),
        ):
            w.setPlaceholderText(hint)
        names = QWidget()
        row = QHBoxLayout(names)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.family, 2)
        row.addWidget(self.middle, 3)
        row.addWidget(self.given, 2)
        self.gender = EnumCombo()
        fill_enum(self.gender, list(Gender))
        self.birth_date = DateField()
        self.birth_year = IntField()
        self.birth_year.setPlaceholderText(_("only the year"))
        birth = QWidget()
        birth_row = QHBoxLayout(birth)
        birth_row.setContentsMargins(0, 0, 0, 0)
        birth_row.addWidget(self.birth_date)
        birth_row.addWidget(self.birth_year)
        birth_row.addStretch(1)
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(_("12 digits"))
        self.id_number.setMaxLength(14)
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.addItems(list(ETHNICITIES))
        self.unit = UnitPicker(unit_choices(ctx), none_text=_("(no unit)"), include_dissolved=False)
        self.position = QLineEdit()
        self.staff_category = QLineEdit()
        self.hometown = QLineEdit()
        self.residence = QLineEdit()
        self.phone = QLineEdit()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(70)
        self.allow_duplicate = QCheckBox(_("This is a different person with the same name and birth date"))
        self.allow_duplicate.setVisible(False)

        r = self.rows
        r.add("name", _("Full name"), names, required=True)
        r.alias("family_name", "name")
        r.alias("given_name", "name")
        r.alias("full_name", "name")
        r.add("gender", _("Gender"), self.gender, required=True)
        r.add("birth", _("Date or year of birth"), birth)
        r.alias("birth_date", "birth")
        r.alias("birth_year", "birth")
        r.add("id_number", _("Personal ID number (CCCD)"), self.id_number)
        r.add("ethnicity", _("Ethnicity"), self.ethnicity)
        r.add("unit_id", _("Unit"), self.unit)
        r.add("position", _("Position"), self.position)
        r.add("staff_category", _("Staff category"), self.staff_category)
        r.add("hometown", _("Home town"), self.hometown)
        r.add("residence", _("Residence"), self.residence)
        r.add("phone", _("Phone"), self.phone)
        r.add("note", _("Note"), self.note)
        self.form.addRow("", self.allow_duplicate)
        self.watch(
            self.family,
            self.middle,
            self.given,
            self.gender,
            self.birth_date,
            self.birth_year,
            self.id_number,
            self.ethnicity,
            self.unit,
            self.position,
            self.staff_category,
            self.hometown,
            self.residence,
            self.phone,
            self.note,
            self.allow_duplicate,
        )
        if individual_id is not None:
            with ctx.store.read() as session:
                self._load(individuals.individual_input(session, individual_id))
        else:
            self.unit.set_unit_id(unit_id)
        self.resize(640, 620)
        self.mark_clean()
        self.family.setFocus()

    def _load(self, data: IndividualInput) -> None:
        self.family.setText(data.family_name)
        self.middle.setText(data.middle_name)
        self.given.setText(data.given_name)
        set_combo_value(self.gender, data.gender)
        self.birth_date.set_date(data.birth_date)
        self.birth_year.set_int(data.birth_year)
        self.id_number.setText(data.id_number or "")
        self.ethnicity.setEditText(data.ethnicity)
        self.unit.set_unit_id(data.unit_id)
        self.position.setText(data.position or "")
        self.staff_category.setText(data.staff_category or "")
        self.hometown.setText(data.hometown or "")
        self.residence.setText(data.residence or "")
        self.phone.setText(data.phone or "")
        self.note.setPlainText(data.note or "")

    def collect(self) -> IndividualInput:
        return IndividualInput(
            family_name=self.family.text(),
            middle_name=self.middle.text(),
            given_name=self.given.text(),
            gender=self.gender.currentData() or Gender.MALE,
            birth_date=self.birth_date.date_value(),
            birth_year=self.birth_year.int_value(),
            id_number=self.id_number.text().strip() or None,
            ethnicity=self.ethnicity.currentText().strip() or "Kinh",
            unit_id=self.unit.unit_id(),
            position=self.position.text().strip() or None,
            hometown=self.hometown.text(),
            residence=self.residence.text(),
            phone=self.phone.text(),
            staff_category=self.staff_category.text(),
            note=self.note.toPlainText().strip() or None,
            allow_duplicate=self.allow_duplicate.isChecked(),
        )

    def snapshot(self) -> Any:
        data = self.collect()
        return (data, self.birth_date.text(), self.birth_year.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, field in (("birth_date", self.birth_date), ("birth_year", self.birth_year)):
            wrong = field.problem()
            if wrong:
                found[name] = wrong
        if found:
            return found
        with self.ctx.store.read() as session:
            found = individuals.validate(session, self.collect(), current_id=self.individual_id)
        # A likely duplicate is a question, not an error: offer the tick box.
        self.allow_duplicate.setVisible("full_name" in found or self.allow_duplicate.isChecked())
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        register.save_individual(
            self.ctx, self, self.individual_id, self.collect(), on_saved=on_saved, on_failure=on_failure
        )
