"""The page ids and what the wizard's pages share, such as a Next that first runs work on the worker."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWizardPage

from emudesk.i18n import N_

if TYPE_CHECKING:  # a type only: the wizard module imports the pages
    from emudesk.ui.import_wizard.wizard import ImportWizard

PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_MATCHES, PAGE_IMPORT, PAGE_SUMMARY = range(6)

REPORT_FILTER = N_("Excel workbook (*.xlsx)")


class AsyncPage(QWizardPage):
    """A page whose Next runs work on the worker first and moves on when it succeeds."""

    def __init__(self, wizard: ImportWizard) -> None:
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
