"""What the signed-in login may do, shown in the window: what its role may not do is greyed out.

The services check the same map (``services/core/rights.py``) before every write, and the server's
GRANTs refuse the rest; greying out only spares a login the refusal. On an SQLite file, or for the
login that owns the tables, there is no role and nothing is greyed out.

A widget says what it needs with ``needs(widget, use_case)`` (``action_button(needs=…)`` does it for
the views' buttons); ``Permissions.apply`` then greys out, once, what the role may not do. Code that
later enables such a button or action by its own logic (a row chosen, a draft selected) cannot
enable it again: an action joins a disabled ``QActionGroup`` (Qt keeps its actions disabled), a
plain button is held disabled by an event filter.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QAbstractButton, QToolButton, QWidget

from emudesk.domain.errors import EmudeskError
from emudesk.domain.rights import Role
from emudesk.i18n import _
from emudesk.services.core import rights, users
from emudesk.services.core.store import Store

log = logging.getLogger("emudesk.ui")

_NEEDS = "emudeskNeeds"  # the property naming a widget's use case
_GUARDED = "emudeskGuarded"


def needs(widget: QWidget, use_case: str) -> QWidget:
    """Mark ``widget`` (a button) as doing ``use_case``; ``Permissions.apply`` greys it out if refused."""
    rights.roles_for(use_case)  # a KeyError now for a use case that does not exist
    widget.setProperty(_NEEDS, use_case)
    return widget


class _HeldDisabled(QObject):
    """Keeps a button disabled whatever later code asks (Qt sends EnabledChange after each change)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False


class Permissions:
    """The role of the login a window's database is open as.

    Attributes:
        role: the role, or None when everything is allowed (an SQLite file, the tables' owner).
        login: the server login, or "" on an SQLite file.
    """

    def __init__(self, store: Store, parent: QObject) -> None:
        self.login = ""
        self.role: Role | None = None
        try:
            who = users.signed_in(store)
        except EmudeskError as exc:
            # The window opens anyway; the services and the server still refuse what is not allowed.
            log.warning("cannot ask the server for this login's role: %s", exc)
            who = None
        if who is not None:
            self.login, self.role = who
        self._refused = QActionGroup(parent)
        self._refused.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        self._refused.setEnabled(False)
        self._holder = _HeldDisabled(parent)

    def may(self, use_case: str) -> bool:
        return rights.allowed(self.role, use_case)

    def why_not(self, use_case: str) -> str:
        """The tooltip line of what is greyed out: the roles it needs, and this login's own."""
        role = self.role
        assert role is not None
        return _("Needs the role {roles} (your login {login} is {role}).").format(
            roles=_or(rights.roles_for(use_case)),
            login=self.login,
            role=role.label,
        )

    def guard(self, target: QAction | QWidget, use_case: str) -> bool:
        """Grey out ``target`` (an action, a button, a group of fields) for good when the role may
        not run ``use_case``; True when refused."""
        if self.may(use_case):
            return False
        why = self.why_not(use_case)
        if isinstance(target, QToolButton) and target.defaultAction() is not None:
            target = target.defaultAction()
        if isinstance(target, QAction):
            self._refused.addAction(target)
            tip = target.toolTip()
            target.setToolTip(f"{tip}\n{why}" if tip else why)
            return True
        target.setEnabled(False)
        target.installEventFilter(self._holder)
        tip = target.toolTip()
        target.setToolTip(f"{tip}\n{why}" if tip else why)
        return True

    def apply(self, root: QWidget) -> None:
        """Guard every button under ``root`` marked with ``needs`` (once each)."""
        if self.role is None:
            return
        for button in root.findChildren(QAbstractButton):
            use_case = button.property(_NEEDS)
            if isinstance(use_case, str) and not button.property(_GUARDED):
                button.setProperty(_GUARDED, True)
                self.guard(button, use_case)


def _or(roles: tuple[Role, ...]) -> str:
    labels = [r.label for r in roles]
    if len(labels) < 2:
        return "".join(labels)
    return _("{some} or {last}").format(some=", ".join(labels[:-1]), last=labels[-1])
