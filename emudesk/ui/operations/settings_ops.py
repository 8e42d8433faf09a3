"""Settings that travel with the database: the office's names and the default signer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.core.store import set_setting
from emudesk.ui.context import AppContext
from emudesk.ui.operations import run_op
from emudesk.ui.tasks import Task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def save_database_settings(
    ctx: AppContext,
    parent: QWidget | None,
    values: Mapping[str, Any],
    *,
    on_saved: Callable[[None], None] | None = None,
) -> Task[None]:
    items = dict(values)

    def fn(session: Session) -> None:
        for key, value in items.items():
            set_setting(session, key, value)

    return run_op(
        ctx, parent, fn, changes=Changes(settings=True), success=_("Settings saved."), on_success=on_saved
    )
