"""Pieces several screens share: award history tables, search boxes, action buttons."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QToolButton, QWidget

from emudesk.domain.errors import NotFoundError
from emudesk.i18n import _
from emudesk.services.core.formats import day
from emudesk.services.register.awards import HistoryRow
from emudesk.ui import permissions
from emudesk.ui.context import AppContext
from emudesk.ui.widgets.detail import SmallTable

if TYPE_CHECKING:
    from emudesk.ui.views.base import View


def history_table(parent: QWidget | None = None) -> SmallTable:
    return SmallTable(
        [
            _("Year"),
            _("Award"),
            _("Decision no."),
            _("Date"),
            _("Issued by"),
            _("Kind of award"),
            _("Status"),
        ],
        parent,
        widths=(50, 230, 110, 85, 220, 110),
        numeric=(0,),
    )


def history_rows(rows: Sequence[HistoryRow]) -> list[tuple[object, ...]]:
    return [
        (
            r.year,
            r.award_name,
            r.decision_number,
            day(r.decision_date),
            r.issuer,
            r.award_type.label,
            r.status.label,
        )
        for r in rows
    ]


def search_box(parent: QWidget | None, placeholder: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    box.setMinimumWidth(180)
    return box


def action_button(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    *,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
    needs: str | None = None,
) -> QToolButton:
    """A text button whose tooltip shows its shortcut (the shortcut itself lives in the window's menu).

    ``needs``: the use case it runs (``services/core/rights.py``); greyed out for a role that may not.
    """
    action = QAction(text, parent)
    action.triggered.connect(lambda _checked=False: slot())
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setProperty("viewAction", True)  # View.context_menu puts it on the table's menu too
    button.setAutoRaise(False)
    hint = tip or text
    if shortcut is not None:
        seq = QKeySequence(shortcut)
        hint += f" ({seq.toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(hint)
    if needs is not None:
        permissions.needs(button, needs)
    return button


def record_buttons(view: View) -> list[QToolButton]:
    """A list screen's New, Edit and Delete buttons (each needs the view's ``edits``)."""
    needs = view.edits
    return [
        action_button(view, _("New"), view.new_record, shortcut=QKeySequence.StandardKey.New, needs=needs),
        action_button(view, _("Edit"), view.edit_current, shortcut="Return", needs=needs),
        action_button(
            view, _("Delete"), view.delete_selected, shortcut=QKeySequence.StandardKey.Delete, needs=needs
        ),
    ]


class _Deferred:
    """An id query bound to its filter; ``first_page(n)`` runs it with a LIMIT (see IdTableModel)."""

    def __init__(self, ctx: AppContext, fn: Callable[..., list[int]], args: Any, kwargs: Any) -> None:
        self._store = ctx.store
        self._fn = fn
        self._args = args
        self._kwargs = kwargs

    def __call__(self) -> list[int]:
        with self._store.read() as session:
            return self._fn(session, *self._args, **self._kwargs)

    def first_page(self, limit: int) -> list[int]:
        with self._store.read() as session:
            return self._fn(session, *self._args, limit=limit, **self._kwargs)


def deferred(
    ctx: AppContext, fn: Callable[..., list[int]], *args: Any, **kwargs: Any
) -> Callable[[], list[int]]:
    """An id query bound to its filter now (GUI thread), to run later on the reader thread.

    ``fn`` takes ``limit=`` (every ``tables.*_ids`` does), so the model can show a first page
    before the whole list has arrived.
    """
    return _Deferred(ctx, fn, args, kwargs)


def shows_nothing_if_gone(method: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    """A detail panel asked for a record deleted meanwhile (here or by a colleague) shows nothing."""

    @functools.wraps(method)
    def wrapper(self: Any, record_id: Any) -> None:
        try:
            method(self, record_id)
        except NotFoundError:
            if record_id is None:
                raise
            method(self, None)

    return wrapper


def born(birth_date: date | None, birth_year: int | None) -> str:
    return day(birth_date) if birth_date else (str(birth_year) if birth_year else "")
