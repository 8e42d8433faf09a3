"""Progress reporting and cancellation shared by the renderers."""

from __future__ import annotations

import threading
from collections.abc import Callable

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _

Progress = Callable[[int, int], None]

# Rows between two progress reports / cancel checks: often enough for a
# responsive Cancel button, rare enough to cost nothing measurable.
EVERY = 256


class ExportCancelledError(EmudeskError):
    """The user cancelled an export; no file was left behind."""

    def __init__(self) -> None:
        super().__init__(_("The export was cancelled."))


class Ticker:
    """Reports ``(done, total)`` rows and raises :class:`ExportCancelledError` once ``cancel`` is set."""

    __slots__ = ("_cancel", "_progress", "total")

    def __init__(self, total: int, progress: Progress | None, cancel: threading.Event | None) -> None:
        self.total = total
        self._progress = progress
        self._cancel = cancel

    def at(self, done: int) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise ExportCancelledError
        if self._progress is not None:
            self._progress(min(done, self.total), self.total)
