"""Who may run each use case that writes: one map, checked by every writing service first.

On a shared server the signed-in login's role (``Database.signed_in``, put on each write
session as ``session.info["role"]``) must be among the use case's roles; the server's GRANTs
refuse the same things (``db/roles.py``), so this check only makes the refusal a sentence. On an
SQLite file, or for the server login that owns the tables, there is no role and all is allowed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session

from emudesk.db.changes_capture import RowChange
from emudesk.db.roles import writers_of
from emudesk.domain.errors import RightsError
from emudesk.domain.rights import DUTIES, EXCHANGE_ROLES, STATUS_ROLES, Role
from emudesk.i18n import N_, _

C, S, A, M = Role.CLERK, Role.SECRETARY, Role.APPROVER, Role.ADMIN

USE_CASES: dict[str, tuple[Role, ...]] = {
    "register.edit": (C,),
    "achievements.edit": (C,),
    "nominations.edit": (C,),
    "campaigns.edit": (C,),
    "imports.run": (C,),
    "council.edit": (S,),
    "decisions.edit": (A,),
    "rules.edit": (M,),
    "catalogue.edit": (M,),
    "settings.edit": (M,),
    "users.manage": (M,),
    "demo.build": (M,),
    # A package is signed with the office's private key, which only the administrator reads;
    # a receipt is signed too, so receiving is the administrator's as well.
    "exchange.send": (M,),
    "exchange.receive": EXCHANGE_ROLES,
    **{f"nominations.to_{status}": roles for status, roles in STATUS_ROLES.items()},
}

# Rights that are not a duty of their own: while a use case holding one runs (``acting_under``),
# the services it calls may write what each of these use cases writes. An exchange import writes
# the register, files, votes and decisions a package carries, as the package says; the services
# still check every rule, only the duty each would need when typed here is not asked.
UMBRELLAS: dict[str, frozenset[str]] = {
    "exchange.receive": frozenset(
        {
            "register.edit",
            "achievements.edit",
            "nominations.edit",
            "campaigns.edit",
            "council.edit",
            "decisions.edit",
            "rules.edit",
            "catalogue.edit",
            *(f"nominations.to_{status}" for status in STATUS_ROLES),
        }
    ),
}
# What each umbrella right is, as a refusal names it.
_RIGHT_WORDS: dict[str, str] = {
    "exchange.receive": N_("importing packages from other offices and writing the records they carry"),
}
_UNDER = "rights.under"

P = ParamSpec("P")
R = TypeVar("R")


def role_of(session: Session) -> Role | None:
    role = session.info.get("role")
    return role if isinstance(role, Role) else None


def allowed(role: Role | None, use_case: str) -> bool:
    """Whether ``role`` may run ``use_case``; None (an SQLite file, the tables' owner) may do all."""
    return role is None or role in USE_CASES[use_case]


def roles_for(use_case: str) -> tuple[Role, ...]:
    """The roles that may run ``use_case`` (the window names them on what it greys out)."""
    return USE_CASES[use_case]


def may(session: Session, use_case: str) -> bool:
    under = session.info.get(_UNDER)
    if under is not None and use_case in UMBRELLAS[under]:
        return True
    return allowed(role_of(session), use_case)


def require(session: Session, use_case: str) -> None:
    """Raise RightsError when the signed-in login's role may not run ``use_case``."""
    if may(session, use_case):
        return
    role = role_of(session)
    assert role is not None
    if use_case in _RIGHT_WORDS:
        raise _right_refusal(session, role, use_case)
    raise _refusal(session, role, USE_CASES[use_case])


@contextmanager
def acting_under(session: Session, right: str) -> Iterator[None]:
    """Run the block under the umbrella ``right`` (checked first): the services it calls may write
    what ``UMBRELLAS[right]`` names, whatever the login's duty."""
    require(session, right)
    before = session.info.get(_UNDER)
    session.info[_UNDER] = right
    try:
        yield
    finally:
        if before is None:
            session.info.pop(_UNDER, None)
        else:
            session.info[_UNDER] = before


def _right_refusal(session: Session, role: Role, right: str) -> RightsError:
    return RightsError(
        _(
            "Your login “{login}” has the role {role}, which does not hold the right “{right}” ({what}); "
            "it belongs to {who}. Nothing was written. Ask the office's administrator if you need this right."
        ).format(
            login=session.info.get("actor", ""),
            role=role.label,
            right=right,
            what=_(_RIGHT_WORDS[right]),
            who=", ".join(r.label for r in USE_CASES[right]),
        )
    )


def require_rows(session: Session, rows: Iterable[RowChange]) -> None:
    """Raise RightsError unless the signed-in login's role may put each row back as it was before
    (an undo, or the undo of an undo).

    Only a role that may make a change may undo it, and the server must let it write the rows
    back: the role must write the row's table (the GRANTs), and for a nomination whose status the
    change moved, move a file to the status the change gave it and to the one it goes back to (the
    server's trigger). A file a leader rejected cannot so be put back to "submitted" by a clerk.
    """
    role = role_of(session)
    if role is None:
        return
    for row in rows:
        for allowed in _who_may(row):
            if role not in allowed:
                raise _refusal(session, role, allowed)


def _who_may(row: RowChange) -> Iterator[tuple[Role, ...]]:
    yield writers_of(row.table)
    if row.table != "nominations":
        return
    made, back = _status(row.after), _status(row.before)
    if made == back:
        return
    for status in (made, back):
        if status is not None:
            yield STATUS_ROLES[status]


def _status(row: Mapping[str, object] | None) -> str | None:
    value = row.get("status") if row is not None else None
    return None if value is None else str(getattr(value, "value", value))


def _refusal(session: Session, role: Role, allowed: tuple[Role, ...]) -> RightsError:
    return RightsError(
        _(
            "Your login “{login}” has the role {role}, which may not do this: it is work for {who} "
            "({duty}). Nothing was saved. Ask the office's administrator if you need this right."
        ).format(
            login=session.info.get("actor", ""),
            role=role.label,
            who=", ".join(r.label for r in allowed),
            duty="; ".join(_(DUTIES[r]) for r in allowed),
        )
    )


def requires(use_case: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a use case whose first argument is the session."""
    if use_case not in USE_CASES:
        raise KeyError(use_case)

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            session = args[0] if args else kwargs.get("session")
            if isinstance(session, Session):
                require(session, use_case)
            return fn(*args, **kwargs)

        return inner

    return wrap
