"""Staff logins of a shared server and their roles (``db/roles.py`` does the SQL).

An SQLite file has one user, the computer's login: every use case here refuses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from emudesk.db import roles
from emudesk.db.audit import log_summary
from emudesk.domain.errors import ConflictError, NotFoundError, RightsError, ValidationError
from emudesk.domain.rights import Role
from emudesk.i18n import _
from emudesk.services.core.rights import require
from emudesk.services.core.store import Store

# PostgreSQL folds unquoted names to lower case; keeping logins to these letters spares staff
# from quoting them in psql or pg_dump.
_NAME = re.compile(r"^[a-z_][a-z0-9_.]{0,62}$")


@dataclass(frozen=True)
class User:
    name: str
    role: Role | None
    enabled: bool


def _server(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        refuse_file()


def refuse_file() -> None:
    """Raise the refusal of user management on an SQLite file (before asking for a password)."""
    raise ValidationError(
        _(
            "An SQLite file has one user: the computer's login. Users and roles exist on a "
            "shared server (PostgreSQL) only."
        )
    )


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValidationError(
            _(
                "“{name}” cannot be a login: use lower-case Latin letters, digits, dots and "
                "underscores (at most 63), starting with a letter."
            ).format(name=name)
        )
    return name


def _groups(session: Session) -> None:
    if not roles.ensure_groups(session.connection()):
        raise RightsError(
            _(
                "This database's roles do not exist yet and this login may not create them. Add "
                "the first user as the login that owns the database (the one that ran emudesk init)."
            )
        )


def _existing(session: Session, name: str) -> User:
    for user in list_users(session):
        if user.name == name:
            return user
    raise NotFoundError(_("There is no user “{name}” in this database.").format(name=name))


def list_users(session: Session) -> list[User]:
    _server(session)
    return [User(u.name, u.role, u.enabled) for u in roles.logins(session.connection())]


def add_user(session: Session, name: str, password: str, role: Role) -> None:
    _server(session)
    require(session, "users.manage")
    _check_name(name)
    if len(password) < 8:
        raise ValidationError(_("The password must have at least 8 characters."))
    _groups(session)
    conn = session.connection()
    if roles.login_exists(conn, name):
        raise ConflictError(_("A login “{name}” already exists on this server.").format(name=name))
    roles.create_login(conn, name, password, role)
    _log(session, _("Login {name} added with the role {role}.").format(name=name, role=role.label))


def set_role(session: Session, name: str, role: Role) -> None:
    _server(session)
    require(session, "users.manage")
    _groups(session)
    _existing(session, _check_name(name))
    roles.set_role(session.connection(), name, role)
    _log(session, _("{name} now has the role {role}.").format(name=name, role=role.label))


def disable_user(session: Session, name: str) -> None:
    """The login can no longer sign in; its name stays in the audit log and its role is kept."""
    _server(session)
    require(session, "users.manage")
    _existing(session, _check_name(name))
    roles.disable_login(session.connection(), name)
    _log(session, _("{name} can no longer sign in.").format(name=name))


def _log(session: Session, summary: str) -> None:
    """Logins live in the server, not in a table: the audit log records each change by hand."""
    log_summary(session, "update", "users", summary)


def signed_in(store: Store) -> tuple[str, Role | None] | None:
    """The login and role the store writes as on a server; None on an SQLite file."""
    return store.db.signed_in()


def may_manage(store: Store) -> bool:
    """Whether this login may add, move and disable users (an administrator, or the owner)."""
    who = signed_in(store)
    return who is not None and who[1] in (None, Role.ADMIN)
