"""Importing a staff list: each person matches by ID number, or by name, birth date and unit.

New people are written in batches by ``importing`` (``IndividualJob.prepared`` gives each one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.services.imports.model import Action, PlanRow, RunContext
from emudesk.services.imports.planner import Ref, date_of, overlay, text_of, write_update
from emudesk.services.imports.refs import Pending
from emudesk.services.imports.subjects import SubjectPlanner, person_input
from emudesk.services.register.individuals import (
    IndividualInput,
    create_individual,
    individual_input,
    update_individual,
)


class IndividualsPlanner(SubjectPlanner):
    """Plans a staff list."""

    about_today = True

    def plan_rows(self) -> tuple[list[PlanRow], list[int]]:
        self.load_people()
        rows: list[PlanRow] = []
        seen_numbers: dict[str, int] = {}
        seen_people: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            name = text_of(values, "full_name") or "?"
            row = self.row(pr, name)
            rows.append(row)
            unit_id: Ref | None = None
            unit_text = text_of(values, "unit")
            if unit_text:
                unit_id = self.unit_ref(row, "unit", unit_text)
            data, given = person_input(values, unit_id)
            start = date_of(values, "start_date")
            born = data.birth_date.strftime("%d/%m/%Y") if data.birth_date else str(data.birth_year or "")
            row.label = f"{name} ({born})" if born else name
            if row.errors:
                continue
            number = data.id_number
            person_key = (fold(name), data.birth_date or data.birth_year, unit_id)
            if number and number in seen_numbers:
                self.error(
                    row,
                    "id_number",
                    _("Row {row} of this file has the same ID number.").format(row=seen_numbers[number]),
                )
                continue
            if data.birth_date or data.birth_year:
                if person_key in seen_people:
                    self.error(
                        row,
                        "full_name",
                        _("Row {row} of this file is the same person.").format(row=seen_people[person_key]),
                    )
                    continue
                seen_people[person_key] = pr.row_number
            if number:
                seen_numbers[number] = pr.row_number
            entry, by = self.find_person(row, values, unit_id, name_field="full_name", strict=True)
            if entry is not None and isinstance(entry.id, int):
                self.set_match(
                    row,
                    entry.id,
                    f"{entry.full_name} ({entry.born()}, #{entry.id})",
                    by,
                    create_ok=not (number and entry.id_number == number),
                )
                if number and entry.id_number and entry.id_number != number:
                    self.warn(
                        row,
                        "id_number",
                        _("The register has another ID number for this person: {n}.").format(
                            n=entry.id_number
                        ),
                    )
            row.job = IndividualJob(data, given, start)
        return rows, []


# --- the job ---------------------------------------------------------------------------------------


@dataclass
class IndividualJob:
    data: IndividualInput
    given: dict[str, object]
    start_date: dt.date | None
    row: PlanRow = field(init=False, repr=False)

    def _given(self, ctx: RunContext) -> dict[str, object]:
        given = dict(self.given)
        unit = given.get("unit_id")
        if isinstance(unit, Pending):
            given["unit_id"] = ctx.resolve(unit)
        return given

    def prepared(self, ctx: RunContext) -> IndividualInput:
        """The person this row creates (units created earlier in the import resolved)."""
        return overlay(
            self.data, {"unit_id": self._given(ctx).get("unit_id"), "allow_duplicate": self.row.matched}
        )

    def run(self, ctx: RunContext, action: Action) -> None:
        given = self._given(ctx)
        if action is Action.CREATE:
            create_individual(ctx.session, self.prepared(ctx), start_date=self.start_date)
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            base = individual_input(ctx.session, match_id)
            if "birth_date" in given:
                given["birth_year"] = None
            merged = overlay(base, given)
            write_update(
                ctx,
                base,
                merged,
                lambda data: update_individual(ctx.session, match_id, data),
            )
