"""Planning each kind of import: resolve the row's references, find its match, attach its job.

The rules themselves stay in the services: a job calls ``create_unit``,
``create_individual``, ``create_award``, ``create_nomination``… exactly as the
GUI does, and the rehearsal runs the jobs to collect what they refuse. Only
the matching rules (same ID number; same name, birth date and unit; same
award) are applied here in bulk, mirroring ``individuals.find_duplicate`` and
``awards.find_same``, which still run inside the services as a safety net.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Achievement, AnnualRating, AwardRecord, Nomination
from emudesk.domain.enums import (
    Gender,
    NominationStatus,
    Rating,
    RecordSource,
    SubjectKind,
)
from emudesk.domain.errors import EmudeskError
from emudesk.domain.people import check_id_number, normalise_ethnicity
from emudesk.domain.text import fold, nfc
from emudesk.domain.workflow import EDITABLE
from emudesk.i18n import _
from emudesk.importer import ParsedRow, ParsedSheet
from emudesk.services.campaigns import achievements
from emudesk.services.campaigns.achievements import AchievementInput
from emudesk.services.core.common import SubjectRef
from emudesk.services.eligibility import eligibility
from emudesk.services.eligibility.eligibility import Outcome
from emudesk.services.imports.model import Action, ImportPlan, OnMatch, PlanRow, RunContext
from emudesk.services.imports.refs import (
    CampaignIndex,
    FormIndex,
    KindIndex,
    Pending,
    PersonEntry,
    PersonIndex,
    UnitIndex,
    ambiguous,
    chunks,
    households_named,
    key,
    same_birth,
)
from emudesk.services.nominations import workflow as nominations
from emudesk.services.nominations.workflow import NominationInput
from emudesk.services.register import awards, households, individuals, units
from emudesk.services.register.awards import AwardInput
from emudesk.services.register.households import HouseholdInput, MemberInput
from emudesk.services.register.individuals import IndividualInput
from emudesk.services.register.units import UnitInput

Ref = int | Pending

# Statuses in which a nomination is "the same proposal" (nominations._ACTIVE, as values).
_ACTIVE_NOMINATION = [
    s.value
    for s in (
        NominationStatus.DRAFT,
        NominationStatus.SUBMITTED,
        NominationStatus.APPRAISED,
        NominationStatus.VOTED,
        NominationStatus.APPROVED,
        NominationStatus.RETURNED,
    )
]


# Lists about today, where a unit dissolved since cannot be the one meant.
_CURRENT_KINDS = frozenset({"individuals", "nominations"})


@dataclass
class Options:
    on_match: OnMatch = OnMatch.SKIP
    campaign_id: int | None = None
    nomination_status: NominationStatus = NominationStatus.SUBMITTED


def _text(values: dict[str, object], name: str) -> str | None:
    value = values.get(name)
    return value if isinstance(value, str) and value else None


def _date(values: dict[str, object], name: str) -> dt.date | None:
    value = values.get(name)
    return value if isinstance(value, dt.date) else None


def _int(values: dict[str, object], name: str) -> int | None:
    value = values.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _given(source: dict[str, object], mapping: dict[str, str]) -> dict[str, object]:
    """The service input's fields the row gives: ``mapping`` is row key -> input field."""
    return {attr: source[k] for k, attr in mapping.items() if k in source}


def _overlay(base: Any, given: dict[str, object]) -> Any:
    return replace(base, **given) if given else base


def _update(ctx: RunContext, base: Any, merged: Any, write: Callable[[Any], None]) -> None:
    """Write an update a row asks for, or count the row unchanged when it asks for nothing new."""
    if merged == base:
        ctx.row_unchanged = True
        return
    write(merged)
    ctx.updated += 1


def gender_from_id(number: str | None) -> Gender | None:
    """The gender a valid ID number encodes (its 4th digit), by asking the domain's own check."""
    if not number:
        return None
    for gender in (Gender.MALE, Gender.FEMALE):
        if check_id_number(number, gender=gender, birth_year=None) is None:
            return gender
    return None


def _household_head(text: str) -> str:
    """ "Hộ ông Nguyễn Văn Tư" -> "Nguyễn Văn Tư"."""
    words = text.split(" ")
    lowered = [w.lower() for w in words]
    for prefix in (["hộ", "gia", "đình"], ["gia", "đình"], ["hộ"]):
        if lowered[: len(prefix)] == prefix:
            words, lowered = words[len(prefix) :], lowered[len(prefix) :]
            break
    if lowered and lowered[0] in ("ông", "bà", "anh", "chị"):
        words = words[1:]
    return nfc(" ".join(words)) or text


# --- the planner ----------------------------------------------------------------------------------


