"""Planning a sheet: resolve each row's references, find its match, attach its job.

The rules themselves stay in the services: a job calls ``create_unit``,
``create_individual``, ``create_award``, ``create_nomination``… exactly as the
GUI does, and the rehearsal runs the jobs to collect what they refuse. Only
the matching rules (same ID number; same name, birth date and unit; same
award) are applied here in bulk, mirroring ``individuals.find_duplicate`` and
``awards.find_same``, which still run inside the services as a safety net.

This module holds what every kind of import shares: the ``Planner`` base (the sheet's rows,
errors and warnings, the reference indexes, units and campaigns named in a row) and the helpers
the jobs write with. Each kind has its planner and job in a module of its own (``units``,
``individuals``, ``households``, ``ratings``, ``awards``, ``achievements``, ``nominations``);
``subjects`` finds the person, household or unit a row is about.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from emudesk.domain.enums import NominationStatus
from emudesk.i18n import _
from emudesk.importer import ParsedRow, ParsedSheet
from emudesk.services.imports.model import ImportPlan, OnMatch, PlanRow, RunContext
from emudesk.services.imports.refs import (
    CampaignIndex,
    FormIndex,
    KindIndex,
    Pending,
    UnitIndex,
    ambiguous,
)

# A record a row names: its id, or the Pending one the import creates.
Ref = int | Pending


@dataclass
class Options:
    """What the user chose for the whole import."""

    on_match: OnMatch = OnMatch.SKIP
    campaign_id: int | None = None
    nomination_status: NominationStatus = NominationStatus.SUBMITTED


# --- a row's values, and what a job writes of them -----------------------------------------------


def text_of(values: dict[str, object], name: str) -> str | None:
    """The row's non-empty text for ``name``, if any."""
    value = values.get(name)
    return value if isinstance(value, str) and value else None


def date_of(values: dict[str, object], name: str) -> dt.date | None:
    """The row's date for ``name``, if any."""
    value = values.get(name)
    return value if isinstance(value, dt.date) else None


def int_of(values: dict[str, object], name: str) -> int | None:
    """The row's whole number for ``name``, if any."""
    value = values.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def given_fields(source: dict[str, object], mapping: dict[str, str]) -> dict[str, object]:
    """The service input's fields the row gives: ``mapping`` is row key -> input field."""
    return {attr: source[k] for k, attr in mapping.items() if k in source}


def overlay(base: Any, given: dict[str, object]) -> Any:
    """A service input with the fields ``given`` replaced (``base`` itself when none)."""
    return replace(base, **given) if given else base


def write_update(ctx: RunContext, base: Any, merged: Any, write: Callable[[Any], None]) -> None:
    """Write an update a row asks for, or count the row unchanged when it asks for nothing new."""
    if merged == base:
        ctx.row_unchanged = True
        return
    write(merged)
    ctx.updated += 1


# --- the planner ----------------------------------------------------------------------------------


class Planner(ABC):
    """Builds the plan of one sheet; indexes are loaded once, lazily.

    A planner per kind of import (``units.UnitsPlanner``…) plans the rows in ``plan_rows``.
    """

    # Lists about today, where a unit dissolved since cannot be the one meant.
    about_today: ClassVar[bool] = False

    def __init__(self, session: Session, parsed: ParsedSheet, options: Options) -> None:
        self.session = session
        self.parsed = parsed
        self.options = options
        self.file = parsed.file
        self._units: UnitIndex | None = None
        self._kinds: KindIndex | None = None
        self._forms: FormIndex | None = None
        self._campaigns: CampaignIndex | None = None
        self._context: set[int] | None = None
        self._unit_lookups: dict[str, list[int]] = {}
        self._settled: dict[str, int] = {}
        self.notes: list[str] = list(parsed.notes)

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
            pr.sheet,
            pr.row_number,
            label,
            source=pr,
            choice=self.options.on_match,
            file=self.file,
            warnings=list(pr.warnings),
        )

    def error(self, row: PlanRow, field_key: str | None, reason: str) -> None:
        row.error(field_key, reason, self.letter(field_key) if field_key else None)

    def warn(self, row: PlanRow, field_key: str | None, reason: str) -> None:
        row.warn(field_key, reason, self.letter(field_key) if field_key else None)

    @abstractmethod
    def plan_rows(self) -> tuple[list[PlanRow], list[int]]:
        """Every row of the sheet, planned, and the order to write them in (empty: the file's)."""

    def pending(self) -> dict[Pending, object]:
        """Records the import adds because rows name them (people, households), by their Pending."""
        return {}

    def plan(self) -> ImportPlan:
        """The sheet's plan: its rows, their order and the records the import adds."""
        rows, order = self.plan_rows()
        plan = ImportPlan(
            self.parsed.kind,
            self.file,
            [self.parsed],
            rows,
            self.options.on_match,
            notes=self.notes,
            order=order or list(range(len(rows))),
            pending=self.pending(),
        )
        return plan

    def set_match(self, row: PlanRow, match_id: int, label: str, by: str, *, create_ok: bool = True) -> None:
        """Record the register's record ``row`` matches, and by which rule."""
        row.match_id, row.match_label, row.match_by, row.create_on_match = match_id, label, by, create_ok

    # --- references --------------------------------------------------------------------------

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
        if len(near) != 1 and self.about_today:
            # A staff list or a nomination is about today: a unit dissolved since cannot be meant.
            near = [u for u in found if not self.units.by_id[u].dissolved]
        return found, near[0] if len(near) == 1 else None

    def context_units(self) -> set[int]:
        """The units the file names unambiguously (title rows and unit columns), and their parents."""
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
            for text in {t for pr in self.parsed.rows if (t := text_of(pr.values, field_key))}:
                found = self.units.lookup(text)
                if len(found) == 1:
                    context.add(found[0])
                    parent = self.units.by_id[found[0]].parent_id
                    if parent is not None:
                        context.add(parent)
        self._context = context
        return context

    def campaign_and_phase(
        self, row: PlanRow, values: dict[str, object], *, required: bool
    ) -> tuple[int | None, int | None]:
        """The campaign and phase the row names (or the import's campaign), or errors on the row."""
        text = text_of(values, "campaign")
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
        phase_text = text_of(values, "phase")
        phase: int | None = None
        if phase_text and cid is not None:
            phase = self.campaigns.phase(cid, phase_text)
            if phase is None:
                self.error(row, "phase", _("The campaign has no phase “{name}”.").format(name=phase_text))
        return cid, phase


def bind_rows(rows: Iterable[PlanRow]) -> None:
    """Give every job its plan row (jobs read the row's match and choice when they run)."""
    for row in rows:
        job = row.job
        if job is None:
            continue
        job.row = row
