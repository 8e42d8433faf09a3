"""The page ids and what the wizard's pages share, such as a Next that first runs work on the worker.

The pages see the wizard as a ``WizardBase``: ``wizard.ImportWizard`` builds the pages, so they
cannot import it back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from emudesk.i18n import N_
from emudesk.importer import CampaignParse, ParsedSheet
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import ImportPlan, ImportResult
from emudesk.ui.tasks import Task

PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_MATCHES, PAGE_IMPORT, PAGE_SUMMARY = range(6)

REPORT_FILTER = N_("Excel workbook (*.xlsx)")


class WizardBase(QWizard):
    """What the pages use of the import wizard; ``wizard.ImportWizard`` implements it.

    Attributes:
        store: the database the import writes to.
        parsed: the sheet as read, once the file page has read it.
        plan: every row planned against the database, once the mapping page has planned it.
        outcome: what the import wrote, once it has run.
    """

    store: Store
    parsed: ParsedSheet | CampaignParse | None
    plan: ImportPlan | None
    outcome: ImportResult | None

    def set_parsed(self, parsed: ParsedSheet | CampaignParse, plan: ImportPlan | None) -> None:
        """A new reading of the file, and its plan: what was imported before no longer applies."""
        self.parsed = parsed
        self.plan = plan
        self.outcome = None

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