class Planner:
    """Builds the plan of one sheet; indexes are loaded once, lazily."""

    def __init__(self, session: Session, parsed: ParsedSheet, options: Options) -> None:
        self.session = session
        self.parsed = parsed
        self.options = options
        self.file = parsed.file
        self._units: UnitIndex | None = None
        self._kinds: KindIndex | None = None
        self._forms: FormIndex | None = None
        self._campaigns: CampaignIndex | None = None
        self.people = PersonIndex()
        self.new_people: dict[Pending, IndividualInput] = {}
        self.new_households: dict[Pending, HouseholdInput] = {}
        self._households: dict[str, list[Any]] = {}
        self._context: set[int] | None = None
        self._unit_lookups: dict[str, list[int]] = {}
        self._settled: dict[str, int] = {}
        self.notes: list[str] = []

    @property
    def units(self) -> UnitIndex:
        if self._units is None:
            self._units = UnitIndex(self.session)
        return self._units

    @property
    def kinds(self) -> KindIndex:
        if self._kinds is None:
            self._kinds = KindIndex(self.session)
        return self._kinds

    @property
    def forms(self) -> FormIndex:
        if self._forms is None:
            self._forms = FormIndex(self.session)
        return self._forms

    @property
    def campaigns(self) -> CampaignIndex:
        if self._campaigns is None:
            self._campaigns = CampaignIndex(self.session)
        return self._campaigns

    def letter(self, field_key: str) -> str | None:
        mapping = self.parsed.mapping
        return mapping.letter_of(field_key) if mapping else None

    def row(self, pr: ParsedRow, label: str) -> PlanRow:
        return PlanRow(
            pr.sheet, pr.row_number, label, source=pr, choice=self.options.on_match, file=self.file
        )

    def error(self, row: PlanRow, field_key: str | None, reason: str) -> None:
        row.error(field_key, reason, self.letter(field_key) if field_key else None)

    def warn(self, row: PlanRow, field_key: str | None, reason: str) -> None:
        row.warn(field_key, reason, self.letter(field_key) if field_key else None)

    def plan(self) -> ImportPlan:
        build: dict[str, Callable[[], tuple[list[PlanRow], list[int]]]] = {
            "units": self._units_plan,
            "individuals": self._individuals_plan,
            "households": self._households_plan,
            "ratings": self._ratings_plan,
            "awards": self._awards_plan,
            "achievements": self._achievements_plan,
            "nominations": self._nominations_plan,
        }
        rows, order = build[self.parsed.kind]()
        plan = ImportPlan(
            self.parsed.kind,
            self.file,
            [self.parsed],
            rows,
            self.options.on_match,
            notes=self.notes,
            order=order or list(range(len(rows))),
        )
        return plan

    # --- units --------------------------------------------------------------------------------

    def unit_ref(self, row: PlanRow, field_key: str, text: str) -> int | None:
        """A unit the row names, or None with an error on the row.

        A name several units share ("Phòng Nội vụ" of every district) is settled by the file's
        context when that leaves one: the unit named in the title rows ("UBND HUYỆN VŨ THƯ"), or
        the parent of the units the file names unambiguously.
        """
        if text in self._settled:
            return self._settled[text]
        found, near = self.unit_options(text)
        if near is not None:
            # Said once, on the first row that needs it; later rows follow silently.
            self.warn(
                row,
                field_key,
                _("“{name}” is taken as {unit}, the one this file most likely means.").format(
                    name=text, unit=self.units.describe(near)
                ),
            )
            self._settled[text] = near
            return near
        if len(found) == 1:
            return found[0]
        if not found:
            self.error(
                row,
                field_key,
                _("No unit “{name}” in emudesk. Check the spelling, or import the units first.").format(
                    name=text
                ),
            )
        else:
            self.error(row, field_key, ambiguous(_("units"), text, [self.units.describe(u) for u in found]))
        return None

    def unit_options(self, text: str) -> tuple[list[int], int | None]:
        """The units ``text`` may name, and the one the file's context settles it on, if any."""
        found = self._unit_lookups.get(text)
        if found is None:
            found = self._unit_lookups[text] = self.units.lookup(text)
        if len(found) <= 1:
            return found, None
        context = self.context_units()
        near = [u for u in found if u in context or self.units.by_id[u].parent_id in context]
        if len(near) != 1 and self.parsed.kind in _CURRENT_KINDS:
            # A staff list or a nomination is about today: a unit dissolved since cannot be meant.
            near = [u for u in found if not self.units.by_id[u].dissolved]
        return found, near[0] if len(near) == 1 else None

    def context_units(self) -> set[int]:
        if self._context is not None:
            return self._context
        context: set[int] = set()
        source, mapping = self.parsed.source, self.parsed.mapping
        if source is not None and mapping is not None:
            for r in range(1, mapping.header_row):
                for value in source.rows[r - 1][:20]:
                    if isinstance(value, str) and value.strip():
                        found = self.units.lookup(value)
                        if len(found) == 1:
                            context.add(found[0])
        for field_key in ("unit", "proposing_unit", "parent", "village", "commune"):
            for text in {t for pr in self.parsed.rows if (t := _text(pr.values, field_key))}:
                found = self.units.lookup(text)
                if len(found) == 1:
                    context.add(found[0])
                    parent = self.units.by_id[found[0]].parent_id
                    if parent is not None:
                        context.add(parent)
        self._context = context
        return context

    def _kind_code(self, row: PlanRow, text: str) -> str | None:
        codes = self.kinds.lookup(text)
        if len(codes) == 1:
            return codes[0]
        if not codes:
            self.error(
                row,
                "kind",
                _("Unknown kind of unit “{value}”. Kinds: {kinds}.").format(
                    value=text, kinds="; ".join(self.kinds.names())
                ),
            )
        else:
            self.error(
                row, "kind", ambiguous(_("kinds of unit"), text, [self.kinds.name_of[c] for c in codes])
            )
        return None

    def _units_plan(self) -> tuple[list[PlanRow], list[int]]:
        prs = self.parsed.rows
        rows = [self.row(pr, _text(pr.values, "name") or "?") for pr in prs]
        in_file: dict[str, list[int]] = defaultdict(list)
        for i, pr in enumerate(prs):
            for k in {
                key(v)
                for v in (_text(pr.values, "name"), _text(pr.values, "short_name"), _text(pr.values, "code"))
                if v
            }:
                in_file[k].append(i)
        kind_codes: list[str | None] = []
        for row, pr in zip(rows, prs, strict=True):
            text = _text(pr.values, "kind")
            kind_codes.append(self._kind_code(row, text) if text else None)
        # A parent named in the file is planned first, whatever the order of the rows.
        parent_rows: dict[int, list[int]] = {}
        parent_db: dict[int, list[int]] = {}
        for i, pr in enumerate(prs):
            text = _text(pr.values, "parent")
            if text:
                parent_rows[i] = [j for j in in_file.get(key(text), []) if j != i]
                parent_db[i] = self.units.lookup(text)
        order = self._topological(len(prs), parent_rows, rows)
        entity: dict[int, Ref] = {}  # what each row stands for once planned: a unit id or Pending
        parent_of: dict[int, Ref | None] = {}
        seen_keys: dict[tuple[object, ...], int] = {}
        for i in order:
            pr, row = prs[i], rows[i]
            values = pr.values
            parent: Ref | None = None
            text = _text(values, "parent")
            if text:
                options: list[Ref] = []
                for j in parent_rows.get(i, []):
                    ref = entity.get(j, Pending("unit", prs[j].row_number))
                    if ref not in options:
                        options.append(ref)
                for uid in parent_db.get(i, []):
                    if uid not in options:
                        options.append(uid)
                if len(options) == 1:
                    parent = options[0]
                elif not options:
                    self.error(
                        row,
                        "parent",
                        _("No unit “{name}” in emudesk or in this file.").format(name=text),
                    )
                else:
                    self.error(
                        row,
                        "parent",
                        ambiguous(
                            _("units"),
                            text,
                            [
                                self.units.describe(o)
                                if isinstance(o, int)
                                else _("row {row} of this file").format(row=o.key)
                                for o in options
                            ],
                        ),
                    )
            parent_of[i] = parent
            name = _text(values, "name")
            match = self._unit_match(row, values, parent, parent_given=bool(text)) if name else None
            entity[i] = match if match is not None else Pending("unit", pr.row_number)
            code = _text(values, "code")
            keys: list[tuple[object, ...]] = [("code", key(code))] if code else []
            keys.append(("name", key(name or ""), parent))
            for dup in keys:
                if dup in seen_keys:
                    self.error(
                        row,
                        "code" if dup[0] == "code" else "name",
                        _("Row {row} of this file already has this unit.").format(row=seen_keys[dup]),
                    )
                else:
                    seen_keys[dup] = pr.row_number
            row.job = UnitJob(pr.row_number, values, kind_codes[i], parent, text is not None)
        return rows, order

    def _unit_match(
        self, row: PlanRow, values: dict[str, object], parent: Ref | None, parent_given: bool
    ) -> int | None:
        name = _text(values, "name") or ""
        code = _text(values, "code")
        if code:
            by_code = self.units.with_code(code)
            if len(by_code) == 1:
                self._matched(row, by_code[0], self.units.describe(by_code[0]), _("same code"))
                return by_code[0]
        candidates = self.units.named(name)
        if parent_given:
            candidates = [
                u for u in candidates if isinstance(parent, int) and self.units.by_id[u].parent_id == parent
            ]
        if len(candidates) == 1:
            self._matched(row, candidates[0], self.units.describe(candidates[0]), _("same name and parent"))
            return candidates[0]
        if len(candidates) > 1:
            self.error(
                row,
                "parent",
                _("Several units are called “{name}”: {candidates}. Give the parent unit.").format(
                    name=name, candidates="; ".join(self.units.describe(u) for u in candidates[:6])
                ),
            )
        return None

    def _matched(self, row: PlanRow, match_id: int, label: str, by: str, *, create_ok: bool = True) -> None:
        row.match_id, row.match_label, row.match_by, row.create_on_match = match_id, label, by, create_ok

    def _topological(self, n: int, deps: dict[int, list[int]], rows: list[PlanRow]) -> list[int]:
        order: list[int] = []
        state = [0] * n  # 0 new, 1 in progress, 2 done
        for start in range(n):
            if state[start]:
                continue
            stack: list[tuple[int, int]] = [(start, 0)]
            state[start] = 1
            while stack:
                node, idx = stack[-1]
                children = deps.get(node, [])
                if idx < len(children):
                    stack[-1] = (node, idx + 1)
                    child = children[idx]
                    if state[child] == 0:
                        state[child] = 1
                        stack.append((child, 0))
                    elif state[child] == 1 and len(children) == 1:
                        self.error(
                            rows[node],
                            "parent",
                            _("The units of this file are placed under each other in a loop."),
                        )
                    continue
                stack.pop()
                state[node] = 2
                order.append(node)
        return order

    # --- individuals --------------------------------------------------------------------------

    def _load_people(self, name_key: str = "full_name") -> None:
        numbers = [n for pr in self.parsed.rows if (n := _text(pr.values, "id_number"))]
        names = [n for pr in self.parsed.rows if (n := _text(pr.values, name_key))]
        self.people = PersonIndex.load(self.session, numbers, names)

    def _person_input(
        self, values: dict[str, object], unit_id: Ref | None
    ) -> tuple[IndividualInput, dict[str, object]]:
        """The row as an IndividualInput, and the fields it actually gives (for updates)."""
        given = _given(
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
        ethnicity = _text(values, "ethnicity")
        if ethnicity:
            given["ethnicity"] = normalise_ethnicity(ethnicity) or ethnicity
        if "unit" in values:
            given["unit_id"] = unit_id
        if "gender" not in given:
            implied = gender_from_id(_text(values, "id_number"))
            if implied is not None:
                given["gender"] = implied
        data = IndividualInput(
            family_name=str(given.get("family_name", "")),
            middle_name=str(given.get("middle_name", "")),
            given_name=str(given.get("given_name", "")),
            gender=given.get("gender", Gender.OTHER),  # type: ignore[arg-type]
        )
        return _overlay(
            data,
            {
                k: v
                for k, v in given.items()
                if k not in ("family_name", "middle_name", "given_name", "gender")
            },
        ), given

    def _find_person(
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
        number = _text(values, "id_number")
        if number:
            entry = self.people.by_number.get(number)
            if entry is not None:
                return entry, _("same ID number")
        name = _text(values, "full_name") or ""
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

    def _individuals_plan(self) -> tuple[list[PlanRow], list[int]]:
        self._load_people()
        rows: list[PlanRow] = []
        seen_numbers: dict[str, int] = {}
        seen_people: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            name = _text(values, "full_name") or "?"
            row = self.row(pr, name)
            rows.append(row)
            unit_id: Ref | None = None
            unit_text = _text(values, "unit")
            if unit_text:
                unit_id = self.unit_ref(row, "unit", unit_text)
            data, given = self._person_input(values, unit_id)
            start = _date(values, "start_date")
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
            entry, by = self._find_person(row, values, unit_id, name_field="full_name", strict=True)
            if entry is not None and isinstance(entry.id, int):
                self._matched(
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

    # --- subjects of awards, ratings, achievements, nominations -------------------------------

    def subject(self, row: PlanRow, pr: ParsedRow, kind: SubjectKind, *, name_field: str) -> Ref | None:
        """The unit, person or household a row is about, or a Pending one the import will create."""
        values = pr.values
        name = _text(values, name_field) or ""
        if kind is SubjectKind.UNIT:
            found = self.units.lookup(name)
            parent_text = _text(values, "unit")
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
        unit_text = _text(values, "unit")
        if unit_text:
            options, settled = self.unit_options(unit_text)
            if kind is SubjectKind.INDIVIDUAL and settled is None and len(options) > 1:
                # The unit only helps find the person: a person of one of the units so named will do.
                entry, _by = self._find_person(
                    row, person_values, None, name_field=name_field, strict=False, among=set(options)
                )
                if entry is not None or row.errors:
                    return entry.id if entry is not None else None
            unit_id = self.unit_ref(row, "unit", unit_text)
            if unit_id is None:
                return None
        if kind is SubjectKind.HOUSEHOLD:
            return self._household_subject(row, name, unit_id)
        entry, _by = self._find_person(row, person_values, unit_id, name_field=name_field, strict=False)
        if row.errors:
            return None
        if entry is not None:
            return entry.id
        data, _given_fields = self._person_input(person_values, unit_id)
        if "gender" not in _given_fields:
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
        head = _household_head(text)
        k = fold(head)
        if k not in self._households:
            self._households.update(households_named(self.session, [head]))
            self._households.setdefault(k, [])
        found = [h for h in self._households[k] if unit_id is None or unit_id in (h.village_id, h.commune_id)]
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

    def _subject_kind(self, pr: ParsedRow) -> SubjectKind | None:
        kind = pr.values.get("subject_kind")
        return kind if isinstance(kind, SubjectKind) else None

    def _campaign(
        self, row: PlanRow, values: dict[str, object], *, required: bool
    ) -> tuple[int | None, int | None]:
        text = _text(values, "campaign")
        cid: int | None = None
        if text:
            found = self.campaigns.lookup(text)
            if len(found) == 1:
                cid = found[0]
            elif not found:
                self.error(row, "campaign", _("No campaign “{name}” in emudesk.").format(name=text))
                return None, None
            else:
                self.error(
                    row, "campaign", ambiguous(_("campaigns"), text, [self.campaigns.label(c) for c in found])
                )
                return None, None
        elif self.options.campaign_id is not None:
            cid = self.options.campaign_id
        elif required:
            self.error(
                row,
                "campaign",
                _("Which campaign? Add a “Phong trào thi đua” column or choose the campaign when importing."),
            )
            return None, None
        phase_text = _text(values, "phase")
        phase: int | None = None
        if phase_text and cid is not None:
            phase = self.campaigns.phase(cid, phase_text)
            if phase is None:
                self.error(row, "phase", _("The campaign has no phase “{name}”.").format(name=phase_text))
        return cid, phase

    # --- households ---------------------------------------------------------------------------

    def _households_plan(self) -> tuple[list[PlanRow], list[int]]:
        heads = [h for pr in self.parsed.rows if (h := _text(pr.values, "head_name"))]
        self._households = dict(households_named(self.session, heads))
        numbers = [n for pr in self.parsed.rows if (n := _text(pr.values, "head_id_number"))]
        self.people = PersonIndex.load(self.session, numbers, [])
        rows: list[PlanRow] = []
        seen: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            head = _text(values, "head_name") or "?"
            row = self.row(pr, head)
            rows.append(row)
            refs: dict[str, int | None] = {}
            for f in ("village", "commune"):
                text = _text(values, f)
                refs[f] = self.unit_ref(row, f, text) if text else None
            given = _given(values, {"head_name": "head_name", "address": "address", "note": "note"})
            if "village" in values:
                given["village_id"] = refs["village"]
            if "commune" in values:
                given["commune_id"] = refs["commune"]
            number = _text(values, "head_id_number")
            if number:
                entry = self.people.by_number.get(number)
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
            k = (fold(head), refs["village"], refs["commune"])
            if k in seen:
                self.error(
                    row, "head_name", _("Row {row} of this file is the same household.").format(row=seen[k])
                )
                continue
            seen[k] = pr.row_number
            found = [
                h
                for h in self._households.get(fold(head), [])
                if h.village_id == refs["village"] and h.commune_id == refs["commune"]
            ]
            if len(found) == 1:
                self._matched(
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
                        _("households"), head, [f"{h.head_name} – {h.address} (#{h.id})" for h in found]
                    ),
                )
                continue
            row.job = HouseholdJob(HouseholdInput(head_name=head), given)
        return rows, []

    # --- ratings ------------------------------------------------------------------------------

    def _ratings_plan(self) -> tuple[list[PlanRow], list[int]]:
        self._load_people()
        rows: list[PlanRow] = []
        planned: list[tuple[PlanRow, SubjectKind, Ref, int, Rating]] = []
        seen: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            kind = self._subject_kind(pr) or SubjectKind.INDIVIDUAL
            name_field = "full_name" if kind is SubjectKind.INDIVIDUAL else "unit"
            name = _text(values, name_field) or "?"
            year, rating = values.get("year"), values.get("rating")
            row = self.row(pr, f"{name} – {year}")
            rows.append(row)
            if pr.errors or not isinstance(year, int) or not isinstance(rating, Rating):
                continue
            if kind is SubjectKind.UNIT:
                ref: Ref | None = self.unit_ref(row, "unit", name)
            else:
                ref = self.subject(row, pr, kind, name_field="full_name")
            if ref is None:
                continue
            k = (kind, ref, year)
            if k in seen:
                self.error(
                    row,
                    "year",
                    _("Row {row} of this file rates the same subject for this year.").format(row=seen[k]),
                )
                continue
            seen[k] = pr.row_number
            planned.append((row, kind, ref, year, rating))
        existing: dict[tuple[SubjectKind, int, int], Rating] = {}
        for kind, column in (
            (SubjectKind.INDIVIDUAL, AnnualRating.individual_id),
            (SubjectKind.UNIT, AnnualRating.unit_id),
        ):
            ids = sorted({ref for _r, k, ref, _y, _v in planned if k is kind and isinstance(ref, int)})
            for part in chunks(ids):
                for subject_id, year, value in self.session.execute(
                    select(column, AnnualRating.year, AnnualRating.rating).where(column.in_(part))
                ):
                    if subject_id is not None:
                        existing[(kind, subject_id, year)] = value
        for row, kind, ref, year, rating in planned:
            current = existing.get((kind, ref, year)) if isinstance(ref, int) else None
            if current is not None and isinstance(ref, int):
                self._matched(
                    row,
                    ref,
                    _("{rating} in {year}").format(rating=current.label, year=year),
                    _("rating of the same year"),
                    create_ok=False,
                )
                row.unchanged = current is rating
            row.job = RatingJob(kind, ref, year, rating)
        return rows, []

    # --- awards -------------------------------------------------------------------------------

    def _awards_plan(self) -> tuple[list[PlanRow], list[int]]:
        self._load_people(name_key="recipient")
        rows: list[PlanRow] = []
        seen: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            name = _text(values, "recipient") or "?"
            award = _text(values, "award_name") or "?"
            year = values.get("year")
            row = self.row(pr, f"{name} – {award} ({year or '?'})")
            rows.append(row)
            kind = self._subject_kind(pr)
            if pr.errors or kind is None or not isinstance(year, int):
                continue
            ref = self.subject(row, pr, kind, name_field="recipient")
            form_code: str | None = None
            forms = self.forms.lookup(award)
            if len(forms) == 1:
                form_code = forms[0].code
            elif not forms:
                self.warn(
                    row,
                    "award_name",
                    _("“{name}” is not in the catalogue of award forms; it is kept as written.").format(
                        name=award
                    ),
                )
            else:
                self.warn(
                    row,
                    "award_name",
                    _("“{name}” could be any of: {forms}; it is kept as written.").format(
                        name=award, forms="; ".join(f.name for f in forms)
                    ),
                )
            if ref is None:
                continue
            data = AwardInput(
                subject=SubjectRef(kind, 0),
                year=year,
                award_form_code=form_code,
                award_name=award,
                recipient_name=name,
                decision_number=_text(values, "decision_number") or "",
                decision_date=values.get("decision_date")
                if isinstance(values.get("decision_date"), dt.date)
                else None,  # type: ignore[arg-type]
                issuer=_text(values, "issuer") or "",
                award_type=values.get("award_type"),  # type: ignore[arg-type]
                golden_book_no=_text(values, "golden_book_no"),
                note=_text(values, "note"),
            )
            k = (kind, ref, year, data.decision_number, form_code or key(award))
            if k in seen:
                self.error(
                    row, "award_name", _("Row {row} of this file is the same award.").format(row=seen[k])
                )
                continue
            seen[k] = pr.row_number
            cash = values.get("cash_amount")
            if isinstance(ref, int):
                same = awards.find_same(self.session, replace(data, subject=SubjectRef(kind, ref)))
                if same is not None:
                    self._matched(
                        row,
                        same.id,
                        f"{same.award_name} {same.year} – {same.decision_number or '?'} (#{same.id})",
                        _("same award, year and decision"),
                    )
            given = {f.name for f in fields(AwardInput)} - {"subject", "campaign_id"}
            given = {g for g in given if getattr(data, g) not in (None, "")} | {
                "award_name",
                "recipient_name",
                "year",
            }
            row.job = AwardJob(kind, ref, data, given, cash if isinstance(cash, Decimal) else None)
        return rows, []

    # --- achievements -------------------------------------------------------------------------

    def _achievements_plan(self) -> tuple[list[PlanRow], list[int]]:
        self._load_people(name_key="recipient")
        rows: list[PlanRow] = []
        for pr in self.parsed.rows:
            values = pr.values
            name = _text(values, "recipient") or "?"
            title = _text(values, "title") or _text(values, "summary") or "?"
            row = self.row(pr, f"{name} – {title[:60]}")
            rows.append(row)
            kind = self._subject_kind(pr)
            if pr.errors or kind is None:
                continue
            cid, phase = self._campaign(row, values, required=False)
            ref = self.subject(row, pr, kind, name_field="recipient")
            if ref is None or row.errors:
                continue
            year = _int(values, "year")
            data = AchievementInput(
                subject=SubjectRef(kind, 0),
                campaign_id=cid,
                phase_id=phase,
                year=year,
                title=_text(values, "title") or "",
                summary=_text(values, "summary") or "",
                note=_text(values, "note"),
            )
            if isinstance(ref, int):
                match = self._same_achievement(kind, ref, data)
                if match is not None:
                    self._matched(
                        row,
                        match,
                        _("achievement #{id}").format(id=match),
                        _("same subject, campaign, year and title"),
                    )
            row.job = AchievementJob(kind, ref, data)
        return rows, []

    def _same_achievement(self, kind: SubjectKind, ref: int, data: AchievementInput) -> int | None:
        column = {
            SubjectKind.UNIT: Achievement.unit_id,
            SubjectKind.INDIVIDUAL: Achievement.individual_id,
            SubjectKind.HOUSEHOLD: Achievement.household_id,
        }[kind]
        stmt = select(Achievement.id, Achievement.title, Achievement.summary).where(
            column == ref,
            Achievement.deleted_at.is_(None),
            Achievement.campaign_id.is_(None)
            if data.campaign_id is None
            else Achievement.campaign_id == data.campaign_id,
            Achievement.year.is_(None) if data.year is None else Achievement.year == data.year,
        )
        wanted = (fold(data.title), fold(data.summary) if not data.title else None)
        for aid, title, summary in self.session.execute(stmt):
            if (fold(title), fold(summary) if not data.title else None) == wanted:
                return int(aid)
        return None

    # --- nominations --------------------------------------------------------------------------

    def _nominations_plan(self) -> tuple[list[PlanRow], list[int]]:
        self._load_people(name_key="recipient")
        rows: list[PlanRow] = []
        seen: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            name = _text(values, "recipient") or "?"
            award = _text(values, "award_name") or "?"
            row = self.row(pr, f"{name} – {award}")
            rows.append(row)
            kind = self._subject_kind(pr)
            if pr.errors or kind is None:
                continue
            forms = self.forms.lookup(award)
            form_id: int | None = None
            if len(forms) == 1:
                form_id = forms[0].id
            elif not forms:
                self.error(
                    row,
                    "award_name",
                    _("“{name}” is not in the catalogue of award forms.").format(name=award),
                )
            else:
                self.error(row, "award_name", ambiguous(_("award forms"), award, [f.name for f in forms]))
            cid, phase = self._campaign(row, values, required=True)
            proposer: int | None = None
            proposer_text = _text(values, "proposing_unit")
            if proposer_text:
                proposer = self.unit_ref(row, "proposing_unit", proposer_text)
            ref = self.subject(row, pr, kind, name_field="recipient")
            if ref is None or form_id is None or cid is None or row.errors:
                continue
            year = _int(values, "year")
            data = NominationInput(
                subject=SubjectRef(kind, 0),
                campaign_id=cid,
                award_form_id=form_id,
                proposing_unit_id=proposer,
                phase_id=phase,
                year=year,
                summary=_text(values, "summary") or "",
                note=_text(values, "note"),
            )
            k = (kind, ref, cid, form_id, year, phase)
            if k in seen:
                self.error(
                    row, "award_name", _("Row {row} of this file is the same nomination.").format(row=seen[k])
                )
                continue
            seen[k] = pr.row_number
            if isinstance(ref, int):
                self._same_nomination(row, kind, ref, data)
                self._eligibility(row, kind, ref, forms[0].code, year)
            row.job = NominationJob(kind, ref, data, self.options.nomination_status)
        return rows, []

    def _same_nomination(self, row: PlanRow, kind: SubjectKind, ref: int, data: NominationInput) -> None:
        column = {
            SubjectKind.UNIT: Nomination.unit_id,
            SubjectKind.INDIVIDUAL: Nomination.individual_id,
            SubjectKind.HOUSEHOLD: Nomination.household_id,
        }[kind]
        found = self.session.execute(
            select(Nomination.id, Nomination.status)
            .where(
                column == ref,
                Nomination.campaign_id == data.campaign_id,
                Nomination.award_form_id == data.award_form_id,
                Nomination.status.in_(_ACTIVE_NOMINATION),
                Nomination.deleted_at.is_(None),
                Nomination.year.is_(None) if data.year is None else Nomination.year == data.year,
                Nomination.phase_id.is_(None)
                if data.phase_id is None
                else Nomination.phase_id == data.phase_id,
            )
            .limit(1)
        ).first()
        if found is not None:
            nid, status = found
            self._matched(
                row,
                nid,
                _("nomination #{id} ({status})").format(id=nid, status=status.label),
                _("same subject, campaign and award"),
                create_ok=False,
            )
            if status not in EDITABLE:
                row.unchanged = True  # a filed nomination is not edited by an import

    def _eligibility(self, row: PlanRow, kind: SubjectKind, ref: int, code: str, year: int | None) -> None:
        """The rules engine's verdict as a warning; a verdict never blocks an import."""
        try:
            verdict = eligibility.evaluate(
                self.session, SubjectRef(kind, ref), code, dt.date.today(), year=year
            )
        except EmudeskError as exc:
            self.warn(row, "award_name", str(exc))
            return
        if verdict.outcome is Outcome.ELIGIBLE:
            return
        # Every reason not met or not yet known, sub-conditions included (they are informational).
        reasons = [r.text for r in verdict.reasons if r.passed is not True]
        self.warn(
            row,
            "award_name",
            _("Eligibility: {outcome}. {reasons}")
            .format(outcome=verdict.outcome.label, reasons=" ".join(reasons))
            .strip(),
        )


# --- jobs -------------------------------------------------------------------------------------------


_UNIT_FIELDS = {
    "name": "name",
    "short_name": "short_name",
    "code": "code",
    "admin_code": "admin_code",
    "address": "address",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "member_count": "member_count",
    "note": "note",
}


@dataclass
class UnitJob:
    row_number: int
    values: dict[str, object]
    kind_code: str | None
    parent: Ref | None
    parent_given: bool
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        own = Pending("unit", self.row_number)
        given = _given(self.values, _UNIT_FIELDS)
        if self.kind_code:
            given["kind_code"] = self.kind_code
        if self.parent_given:
            given["parent_id"] = ctx.resolve(self.parent)
        if action is Action.CREATE:
            data = _overlay(UnitInput(name="", kind_code=""), given)
            ctx.ids[own] = units.create_unit(ctx.session, data)
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            ctx.ids[own] = match_id
            base = units.unit_input(ctx.session, match_id)
            merged = _overlay(base, given)
            _update(ctx, base, merged, lambda data: units.update_unit(ctx.session, match_id, data))


@dataclass
class IndividualJob:
    data: IndividualInput
    given: dict[str, object]
    start_date: dt.date | None
    row: PlanRow = field(init=False, repr=False)

    def _given(self, ctx: RunContext) -> dict[str, object]:
        given = dict(self.given)
        if isinstance(given.get("unit_id"), Pending):
            given["unit_id"] = ctx.resolve(given["unit_id"])  # type: ignore[arg-type]
        return given

    def prepared(self, ctx: RunContext) -> IndividualInput:
        """The person this row creates (units created earlier in the import resolved)."""
        return _overlay(
            self.data, {"unit_id": self._given(ctx).get("unit_id"), "allow_duplicate": self.row.matched}
        )

    def run(self, ctx: RunContext, action: Action) -> None:
        given = self._given(ctx)
        if action is Action.CREATE:
            individuals.create_individual(ctx.session, self.prepared(ctx), start_date=self.start_date)
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            base = individuals.individual_input(ctx.session, match_id)
            if "birth_date" in given:
                given["birth_year"] = None
            merged = _overlay(base, given)
            _update(
                ctx,
                base,
                merged,
                lambda data: individuals.update_individual(ctx.session, match_id, data),
            )


@dataclass
class HouseholdJob:
    data: HouseholdInput
    given: dict[str, object]
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        if action is Action.CREATE:
            households.create_household(ctx.session, _overlay(self.data, self.given))
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            base = households.household_input(ctx.session, match_id)
            merged = _overlay(base, self.given)
            _update(
                ctx,
                base,
                merged,
                lambda data: households.update_household(ctx.session, match_id, data),
            )


@dataclass
class RatingJob:
    kind: SubjectKind
    ref: Ref
    year: int
    rating: Rating
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        if action is Action.UPDATE and self.row.unchanged:
            ctx.row_unchanged = True
            return
        subject = ctx.resolve(self.ref)
        if self.kind is SubjectKind.UNIT:
            individuals.set_rating(ctx.session, year=self.year, rating=self.rating, unit_id=subject)
        else:
            individuals.set_rating(ctx.session, year=self.year, rating=self.rating, individual_id=subject)
        if action is Action.CREATE:
            ctx.created += 1
        else:
            ctx.updated += 1


@dataclass
class AwardJob:
    kind: SubjectKind
    ref: Ref
    data: AwardInput
    given: set[str]
    cash: Decimal | None
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        subject = ctx.resolve(self.ref)
        assert subject is not None
        data = replace(self.data, subject=SubjectRef(self.kind, subject))
        if action is Action.CREATE:
            award_id = awards.create_award(ctx.session, data, source=RecordSource.IMPORTED)
            if self.cash is not None:
                # AwardInput carries no cash amount; the column exists on the record.
                record = ctx.session.get(AwardRecord, award_id)
                assert record is not None
                record.cash_amount = self.cash
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            record = ctx.session.get(AwardRecord, match_id)
            assert record is not None
            if record.source is RecordSource.APPROVAL:
                ctx.row_unchanged = True  # an award from an issued decision is corrected by the decision
                return
            base = awards.award_input(ctx.session, match_id)
            merged = _overlay(base, {g: getattr(data, g) for g in self.given})
            cash_same = self.cash is None or record.cash_amount == self.cash
            if merged == base and cash_same:
                ctx.row_unchanged = True
                return
            awards.update_award(ctx.session, match_id, merged)
            if self.cash is not None:
                record.cash_amount = self.cash
            ctx.updated += 1


@dataclass
class AchievementJob:
    kind: SubjectKind
    ref: Ref
    data: AchievementInput
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        subject = ctx.resolve(self.ref)
        assert subject is not None
        data = replace(self.data, subject=SubjectRef(self.kind, subject))
        if action is Action.CREATE:
            achievements.create_achievement(ctx.session, data)
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            base = achievements.achievement_input(ctx.session, match_id)
            merged = replace(
                base,
                summary=data.summary or base.summary,
                note=data.note or base.note,
                title=data.title or base.title,
            )
            _update(
                ctx,
                base,
                merged,
                lambda data: achievements.update_achievement(ctx.session, match_id, data),
            )


@dataclass
class NominationJob:
    kind: SubjectKind
    ref: Ref
    data: NominationInput
    status: NominationStatus
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        subject = ctx.resolve(self.ref)
        assert subject is not None
        data = replace(self.data, subject=SubjectRef(self.kind, subject))
        if action is Action.CREATE:
            # SUBMITTED runs the quota check inside this transaction, exactly as the GUI's "submit".
            nominations.create_nomination(ctx.session, data, status=self.status, source=RecordSource.IMPORTED)
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            if self.row.unchanged:
                ctx.row_unchanged = True
                return
            base = nominations.nomination_input(ctx.session, match_id)
            merged = replace(
                base,
                summary=data.summary or base.summary,
                note=data.note or base.note,
                proposing_unit_id=data.proposing_unit_id or base.proposing_unit_id,
            )
            _update(
                ctx,
                base,
                merged,
                lambda data: nominations.update_nomination(ctx.session, match_id, data),
            )


def bind_rows(rows: Iterable[PlanRow]) -> None:
    """Give every job its plan row (jobs read the row's match and choice when they run)."""
    for row in rows:
        job = row.job
        if job is None:
            continue
        job.row = row
