"""Delete to the bin, restore from it, and undo/redo the last change of any kind (Ctrl+Z, Ctrl+Shift+Z)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.workspace import bin as bin_service
from emudesk.services.workspace import undo as undo_service
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
    chosen = tuple(ids)
    label = bin_service.describe(kind, len(chosen), deleted=True, name=names[0] if names else "")

    def fn(session: Session) -> None:
        bin_service.delete(session, kind, chosen)

    def done(_result: None) -> None:
        if on_done is not None:
            on_done()

    run_op(
        ctx,
        parent,
        fn,
        changes=bin_service.KINDS[kind].changes,
        success=_("Moved to the bin: {what}. Press Ctrl+Z to undo.").format(what=label),
        on_success=done,
        undo_label=label,
    )
    return True


def restore_records(ctx: AppContext, parent: QWidget | None, kind: str, ids: Sequence[int]) -> None:
    chosen = tuple(ids)
    label = bin_service.describe(kind, len(chosen), deleted=False)

    def fn(session: Session) -> None:
        bin_service.restore(session, kind, chosen)

    run_op(
        ctx,
        parent,
        fn,
        changes=bin_service.KINDS[kind].changes,
        success=_("Restored: {what}.").format(what=label),
        undo_label=label,
    )


def undo(ctx: AppContext, parent: QWidget | None) -> bool:
    """Undo the last change made in this window (Ctrl+Z), on the worker; a refusal is shown."""
    if ctx.tasks.busy:  # a second Ctrl+Z while the first runs would try the same change again
        ctx.status(_("Wait until the current work has finished."))
        return False
    entry = ctx.undo.next_undo()
    if entry is None:
        ctx.status(_("Nothing to undo."))
        return False
    if not entry.undoable:
        dialogs.warn(parent, _("“{what}” cannot be undone.").format(what=entry.label))
        return False
    store = ctx.store

    def done(changes: Changes) -> None:
        ctx.status(_("Undone: {what}.").format(what=entry.label))
        ctx.bus.announce(changes)
        ctx.bus.undo_changed.emit()

    ctx.tasks.run(
        lambda _progress, _cancel: undo_service.undo(store, entry),
        on_success=done,
        parent=parent,
        label=_("Undoing…"),
    )
    return True


def redo(ctx: AppContext, parent: QWidget | None) -> bool:
    """Redo what Ctrl+Z last undid (Ctrl+Shift+Z, Ctrl+Y)."""
    if ctx.tasks.busy:
        ctx.status(_("Wait until the current work has finished."))
        return False
    entry = ctx.undo.next_redo()
    if entry is None:
        ctx.status(_("Nothing to redo."))
        return False
    store = ctx.store

    def done(changes: Changes) -> None:
        ctx.status(_("Redone: {what}.").format(what=entry.label))
        ctx.bus.announce(changes)
        ctx.bus.undo_changed.emit()

    ctx.tasks.run(
        lambda _progress, _cancel: undo_service.redo(store, entry),
        on_success=done,
        parent=parent,
        label=_("Redoing…"),
    )
    return True
