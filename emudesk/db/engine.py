"""Opening a database: SQLite file (default) or any SQLAlchemy URL, with safe settings.

``open_database`` never builds an engine at import time; the app opens the file
the user picks. Write transactions on SQLite start with BEGIN IMMEDIATE so a
transaction that counts quota places holds the write lock before it counts.
"""

from __future__ import annotations

import getpass
import logging
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from emudesk.db import (  # noqa: F401 - registers listeners
    audit,
    audit_chain,
    changes_capture,
    derived,
    roles,
    text_guard,
)
from emudesk.db.connection import Stage, is_connection_lost, server_connect_args, server_error
from emudesk.db.integrity import corruption_error, ensure_writable, is_corruption
from emudesk.db.search import SQLITE_FOLD, sqlite_fold
from emudesk.domain.errors import ReadOnlyDatabaseError, RightsError, StorageError
from emudesk.domain.rights import Role
from emudesk.i18n import _

_WRITE = "emudesk_write"
# PostgreSQL's SQLSTATE for a GRANT (or emudesk's own triggers, db/roles.py) refusing a statement.
_INSUFFICIENT_PRIVILEGE = "42501"
# How long a write waits for another program's lock on an SQLite file before it is refused.
BUSY_TIMEOUT_MS = 10_000


class EmudeskSession(Session):
    """Session class carrying the audit hook (so plain ``Session`` users are unaffected)."""


audit.install(EmudeskSession)
changes_capture.install(EmudeskSession)

log = logging.getLogger("emudesk.db")
T = TypeVar("T")


class ServerReadSession(EmudeskSession):
    """A read session on a server: a statement cut short by a lost connection runs once more.

    pool_pre_ping replaces a connection that died while idle in the pool; this covers one that
    dies during a read (the server restarted, the network dropped, the backend was terminated).
    A read session never writes and PostgreSQL gives each statement of a READ COMMITTED
    transaction its own snapshot, so the statement run again on a fresh connection answers as it
    would have. Every way the ORM reads (``get``, ``scalars``, lazy loads) goes through these.
    The window's many short reads on the GUI thread get the retry that ``read_once_more`` gives
    work on the reader thread.
    """

    _RETRIED = "emudesk_retried"

    def _once_more(self, run: Any) -> Any:
        try:
            return run()
        except DBAPIError as exc:
            if self.info.get(self._RETRIED) or not is_connection_lost(exc):
                raise
            self.info[self._RETRIED] = True
            log.warning("connection lost during a read; running it again: %s", exc.orig)
            self.rollback()  # lets go of the dead connection; the next statement takes a fresh one
            return run()

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        return self._once_more(lambda: super(ServerReadSession, self).execute(*args, **kwargs))

    def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return self._once_more(lambda: super(ServerReadSession, self).scalars(*args, **kwargs))

    def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return self._once_more(lambda: super(ServerReadSession, self).scalar(*args, **kwargs))


def to_url(target: str | Path) -> URL:
    """A path or a URL string to a SQLAlchemy URL (``postgresql://`` means psycopg 3)."""
    text = str(target)
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    url = make_url(text)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


