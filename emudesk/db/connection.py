"""Reaching a database server: connection settings, and the user's words for each kind of trouble.

libpq says what went wrong in English prose (psycopg gives no SQLSTATE for a failed connect), so
the kind of trouble is read from its text. A dead network must not hang a window: connects give up
after ``CONNECT_TIMEOUT_S``, and TCP keepalives plus a send timeout break a connection whose peer has
vanished, on both sides (the server's settings are asked for per session, so that a transaction of a
vanished PC, holding the one-writer lock, is rolled back within a minute or two, not hours).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, TypeVar

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from emudesk.domain.errors import ConnectionLostError, ServerConnectionError
from emudesk.i18n import _

T = TypeVar("T")
Stage = Literal["read", "write", "commit"]

CONNECT_TIMEOUT_S = 10
KEEPALIVE_IDLE_S = 30
KEEPALIVE_INTERVAL_S = 10
KEEPALIVE_COUNT = 3
# A write whose packets go unacknowledged this long fails instead of waiting for TCP's ~15 minutes.
TCP_USER_TIMEOUT_MS = 60_000
# A transaction left open by a client that vanished (it holds the writer lock) ends after this.
IDLE_IN_TRANSACTION_TIMEOUT_MS = 300_000

_SERVER_OPTIONS = (
    f"-c tcp_keepalives_idle={KEEPALIVE_IDLE_S} -c tcp_keepalives_interval={KEEPALIVE_INTERVAL_S}"
    f" -c tcp_keepalives_count={KEEPALIVE_COUNT}"
    f" -c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}"
)


def server_connect_args(url: URL) -> dict[str, object]:
    """libpq settings for a PostgreSQL URL; any the URL sets itself are left to it."""
    if url.get_backend_name() != "postgresql":
        return {}
    wanted: dict[str, object] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_IDLE_S,
        "keepalives_interval": KEEPALIVE_INTERVAL_S,
        "keepalives_count": KEEPALIVE_COUNT,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        "options": _SERVER_OPTIONS,
    }
    return {key: value for key, value in wanted.items() if key not in url.query}


# What libpq and psycopg say when an open connection breaks (lower case).
_LOST = (
    "server closed the connection",
    "terminating connection",
    "connection is closed",
    "connection is lost",
    "the connection is lost",
    "consuming input failed",
    "connection reset",
    "broken pipe",
    "could not receive data",
    "could not send data",
    "ssl syscall error",
    "ssl connection has been closed",
    "connection timed out",
    "lost synchronization",
)
# What libpq and psycopg say when a connection cannot be made at all (lower case).
_REFUSED = ("connection failed", "failed to resolve host", "could not translate host", "timeout expired")
# SQLSTATEs of a session ended by the server: admin shutdown, crash shutdown, cannot connect now.
_LOST_STATES = {"57P01", "57P02", "57P03", "08000", "08003", "08006"}


def is_connection_lost(exc: DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    state = getattr(exc.orig, "sqlstate", None)
    if state in _LOST_STATES:
        return True
    text = str(exc.orig).lower()
    return any(marker in text for marker in _LOST)


def server_error(exc: DBAPIError, url: URL | None, stage: Stage = "read") -> ServerConnectionError | None:
    """The error to show for trouble reaching the server, or None when ``exc`` is something else."""
    raw = str(exc.orig)
    text = raw.lower()
    host = (url.host if url is not None else None) or _quoted(raw, "server at") or "localhost"
    port = (url.port if url is not None else None) or _port(raw) or 5432
    user = (url.username if url is not None else None) or "?"
    database = (url.database if url is not None else None) or _quoted(raw, "database") or "?"
    if any(marker in text for marker in _REFUSED):
        seconds = _connect_timeout(url)
        message = _refusal(raw, host=host, port=port, user=user, database=database, seconds=seconds)
        login = "password authentication failed" in text or "no password supplied" in text
        return ServerConnectionError(message, writing=stage != "read", login_refused=login)
    if is_connection_lost(exc):
        return lost_error(stage)
    return None


def _connect_timeout(url: URL | None) -> int:
    given = url.query.get("connect_timeout") if url is not None else None
    try:
        # libpq waits at least 2 seconds, whatever it is told.
        return max(2, int(str(given))) if given is not None else CONNECT_TIMEOUT_S
    except ValueError:
        return CONNECT_TIMEOUT_S


def _refusal(raw: str, *, host: str, port: int, user: str, database: str, seconds: int) -> str:
    text = raw.lower()
    if "password authentication failed" in text:
        return _("Wrong password for user {user} on the server {host} (or there is no such user).").format(
            user=user, host=host
        )
    if "no password supplied" in text:
        return _("The server {host} asks for a password for user {user}.").format(user=user, host=host)
    if re.search(r'role "[^"]*" does not exist', text):
        return _("The server {host} has no user {user}.").format(user=user, host=host)
    if re.search(r'database "[^"]*" does not exist', text):
        return _("The database {database} is not on the server {host} yet.").format(
            database=database, host=host
        )
    if "failed to resolve host" in text or "could not translate host" in text:
        return _("No server named {host} was found: check its name, or the network.").format(host=host)
    if "connection refused" in text:
        return _(
            "Cannot connect to the server {host} on port {port}: the server is not running there, "
            "or a firewall blocks the port."
        ).format(host=host, port=port)
    if "timeout expired" in text or "timed out" in text:
        return _(
            "The server {host} (port {port}) did not answer within {seconds} seconds: check the "
            "network, or whether the server is on."
        ).format(host=host, port=port, seconds=seconds)
    if "does not support ssl" in text:
        return _(
            "The server {host} does not offer an encrypted (SSL) connection; choose another SSL mode."
        ).format(host=host)
    if "no pg_hba.conf entry" in text:
        return _(
            "The server {host} does not let this computer in as {user} (its pg_hba.conf has no entry "
            "for it); ask whoever runs the server."
        ).format(host=host, user=user)
    if "too many" in text and "connection" in text:
        return _("The server {host} has as many connections as it allows; try again in a moment.").format(
            host=host
        )
    if "starting up" in text or "shutting down" in text or "recovery" in text:
        return _("The server {host} is starting or stopping; try again in a moment.").format(host=host)
    if "ssl" in text or "certificate" in text:
        return _("The encrypted (SSL) connection to the server {host} failed: {reason}").format(
            host=host, reason=_last_line(raw)
        )
    return _("Cannot connect to the server {host} on port {port}: {reason}").format(
        host=host, port=port, reason=_last_line(raw)
    )


def lost_error(stage: Stage) -> ConnectionLostError:
    if stage == "commit":
        return ConnectionLostError(
            _(
                "The connection to the server was lost while saving: it is not known whether the "
                "change was saved; check it again."
            ),
            writing=True,
            outcome_unknown=True,
        )
    if stage == "write":
        return ConnectionLostError(
            _(
                "The connection to the server was lost: the change was not saved (the server "
                "discarded it). Try again once the server answers."
            ),
            writing=True,
        )
    return ConnectionLostError(
        _("Lost the connection to the server; what is on screen is kept. Try again once it answers."),
        retryable=True,
    )


def read_once_more(query: Callable[[], T]) -> T:
    """Run a read; if the connection broke under it, once more on a fresh connection.

    Only for reads: a write whose commit outcome is unknown is never run again by itself.
    """
    try:
        return query()
    except ConnectionLostError as exc:
        if not exc.retryable:
            raise
        return query()


def _quoted(raw: str, after: str) -> str | None:
    found = re.search(re.escape(after) + r' "([^"]+)"', raw)
    return found.group(1) if found else None


def _port(raw: str) -> int | None:
    found = re.search(r"port (\d+)", raw)
    return int(found.group(1)) if found else None


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    last = lines[-1] if lines else text
    return last.split("failed:", 1)[-1].strip().removeprefix("FATAL:").strip()[:200]
