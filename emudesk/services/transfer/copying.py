"""Copy a whole database (every table: the audit log with its chain intact, the evidence files'
contents in ``evidence_blobs``) to another SQLite file or PostgreSQL database, and prove the copy.

The destination is written all at once or not at all: on PostgreSQL everything (creating the
database if need be, schema upgrade, emptying, copy, sequences, verification) is one transaction;
an SQLite destination is built under a hidden name beside it and renamed over it only once
verified. The copy goes through Core with explicit ids, so it writes no audit entries of its
own: the destination's log is the source's.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    LargeBinary,
    Row,
    Table,
    Text,
    bindparam,
    cast,
    create_engine,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from emudesk.db.audit_chain import pg_writer_lock_sql
from emudesk.db.base import Base
from emudesk.db.engine import create_migration_engine, to_url, translate_errors
from emudesk.db.migrate import (
    alembic_config,
    ensure_recognised,
    head_revision,
    schema_state,
    upgrade,
)
from emudesk.db.roles import audit_keeper, clearing_audit, unreadable_secrets
from emudesk.db.sequences import advance_sequences
from emudesk.domain.errors import EmudeskError, RightsError, StorageError
from emudesk.domain.rights import Role
from emudesk.i18n import _
from emudesk.services.core.audit_log import table_label
from emudesk.services.core.outputs import database_holds_data, same_file, temporary_beside
from emudesk.services.core.store import Store
from emudesk.services.transfer.digest import TableDigest, json_columns, plain_tables, select_rows

Progress = Callable[[int, int, str], None]
BATCH = 2000
FILE_BATCH = 16


class TransferCancelledError(EmudeskError):
    def __init__(self) -> None:
        super().__init__(_("The transfer was cancelled; the destination was left as it was."))


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: str


@dataclass
class TransferResult:
    source: str
    destination: str
    tables: list[TableCopy] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def summary(self) -> str:
        return _(
            "Copied {rows} rows in {tables} tables and {files} evidence files to {db} in {seconds:.1f} s; "
            "every table checked."
        ).format(
            rows=self.rows,
            tables=len(self.tables),
            files=self.files,
            db=self.destination,
            seconds=self.seconds,
        )


def transfer(
    source: str | Path | Store,
    destination: str | Path,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> TransferResult:
    """Copy the database ``source`` (a path, a URL or an open store, left open) to ``destination``
    (a path or a URL), verified table by table.

    Raises:
        StorageError: the destination is the source, holds data (without ``replace``), is not an
            emudesk database or is of a newer version, cannot be reached or written; the copy
            did not verify. Nothing is then written to the destination.
        TransferCancelledError: ``cancel`` was set; nothing is written either.
        RightsError: the server's login may not write there, or may not replace its audit log
            (only the database's owner or a superuser may: the message names the owner).
    """
    started = time.monotonic()
    src_url = source.db.url if isinstance(source, Store) else _url(source)
    dst_url = _url(destination)
    if _same_database(src_url, dst_url):
        raise StorageError(
            _("The destination {db} is the source itself; choose another file or server.").format(
                db=_display(dst_url)
            )
        )
    store = source if isinstance(source, Store) else Store.open(source)
    try:
        _may_read_all(store)
        missing = dst_url.get_backend_name() == "postgresql" and _server_database_missing(dst_url)
        revision = None if missing else _check_destination(dst_url, replace)
        job = _Job(store, progress or (lambda _d, _t, _s: None), cancel or threading.Event())
        try:
            if dst_url.get_backend_name() == "sqlite":
                _to_sqlite(job, dst_url)
            else:
                _to_server(job, dst_url, revision, create=missing)
        except DBAPIError as exc:
            # A refusal by the destination (no right to write or to empty the audit log, a row it
            # will not take): its transaction is rolled back, or its file was never renamed.
            reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0][:200]
            raise StorageError(
                _("{db} refused the copy, and nothing was written to it: {reason}").format(
                    db=_display(dst_url), reason=reason
                )
            ) from exc
    finally:
        if store is not source:
            store.close()
    result = TransferResult(_display(src_url), _display(dst_url), job.copies, job.evidence)
    result.seconds = time.monotonic() - started
    return result


# --- checks before anything is written --------------------------------------------------------


def check_destination(destination: str | Path, *, replace: bool = False) -> str:
    """What a transfer would find at the server ``destination`` (the transfer dialog's
    “Kiểm tra kết nối”): the line to show when it may go there.

    Raises:
        ServerConnectionError: the server cannot be reached or refuses the login, in the user's words.
        StorageError: the database holds data (without ``replace``), is not an emudesk database,
            or is of a newer version.
    """
    url = _url(destination)
    where = {"database": url.database, "host": url.host or "localhost"}
    if url.get_backend_name() == "postgresql" and _server_database_missing(url):
        return _(
            "Connected to the server {host}. It has no database {database} yet: the transfer creates it."
        ).format(**where)
    revision = _check_destination(url, replace)
    if revision is None or not database_holds_data(url):
        return _(
            "Connected: the database {database} on the server {host} is empty; the data goes there."
        ).format(**where)
    return _(
        "Connected: the database {database} on the server {host} holds data, which the transfer replaces."
    ).format(**where)


def _url(target: str | Path) -> URL:
    try:
        return to_url(target)
    except (ArgumentError, ValueError) as exc:
        raise StorageError(
            _(
                "“{target}” is neither a file name nor a database URL (postgresql://user@host/database)."
            ).format(target=target)
        ) from exc


def _same_database(a: URL, b: URL) -> bool:
    if a.get_backend_name() != b.get_backend_name():
        return False
    if a.get_backend_name() == "sqlite":
        return bool(a.database and b.database and same_file(Path(a.database), Path(b.database)))

    def where(u: URL) -> tuple[str, int, str | None]:
        return ((u.host or "localhost").lower(), u.port or 5432, u.database)

    return where(a) == where(b)


def _check_destination(url: URL, replace: bool) -> str | None:
    """The destination's schema revision (None: new or empty); refuses what must not be written."""
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not path.exists():
            if not path.parent.is_dir():
                raise StorageError(_("The folder “{folder}” does not exist.").format(folder=path.parent))
            return None
        if not path.is_file():
            raise StorageError(_("“{path}” is a folder; choose a file name.").format(path=path))
    try:
        state = schema_state(url)
    except StorageError:
        raise
    except Exception as exc:
        raise StorageError(
            _("Cannot open {db}: {reason}").format(db=_display(url), reason=str(exc).strip().splitlines()[0])
        ) from exc
    ensure_recognised(url, state)
    if state.revision is not None and not replace and database_holds_data(url):
        raise StorageError(
            _(
                "The destination {db} already holds data; nothing was written. "
                "To replace everything in it with the copy, tick “Replace the data already there” "
                "(or give --replace)."
            ).format(db=_display(url))
        )
    return state.revision


# --- the copy ---------------------------------------------------------------------------------


@dataclass
class _Job:
    store: Store
    progress: Progress
    cancel: threading.Event
    copies: list[TableCopy] = field(default_factory=list)
    evidence: int = 0
    done: int = 0
    total: int = 0

    def step(self, n: int, label: str) -> None:
        if self.cancel.is_set():
            raise TransferCancelledError()
        self.done += n
        self.progress(self.done, self.total, label)


def _to_server(job: _Job, url: URL, revision: str | None, *, create: bool) -> None:
    """Copy in one transaction; ``create``: make the database first, and drop it if that fails."""
    if create:
        _server_admin(url, f"CREATE DATABASE {_quoted(url)} ENCODING 'UTF8' TEMPLATE template0")
    engine = create_migration_engine(url)
    try:
        with translate_errors(), engine.connect() as conn, conn.begin():
            # No emudesk writer in between (the audit chain's lock, as every write takes).
            conn.exec_driver_sql(pg_writer_lock_sql())
            if revision != head_revision():
                _upgrade_in(conn)
            _may_replace(conn, url)
            _fill(job, conn)
    except BaseException:
        engine.dispose()
        if create:
            _server_admin(url, f"DROP DATABASE IF EXISTS {_quoted(url)} WITH (FORCE)")
        raise
    finally:
        engine.dispose()


def _may_replace(conn: Connection, url: URL) -> None:
    """Refuse a login that may not empty the destination's audit log, as the copy must: once the
    owner has set up users and roles, nobody else may (Quản trị included), so an administrator
    cannot so rewrite the office's history. Checked before a row is copied."""
    owner = audit_keeper(conn)
    if owner is None:
        return
    raise RightsError(
        _(
            "Only the login that owns the database {db} (“{owner}”, the one that ran emudesk init) or "
            "a server superuser may copy a whole database into it: the copy replaces its audit log, "
            "which no member of staff may change, Quản trị included. Nothing was written. Sign in as "
            "“{owner}” for the transfer, or transfer into a new database."
        ).format(db=_display(url), owner=owner)
    )


def _may_read_all(store: Store) -> None:
    """Refuse, before anything is written, a server login that may not read the whole source: the
    office's signing key is the administrators' alone, and a copy without it is not the office."""
    with translate_errors(store.path), store.db.engine.connect() as conn:
        hidden = unreadable_secrets(conn)
    if hidden:
        raise RightsError(
            _(
                "Copying a whole database reads every column, the office's signing key included "
                "({columns}), which on a server only {admin} and the login that owns the database may "
                "read: it signs the packages exchanged with other offices. Your login “{login}” may "
                "not, so nothing was copied. Ask an administrator to make the copy or the backup."
            ).format(columns=", ".join(hidden), admin=Role.ADMIN.label, login=store.db.url.username or "")
        )


def _server_database_missing(url: URL) -> bool:
    """Whether the server answers but has no database of that name (the copy then creates it)."""
    engine = create_migration_engine(url)
    try:
        with engine.connect():
            return False
    except OperationalError as exc:
        text_ = str(exc.orig)
        return "does not exist" in text_ and f'"{url.database}"' in text_
    finally:
        engine.dispose()


def _server_admin(url: URL, statement: str) -> None:
    """One statement outside any transaction, from the server's maintenance database."""
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with translate_errors(), engine.connect() as conn:
            conn.exec_driver_sql(statement)
    except DBAPIError as exc:
        reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0][:200]
        raise StorageError(
            _(
                "The database {db} does not exist and could not be created ({reason}). Ask the "
                "server's administrator to create it (createdb), then transfer again."
            ).format(db=_display(url), reason=reason)
        ) from exc
    finally:
        engine.dispose()


