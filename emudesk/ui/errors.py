"""Errors to users: a known EmudeskError shows its own message; anything else is a bug report."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from emudesk.domain.errors import (
    DamagedDatabaseError,
    EmudeskError,
    QuotaExceededError,
    ServerConnectionError,
)
from emudesk.i18n import _
from emudesk.ui import dialogs

log = logging.getLogger("emudesk.ui")


# The damage of an open file, once told: the first view, a list loading in the background and the
# background read of every page may all reach the same damaged page at once.
_damage_told: set[str] = set()


def forget_damage() -> None:
    """A file was opened: its damage, if any, is news again."""
    _damage_told.clear()


# The window's "connection lost" state (connection_watch): told of every failure to reach the server,
# it answers whether the window already shows it.
_connection_watcher: Callable[[ServerConnectionError], bool] | None = None


def watch_connection(watcher: Callable[[ServerConnectionError], bool] | None) -> None:
    global _connection_watcher
    _connection_watcher = watcher


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the user; the service's own words for EmudeskError, a crash report otherwise.

    While the window shows that the server is not answering, a background read (no ``parent``)
    failing for that reason only keeps that state (lists loading would otherwise stack up boxes);
    what the user asked for, and any write, is always told.
    """
    watcher = _connection_watcher
    if isinstance(exc, ServerConnectionError) and watcher is not None:
        try:
            already_shown = watcher(exc)
        except RuntimeError:  # the window it belonged to has been deleted
            already_shown = False
        if already_shown and parent is None and not exc.writing:
            log.warning("server still not answering: %s", exc.message)
            return
    if isinstance(exc, DamagedDatabaseError):
        if exc.message in _damage_told:
            log.warning("damage already reported: %s", exc.message.splitlines()[0])
            return
        _damage_told.add(exc.message)
    if isinstance(exc, QuotaExceededError):
        # The message names the rule; the holders go below their lead-in as a list.
        text = f"{exc.message}\n\n{exc.heading}" if exc.holders and exc.heading else exc.message
        dialogs.warn(parent, text, exc.holders, title=_("Quota is full"))
        return
    if isinstance(exc, EmudeskError):
        dialogs.warn(parent, exc.message, exc.details)
        return
    show_bug(parent, exc)


def show_bug(parent: QWidget | None, exc: BaseException) -> None:
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    dialogs.message(
        parent,
        QMessageBox.Icon.Critical,
        _("Unexpected error"),
        _(
            "Something went wrong inside emudesk. Your data is safe: the change was not saved. "
            "Please send the text below to the people who support emudesk."
        ),
        details=text.splitlines()[-12:],
    )


def install_excepthook() -> None:
    """Exceptions escaping a slot become a dialog instead of a silent log line."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if QApplication.instance() is None or issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
