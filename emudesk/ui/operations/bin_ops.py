"""Delete to the bin, restore from it, and undo/redo the last of those (Ctrl+Z, Ctrl+Shift+Z)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from emudesk.i18n import _
from emudesk.services.workspace import bin as bin_service
from emudesk.services.workspace.bin import UndoStep
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.operations import run_op

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def delete_records(
    ctx: AppContext,
    parent: QWidget | None,
    kind: str,
    ids: Sequence[int],
    *,
    names: Sequence[str] = (),
    ask: bool = True,
    on_done: Callable[[], None] | None = None,
) -> bool:
    """Ask, then move records to the bin; returns False when the user said no."""
    if not ids:
        return False
    if ask:
        shown = list(names[:5]) + (["…"] if len(names) > 5 else [])
        what = _(bin_service.KINDS[kind].title).lower()
        text = _("Move {n} record(s) ({what}) to the bin?").format(n=len(ids), what=what)
        if shown:
            text += "\n\n" + "\n".join(shown)
        text += "\n\n" + _("You can restore them from the bin, or undo with Ctrl+Z.")
        if not dialogs.ask(parent, text, _("Delete")):
            return False
    step = UndoStep(kind, tuple(ids), deleted=True)

    def fn(session: Session) -> None:
        bin_service.delete(session, kind, step.ids)

    def done(_result: None) -> None:
        ctx.undo.record(step)
        ctx.bus.undo_changed.emit()
        if on_done is not None:
            on_done()

    run_op(
        ctx,
        parent,
        fn,
        changes=bin_service.KINDS[kind].changes,
        success=_("Moved to the bin: {what}. Press Ctrl+Z to undo.").format(what=step.description),
        on_success=done,
    )
    return True


def restore_records(ctx: AppContext, parent: QWidget | None, kind: str, ids: Sequence[int]) -> None:
    step = UndoStep(kind, tuple(ids), deleted=False)

    def fn(session: Session) -> None:
        bin_service.restore(session, kind, step.ids)

    def done(_result: None) -> None:
        ctx.undo.record(step)
        ctx.bus.undo_changed.emit()

    run_op(
        ctx,
        parent,
        fn,
        changes=bin_service.KINDS[kind].changes,
        success=_("Restored: {what}.").format(what=step.description),
        on_success=done,
    )


def undo(ctx: AppContext, parent: QWidget | None) -> bool:
    step = ctx.undo.next_undo()
    if step is None:
        ctx.status(_("Nothing to undo."))
        return False

    def fn(session: Session) -> None:
        bin_service.apply_inverse(session, step)

    def done(_result: None) -> None:
        ctx.undo.undone(step)
        ctx.bus.undo_changed.emit()

    run_op(
        ctx,
        parent,
        fn,
        changes=bin_service.KINDS[step.kind].changes,
        success=_("Undone: {what}.").format(what=step.description),
        on_success=done,
    )
    return True


def redo(ctx: AppContext, parent: QWidget | None) -> bool:
    step = ctx.undo.next_redo()
    if step is None:
        ctx.status(_("Nothing to redo."))
        return False

    def fn(session: Session) -> None:
        bin_service.apply_again(session, step)

    def done(_result: None) -> None:
        ctx.undo.redone(step)
        ctx.bus.undo_changed.emit()

    run_op(
        ctx,
        parent,
        fn,
        changes=bin_service.KINDS[step.kind].changes,
        success=_("Redone: {what}.").format(what=step.description),
        on_success=done,
    )
    return True