def _quoted(url: URL) -> str:
    return '"' + (url.database or "").replace('"', '""') + '"'


def _to_sqlite(job: _Job, url: URL) -> None:
    path = Path(url.database or "")
    tmp = temporary_beside(path)
    try:
        with translate_errors(tmp):
            upgrade(to_url(tmp))
            engine = create_migration_engine(to_url(tmp))
            try:
                with engine.connect() as conn, conn.begin():
                    _fill(job, conn)
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if problems:
                        raise StorageError(_not_verified(str(problems[0][0])))
            finally:
                engine.dispose()
        if path.exists():
            _release(path)
        tmp.replace(path)
    finally:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def _release(path: Path) -> None:
    """Fold the file's write-ahead log into it, or a stale log would be read into the new file.

    Leaving WAL mode needs the only connection: a file another program has open is refused.
    """
    try:
        con = sqlite3.connect(path, timeout=2)
        try:
            mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StorageError(
            _("The destination {path} is being used by another program: {reason}").format(
                path=path, reason=exc
            )
        ) from exc
    if not mode or str(mode[0]).lower() != "delete":
        raise StorageError(
            _("The destination {path} is being used by another program: {reason}").format(
                path=path, reason=mode[0] if mode else "?"
            )
        )


def _upgrade_in(conn: Connection) -> None:
    """Bring the destination to the schema head inside the copy's transaction (PostgreSQL DDL is
    transactional, so a failed copy takes the new tables away again)."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


@contextmanager
def _source_rows(job: _Job) -> Iterator[Connection]:
    """One read transaction over the whole source: a consistent copy even while others write."""
    engine = job.store.db.engine
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with translate_errors(job.store.path), engine.connect() as conn, conn.begin():
        yield conn


def _fill(job: _Job, dst: Connection) -> None:
    tables = plain_tables()
    with _source_rows(job) as src:
        counts = {t.name: int(src.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}
        job.evidence = counts.get("evidence_files", 0)
        job.total = 2 * sum(counts.values())
        job.step(0, "")
        # The right to empty the audit log lasts only as long as the emptying (on a server).
        with clearing_audit(dst):
            for table in reversed(tables):
                dst.execute(table.delete())
        sources: dict[str, str] = {}
        for table in tables:
            sources[table.name] = _copy_table(job, src, dst, table)
    advance_sequences(dst)
    for table in tables:
        digest = TableDigest(table)
        with _rows(dst, table) as parts:
            for part in parts:
                digest.add(part)
                job.step(len(part), _("Checking {table}").format(table=table_label(table.name)))
        checksum = digest.hexdigest()
        if digest.rows != counts[table.name] or checksum != sources[table.name]:
            raise StorageError(_not_verified(table.name))
        job.copies.append(TableCopy(table.name, digest.rows, checksum))


def _copy_table(job: _Job, src: Connection, dst: Connection, table: Table) -> str:
    """Copy one table in batches; its source checksum. A row pointing at a later row of its own
    table (a unit under a newer parent) goes in without that link, set once all are in."""
    names = [c.name for c in table.columns]
    model = Base.metadata.tables[table.name]
    own = [(fk.parent.name, fk.column.name) for fk in model.foreign_keys if fk.column.table is model]
    pk = [c.name for c in table.primary_key.columns]
    seen: dict[str, set[Any]] = {ref: set() for _col, ref in own}
    later: list[dict[str, Any]] = []
    digest = TableDigest(table)
    label = _("Copying {table}").format(table=table_label(table.name))
    statement = insert(table)
    if dst.dialect.name == "postgresql":
        # JSON goes over as its text; the server makes json of it (json keeps the text as is).
        statement = statement.values({c: cast(bindparam(c, type_=Text()), JSON) for c in json_columns(table)})
    with _rows(src, table) as parts:
        for part in parts:
            digest.add(part)
            rows = [dict(zip(names, row, strict=True)) for row in part]
            for row in rows:
                for ref in seen:
                    seen[ref].add(row[ref])
                for col, ref in own:
                    if row[col] is not None and row[col] not in seen[ref]:
                        later.append({**{f"k_{k}": row[k] for k in pk}, "col": col, "v": row[col]})
                        row[col] = None
            dst.execute(statement, rows)
            job.step(len(rows), label)
    for col, _ref in own:
        links = [{"k_" + k: p["k_" + k] for k in pk} | {"v": p["v"]} for p in later if p["col"] == col]
        if links:
            where = [table.c[k] == bindparam("k_" + k) for k in pk]
            dst.execute(update(table).where(*where).values({col: bindparam("v")}), links)
    return digest.hexdigest()


@contextmanager
def _rows(conn: Connection, table: Table) -> Iterator[Iterator[Sequence[Row[Any]]]]:
    """The table's rows in batches (a server-side cursor on PostgreSQL), closed however it ends."""
    result = conn.execution_options(yield_per=_batch(table)).execute(select_rows(table, conn.dialect.name))
    try:
        yield result.partitions()
    finally:
        result.close()


def _batch(table: Table) -> int:
    """Rows per batch: fewer where a row may carry a whole file (a table of evidence contents)."""
    model = Base.metadata.tables[table.name]
    files = [c for c in model.columns if isinstance(c.type, LargeBinary) and c.name != "sort_key"]
    return FILE_BATCH if files else BATCH


def _not_verified(table: str) -> str:
    return _(
        "The copy of table {table} does not match the source (row count or checksum); "
        "nothing was written to the destination."
    ).format(table=f"{table_label(table)} ({table})")


def _display(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)
