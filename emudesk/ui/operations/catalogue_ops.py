"""Saving and deleting catalogue entries (award forms, kinds of unit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.register import catalogue
from emudesk.services.register.catalogue import AwardFormInput, UnitKindInput
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.operations import run_op
from emudesk.ui.tasks import Task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_CHANGED = Changes(catalogue=True)


def save_award_form(
    ctx: AppContext,
    parent: QWidget | None,
    form_id: int | None,
    data: AwardFormInput,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if form_id is None:
            return catalogue.create_award_form(session, data)
        catalogue.update_award_form(session, form_id, data)
        return form_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=_CHANGED,
        success=_("Saved {name}.").format(name=data.name),
        on_success=on_saved,
        on_failure=on_failure,
    )


def save_unit_kind(
    ctx: AppContext,
    parent: QWidget | None,
    kind_id: int | None,
    data: UnitKindInput,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if kind_id is None:
            return catalogue.create_unit_kind(session, data)
        catalogue.update_unit_kind(session, kind_id, data)
        return kind_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=_CHANGED,
        success=_("Saved {name}.").format(name=data.name),
        on_success=on_saved,
        on_failure=on_failure,
    )


def delete_entry(ctx: AppContext, parent: QWidget | None, what: str, entry_id: int, name: str) -> bool:
    """Delete an unused catalogue entry after asking; the service refuses entries in use."""
    if not dialogs.ask(parent, _("Delete “{name}” from the catalogue?").format(name=name)):
        return False
    remove = catalogue.delete_award_form if what == "form" else catalogue.delete_unit_kind
    run_op(
        ctx,
        parent,
        lambda session: remove(session, entry_id),
        changes=_CHANGED,
        success=_("Deleted {name}.").format(name=name),
    )
    return True
