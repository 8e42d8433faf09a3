"""Schema versions: create, upgrade (after a backup) and refuse databases from a newer emudesk.

Alembic is imported only to create or upgrade a database: opening one at the head revision
reads the revision chain from the migration files' headers and the database's
``alembic_version`` row directly, which keeps Alembic off the start-up path.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.engine import URL

from emudesk.db.engine import (
    SCHEMA_READ,
    Database,
    create_db_engine,
    create_migration_engine,
    enable_wal,
    to_url,
    translate_errors,
)
from emudesk.db.integrity import DamagedDatabaseError, damaged, ensure_intact, is_corruption
from emudesk.db.location import Share, cannot_prepare_reason, network_share, read_only_reason
from emudesk.domain.errors import NetworkShareError, StorageError
from emudesk.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_HEADER = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def alembic_config(url: URL | None = None) -> Config:
    from alembic.config import Config

    # Built in code: no alembic.ini at run time, which also keeps frozen builds simple.
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        cfg.attributes["url"] = url
    return cfg


@functools.cache
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the migration files' headers (checked against Alembic
    in tests/db/test_migrations.py)."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        fields = {k: v.strip() for k, v in _HEADER.findall(path.read_text(encoding="utf-8"))}
        if "revision" not in fields:
            continue
        down = fields.get("down_revision", "None")
        graph[fields["revision"].strip("'\"")] = None if down == "None" else down.strip("'\"")
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must form one chain; heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revision(conn: Connection) -> str | None:
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


@dataclass(frozen=True)
class SchemaState:
    revision: str | None
    has_tables: bool
    columns: frozenset[tuple[str, str]] = frozenset()


# Every (table, column) of the database in one query: an open must stay quick.
_SQLITE_COLUMNS = (
    "SELECT m.name, c.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS c WHERE m.type = 'table'"
)
# The catalogue, not information_schema: that one hides the columns the login may not read (the
# office's private key), which would look like a column missing.
_SERVER_COLUMNS = (
    "SELECT c.relname, a.attname FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid "
    "JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
    "AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
)


def schema_state(url: URL) -> SchemaState:
    engine = create_migration_engine(url)
    try:
        path = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
        with translate_errors(path, url=url), engine.connect() as conn:
            conn.execution_options(**{SCHEMA_READ: True})
            names = set(inspect(conn).get_table_names())
            query = _SQLITE_COLUMNS if url.get_backend_name() == "sqlite" else _SERVER_COLUMNS
            columns = frozenset((str(t), str(c)) for t, c in conn.execute(text(query)))
            revision = current_revision(conn) if "alembic_version" in names else None
            return SchemaState(revision, bool(names), columns)
    finally:
        engine.dispose()


def missing_parts(state: SchemaState) -> list[str]:
    """The tables (or, in tables that are there, columns) the models expect and the database lacks."""
    from emudesk.db import models  # noqa: F401 - every table registered on Base.metadata
    from emudesk.db.base import Base

    have = state.columns
    tables = {t for t, _c in have}
    out: list[str] = []
    for table in Base.metadata.sorted_tables:
        if table.name not in tables:
            out.append(table.name)
            continue
        out.extend(f"{table.name}.{c.name}" for c in table.columns if (table.name, c.name) not in have)
    return out


def _ensure_complete(url: URL, state: SchemaState) -> None:
    """Refuse a database at the current schema that lacks tables or columns (a file cut down by
    hand or by another program): writes would fail half-way, or be lost."""
    missing = missing_parts(state)
    if not missing:
        return
    shown = ", ".join(missing[:8]) + (", …" if len(missing) > 8 else "")
    detail = _("it is incomplete: {parts} missing").format(parts=shown)
    if url.get_backend_name() == "sqlite" and url.database:
        raise damaged(Path(url.database), detail)
    raise DamagedDatabaseError(
        _("The database {db} is damaged ({detail}). emudesk has not written to it.").format(
            db=_display(url), detail=detail
        )
    )


def upgrade(url: URL, revision: str = "head", *, evidence_folder: Path | None = None) -> list[str]:
    """Upgrade to ``revision``; what the migrations had to tell the user (files not moved in).

    ``evidence_folder``: where the evidence files of an older database are, when not beside it.
    """
    from alembic import command

    cfg = alembic_config(url)
    if evidence_folder is not None:
        cfg.attributes["evidence_folder"] = evidence_folder
    command.upgrade(cfg, revision)
    _status_trigger_again(url)
    if url.get_backend_name() == "postgresql":
        _grant_again(url)
    return [str(n) for n in cfg.attributes.get("notices", [])]


def _status_trigger_again(url: URL) -> None:
    """A later migration that rebuilt the nominations table on SQLite dropped its trigger
    (``db/status_events.py``): create it again wherever the table has the counter it watches."""
    from sqlalchemy import inspect

    from emudesk.db.status_events import create_trigger, has_trigger

    engine = create_migration_engine(url)
    try:
        with engine.begin() as conn:
            schema = inspect(conn)
            if not schema.has_table("nominations"):
                return
            columns = {c["name"] for c in schema.get_columns("nominations")}
            if "status_moves" in columns and not has_trigger(conn):
                create_trigger(conn)
    finally:
        engine.dispose()


def _grant_again(url: URL) -> None:
    """Give tables made by this upgrade's migrations their duty's rights (``db/roles.py``)."""
    from emudesk.db.roles import apply_grants

    engine = create_migration_engine(url)
    try:
        with engine.begin() as conn:
            apply_grants(conn)
    finally:
        engine.dispose()


def downgrade(url: URL, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def backup_sqlite(path: Path, destination: Path) -> Path:
    """Copy a live SQLite database consistently (the online backup API, safe under WAL).

    The API copies pages as they are, damaged ones too, so the copy is checked before it counts
    as a backup: a damaged file raises DamagedDatabaseError and leaves no copy behind.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = sqlite3.connect(path)
        try:
            dst = sqlite3.connect(destination)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        destination.unlink(missing_ok=True)
        if is_corruption(exc):
            raise damaged(path, _("SQLite reports: {reason}").format(reason=str(exc).strip())) from exc
        raise _copy_failed(exc) from exc
    try:
        ensure_intact(destination, thorough=True, immutable=True)
    except DamagedDatabaseError as exc:
        destination.unlink(missing_ok=True)
        detail = _("a copy of it fails SQLite's integrity check, so no backup was written")
        raise damaged(path, detail) from exc
    return destination


