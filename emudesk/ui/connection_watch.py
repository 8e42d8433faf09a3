"""The window's "Mất kết nối tới máy chủ" state: shown when the server stops answering, cleared by a
light probe (``SELECT 1`` off the GUI thread) once it answers again. Nothing on screen is dropped:
lists keep their rows and open forms stay open; F5 reads again once the state has cleared."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from emudesk.domain.errors import ServerConnectionError
from emudesk.i18n import _
from emudesk.services.core.server_check import ping
from emudesk.services.core.store import Store

PROBE_INTERVAL_MS = 5_000


class ConnectionWatch(QObject):
    """Shows the lost state in ``label`` and probes ``store`` until it answers.

    Attributes:
        lost: the server has not answered since the last failure.
        interval_ms: how often to probe while lost.
    """

    changed = Signal(bool)  # lost
    _answered = Signal(object, object)  # store probed, exception or None

    def __init__(self, parent: QWidget, label: QLabel, *, interval_ms: int = PROBE_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.lost = False
        self.interval_ms = interval_ms
        self.store: Store | None = None
        self._label = label
        self._label.setText("⚠ " + _("Lost the connection to the server"))
        self._label.setStyleSheet("color: #b00020; font-weight: bold;")
        self._label.hide()
        self._probing = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="emudesk-probe")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._probe)
        self._answered.connect(self._on_answer)

    def watch(self, store: Store) -> None:
        """A database was opened: its state starts fresh (a file never loses its connection)."""
        self.store = store
        self._set_lost(False)

    def report(self, exc: ServerConnectionError) -> bool:
        """The server failed to answer; True when the window already shows that (no new box needed)."""
        if self.store is None or self.store.is_sqlite:
            return False
        known = self.lost
        self._set_lost(True, exc.message)
        return known

    def _set_lost(self, lost: bool, why: str = "") -> None:
        was = self.lost
        self.lost = lost
        self._label.setVisible(lost)
        self._label.setToolTip(why)
        if lost:
            if not self._timer.isActive() and not self._probing:
                self._timer.start(self.interval_ms)
        else:
            self._timer.stop()
        if was != lost:
            self.changed.emit(lost)

    def _probe(self) -> None:
        store = self.store
        if store is None or not self.lost or self._probing:
            return
        self._probing = True

        def run() -> None:
            try:
                ping(store)
            except BaseException as exc:  # handed to the GUI thread
                self._answered.emit(store, exc)
            else:
                self._answered.emit(store, None)

        self._executor.submit(run)

    def _on_answer(self, store: Store, exc: BaseException | None) -> None:
        self._probing = False
        if store is not self.store or not self.lost:
            return
        if exc is None:
            self._set_lost(False)
            return
        self._timer.start(self.interval_ms)

    def shutdown(self) -> None:
        self._timer.stop()
        self.store = None
        self._executor.shutdown(wait=False, cancel_futures=True)
