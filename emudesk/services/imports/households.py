"""Importing households: each matches by its head's name, village and commune."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from emudesk.domain.text import fold, household_heads
from emudesk.i18n import _
from emudesk.services.imports.model import Action, PlanRow, RunContext
from emudesk.services.imports.planner import Planner, given_fields, overlay, text_of, write_update
from emudesk.services.imports.refs import (
    HouseholdEntry,
    PersonIndex,
    ambiguous,
    find_household,
    households_named,
)
from emudesk.services.register.households import (
    HouseholdInput,
    MemberInput,
    create_household,
    household_input,
    update_household,
)


class HouseholdsPlanner(Planner):
    """Plans a list of households."""

    def plan_rows(self) -> tuple[list[PlanRow], list[int]]:
        written_heads = [t for pr in self.parsed.rows if (t := text_of(pr.values, "head_name"))]
        heads = [h for t in written_heads for h in household_heads(t)]
        by_head = dict(households_named(self.session, heads))
        numbers = [n for pr in self.parsed.rows if (n := text_of(pr.values, "head_id_number"))]
        people = PersonIndex.load(self.session, numbers, [])
        rows: list[PlanRow] = []
        seen: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            written = text_of(values, "head_name") or "?"
            row = self.row(pr, written)
            rows.append(row)
            refs: dict[str, int | None] = {}
            for f in ("village", "commune"):
                text = text_of(values, f)
                refs[f] = self.unit_ref(row, f, text) if text else None
            given = given_fields(values, {"head_name": "head_name", "address": "address", "note": "note"})
            if "village" in values:
                given["village_id"] = refs["village"]
            if "commune" in values:
                given["commune_id"] = refs["commune"]
            number = text_of(values, "head_id_number")
            if number:
                entry = people.by_number.get(number)
                if entry is not None and isinstance(entry.id, int):
                    given["head_individual_id"] = entry.id
                else:
                    self.warn(
                        row,
                        "head_id_number",
                        _("No individual with this ID number; the household is recorded without the link."),
                    )
            members = values.get("members")
            if isinstance(members, list):
                given["members"] = [MemberInput(full_name=m) for m in members]
            if row.errors:
                continue
            # The head as the app shows the household ("Hộ ông (bà) …") or as lists write it.
            head, found = find_household(
                self.session,
                written,
                by_head,
                partial(_in_place, (refs["village"], refs["commune"])),
            )
            if found and (head.lower() == fold(head) or head.isupper()):
                # Typed without diacritics or in capitals: the register's spelling stays.
                head = found[0].head_name
            given["head_name"] = head
            k = (fold(head), refs["village"], refs["commune"])
            if k in seen:
                self.error(
                    row, "head_name", _("Row {row} of this file is the same household.").format(row=seen[k])
                )
                continue
            seen[k] = pr.row_number
            if len(found) == 1:
                self.set_match(
                    row,
                    found[0].id,
                    f"{found[0].head_name} – {found[0].address} (#{found[0].id})",
                    _("same head, village and commune"),
                )
            elif len(found) > 1:
                self.error(
                    row,
                    "head_name",
                    ambiguous(
                        _("households"), written, [f"{h.head_name} – {h.address} (#{h.id})" for h in found]
                    ),
                )
                continue
            row.job = HouseholdJob(HouseholdInput(head_name=head), given)
        return rows, []


def _in_place(place: tuple[int | None, int | None], household: HouseholdEntry) -> bool:
    return (household.village_id, household.commune_id) == place


# --- the job ---------------------------------------------------------------------------------------


@dataclass
class HouseholdJob:
    data: HouseholdInput
    given: dict[str, object]
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        if action is Action.CREATE:
            create_household(ctx.session, overlay(self.data, self.given))
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            base = household_input(ctx.session, match_id)
            merged = overlay(base, self.given)
            write_update(
                ctx,
                base,
                merged,
                lambda data: update_household(ctx.session, match_id, data),
            )
