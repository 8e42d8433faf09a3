"""What every view and operation needs: the open database, the worker, the change bus, undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from emudesk.services.core.changes import Changes
from emudesk.services.core.history import UndoHistory
from emudesk.services.core.store import Store
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.permissions import Permissions
from emudesk.ui.tasks import TaskManager

T = TypeVar("T")


class ChangeBus(QObject):
    """One signal for "the data changed": every model whose flag is set reloads itself.

    ``initiator`` is the view that caused the change, so it may skip a refresh
    it already did.
    """

    operation_did_execute = Signal(object, object)  # Changes, initiator
    undo_changed = Signal()

    def announce(self, changes: Changes, initiator: object = None) -> None:
        # Not named emit: that would override QObject.emit, which Qt's own code may call.
        self.operation_did_execute.emit(changes, initiator)


class AppContext:
    """Built by the main window and handed to views.

    Attributes:
        store: the open database.
        tasks: the single database worker.
        bus: change notifications.
        undo: the changes made in this window to this database, which Ctrl+Z undoes.
        settings: UI state (window layout, recent files).
        status: shows a short message in the status bar.
        permissions: what the signed-in login's role may do (greys out the rest).
    """

    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        bus: ChangeBus,
        settings: AppSettings,
        status: Callable[[str], None],
    ) -> None:
        self.store = store
        self.tasks = tasks
        self.bus = bus
        self.settings = settings
        self.status = status
        # Every write through the store now lands here; a new database starts with none.
        self.undo = store.history or UndoHistory()
        store.history = self.undo
        self._cache: dict[str, tuple[tuple[str, ...], Any]] = {}
        self.permissions = Permissions(store, bus)
        # Connected first, so caches are dropped before any view reloads.
        bus.operation_did_execute.connect(lambda changes, _initiator: self.invalidate(changes))

    def cached(self, key: str, flags: tuple[str, ...], load: Callable[[], T]) -> T:
        """A small read (unit list, award forms) kept until a change touches one of ``flags``."""
        if key not in self._cache:
            self._cache[key] = (flags, load())
        value: T = self._cache[key][1]
        return value

    def invalidate(self, changes: Changes) -> None:
        for key, (flags, _value) in list(self._cache.items()):
            if changes.any(*flags):
                del self._cache[key]