@dataclass
class Database:
    """An open database: its engine and the two kinds of session.

    Attributes:
        url: where it is.
        actor: the name written into the audit log for changes made through this object.
    """

    url: URL
    engine: Engine
    actor: str = field(default_factory=lambda: _default_actor())
    read_only: str | None = None  # why writes are refused (a file on a network share), or None
    _read_factory: sessionmaker[EmudeskSession] = field(init=False, repr=False)
    _write_factory: sessionmaker[EmudeskSession] = field(init=False, repr=False)
    _writable: bool = field(default=False, init=False, repr=False)
    _writable_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _identity: tuple[int, int] | None = field(default=None, init=False, repr=False)
    _signed_in: tuple[str, Role | None] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._identity = _file_identity(self.path)
        reads = EmudeskSession if self.is_sqlite else ServerReadSession
        self._read_factory = sessionmaker(bind=self.engine, class_=reads, expire_on_commit=False)
        write_engine = self.engine.execution_options(**{_WRITE: True})
        self._write_factory = sessionmaker(bind=write_engine, class_=EmudeskSession, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        return Path(self.url.database) if self.is_sqlite and self.url.database else None

    def signed_in(self) -> tuple[str, Role | None] | None:
        """On a server: the login (``session_user``) and its role in this database (None for the
        tables' owner or a superuser, who are in no group); on an SQLite file: None (one user,
        the computer's login, who may do everything). Asked once per open."""
        if self.is_sqlite:
            return None
        if self._signed_in is None:
            with translate_errors(None), self.engine.connect() as conn:
                login = str(conn.execute(text("SELECT session_user")).scalar())
                self._signed_in = (login, roles.role_of(conn, login))
                self.actor = login
        return self._signed_in

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it never commits."""
        self._ensure_same_file()
        session = self._read_factory()
        try:
            with translate_errors(self.path, url=self.url):
                yield session
        finally:
            # close() ends the transaction without expiring loaded objects (rollback() would).
            session.close()

    @contextmanager
    def write(
        self, actor: str | None = None, *, capture: changes_capture.Capture | None = None
    ) -> Iterator[Session]:
        """One transaction: commit when the block succeeds, roll back on any error.

        The first write to an SQLite file reads all of it first (``ensure_writable``): a damaged
        file raises DamagedDatabaseError and is left as it was. With ``capture``, every row the
        transaction changes is noted there (``capture.result`` once committed), for undo.
        """
        if self.read_only is not None:
            raise ReadOnlyDatabaseError(self.read_only)
        self._ensure_same_file()
        self._ensure_writable()
        signed_in = self.signed_in()
        session = self._write_factory()
        if signed_in is None:
            session.info["actor"] = actor or self.actor
            session.info["role"] = None
        else:
            # A staff login is named in the audit log as itself, whatever the caller says (the
            # server refuses any other name: db/roles.py); the owner may write on behalf of others.
            login, role = signed_in
            session.info["actor"] = login if role is not None else (actor or login)
            session.info["role"] = role
        try:
            with translate_errors(self.path, url=self.url, stage="write"):
                if capture is None:
                    yield session
                else:
                    with changes_capture.attach(session, capture):
                        yield session
                        session.flush()
                        capture.finish(session.connection())
                # Flushed here, so that a connection lost now is known not to have saved anything.
                session.flush()
                self._ensure_same_file()
            with translate_errors(self.path, url=self.url, stage="commit"):
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _ensure_same_file(self) -> None:
        """Refuse to go on with a file deleted, moved or replaced since it was opened.

        On Linux and macOS the open connections keep a deleted file alive: what is written to it
        vanishes when emudesk closes, and a new connection would create an empty file in its place.
        """
        if self._identity is not None and _file_identity(self.path) != self._identity:
            raise StorageError(
                _(
                    "The database file {path} was deleted, moved or replaced while emudesk had it "
                    "open. Nothing was saved. Close emudesk and open the file from where it is now, "
                    "or restore it from a backup."
                ).format(path=self.path)
            )

    def _ensure_writable(self) -> None:
        if not self._writable:
            self._read_all_pages(untouched=True)

    def check_pages(self) -> None:
        """Read every page of an SQLite file, as the first write would; any thread may call it.

        The window's background read and the first write share one read per open: whichever
        comes first reads the file, the other finds it done (or waits, rather than reading again).
        The message of damage found here does not claim the file untouched, like a failed read's.
        """
        self._read_all_pages(untouched=False)

    def _read_all_pages(self, *, untouched: bool) -> None:
        path = self.path
        if path is None:
            return
        with self._writable_lock:
            if not self._writable:
                ensure_writable(path, untouched=untouched)
                self._writable = True

    def dispose(self) -> None:
        self.engine.dispose()


def _file_identity(path: Path | None) -> tuple[int, int] | None:
    """(device, inode) of a file, or None for a server or a file that is not there."""
    if path is None:
        return None
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors when no name is set
        return "emudesk"


@contextmanager
def translate_errors(
    path: Path | None = None, *, url: URL | None = None, stage: Stage = "read"
) -> Iterator[None]:
    """Turn driver errors that users can act on into StorageError; others are bugs and propagate.

    ``path``: the SQLite file, named with the advice on restoring it when a read finds it damaged.
    ``url``: the server, named when it cannot be reached; ``stage``: what a lost connection cut
    short (a read, a write before its commit, or the commit itself, whose outcome is then unknown).
    """
    try:
        yield
    except DBAPIError as exc:
        cause = _hidden_cause(exc)
        if getattr(cause.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
            # A write the services did not check first (their map is in services/core/rights.py).
            raise RightsError(
                _(
                    "The database server refused this change: your login's role does not allow it. "
                    "Nothing was saved. Ask the office's administrator if you need this right."
                )
            ) from exc
        if path is None and (url is None or url.get_backend_name() != "sqlite"):
            trouble = server_error(cause, url, stage)
            if trouble is not None:
                raise trouble from exc
        if is_corruption(cause.orig):
            raise corruption_error(path, cause.orig) from exc
        if isinstance(cause, OperationalError):
            raise StorageError(storage_message(cause)) from exc
        raise


def _hidden_cause(exc: DBAPIError) -> DBAPIError:
    """The error behind a failed rollback to a savepoint.

    On a full disk or an I/O error SQLite rolls the whole transaction back itself, so the
    savepoint a service then rolls back to is gone, and that second error would hide the first.
    """
    text = str(exc.orig).lower()
    if "no such savepoint" not in text and "no transaction is active" not in text:
        return exc
    context = exc.__context__
    while context is not None:
        if isinstance(context, DBAPIError):
            return context
        context = context.__context__
    return exc


def storage_message(exc: DBAPIError) -> str:
    text = str(exc.orig).lower()
    if "lock timeout" in text:  # a server's
        return _("The database is busy (another program or user is writing). Try again in a moment.")
    if "locked" in text or "busy" in text:
        return _(
            "The database file is being used by another program (or another emudesk window) that "
            "kept it locked for {seconds} seconds. Nothing was saved: close the other program, or "
            "try again in a moment."
        ).format(seconds=max(1, round(BUSY_TIMEOUT_MS / 1000)))
    if "readonly" in text or "read-only" in text:
        return _(
            "The database file is read-only: emudesk can show it but not change it. Nothing was "
            "saved. To make changes, clear the file's read-only mark or copy it to a folder you "
            "can write to."
        )
    if "disk is full" in text or "no space" in text:
        return _("The disk holding the database is full. Nothing was saved: free some space and try again.")
    if "disk i/o error" in text:
        return _(
            "The disk holding the database cannot be written to: it may be full, removed or failing. "
            "Nothing was saved."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return _("The database file is damaged. Restore it from a backup.")
    if "could not connect" in text or "connection refused" in text or "connection" in text:
        return _("Cannot connect to the database server: {reason}").format(reason=str(exc.orig).strip())
    return _("The database reported an error: {reason}").format(reason=str(exc.orig).strip())


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver so the "begin" hook decides between BEGIN and BEGIN IMMEDIATE.
    dbapi_conn.isolation_level = None
    dbapi_conn.create_function(SQLITE_FOLD, 1, sqlite_fold, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def is_write_connection(conn: Any) -> bool:
    """Whether ``conn`` belongs to a write session (``Store.write``)."""
    return bool(conn.get_execution_options().get(_WRITE))


def _sqlite_begin(conn: Any) -> None:
    audit_chain.forget_writer_lock(conn)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def _pg_begin(conn: Any) -> None:
    # One writer at a time, as on SQLite: the audit chain needs its appends in commit order, and
    # a lock taken before any row lock cannot deadlock with them (db/audit_chain.py).
    # Every transaction begins here: a mark left by an earlier one (ended, rolled back or cut short
    # with its connection) goes before this one says whether it holds the lock.
    audit_chain.forget_writer_lock(conn)
    if conn.get_execution_options().get(_WRITE):
        # Taken by the transaction's first statement, before it runs (``_pg_before_execute``), or
        # by that statement itself when it carries the lock: one round trip fewer.
        audit_chain.lock_when_first_sent(conn)


def _pg_before_execute(
    conn: Any, _clause: object, _multiparams: object, _params: object, options: Mapping[str, Any]
) -> None:
    audit_chain.before_statement(conn, options)


def create_db_engine(url: URL, *, echo: bool = False) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "rollback_savepoint", _forget_head)
        return engine
    engine = create_engine(url, echo=echo, pool_pre_ping=True, connect_args=server_connect_args(url))
    if url.get_backend_name() == "postgresql":
        event.listen(engine, "begin", _pg_begin)
        event.listen(engine, "before_execute", _pg_before_execute)
        event.listen(engine, "rollback_savepoint", _forget_head)
    return engine


def _forget_head(conn: Any, _name: object, _context: object) -> None:
    # The audit entries after the savepoint are gone: a head read after them is no longer the head.
    audit_chain.forget_head(conn)


SCHEMA_READ = "emudesk_schema_read"


def create_migration_engine(url: URL) -> Engine:
    """An engine for Alembic: no pooling, foreign keys off while batch operations copy tables."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def _fk_off(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=OFF")
            cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
            cur.close()

        # One real transaction around every migration step, DDL included, so a failed
        # upgrade leaves the file exactly as it was.
        # A read of the schema (``SCHEMA_READ``) takes no write lock: twenty programs opening the
        # file at once would otherwise queue for it, and some would give up as "busy".
        event.listen(
            engine,
            "begin",
            lambda conn: conn.exec_driver_sql(
                "BEGIN" if conn.get_execution_options().get(SCHEMA_READ) else "BEGIN IMMEDIATE"
            ),
        )
        return engine
    return create_engine(url, poolclass=NullPool, connect_args=server_connect_args(url))


def enable_wal(path: Path) -> None:
    """WAL survives in the file; only on local disks (WAL needs shared memory)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()