def _copy_failed(exc: sqlite3.Error) -> StorageError:
    text = str(exc).lower()
    if "full" in text or "i/o" in text:
        reason = _("the disk it was being written to is full or cannot be written to")
    elif "locked" in text or "busy" in text:
        reason = _("the database is being used by another program")
    elif "readonly" in text or "unable to open" in text:
        reason = _("its folder cannot be written to")
    else:
        reason = str(exc).strip()
    return StorageError(_("No copy of the database was written: {reason}.").format(reason=reason))


def _pre_upgrade_backup(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    final = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    # Copied under a hidden name and renamed once whole and checked: a crash in the middle of the
    # copy must not leave a part of the file under the name the restore advice points to.
    partial = final.with_name(f".{final.name}.partial")
    _sweep_partial_copies(path)
    backup_sqlite(path, partial)
    return partial.replace(final)


# A copy still being written by another program's upgrade is minutes old at most.
_STALE_PARTIAL_SECONDS = 6 * 3600


def _sweep_partial_copies(path: Path) -> None:
    """Remove the hidden part-copies a killed upgrade left beside the database (hours old)."""
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.stem)}.before-upgrade-*.partial"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > _STALE_PARTIAL_SECONDS:
                leftover.unlink()


def open_database(
    target: str | Path,
    *,
    create: bool = False,
    allow_network: bool = False,
    on_backup: Callable[[Path], None] | None = None,
    verify: bool = False,
    on_notice: Callable[[str], None] | None = None,
    evidence_folder: Path | None = None,
) -> Database:
    """Open (and if needed create or upgrade) an emudesk database.

    Args:
        target: a file path (SQLite) or an SQLAlchemy URL (``postgresql://…``).
        create: create a new database when the file does not exist.
        allow_network: open an SQLite file on a network share for writing anyway (not recommended).
        on_backup: told where the pre-upgrade backup was written.
        verify: read every page of an SQLite file before opening it (``emudesk check``); without
            it only the header, the write-ahead log and the list of tables are checked.
        on_notice: told what an upgrade has to say (evidence files it could not move in).
        evidence_folder: where an older database's evidence files are, when not beside it.

    Raises:
        StorageError: missing, foreign, corrupt or newer database; unreachable server. A damaged
            file raises DamagedDatabaseError before anything has written to it.
    """
    url = to_url(target)
    path: Path | None = None
    share: Share | None = None
    if url.get_backend_name() == "sqlite" and url.database:
        path = Path(url.database)
        share = None if allow_network else network_share(path)
        if not path.exists():
            if not create:
                raise StorageError(_("Database file {path} does not exist.").format(path=path))
            if share is not None:
                raise NetworkShareError(cannot_prepare_reason(path, share), path=str(path))
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.is_file():
            # A folder or a device (/dev/null): SQLite would leave a -journal beside it.
            raise StorageError(
                _("{path} is not a database file: it is a folder or a device.").format(path=path)
            )
        else:
            ensure_intact(path, thorough=verify)
    state = _safe_state(url)
    head = head_revision()
    ensure_recognised(url, state)
    if state.revision != head:
        if share is not None and path is not None:
            raise NetworkShareError(cannot_prepare_reason(path, share), path=str(path))
        state = _upgrade(url, state.revision, on_backup, on_notice, evidence_folder)
    _ensure_complete(url, state)
    engine = create_db_engine(url)
    if share is not None and path is not None:
        # Read-only there: no WAL switch (its shared memory is what breaks over a network), and
        # the driver refuses writes too, whatever reaches it.
        event.listen(engine, "connect", _query_only)
        return Database(url=url, engine=engine, read_only=read_only_reason(path, share))
    if url.get_backend_name() == "sqlite" and url.database:
        enable_wal(Path(url.database))
    return Database(url=url, engine=engine)


