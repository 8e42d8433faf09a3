"""The window's automatic backups: once a day while it is open and when it closes, off the UI thread.

A failed one (the folder gone, a USB stick unplugged, the disk full) never stops the window from
closing and never touches its data: the clerk is told once per window, and the status bar keeps
showing when the last good backup was made.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from emudesk.domain import backups as rules
from emudesk.i18n import _
from emudesk.services.backups import schedule
from emudesk.ui import dialogs
from emudesk.ui.tasks import Task

if TYPE_CHECKING:
    from emudesk.ui.main_window import MainWindow

log = logging.getLogger("emudesk.ui")

CHECK_INTERVAL_MS = 60 * 60 * 1000  # whether a daily backup is due is asked every hour
FIRST_CHECK_MS = 5 * 60 * 1000  # the first time a few minutes after opening, when start-up is done


def when_text(stamp: datetime) -> str:
    return stamp.astimezone().strftime("%d/%m/%Y %H:%M")


class AutoBackup(QObject):
    """Owns the timer and the status-bar label of the window's automatic backups.

    Attributes:
        label: "Last backup: …" in the status bar.
        failure_told: a failure was already shown in a message box (only the first one is).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.failure_told = False
        self.label = QLabel(window)
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.run_if_due)
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.run_if_due)
        self.update_label()

    def update_label(self) -> None:
        """Say when the last good backup was made (status bar, and the overview's warning)."""
        overview = self.window.built_view("overview")
        check = getattr(overview, "check_backups", None)
        if callable(check):
            check()
        path = self.window.store.path
        if path is None:
            self.label.hide()
            return
        last = schedule.last_good_backup(path)
        self.label.setText(
            _("Last backup: {when}").format(when=when_text(last)) if last else _("Last backup: none yet")
        )
        self.label.show()

    def enabled(self) -> bool:
        return self.window.store.path is not None and schedule.automatic_folder() is not None

    def run_if_due(self) -> None:
        """The daily backup while the window stays open; nothing if one ran in the last day."""
        path = self.window.store.path
        if not self.enabled() or path is None or self.window.tasks.busy:
            return
        if rules.automatic_due(schedule.last_good_backup(path), datetime.now(UTC)):
            self.run(closing=False)

    def run(self, *, closing: bool) -> Task[schedule.AutomaticResult] | None:
        """Start an automatic backup on the database worker (None: automatic backups are off)."""
        if not self.enabled():
            return None
        store = self.window.store
        return self.window.tasks.run(
            lambda _progress, _cancel: schedule.automatic_backup(store),
            on_success=self._done,
            on_failure=self._failed,
            parent=self.window,
            label=_("Making the automatic backup…"),
            show_progress=closing,
        )

    def _done(self, result: schedule.AutomaticResult) -> None:
        self.update_label()
        self.window.show_status(_("Automatic backup written to {path}.").format(path=result.info.path))

    def _failed(self, exc: BaseException) -> None:
        log.warning("automatic backup failed: %s", exc)
        self.update_label()
        if self.failure_told:
            self.window.show_status(_("The automatic backup failed again: {reason}").format(reason=exc))
            return
        self.failure_told = True
        dialogs.warn(
            self.window,
            _("The automatic backup failed. Your work in emudesk is not affected.") + "\n\n" + str(exc),
            title=_("Automatic backup"),
        )
