"""After the window opens a file: read all of it in the background and say so at once if it is damaged.

Opening checks only the header, the log and the list of tables, so that a large file opens
quickly; a damaged page elsewhere would otherwise be reported only when a view first reads it,
perhaps after a day of work typed into a file that has to be restored from a backup.

Its own thread, not the database worker (``tasks``): the read takes seconds on a province-sized
file and must not hold up the lists the clerk is waiting for.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from emudesk.domain.errors import EmudeskError
from emudesk.services.core.store import Store

log = logging.getLogger("emudesk.ui")


class _Relay(QObject):
    """Carries the finding from the reading thread to the GUI thread (a queued signal)."""

    found = Signal(object)


def start(
    parent: QObject, store: Store, on_damage: Callable[[EmudeskError], None]
) -> threading.Thread | None:
    """Read every page of ``store``'s file in the background; ``on_damage`` runs in the GUI thread."""
    if store.path is None:
        return None
    relay = _Relay(parent)
    relay.found.connect(on_damage)

    def work() -> None:
        try:
            store.check_pages()
        except EmudeskError as exc:
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile: nobody left to tell
                relay.found.emit(exc)
        except Exception:  # a bug here must not take the window down; the reads report damage too
            log.exception("background check of %s failed", store.display_name)

    thread = threading.Thread(target=work, name="emudesk-damage-watch", daemon=True)
    thread.start()
    return thread
