"""Where a command may write a file, and how: the one place every writing command asks.

An output is never the open database (nor its ``-wal``/``-journal``/``-shm``), never an input of
the same command, never a folder or a device; an existing file that emudesk did not write is
replaced only when the user says so (``--force``). Files appear complete or not at all: they are
written beside the target under a temporary name, then renamed over it.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sqlite3
import stat
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from emudesk import paths
from emudesk.db.base import Base
from emudesk.db.engine import create_migration_engine, to_url, translate_errors
from emudesk.db.migrate import backup_sqlite
from emudesk.domain.errors import StorageError
from emudesk.export import storage_error
from emudesk.i18n import _

# What emudesk's own workbooks carry as "last modified by", and its PDFs as their creator. A
# spreadsheet program that saves the file puts its user's name there, so a template a clerk has
# filled in is no longer "ours" and is protected like any other file.
OWN_MARK = "emudesk"
_SIDECARS = ("-wal", "-journal", "-shm")
_NAME_MAX = 255  # bytes in one file name on every file system an office uses
_SQLITE_HEADER = b"SQLite format 3\x00"
# Tables a new database already fills (the catalogue, rule sets, salaries): rows there alone do
# not make a database "hold data". tests/services/transfer checks the list against a new one.
SEEDED = frozenset({"award_forms", "base_salaries", "rule_sets", "unit_kinds", "rules"})


def database_path(location: str | Path | None) -> Path | None:
    """The SQLite file ``--db`` names (default: the configured database); None for a server."""
    target = location if location is not None else paths.configured_database()
    try:
        url = to_url(target)
    except ArgumentError:
        return None  # opening it says what is wrong with it
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def database_files(database: Path | None) -> list[Path]:
    """The database file and the files SQLite keeps beside it."""
    if database is None:
        return []
    return [database, *(database.with_name(database.name + s) for s in _SIDECARS)]


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are the same file: same resolved path, or the same inode."""
    try:
        if a.resolve() == b.resolve():
            return True
    except (OSError, RuntimeError):
        pass
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(
    target: str | Path,
    *,
    database: Path | None = None,
    inputs: Iterable[str | Path] = (),
    force: bool = False,
    kind: str | None = None,
    make_folder: bool = False,
) -> Path:
    """Refuse ``target`` before anything is written or committed, with a message saying why.

    Args:
        database: the open (or about to be opened) SQLite file, see ``database_path``.
        inputs: the files the same command reads.
        force: the user agreed to replace an existing file emudesk did not write.
        kind: what the command writes ("xlsx", "pdf", "png"); an existing file of that kind that
            emudesk wrote is replaced without ``force``. None (a backup, a picture): never.
        make_folder: the command creates a missing folder (backups); its nearest existing
            ancestor must then be a writable folder.

    Returns:
        ``target`` as a Path.

    Raises:
        StorageError: the target is the database, an input, a folder or a device, its folder is
            missing or not writable, its name is too long, or it exists and ``force`` is not set.
    """
    path = Path(target).expanduser()
    if len(os.fsencode(path.name)) > _NAME_MAX:
        raise StorageError(
            _("“{name}” is not a valid file name on this computer.").format(name=path.name[:60] + "…")
        )
    try:
        is_folder = not path.name or path.is_dir()
    except OSError as exc:  # a path longer than the system allows, a folder we may not look into
        raise storage_error(exc, path) from exc
    if is_folder:
        raise StorageError(_("“{path}” is a folder; choose a file name.").format(path=path))
    for protected in database_files(database):
        if same_file(path, protected):
            raise StorageError(
                _("“{path}” is the database in use; choose another file name.").format(path=path)
            )
    for source in inputs:
        if same_file(path, Path(source)):
            raise StorageError(
                _("“{path}” is the file being read; choose another file name.").format(path=path)
            )
    folder = path.parent
    if make_folder:
        while not folder.exists() and folder.parent != folder:
            folder = folder.parent
    if not folder.is_dir():
        raise StorageError(_("The folder “{folder}” does not exist.").format(folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(
            _(
                "Cannot write “{path}”: permission denied. Check that the folder “{folder}” is writable "
                "and that the file is not open in another program."
            ).format(path=path, folder=folder)
        )
    try:
        mode = path.lstat().st_mode if path.is_symlink() else path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise storage_error(exc, path) from exc
    if not stat.S_ISREG(mode):
        raise StorageError(_("“{path}” is not an ordinary file; choose another file name.").format(path=path))
    if not force and kind is None:
        raise StorageError(_("“{path}” already exists; give --force to replace it.").format(path=path))
    if not force and kind is not None and not is_own_output(path, kind):
        raise StorageError(
            _("“{path}” already exists and was not written by emudesk; give --force to replace it.").format(
                path=path
            )
        )
    return path


def is_own_output(path: Path, kind: str) -> bool:
    """True when ``path`` is a ``kind`` file (xlsx, docx, pdf, png, ics) emudesk wrote, unsaved since."""
    try:
        if kind in ("xlsx", "docx"):  # both keep "last modified by" in docProps/core.xml
            with zipfile.ZipFile(path) as book:
                info = book.getinfo("docProps/core.xml")
                if info.file_size > 64 * 1024:
                    return False
                core = book.read(info)
            mark = rb"<(?:[\w.-]+:)?lastModifiedBy>\s*" + OWN_MARK.encode() + rb"\s*</"
            return re.search(mark, core) is not None
        if kind == "png":
            return _png_software(path) == OWN_MARK
        if kind == "ics":  # services/campaigns/reminders.py: PRODID "-//emudesk//…"
            with open(path, "rb") as fh:
                head = fh.read(4096)
            return head.startswith(b"BEGIN:VCALENDAR") and b"PRODID:-//" + OWN_MARK.encode() + b"//" in head
        if kind == "pdf":
            with open(path, "rb") as fh:
                if fh.read(5) != b"%PDF-":
                    return False
                # The information dictionary is near one end of the file or the other.
                head = fh.read(64 * 1024)
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - 64 * 1024))
                tail = fh.read()
            mark = b"/Creator (" + OWN_MARK.encode() + b")"
            return mark in head or mark in tail
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    return False


