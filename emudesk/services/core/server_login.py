"""Server URLs as the sign-in sees them: whether one needs a password, its key, a login put in."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from emudesk.db.engine import create_migration_engine, to_url, translate_errors
from emudesk.domain.errors import EmudeskError, ServerConnectionError


def needs_sign_in(location: str) -> bool:
    """A PostgreSQL URL that names no password (one shown hidden, "***", counts as none)."""
    if not location.startswith(("postgresql", "postgres")) or "://" not in location:
        return False
    try:
        url = make_url(location)
    except ArgumentError:  # not a URL emudesk can open: opening it says why
        return False
    return url.password in (None, "", "***")


def server_of(location: str) -> str:
    """host:port/database, the key a login and a password are kept under."""
    url = make_url(location)
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def login_of(location: str) -> str:
    return make_url(location).username or ""


def with_login(location: str, login: str, password: str) -> str:
    """The URL with this login and password (to open; never stored)."""
    url = make_url(location).set(username=login, password=password)
    return url.render_as_string(hide_password=False)


def check_login(location: str) -> None:
    """Connect once to the server database ``location`` names.

    Raises:
        ServerConnectionError: only when the server turns the login or its password down (its
            ``login_refused``); any other trouble (no such database yet, server down) is left to
            whatever opens it next, which says it in full.
    """
    url = to_url(location)
    engine = create_migration_engine(url)
    try:
        with translate_errors(url=url), engine.connect():
            return
    except ServerConnectionError as exc:
        if exc.login_refused:
            raise
    except (EmudeskError, DBAPIError):
        return
    finally:
        engine.dispose()
