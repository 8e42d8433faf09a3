"""The page ids and what the wizard's pages share, such as a Next that first runs work on the worker.

The pages see the wizard as a ``WizardBase``: ``wizard.ImportWizard`` builds the pages, so they
cannot import it back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from emudesk.i18n import N_, _
from emudesk.importer import KINDS, CampaignParse, ParsedSheet
from emudesk.services.core.store import Store
from emudesk.services.imports import importing as imports
from emudesk.services.imports.corrections import CellEdit, HandChoice, carry_choices, revise, row_key
from emudesk.services.imports.importing import ImportPlan, ImportResult
from emudesk.ui.tasks import Task

PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_MATCHES, PAGE_IMPORT, PAGE_SUMMARY, PAGE_CONFIRM = range(7)

REPORT_FILTER = N_("Excel workbook (*.xlsx)")


@dataclass
class Planned:
    """A reading of the file with the corrections applied, and its plan (see ``WizardBase.planning``)."""

    read: ParsedSheet | CampaignParse
    parsed: ParsedSheet | CampaignParse
    plan: ImportPlan
    hand: dict[str, HandChoice]
    edits: list[CellEdit]  # the corrections applied, each where its field's column is now
    dropped: list[CellEdit]
    lost: list[str]  # headers of the fields whose chosen column is gone
    left_out: set[int]


class WizardBase(QWizard):
    """What the pages use of the import wizard; ``wizard.ImportWizard`` implements it.

    Attributes:
        store: the database the import writes to.
        read: the sheet as read from the file, with the columns the reading found.
        parsed: ``read`` with the user's corrections: columns chosen by hand (``hand``), cells
            corrected in the wizard (``edits``). The file itself is never changed.
        left_out: rows the user left out of the import, by row number, with what they said
            (``row_key``: a new reading of a changed file keeps leaving a row out only while it
            says the same, wherever its columns moved).
        plan: every row planned against the database, once the mapping page has planned it.
        outcome: what the import wrote, once it has run.
        notices: what the last planning has to tell (corrections that no longer apply).
    """

    store: Store
    read: ParsedSheet | CampaignParse | None
    parsed: ParsedSheet | CampaignParse | None
    plan: ImportPlan | None
    outcome: ImportResult | None
    hand: dict[str, HandChoice]
    edits: list[CellEdit]
    left_out: dict[int, tuple[tuple[str, str], ...]]
    notices: list[str]

    def set_parsed(self, parsed: ParsedSheet | CampaignParse, plan: ImportPlan | None) -> None:
        """A new reading of the file, and its plan: what was imported before no longer applies."""
        self.parsed = parsed
        self.plan = plan
        self.outcome = None

    def start(self, read: ParsedSheet | CampaignParse, plan: ImportPlan | None) -> None:
        """A file just chosen and read: no correction of another reading applies."""
        self.read = read
        self.hand, self.edits, self.left_out, self.notices = {}, [], {}, []
        self.set_parsed(read, plan)

    def planning(self, *, read_again: bool) -> Callable[[Any, threading.Event], Planned]:
        """Work for the worker: the corrections applied to the reading (or to a new reading of the
        file, its columns found again and the user's choices carried by their headers), planned."""
        read = self.read
        path, kind = self.chosen_file()
        sheet = read.sheet if isinstance(read, ParsedSheet) else None
        hand, edits, left_out = dict(self.hand), list(self.edits), dict(self.left_out)
        store, options = self.store, self.plan_options()

        def work(progress: Any, cancel: threading.Event) -> Planned:
            source = imports.read_file(path, kind, sheet=sheet) if read_again or read is None else read
            if not isinstance(source, ParsedSheet):
                plan = imports.prepare_import(store, source, progress=progress, cancel=cancel, **options)
                return Planned(source, source, plan, hand, [], [], [], set())
            override, lost = carry_choices(source.mapping, hand)
            parsed, applied, dropped = revise(source, edits=edits, mapping=override)
            kept_hand = {k: v for k, v in hand.items() if k not in lost}
            if read_again:
                now = {pr.row_number: row_key(pr) for pr in parsed.rows}
                still = {r for r, said in left_out.items() if now.get(r) == said}
            else:
                still = set(left_out)
            plan = imports.prepare_import(
                store, parsed, progress=progress, cancel=cancel, leave_out=still, **options
            )
            headers = [KINDS[source.kind].field(k).header for k in lost]
            return Planned(source, parsed, plan, kept_hand, applied, dropped, headers, still)

        return work

    def take(self, planned: Planned) -> None:
        """What ``planning`` produced becomes the wizard's state."""
        self.read = planned.read
        self.hand = planned.hand
        self.edits = planned.edits
        self.left_out = {r: v for r, v in self.left_out.items() if r in planned.left_out}
        self.notices = []
        if planned.dropped:
            self.notices.append(
                _(
                    "{n} cell(s) corrected here no longer hold what they held in the file; "
                    "those corrections were dropped."
                ).format(n=len(planned.dropped))
            )
        if planned.lost:
            self.notices.append(
                _(
                    "The column chosen for {fields} is no longer in the file; "
                    "the column found by its header is used."
                ).format(fields=", ".join(f"“{h}”" for h in planned.lost))
            )
        self.set_parsed(planned.parsed, planned.plan)

    def chosen_file(self) -> tuple[str, str]:
        """The file and the kind of import the file page has chosen."""
        raise NotImplementedError

    def plan_options(self) -> dict[str, object]:
        """What planning needs besides the file (the campaign a nominations list is for)."""
        raise NotImplementedError

    def run_task(
        self,
        work: Callable[[Any, threading.Event], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None,
        on_cancelled: Callable[[], None] | None,
        label: str,
        *,
        cancellable: bool = True,
        show_progress: bool = True,
    ) -> Task[Any]:
        """Run ``work`` on the database worker; the callbacks come back on the GUI thread."""
        raise NotImplementedError

    def show_failure(self, exc: BaseException) -> None:
        raise NotImplementedError

    def save_report(self, parent: QWidget) -> None:
        """Ask where to save the error report of the plan, and save it."""
        raise NotImplementedError

    def notify_changes(self) -> None:
        """Tell the window what the import changed."""
        raise NotImplementedError


class AsyncPage(QWizardPage):
    """A page whose Next runs work on the worker first and moves on when it succeeds."""

    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self._ready = False
        self._busy = False

    def run_then_next(
        self, work: Callable[[Any, threading.Event], Any], done: Callable[[Any], None], label: str
    ) -> bool:
        if self._ready:
            self._ready = False
            return True
        if self._busy:
            return False
        self._busy = True

        def success(result: Any) -> None:
            self._busy = False
            done(result)
            self._ready = True
            self.wiz.next()

        def failure(exc: BaseException) -> None:
            self._busy = False
            self.wiz.show_failure(exc)

        def cancelled() -> None:
            self._busy = False

        self.wiz.run_task(work, success, failure, cancelled, label)
        return False
