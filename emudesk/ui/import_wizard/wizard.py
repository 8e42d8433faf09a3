"""File ▸ Import: a wizard from a spreadsheet to records, checking everything before writing.

Pages: choose the file and what it holds → map its columns (pre-filled from the
headers found; required ones marked, and the wizard stops while one is unmapped) →
preview every row with its errors in their cells, where a cell may be corrected and a
row left out (in the wizard, never in the file) → choose what to do with rows matching
recorded ones → what exactly will be written, and the "Nhập" button: nothing is written
before it → import with progress and cancel → summary. Reading, planning and writing run
on the window's database worker (``ui/tasks.py``); the pages only show results. The import is all or
nothing: a refusal, a cancel or a failure leaves the database as it was.

The main window lists one File ▸ Import entry per kind (``extensions``); anything
else can call ``open_import_wizard(parent, store)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget, QWizard

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import N_, _
from emudesk.importer import CAMPAIGN, CampaignParse, ParsedSheet
from emudesk.services.core.changes import Changes
from emudesk.services.core.store import Store
from emudesk.services.imports import importing as imports
from emudesk.services.imports.corrections import CellEdit, HandChoice
from emudesk.services.imports.importing import ImportPlan, ImportResult
from emudesk.services.register.choices import campaigns as campaign_choices
from emudesk.ui import dialogs
from emudesk.ui.import_wizard.base import (
    PAGE_CONFIRM,
    PAGE_FILE,
    PAGE_IMPORT,
    PAGE_MAPPING,
    PAGE_MATCHES,
    PAGE_PREVIEW,
    PAGE_SUMMARY,
    REPORT_FILTER,
    WizardBase,
)
from emudesk.ui.import_wizard.confirm_page import ConfirmPage
from emudesk.ui.import_wizard.file_page import FilePage
from emudesk.ui.import_wizard.import_page import ImportPage, SummaryPage
from emudesk.ui.import_wizard.mapping_page import MappingPage
from emudesk.ui.import_wizard.matches_page import MatchesPage
from emudesk.ui.import_wizard.preview_page import PreviewPage
from emudesk.ui.menu_entry import MenuEntry
from emudesk.ui.tasks import Task, TaskManager

# What each kind may write, so the window's views reload.
CHANGES: dict[str, Changes] = {
    "units": Changes(units=True),
    "individuals": Changes(individuals=True, units=True),
    "households": Changes(households=True, individuals=True),
    "ratings": Changes(individuals=True, units=True),
    "awards": Changes(awards=True, individuals=True, households=True, units=True),
    "achievements": Changes(achievements=True, individuals=True, households=True),
    "nominations": Changes(nominations=True, individuals=True, households=True),
    CAMPAIGN: Changes(campaigns=True),
}


class ImportWizard(WizardBase):
    """The import, page by page. ``parsed``, ``plan`` and ``outcome`` are what the pages produced."""

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        tasks: TaskManager | None = None,
        kind: str | None = None,
        on_changes: Callable[[Changes], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import from a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(1000, 640)
        self.store = store
        self._own_tasks = tasks is None
        self.tasks = tasks or TaskManager(self)
        self.on_changes = on_changes
        self.read: ParsedSheet | CampaignParse | None = None
        self.parsed: ParsedSheet | CampaignParse | None = None
        self.plan: ImportPlan | None = None
        self.outcome: ImportResult | None = None
        self.hand: dict[str, HandChoice] = {}
        self.edits: list[CellEdit] = []
        self.left_out: dict[int, tuple[tuple[str, str], ...]] = {}
        self.notices: list[str] = []
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.matches_page = MatchesPage(self)
        self.confirm_page = ConfirmPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in (
            (PAGE_FILE, self.file_page),
            (PAGE_MAPPING, self.mapping_page),
            (PAGE_PREVIEW, self.preview_page),
            (PAGE_MATCHES, self.matches_page),
            (PAGE_CONFIRM, self.confirm_page),
            (PAGE_IMPORT, self.import_page),
            (PAGE_SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_FILE)
        for button, text in (
            (QWizard.WizardButton.BackButton, _("< Back")),
            (QWizard.WizardButton.NextButton, _("Next >")),
            (QWizard.WizardButton.CommitButton, _("Import now")),
            (QWizard.WizardButton.FinishButton, _("Finish")),
            (QWizard.WizardButton.CancelButton, _("Cancel")),
        ):
            self.setButtonText(button, text)
        if kind:
            self.file_page.set_kind(kind)
        self.currentIdChanged.connect(self._page_changed)
        self._load_campaigns()

    def _load_campaigns(self) -> None:
        store = self.store

        def work(_p: Any, _c: threading.Event) -> list[tuple[int, str]]:
            with store.read() as session:
                return [(c.id, c.label) for c in campaign_choices(session)]

        self.run_task(work, self.file_page.fill_campaigns, lambda _e: None, None, "", show_progress=False)

    def _page_changed(self, page_id: int) -> None:
        # While the import runs, there is no going back.
        self.button(QWizard.WizardButton.BackButton).setEnabled(page_id not in (PAGE_IMPORT, PAGE_SUMMARY))
        if page_id == PAGE_MAPPING and self.mapping_page.shown_for is not self.parsed:
            # Back from the preview after "Đọc lại tệp": show the columns of the new reading.
            self.mapping_page.initializePage()

    def plan_options(self) -> dict[str, object]:
        campaign = self.file_page.campaign_combo.currentData()
        return (
            {"campaign_id": campaign}
            if campaign is not None and self.file_page.campaign_combo.isEnabled()
            else {}
        )

    def chosen_file(self) -> tuple[str, str]:
        return self.file_page.path_edit.text().strip(), self.file_page.kind

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
        return self.tasks.run(
            work,
            on_success=on_success,
            on_failure=on_failure or self.show_failure,
            on_cancelled=on_cancelled,
            parent=self,
            title=_("Import"),
            label=label,
            cancellable=cancellable,
            show_progress=show_progress,
        )

    def show_failure(self, exc: BaseException) -> None:
        from emudesk.ui.errors import show_error

        show_error(self, exc)

    def save_report(self, parent: QWidget) -> None:
        plan = self.plan
        if plan is None:
            return
        suggested = Path.home() / f"loi-{Path(plan.file).stem}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            parent, _("Save the error report"), str(suggested), _(REPORT_FILTER)
        )
        if not path:
            return
        chosen = path
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        if not dialogs.may_replace(parent, chosen, Path(path)):
            return
        try:
            imports.write_report(plan, path, source=self.chosen_file()[0])
        except (OSError, EmudeskError) as exc:
            dialogs.warn(parent, _("Cannot write {path}: {reason}").format(path=path, reason=exc))
            return
        dialogs.info(parent, _("The error report was saved to {path}.").format(path=path))

    def notify_changes(self) -> None:
        if self.on_changes is not None and self.plan is not None:
            self.on_changes(CHANGES.get(self.plan.kind, Changes(database=True)))

    def reject(self) -> None:
        task = self.import_page.task
        if task is not None:
            task.cancel.set()  # the commit rolls back; the wizard closes when the user asks again
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._own_tasks:
            self.tasks.shutdown()
        super().done(result)


def _window_context(
    parent: QWidget | None,
) -> tuple[TaskManager | None, Callable[[Changes], None] | None, Callable[[str], None] | None]:
    """The main window's worker, change bus and status bar, found up the parent chain."""
    widget = parent
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if ctx is not None and isinstance(getattr(ctx, "tasks", None), TaskManager):
            bus = getattr(ctx, "bus", None)
            return ctx.tasks, (bus.announce if bus is not None else None), getattr(ctx, "status", None)
        widget = widget.parentWidget()
    return None, None, None


