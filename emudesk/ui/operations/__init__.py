"""Every change the GUI makes: one service call on the worker, a status message, a change broadcast.

After Anki's ``aqt/operations``: widgets call these functions and never open
a write session themselves. A refusal (EmudeskError) shows the service's
message in a dialog; the write session rolled back, so nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.tasks import Task

if TYPE_CHECKING:  # a type only: the GUI never uses SQLAlchemy itself
    from sqlalchemy.orm import Session

T = TypeVar("T")


def run_op(
    ctx: AppContext,
    parent: QWidget | None,
    fn: Callable[[Session], T],
    *,
    changes: Changes,
    success: str | Callable[[T], str] = "",
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    initiator: object = None,
    label: str = "",
    handled: tuple[type[BaseException], ...] = (),
    undo_label: str | None = None,
) -> Task[T]:
    """Run ``fn(session)`` in one write transaction on the worker.

    On success: status-bar message, ``changes`` broadcast, then ``on_success(result)``.
    On failure: the error dialog, then ``on_failure(exc)``; errors of a ``handled`` type go to
    ``on_failure`` alone (the caller asks the user something instead).
    The change goes on the undo stack as ``undo_label`` (described from its rows when None).
    """

    def work(_progress: Callable[[int, int, str], None], _cancel: object) -> T:
        with ctx.store.write(label=undo_label) as session:
            return fn(session)

    def done(result: T) -> None:
        text = success(result) if callable(success) else success
        if text:
            ctx.status(text)
        ctx.bus.announce(changes, initiator)
        if on_success is not None:
            on_success(result)

    def failed(exc: BaseException) -> None:
        if not (isinstance(exc, handled) and on_failure is not None):
            show_error(parent, exc)
        if on_failure is not None:
            on_failure(exc)

    return ctx.tasks.run(work, on_success=done, on_failure=failed, parent=parent, label=label or _("Saving…"))