def _png_software(path: Path) -> str | None:
    """The "Software" text of a PNG, read from the chunks before its image data."""
    with open(path, "rb") as fh:
        if fh.read(8) != b"\x89PNG\r\n\x1a\n":
            return None
        for _chunk in range(64):
            head = fh.read(8)
            if len(head) < 8:
                return None
            size, name = int.from_bytes(head[:4], "big"), head[4:]
            if name == b"IDAT" or size > 1024 * 1024:
                return None
            data = fh.read(size)
            fh.seek(4, os.SEEK_CUR)  # the CRC
            if name == b"tEXt" and data.startswith(b"Software\x00"):
                return data[len(b"Software\x00") :].decode("latin-1")
    return None


def temporary_beside(target: Path) -> Path:
    """A hidden name in the target's folder (so the rename stays on one file system), same suffix."""
    return target.with_name(f".{target.stem}.{secrets.token_hex(4)}.part{target.suffix}")


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``, on failure it vanishes.

    Raises:
        StorageError: writing or renaming failed (the message says why, in words a clerk acts on).
    """
    temporary = temporary_beside(target)
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise storage_error(exc, target) from exc
        raise


def holds_data(database: Path) -> bool:
    """True when an SQLite file has a table with a row (an office's data, or a demo's)."""
    try:
        with open(database, "rb") as fh:
            if fh.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                return False
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
        try:
            tables = [
                name
                for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not name.startswith("sqlite_") and name != "alembic_version"
            ]
            return any(
                connection.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() is not None
                for name in tables
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return True  # unreadable: assume it matters, so it is copied before anything replaces it
    except OSError:
        return False


def prepare_replacement(location: str | Path) -> Path | None:
    """Make way for a new database at ``location`` (``demo --force``); the old one is kept.

    A file holding data is first copied to the backups folder; a file that is not an SQLite
    database (a document given by mistake) is refused. A server database is never emptied: one
    holding data is refused (a copy of it cannot be made here as for a file, and emptying an
    office's shared database is no job for a demo).

    Returns:
        Where the copy of the old database went, or None when there was nothing to keep.

    Raises:
        StorageError: the file is not a database, the copy could not be written, or the server
            database holds data.
    """
    database = database_path(location)
    if database is None:
        _refuse_server_holding_data(location)
        return None
    if not database.exists():
        return None
    if database.is_dir() or not database.is_file():
        raise StorageError(
            _("“{path}” is not an ordinary file; choose another file name.").format(path=database)
        )
    refuse_replacing(database)
    kept: Path | None = None
    if database.stat().st_size:
        with open(database, "rb") as fh:
            if fh.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise StorageError(
                    _(
                        "“{path}” is not an emudesk database; it is left as it is. Choose another file name."
                    ).format(path=database)
                )
        if holds_data(database):
            kept = _keep_copy(database)
    for path in database_files(database):
        path.unlink(missing_ok=True)
    return kept


def database_holds_data(url: URL) -> bool:
    """True when the database at ``url`` has a row outside the tables a new one fills (SEEDED)."""
    engine = create_migration_engine(url)
    try:
        with translate_errors(url=url), engine.connect() as conn:
            names = set(conn.dialect.get_table_names(conn))
            for table in Base.metadata.sorted_tables:
                if table.name in SEEDED or table.name not in names:
                    continue
                if conn.execute(select(text("1")).select_from(table).limit(1)).first() is not None:
                    return True
            return False
    finally:
        engine.dispose()


def _refuse_server_holding_data(location: str | Path) -> None:
    try:
        url = to_url(location)
    except ArgumentError:
        return  # opening it says what is wrong with it
    if url.get_backend_name() == "sqlite":
        return  # in memory
    try:
        holds = database_holds_data(url)
    except (StorageError, SQLAlchemyError):
        return  # not reachable, or not there yet: opening it next says why
    if holds:
        raise StorageError(
            _(
                "The server database {db} already holds data; nothing was changed. demo --force "
                "replaces database files only and never empties a server database: build the demo "
                "in a new, empty database (make a backup first if this one matters)."
            ).format(db=url.render_as_string(hide_password=True))
        )


def refuse_replacing(database: Path) -> None:
    """Refuse to remove or replace a database file on a network share or open in another window.

    A window of this process may replace its own file (it closes it first).

    Raises:
        StorageError: it is on a share (the message says why and what to do), or a window has it.
    """
    from emudesk.db.location import cannot_prepare_reason, network_share
    from emudesk.domain.errors import NetworkShareError
    from emudesk.services.core.holder import holder_of

    share = network_share(database)
    if share is not None:
        raise NetworkShareError(cannot_prepare_reason(database, share), path=str(database))
    holder = holder_of(database)
    if holder is not None and not holder.is_this_process:
        raise StorageError(
            _("{path} is open in emudesk by {holder}; close that window first.").format(
                path=database, holder=holder.describe()
            )
        )


def _keep_copy(database: Path) -> Path:
    folder = paths.backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{database.stem}-before-demo-{datetime.now():%Y%m%d-%H%M%S}"
    destination = folder / f"{stem}.sqlite3"
    number = 1
    while destination.exists():
        number += 1
        destination = folder / f"{stem}-{number}.sqlite3"
    try:
        return backup_sqlite(database, destination)
    except StorageError:
        # A damaged file cannot be backed up page by page; keep its bytes as they are instead.
        try:
            shutil.copyfile(database, destination)
            wal = database.with_name(database.name + "-wal")
            if wal.exists():
                shutil.copyfile(wal, destination.with_name(destination.name + "-wal"))
        except OSError as exc:
            raise storage_error(exc, destination) from exc
        return destination
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(
            _("Cannot write the backup {path}: {reason}").format(path=destination, reason=exc)
        ) from exc