def open_import_wizard(parent: QWidget | None, store: Store, *, kind: str | None = None) -> None:
    """Open the import wizard (window-modal, not blocking) on ``store``."""
    tasks, emit, status = _window_context(parent)

    def changed(changes: Changes) -> None:
        if emit is not None:
            emit(changes)
        if status is not None:
            status(_("Import finished."))

    wizard = ImportWizard(store, parent, tasks=tasks, kind=kind, on_changes=changed)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    QApplication.processEvents()


# --- File ▸ Import ------------------------------------------------------------------------------

_MENU_TITLES: dict[str, str] = {
    "units": N_("Units from Excel…"),
    "individuals": N_("Staff list (individuals) from Excel…"),
    "households": N_("Households from Excel…"),
    "ratings": N_("Annual ratings from Excel…"),
    "awards": N_("Award history from Excel…"),
    "achievements": N_("Achievements from Excel…"),
    "nominations": N_("Nominations from Excel…"),
    CAMPAIGN: N_("Campaign workbook…"),
}


def _opener(kind: str) -> Callable[[Any], None]:
    def run(window: Any) -> None:
        open_import_wizard(window, window.store, kind=kind)

    return run


def menu_entries() -> list[MenuEntry]:
    return [
        MenuEntry("import", _(title), _opener(kind), order=10 + order)
        for order, (kind, title) in enumerate(_MENU_TITLES.items())
    ]
