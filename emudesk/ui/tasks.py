"""Work off the GUI thread: one database worker, progress after 600 ms, cancel by an Event.

After Anki's ``taskman.py``/``progress.py`` and calibre's ``threaded_jobs.py``.
A piece of work is a Qt-free callable ``work(progress, cancel)``:

* ``progress(done, total, text)`` may be called from the worker as often as it
  likes (``total`` 0 means "unknown"); the dialog shows the latest values;
* ``cancel`` is a ``threading.Event`` the work checks between steps; when the
  user presses Cancel it is set, and the work should stop by raising (any
  exception; a failure after Cancel is reported as "cancelled", not as an error).

The result (or the exception) comes back to the GUI thread through a queued
signal; ``on_success``/``on_failure`` run there. Work never touches widgets.

Usage by exports and imports::

    ctx.tasks.run(
        lambda progress, cancel: export_rows(path, progress=progress, cancel=cancel),
        parent=window, title=_("Export"), label=_("Writing the file…"), cancellable=True,
        on_success=lambda result: ctx.status(_("Saved {path}").format(path=path)),
    )
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from emudesk.i18n import _
from emudesk.services.core.server_check import read_once_more

T = TypeVar("T")
Progress = Callable[[int, int, str], None]
Work = Callable[[Progress, threading.Event], T]

PROGRESS_DELAY_MS = 600
WAIT_IDLE_TIMEOUT_S = 30.0  # far beyond any list load or test step; only hung work gets there
_THROTTLE_S = 0.05


class _AfterRepaint(QObject):
    """Runs callables once the repaints already requested have been done (see ``after_repaint``)."""

    def __init__(self) -> None:
        super().__init__()
        self._pending: deque[Callable[[], None]] = deque()
        self._type = QEvent.registerEventType()
        self._priority = Qt.EventPriority.LowEventPriority.value

    def post(self, fn: Callable[[], None]) -> None:
        self._pending.append(fn)
        # Qt posts its repaint requests at low priority; a low-priority event posted after them
        # is delivered after them (a zero timer would run first).
        QCoreApplication.postEvent(self, QEvent(QEvent.Type(self._type)), self._priority)

    def customEvent(self, event: QEvent) -> None:
        if self._pending:
            self._pending.popleft()()


_after_repaint: _AfterRepaint | None = None


def after_repaint(fn: Callable[[], None]) -> None:
    """Call ``fn`` on the GUI thread after the repaints already pending, e.g. after a first page
    has been painted, for work that would otherwise delay it (loading the rest, filling pickers)."""
    global _after_repaint
    if _after_repaint is None:
        _after_repaint = _AfterRepaint()
    _after_repaint.post(fn)


@dataclass(eq=False)
class Task(Generic[T]):
    """A piece of work submitted to the worker.

    Attributes:
        cancel: set it to ask the work to stop.
        done, total, text: the latest progress report.
    """

    id: int
    work: Work[T]
    on_success: Callable[[T], None] | None
    on_failure: Callable[[BaseException], None] | None
    on_cancelled: Callable[[], None] | None
    parent: QWidget | None
    title: str
    label: str
    cancellable: bool
    show_progress: bool
    cancel: threading.Event = field(default_factory=threading.Event)
    done: int = 0
    total: int = 0
    text: str = ""
    dialog: QProgressDialog | None = None
    finished: bool = False


class TaskManager(QObject):
    """Runs work on one background thread, in submission order.

    One worker matches SQLite's single writer: two writes never race, and a
    read submitted after a write sees it.
    """

    _finished = Signal(object, object, object)  # task, result, exception
    _progressed = Signal(object)  # task
    _read_done = Signal(object, object, object)  # callback, result, exception

    def __init__(self, parent: QObject | None = None, *, progress_delay_ms: int = PROGRESS_DELAY_MS) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="emudesk-db")
        # Table id lists load on their own thread, so a long write never holds up a list (and
        # SQLite's WAL lets the reader see the last commit while a writer works).
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="emudesk-read")
        self._reads = 0
        self._ids = itertools.count(1)
        self._running: dict[int, Task[Any]] = {}
        self._delay = progress_delay_ms
        self._shut = False
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._read_done.connect(self._on_read_done, Qt.ConnectionType.QueuedConnection)

    @property
    def idle(self) -> bool:
        """No work and no list being loaded."""
        return not self._running and not self._reads

    @property
    def busy(self) -> bool:
        """Work (a write, an export…) is running; list loads do not count."""
        return bool(self._running)

    def read(self, query: Callable[[], T], on_done: Callable[[T], None]) -> None:
        """Run a read-only ``query`` on the reader thread; ``on_done(result)`` on the GUI thread.

        For id lists of big tables; a failure is shown like any other.
        """
        if self._shut:
            return
        self._reads += 1

        def execute() -> None:
            try:
                # A read cut short by a lost connection runs once more on a fresh one.
                result = read_once_more(query)
            except BaseException as exc:  # handed to the GUI thread
                self._read_done.emit(on_done, None, exc)
            else:
                self._read_done.emit(on_done, result, None)

        self._reader.submit(execute)

    def _on_read_done(
        self, on_done: Callable[[Any], None], result: object, exc: BaseException | None
    ) -> None:
        from emudesk.ui.errors import show_error

        self._reads -= 1
        if exc is not None:
            show_error(None, exc)
            return
        on_done(result)

    def running(self) -> list[Task[Any]]:
        return list(self._running.values())

    def run(
        self,
        work: Work[T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        title: str = "",
        label: str = "",
        cancellable: bool = False,
        show_progress: bool = True,
    ) -> Task[T]:
        """Submit ``work``; a progress dialog appears if it is still running after 600 ms.

        Without ``on_failure`` a failure is shown with ``errors.show_error``.
        """
        task: Task[T] = Task(
            next(self._ids),
            work,
            on_success,
            on_failure,
            on_cancelled,
            parent,
            title or "emudesk",
            label or _("Working…"),
            cancellable,
            show_progress,
        )
        if self._shut:
            # The window is closing: nothing may start any more (a dialog closing late tried).
            task.finished = True
            return task
        self._running[task.id] = task
        if show_progress:
            QTimer.singleShot(self._delay, self, lambda: self._show_dialog(task))
        self._executor.submit(self._execute, task)
        return task

    def wait(self, task: Task[Any]) -> None:
        """Keep the GUI responsive until ``task`` has finished and its callbacks have run.

        For the few places that must finish a save before going on (closing with
        unsaved changes); everything else uses the callbacks.
        """
        loop = QEventLoop()
        while not task.finished:
            loop.processEvents(
                QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50
            )

    def wait_idle(self, timeout: float | None = WAIT_IDLE_TIMEOUT_S) -> None:
        """Process events until no work runs and no list loads (screenshots, tests).

        Args:
            timeout: seconds to wait at most; None waits for as long as it takes.

        Raises:
            TimeoutError: still busy after ``timeout``, so hung work fails a test or a screenshot
                run instead of hanging it.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        loop = QEventLoop()
        while not self.idle:
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(
                    f"The database worker was still busy after {timeout:g} s "
                    f"({len(self._running)} task(s) running, {self._reads} list(s) loading)."
                )
            loop.processEvents(
                QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50
            )

    def cancel_all(self) -> None:
        for task in self._running.values():
            task.cancel.set()

    def shutdown(self) -> None:
        """Ask running work to stop and wait for the worker to finish."""
        self._shut = True
        self.cancel_all()
        self._executor.shutdown(wait=True)
        self._reader.shutdown(wait=True)

    # --- worker thread --------------------------------------------------------------------------
    def _execute(self, task: Task[T]) -> None:
        last = 0.0

        def progress(done: int, total: int, text: str = "") -> None:
            nonlocal last
            task.done, task.total, task.text = done, total, text or task.text
            now = time.monotonic()
            if now - last >= _THROTTLE_S or done >= total > 0:
                last = now
                self._progressed.emit(task)

        try:
            result = task.work(progress, task.cancel)
        except BaseException as exc:  # handed to the GUI thread, which decides how to show it
            self._finished.emit(task, None, exc)
        else:
            self._finished.emit(task, result, None)

    # --- GUI thread -----------------------------------------------------------------------------
    def _show_dialog(self, task: Task[Any]) -> None:
        if task.finished or task.dialog is not None:
            return
        dialog = QProgressDialog(task.label, _("Cancel") if task.cancellable else "", 0, 0, task.parent)
        dialog.setWindowTitle(task.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not task.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(lambda: self._on_cancel_pressed(task))
        task.dialog = dialog
        self._update_dialog(task)
        dialog.show()

    def _on_cancel_pressed(self, task: Task[Any]) -> None:
        task.cancel.set()
        if task.dialog is not None:
            task.dialog.setLabelText(_("Cancelling…"))

    def _update_dialog(self, task: Task[Any]) -> None:
        dialog = task.dialog
        if dialog is None:
            return
        if task.total > 0:
            dialog.setMaximum(task.total)
            dialog.setValue(min(task.done, task.total))
        if task.text and not task.cancel.is_set():
            dialog.setLabelText(task.text)

    def _on_progress(self, task: Task[Any]) -> None:
        self._update_dialog(task)

    def _on_finished(self, task: Task[Any], result: object, exc: BaseException | None) -> None:
        from emudesk.ui.errors import show_error

        task.finished = True
        self._running.pop(task.id, None)
        if task.dialog is not None:
            task.dialog.hide()
            task.dialog.deleteLater()
            task.dialog = None
        if exc is None:
            if task.on_success is not None:
                task.on_success(result)
            return
        if task.cancel.is_set():
            if task.on_cancelled is not None:
                task.on_cancelled()
            return
        if task.on_failure is not None:
            task.on_failure(exc)
        else:
            show_error(task.parent, exc)
