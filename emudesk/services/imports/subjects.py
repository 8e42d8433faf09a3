"""Whom a row is about: a person, a household or a unit, found in the register or added by the import.

A staff list matches its people strictly (same ID number; same name, birth date and unit). Awards,
ratings, achievements and nominations name their recipient more loosely; a person or household
the register lacks becomes a ``Pending`` record the import adds the first time a job needs it.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy.orm import Session

from emudesk.domain.enums import Gender, SubjectKind
from emudesk.domain.people import check_id_number, normalise_ethnicity
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.importer import ParsedRow, ParsedSheet
from emudesk.services.imports.model import PlanRow
from emudesk.services.imports.planner import Options, Planner, Ref, given_fields, overlay, text_of
from emudesk.services.imports.refs import (
    HouseholdEntry,
    Pending,
    PersonEntry,
    PersonIndex,
    ambiguous,
    find_household,
    same_birth,
)
from emudesk.services.register.households import HouseholdInput
from emudesk.services.register.individuals import IndividualInput


def gender_from_id(number: str | None) -> Gender | None:
    """The gender a valid ID number encodes (its 4th digit), by asking the domain's own check."""
    if not number:
        return None
    for gender in (Gender.MALE, Gender.FEMALE):
        if check_id_number(number, gender=gender, birth_year=None) is None:
            return gender
    return None


def subject_kind(pr: ParsedRow) -> SubjectKind | None:
    """The kind of subject the row gives (or the parser guessed), if any."""
    kind = pr.values.get("subject_kind")
    return kind if isinstance(kind, SubjectKind) else None


def person_input(values: dict[str, object], unit_id: Ref | None) -> tuple[IndividualInput, dict[str, object]]:
    """The row as an IndividualInput, and the fields it actually gives (for updates)."""
    given = given_fields(
        values,
        {
            "family_name": "family_name",
            "middle_name": "middle_name",
            "given_name": "given_name",
            "gender": "gender",
            "birth_date": "birth_date",
            "id_number": "id_number",
            "position": "position",
            "hometown": "hometown",
            "residence": "residence",
            "phone": "phone",
            "staff_category": "staff_category",
            "note": "note",
        },
    )
    if "birth_date" not in given and isinstance(values.get("birth_year"), int):
        given["birth_year"] = values["birth_year"]
    ethnicity = text_of(values, "ethnicity")
    if ethnicity:
        given["ethnicity"] = normalise_ethnicity(ethnicity) or ethnicity
    if "unit" in values:
        given["unit_id"] = unit_id
    if "gender" not in given:
        implied = gender_from_id(text_of(values, "id_number"))
        if implied is not None:
            given["gender"] = implied
    data = IndividualInput(
        family_name=str(given.get("family_name", "")),
        middle_name=str(given.get("middle_name", "")),
        given_name=str(given.get("given_name", "")),
        gender=cast(Gender, given.get("gender", Gender.OTHER)),
    )
    return overlay(
        data,
        {k: v for k, v in given.items() if k not in ("family_name", "middle_name", "given_name", "gender")},
    ), given