def _query_only(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.execute("PRAGMA query_only=ON")


def _upgrade(
    url: URL,
    revision: str | None,
    on_backup: Callable[[Path], None] | None,
    on_notice: Callable[[str], None] | None = None,
    evidence_folder: Path | None = None,
) -> SchemaState:
    """Upgrade to the head revision after a backup of an SQLite file; the state after it.

    The whole upgrade is one transaction (migrations/env.py), so a failed one leaves the file as
    it was: its backup is then removed, or each new attempt would leave another full copy.
    """
    backup = None
    if revision is not None and url.get_backend_name() == "sqlite" and url.database:
        backup = _pre_upgrade_backup(Path(url.database), revision)
    try:
        notices = upgrade(url, evidence_folder=evidence_folder)
    except Exception as exc:
        unchanged = _safe_state(url).revision == revision
        if backup is not None and unchanged:
            backup.unlink(missing_ok=True)
            backup = None
        raise StorageError(_upgrade_failed(url, exc, unchanged, backup)) from exc
    if backup is not None and on_backup is not None:
        on_backup(backup)
    for notice in notices:
        if on_notice is not None:
            on_notice(notice)
    return _safe_state(url)


def _upgrade_failed(url: URL, exc: BaseException, unchanged: bool, backup: Path | None) -> str:
    """What went wrong, for a clerk: no SQL, the driver's one-line reason only as a detail."""
    if isinstance(exc, StorageError):
        reason = str(exc)
    else:
        orig = getattr(exc, "orig", None) or exc
        reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0][:200]
    if unchanged:
        text = _(
            "emudesk could not bring the database {db} up to this version, and left it as it was. "
            "Go on using it with the version of emudesk that wrote it, and send this message to "
            "whoever supports emudesk. (Detail: {reason})"
        )
    else:
        text = _(
            "emudesk could not bring the database {db} up to this version. A copy made before the "
            "attempt is {backup}; send this message to whoever supports emudesk. (Detail: {reason})"
        )
    return text.format(db=_display(url), reason=reason, backup=backup)


def _safe_state(url: URL) -> SchemaState:
    try:
        return schema_state(url)
    except StorageError:
        raise
    except Exception as exc:
        raise StorageError(
            _("Cannot open {db}: {reason}").format(db=_display(url), reason=str(exc).splitlines()[0])
        ) from exc


def ensure_recognised(url: URL, state: SchemaState) -> None:
    """Refuse tables that are not emudesk's, or a schema a newer emudesk wrote."""
    if state.revision is None and state.has_tables:
        raise StorageError(_("{db} is not an emudesk database.").format(db=_display(url)))
    if state.revision is not None and state.revision not in known_revisions():
        raise StorageError(
            _(
                "{db} was written by a newer version of emudesk (schema {rev}). "
                "Install the newer version to open it."
            ).format(db=_display(url), rev=state.revision)
        )


def _display(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)


__all__ = ["Database", "backup_sqlite", "head_revision", "open_database", "to_url", "upgrade"]
