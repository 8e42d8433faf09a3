"""“Kiểm tra kết nối”: can emudesk open this server database, and if not, what is wrong."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import URL

from emudesk.db.connection import read_once_more
from emudesk.db.engine import create_migration_engine, to_url, translate_errors
from emudesk.db.migrate import head_revision, known_revisions, schema_state
from emudesk.domain.errors import StorageError
from emudesk.i18n import _
from emudesk.services.core.store import Store

SSL_MODES = ("prefer", "require", "verify-ca", "verify-full", "disable", "allow")


def server_url(
    host: str, port: int, database: str, user: str, password: str = "", ssl_mode: str = "prefer"
) -> URL:
    """The URL of a PostgreSQL database; the password stays out of it when empty."""
    query = {} if ssl_mode == "prefer" else {"sslmode": ssl_mode}
    return URL.create(
        "postgresql+psycopg",
        username=user.strip() or None,
        password=password or None,
        host=host.strip() or None,
        port=port,
        database=database.strip() or None,
        query=query,
    )


def without_password(url: URL) -> str:
    """What may be stored in settings or shown: the URL with no password at all (not even ***)."""
    # URL.set() leaves a field alone when given None.
    bare = URL.create(url.drivername, url.username, None, url.host, url.port, url.database, url.query)
    return bare.render_as_string(hide_password=False)


def check_server(target: str | URL) -> str:
    """Connect and look at the database; the line to show when emudesk can open it.

    Raises:
        ServerConnectionError: the server cannot be reached or refuses the login (wrong password,
            no such database…), in the user's words.
        StorageError: the database is there but holds no emudesk data, or data of a newer emudesk.
    """
    url = target if isinstance(target, URL) else to_url(target)
    if url.get_backend_name() != "postgresql":
        raise StorageError(_("Only a PostgreSQL server can be opened here."))
    state = schema_state(url)
    where = {"database": url.database, "host": url.host or "localhost"}
    if not state.has_tables:
        raise StorageError(
            _(
                "The database {database} on the server {host} has no emudesk data yet: run "
                "`emudesk init --db {url}` first."
            ).format(**where, url=without_password(url))
        )
    if state.revision is None:
        raise StorageError(
            _("The database {database} on the server {host} is not an emudesk database.").format(**where)
        )
    if state.revision not in known_revisions():
        raise StorageError(
            _(
                "The database {database} on the server {host} was written by a newer version of "
                "emudesk; install the newer version to open it."
            ).format(**where)
        )
    engine = create_migration_engine(url)
    try:
        with translate_errors(url=url), engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar() or "").split(" ")[0]
    finally:
        engine.dispose()
    line = _("Connected: database {database} on the server {host} (PostgreSQL {version}).").format(
        **where, version=version
    )
    if state.revision != head_revision():
        line += " " + _("Its data will be upgraded to this version of emudesk when it is opened.")
    return line


def ping(store: Store) -> None:
    """The lightest question to the server (the window's probe while the connection is lost).

    Raises:
        ServerConnectionError: still no answer (or no login).
    """
    with store.read() as session:
        session.execute(text("SELECT 1"))


def stored_location(store: Store) -> str:
    """Where ``store`` is, as settings may keep it: a file's path, or a server URL without password."""
    if store.path is not None:
        return str(store.path)
    return without_password(store.db.url)


__all__ = [
    "SSL_MODES",
    "check_server",
    "ping",
    "read_once_more",
    "server_url",
    "stored_location",
    "without_password",
]