class SubjectPlanner(Planner):
    """A planner whose rows name people or households: the people the sheet names are loaded once."""

    def __init__(self, session: Session, parsed: ParsedSheet, options: Options) -> None:
        super().__init__(session, parsed, options)
        self.people = PersonIndex()
        self.new_people: dict[Pending, IndividualInput] = {}
        self.new_households: dict[Pending, HouseholdInput] = {}
        self._households: dict[str, list[HouseholdEntry]] = {}

    def pending(self) -> dict[Pending, object]:
        """The people and households the sheet's rows name that the register lacks."""
        return {**self.new_people, **self.new_households}

    def load_people(self, name_key: str = "full_name") -> None:
        """Index, in one go, the register's people the sheet may mean (by ID number or name)."""
        numbers = [n for pr in self.parsed.rows if (n := text_of(pr.values, "id_number"))]
        names = [n for pr in self.parsed.rows if (n := text_of(pr.values, name_key))]
        self.people = PersonIndex.load(self.session, numbers, names)

    def find_person(
        self,
        row: PlanRow,
        values: dict[str, object],
        unit_id: Ref | None,
        *,
        name_field: str,
        strict: bool,
        among: set[int] | None = None,
    ) -> tuple[PersonEntry | None, str]:
        """The person a row means: the same ID number, or the same name, birth date and unit.

        ``strict`` (staff lists) keeps to that rule. Otherwise (a person named in an award or a
        nomination) the unit only narrows the search: a person who moved is still found by name
        and birth date, and a name alone is enough when the register holds one such person.
        Several candidates are an error naming them; (None, "") when there is none.
        """
        number = text_of(values, "id_number")
        if number:
            entry = self.people.by_number.get(number)
            if entry is not None:
                return entry, _("same ID number")
        name = text_of(values, "full_name") or ""
        raw_date, raw_year = values.get("birth_date"), values.get("birth_year")
        birth_date = raw_date if isinstance(raw_date, dt.date) else None
        birth_year = raw_year if isinstance(raw_year, int) else None
        has_birth = birth_date is not None or birth_year is not None
        candidates = [c for c in self.people.by_name.get(fold(name), []) if not (number and c.id_number)]
        if has_birth:
            candidates = [c for c in candidates if same_birth(c, birth_date, birth_year)]
        by = _("same name, birth date and unit") if has_birth else _("same name and unit")
        if "unit" in values or strict:
            units: set[Ref | None] = set(among) if among is not None else {unit_id}
            in_unit = [c for c in candidates if c.unit_id in units]
            if in_unit or strict or not has_birth:
                candidates = in_unit
            else:
                by = _("same name and birth date")
        elif not has_birth:
            by = _("same name")
        if strict and not has_birth:
            candidates = [c for c in candidates if c.birth_date is None and c.birth_year is None]
        if len(candidates) > 1:
            self.error(
                row,
                name_field,
                ambiguous(_("people"), name, [f"{c.full_name} ({c.born()}, #{c.id})" for c in candidates]),
            )
            return None, ""
        return (candidates[0], by) if candidates else (None, "")

    def subject(self, row: PlanRow, pr: ParsedRow, kind: SubjectKind, *, name_field: str) -> Ref | None:
        """The unit, person or household a row is about, or a Pending one the import will create."""
        values = pr.values
        name = text_of(values, name_field) or ""
        if kind is SubjectKind.UNIT:
            found = self.units.lookup(name)
            parent_text = text_of(values, "unit")
            if len(found) > 1 and parent_text:
                parents = set(self.units.lookup(parent_text))
                found = [u for u in found if self.units.ancestors(u) & parents] or found
            if len(found) == 1:
                return found[0]
            if not found:
                hint = ""
                if values.get("subject_kind_guessed"):
                    hint = " " + _("If this is a person, write “Cá nhân” in the “Đối tượng” column.")
                self.error(row, name_field, _("No unit “{name}” in emudesk.").format(name=name) + hint)
            else:
                self.error(
                    row, name_field, ambiguous(_("units"), name, [self.units.describe(u) for u in found])
                )
            return None
        person_values = dict(values)
        person_values["full_name"] = name
        unit_id: Ref | None = None
        unit_text = text_of(values, "unit")
        if unit_text:
            options, settled = self.unit_options(unit_text)
            if kind is SubjectKind.INDIVIDUAL and settled is None and len(options) > 1:
                # The unit only helps find the person: a person of one of the units so named will do.
                entry, _by = self.find_person(
                    row, person_values, None, name_field=name_field, strict=False, among=set(options)
                )
                if entry is not None or row.errors:
                    return entry.id if entry is not None else None
            unit_id = self.unit_ref(row, "unit", unit_text)
            if unit_id is None:
                return None
        if kind is SubjectKind.HOUSEHOLD:
            return self._household_subject(row, name, unit_id)
        entry, _by = self.find_person(row, person_values, unit_id, name_field=name_field, strict=False)
        if row.errors:
            return None
        if entry is not None:
            return entry.id
        data, given = person_input(person_values, unit_id)
        if "gender" not in given:
            self.error(
                row,
                name_field,
                _(
                    "{name} is not in the register. Import the staff list first, or give the gender "
                    "(or the ID number) so the import can add the person."
                ).format(name=name),
            )
            return None
        pkey = (
            ("id", data.id_number)
            if data.id_number
            else ("name", fold(name), data.birth_date or data.birth_year, unit_id)
        )
        ref = Pending("person", pkey)
        if ref not in self.new_people:
            self.new_people[ref] = data
            self.people.add(
                PersonEntry(
                    ref,
                    name,
                    fold(name),
                    data.gender,
                    data.birth_date,
                    data.birth_year,
                    data.id_number,
                    unit_id,
                )
            )
        self.warn(
            row, name_field, _("{name} is not in the register yet and will be added.").format(name=name)
        )
        return ref

    def _household_subject(self, row: PlanRow, text: str, unit_id: Ref | None) -> Ref | None:
        """The household ``text`` names ("Hộ ông …") in ``unit_id``, or a Pending one to add."""
        head, found = find_household(
            self.session,
            text,
            self._households,
            lambda h: unit_id is None or unit_id in (h.village_id, h.commune_id),
        )
        k = fold(head)
        if len(found) == 1:
            return int(found[0].id)
        if len(found) > 1:
            self.error(
                row,
                "recipient",
                ambiguous(_("households"), text, [f"{h.head_name} – {h.address} (#{h.id})" for h in found]),
            )
            return None
        ref = Pending("household", (k, unit_id))
        if ref not in self.new_households:
            village = commune = None
            if isinstance(unit_id, int):
                code = self.kinds.code_of.get(self.units.by_id[unit_id].kind_id)
                village = unit_id if code == "thon_tdp" else None
                commune = unit_id if code == "ubnd_xa" else None
            self.new_households[ref] = HouseholdInput(head_name=head, village_id=village, commune_id=commune)
        self.warn(
            row,
            "recipient",
            _("The household of {name} is not in the register yet and will be added.").format(name=head),
        )
        return ref
