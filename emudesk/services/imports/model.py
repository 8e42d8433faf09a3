"""What planning an import produces: one row per record with its action, and what running it does.

A plan is built from parsed rows (``emudesk.importer``) against the database
(``planner`` and the module of each kind); every row becomes create, update, skip or error. A job
attached to each row writes it through the services; the same jobs run in the
rehearsal (rolled back, to find what the services refuse) and in the commit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from sqlalchemy.orm import Session

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _
from emudesk.importer import CampaignParse, CellError, ParsedRow, ParsedSheet
from emudesk.services.imports.refs import Pending

Progress = Callable[[int, int, str], None]


class OnMatch(StrEnum):
    """What to do with a row that matches a record already in the database."""

    UPDATE = "update"
    SKIP = "skip"
    CREATE = "create"


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"


class ImportCancelledError(EmudeskError):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__(_("The import was cancelled; nothing was written."))


class Job(Protocol):
    """Writes one planned row through the services; raises EmudeskError when they refuse it."""

    row: PlanRow  # given by bind_rows: a job reads its row's match and choice when it runs

    def run(self, ctx: RunContext, action: Action) -> None: ...


@dataclass
class PlanRow:
    """One record of the file and what the import will do with it.

    Attributes:
        source: the parsed row (its reading errors are in ``source.errors``).
        errors: problems found against the database (unknown unit, ambiguous name…).
        commit_errors: what the services refused in the last rehearsal or commit.
        warnings: worth knowing, never blocking (a guessed kind, an award form not in the catalogue).
        match_id/match_label/match_by: the record the row matches, if any.
        create_on_match: False when a match cannot be created again (same ID number, one rating a year).
        choice: what to do with a match.
        unchanged: an update that would change nothing (known after a rehearsal).
        left_out: the user left the row out of the import (in the wizard; the file is unchanged):
            it is skipped, whatever is wrong with it.
    """

    sheet: str
    row_number: int
    label: str
    source: ParsedRow | None = None
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)
    commit_errors: list[CellError] = field(default_factory=list)
    match_id: int | None = None
    match_label: str = ""
    match_by: str = ""
    create_on_match: bool = True
    choice: OnMatch = OnMatch.SKIP
    unchanged: bool = False
    job: Job | None = None
    file: str = ""
    left_out: bool = False

    @property
    def matched(self) -> bool:
        return self.match_id is not None

    def choice_error(self) -> CellError | None:
        if self.matched and self.choice is OnMatch.CREATE and not self.create_on_match:
            return CellError(
                self.file,
                self.sheet,
                self.row_number,
                None,
                None,
                _(
                    "This row matches {record} ({by}), which cannot be recorded twice; choose update or skip."
                ).format(record=self.match_label, by=self.match_by),
            )
        return None

    def all_errors(self) -> list[CellError]:
        if self.left_out:
            return []
        out = list(self.source.errors) if self.source is not None else []
        out += self.errors
        out += self.commit_errors
        wrong = self.choice_error()
        if wrong is not None:
            out.append(wrong)
        return out

    @property
    def action(self) -> Action:
        if self.left_out:
            return Action.SKIP
        if (self.source is not None and self.source.errors) or self.errors or self.commit_errors:
            return Action.ERROR
        if self.choice_error() is not None:
            return Action.ERROR
        if not self.matched:
            return Action.CREATE
        if self.choice is OnMatch.SKIP or (self.choice is OnMatch.UPDATE and self.unchanged):
            return Action.SKIP
        return Action.UPDATE if self.choice is OnMatch.UPDATE else Action.CREATE

    def error(self, field_key: str | None, reason: str, letter: str | None = None) -> None:
        self.errors.append(CellError(self.file, self.sheet, self.row_number, letter, field_key, reason))

    def warn(self, field_key: str | None, reason: str, letter: str | None = None) -> None:
        self.warnings.append(CellError(self.file, self.sheet, self.row_number, letter, field_key, reason))


@dataclass
class ImportPlan:
    """Every row of a file with its action; ``order`` is the order rows are written in (a unit's
    parent before the unit, whatever the file's order)."""

    kind: str
    file: str
    sheets: list[ParsedSheet]
    rows: list[PlanRow]
    on_match: OnMatch
    errors: list[CellError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    campaign: CampaignParse | None = None
    rehearsed: bool = False
    pending: dict[Pending, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.order:
            self.order = list(range(len(self.rows)))

    def set_on_match(self, on_match: OnMatch) -> None:
        """Apply one choice to every matched row (the GUI may then change single rows)."""
        self.on_match = on_match
        for row in self.rows:
            row.choice = on_match

    def counts(self) -> dict[Action, int]:
        out = dict.fromkeys(Action, 0)
        for row in self.rows:
            out[row.action] += 1
        return out

    @property
    def matched_rows(self) -> list[PlanRow]:
        return [r for r in self.rows if r.matched]

    def all_errors(self) -> list[CellError]:
        """Every problem: reading (every sheet), the file as a whole, and each row's."""
        out: list[CellError] = []
        for sheet in self.sheets:
            out += sheet.all_errors()
        out += self.errors
        for row in self.rows:
            out += row.all_errors()
        return list(dict.fromkeys(out))

    def all_warnings(self) -> list[CellError]:
        """Every note on a row: the reading's (a cell converted from TCVN3) and the plan's."""
        out: list[CellError] = []
        for sheet in self.sheets:
            out += sheet.all_warnings()
        out += [w for row in self.rows for w in row.warnings]
        return list(dict.fromkeys(out))

    @property
    def ok(self) -> bool:
        """True when nothing is in error: the commit may go ahead."""
        return not self.all_errors()

    def error_rows(self) -> int:
        """How many rows (of any sheet) have a problem; problems with a sheet as a whole count as one."""
        return len({(e.sheet, e.row) for e in self.all_errors()})

    def summary(self) -> str:
        """ "120 rows: 100 to create, 5 to update, 15 to skip, 0 in error." """
        c = self.counts()
        total = _("Rows: {n}").format(n=len(self.rows))
        return _("{total}: {create} to create, {update} to update, {skip} to skip, {error} in error.").format(
            total=total,
            create=c[Action.CREATE],
            update=c[Action.UPDATE],
            skip=c[Action.SKIP],
            error=self.error_rows(),
        )

    def report_sheets(self) -> list[ParsedSheet]:
        """The parsed sheets with every problem of the plan on its row, for the error report."""
        by_place: dict[tuple[str, int | None], list[CellError]] = {}
        for e in self.all_errors():
            by_place.setdefault((e.sheet, e.row), []).append(e)
        out = []
        for sheet in self.sheets:
            known = {r.row_number for r in sheet.rows}
            rows = [
                ParsedRow(
                    r.sheet, r.row_number, r.values, r.raw, by_place.get((sheet.sheet, r.row_number), [])
                )
                for r in sheet.rows
            ]
            whole = [
                e
                for (name, number), errs in by_place.items()
                if name == sheet.sheet and (number is None or number not in known)
                for e in errs
            ]
            out.append(
                ParsedSheet(
                    sheet.file,
                    sheet.sheet,
                    sheet.kind,
                    sheet.mapping,
                    rows=rows,
                    errors=whole,
                    source=sheet.source,
                )
            )
        return out


@dataclass
class ImportResult:
    """What a commit did. ``committed`` is False when anything was refused: nothing was written."""

    plan: ImportPlan
    committed: bool
    created: int = 0
    updated: int = 0
    skipped: int = 0
    unchanged: int = 0
    dry_run: bool = False
    subjects_added: int = 0

    @property
    def errors(self) -> list[CellError]:
        return self.plan.all_errors()

    def summary(self) -> str:
        if not self.committed and not self.dry_run:
            n = self.plan.error_rows()
            return _("Nothing was imported: {n} problem(s) must be corrected first.").format(n=n)
        text = _("{created} created, {updated} updated, {skipped} skipped ({unchanged} unchanged).").format(
            created=self.created,
            updated=self.updated,
            skipped=self.skipped + self.unchanged,
            unchanged=self.unchanged,
        )
        if self.subjects_added:
            text += " " + _("{n} people or households named in the file were added to the register.").format(
                n=self.subjects_added
            )
        if self.dry_run:
            return _("Trial run, nothing written: {counts}").format(counts=text)
        return _("Imported: {counts}").format(counts=text)


@dataclass
class RunContext:
    """What the jobs of one run share: the session, and the ids of records created so far."""

    session: Session
    ids: dict[Pending, int] = field(default_factory=dict)
    created: int = 0
    subjects_added: int = 0
    updated: int = 0
    skipped: int = 0
    unchanged: int = 0
    row_unchanged: bool = False
    cancel: threading.Event | None = None
    make_person: Callable[[RunContext, Pending], int] | None = None
    keep: list[object] = field(default_factory=list)  # records held so the session keeps them loaded

    def resolve(self, ref: int | Pending | None) -> int | None:
        """A record id, creating a person the import adds on first use."""
        if ref is None or isinstance(ref, int):
            return ref
        if ref in self.ids:
            return self.ids[ref]
        if ref.kind == "unit":
            # The row that creates it failed or comes later: the services will say what is wrong.
            raise EmudeskError(
                _("The unit on row {row} of this file could not be created.").format(row=ref.key)
            )
        assert self.make_person is not None
        created = self.make_person(self, ref)
        self.ids[ref] = created
        return created
