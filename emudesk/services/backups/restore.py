"""Restoring a backup over a database file: checked first, the current file kept, then replaced.

The order makes every moment safe, a crash included:

1. the backup is checked and extracted beside the target (``archive.stage``), and an older
   schema is upgraded there through the normal migration path (``Store.open``);
2. the current database is copied to ``<stem>.before-restore-<when>.sqlite3`` and its evidence
   folder to ``<stem>.before-restore-<when>-files`` (hard links where the disk allows);
3. the backup's evidence files are added to the evidence folder (named by checksum, so adding
   never changes a file the current database uses);
4. the extracted database is renamed over the target: the one step that switches;
5. evidence files the restored database does not refer to are removed (they are in the copy).

Before step 4 the old database sees all of its files; after it the new one sees all of its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from emudesk.db.integrity import ensure_intact, is_corruption
from emudesk.db.migrate import backup_sqlite
from emudesk.domain.errors import DamagedDatabaseError, StorageError
from emudesk.export import storage_error
from emudesk.i18n import _
from emudesk.services.backups.archive import (
    BackupInfo,
    database_summary,
    is_sqlite_file,
    scratch_beside,
    stage,
    sweep_leftovers,
)
from emudesk.services.core.outputs import (
    check_output,
    database_files,
    refuse_replacing,
    same_file,
    temporary_beside,
)
from emudesk.services.core.store import Store

DATABASE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did.

    Attributes:
        kept: the copy of the database that was replaced (None: there was none).
        kept_files: the copy of its evidence folder (None: there was none, or the backup is a
            bare SQLite copy, which leaves the evidence folder as it was).
        upgraded_from: the backup's schema revision when it was older than this version's.
    """

    info: BackupInfo
    target: Path
    kept: Path | None
    kept_files: Path | None
    upgraded_from: str | None


def files_dir_of(database: Path) -> Path:
    """The evidence folder of an SQLite file (as ``Store.files_dir`` names it)."""
    return database.with_name(database.stem + "-files")


def restore(backup: Path, target: Path) -> RestoreResult:
    """Replace the SQLite database ``target`` (and its evidence folder) with ``backup``.

    Nothing is changed unless the backup passes every check. The target must not be open
    (the window closes it first; another program holding it makes this refuse).

    Raises:
        StorageError: why the backup cannot be restored, or the target cannot be replaced.
    """
    backup, target = backup.expanduser(), target.expanduser()
    if not backup.exists():
        raise StorageError(_("The backup {path} does not exist.").format(path=backup))
    if same_file(backup, target):
        raise StorageError(_("{path} is the database itself; choose a backup file.").format(path=backup))
    check_output(target, force=True, inputs=[backup])
    # A share or another emudesk window: say so (and who holds it) before any work.
    refuse_replacing(target)
    # A file named like a database whose header is damaged is what restoring is for (its bytes are
    # kept); any other file that is not a database is someone's document, named by mistake.
    foreign = target.suffix.lower() not in DATABASE_SUFFIXES and not is_sqlite_file(target)
    if target.exists() and target.stat().st_size and foreign:
        raise StorageError(
            _("“{path}” is not an emudesk database; it is left as it is. Choose another file name.").format(
                path=target
            )
        )
    sweep_leftovers(target)
    with scratch_beside(target) as work:
        staged = stage(backup, work)
        upgraded_from = staged.info.schema if staged.info.older_than_app else None
        try:
            Store.open(staged.database).close()  # upgrades an older schema, as opening one would
        except StorageError as exc:
            raise StorageError(
                _(
                    "The database inside the backup {path} cannot be used: {reason} Nothing was changed."
                ).format(path=backup, reason=exc.message)
            ) from exc
        _revision, _counts, referenced = database_summary(staged.database)
        damaged = _is_damaged(target)
        if not damaged:
            _settle(target)  # never write to a damaged file, not even its log: its bytes are kept
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = _keep_database(target, stamp, raw=damaged)
        files = files_dir_of(target)
        kept_files = _keep_files(files, target, stamp) if staged.carries_files else None
        try:
            if staged.carries_files:
                _add_files(staged.files, files)
            for sidecar in database_files(target)[1:]:
                sidecar.unlink(missing_ok=True)
            os.replace(staged.database, target)
        except OSError as exc:
            raise storage_error(exc, target) from exc
        _fsync_folder(target.parent)
        if staged.carries_files:
            _prune(files, set(referenced))
    return RestoreResult(staged.info, target, kept, kept_files, upgraded_from)


def _is_damaged(target: Path) -> bool:
    """True when the target's header, log or list of tables is damaged (what an open checks)."""
    if not target.exists() or not target.stat().st_size:
        return False
    try:
        ensure_intact(target)
    except DamagedDatabaseError:
        return True
    return False


def _settle(target: Path) -> None:
    """Fold the target's write-ahead log into it; refuse if another program has it open.

    A damaged target (what restoring is often for) cannot be settled: its log is kept with it
    (``_keep_database``) and removed when the backup takes its place.
    """
    if not target.exists() or not target.stat().st_size:
        return
    try:
        conn = sqlite3.connect(target, timeout=2)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            return
        raise _in_use(target) from exc
    if any(p.exists() for p in database_files(target)[1:]):
        raise _in_use(target)


def _in_use(target: Path) -> StorageError:
    return StorageError(
        _(
            "{path} is open in another program (or another emudesk window). Close it, then restore "
            "again. Nothing was changed."
        ).format(path=target)
    )


def _keep_database(target: Path, stamp: str, *, raw: bool) -> Path | None:
    """Copy the database about to be replaced beside it (a damaged one: its bytes as they are)."""
    if not target.exists() or not target.stat().st_size:
        return None
    kept = _free_name(target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}"))
    if raw:
        return _copy_bytes(target, kept)
    # Copied under a hidden work name (swept if a crash leaves it) and renamed once whole: a kill in
    # the middle of the copy must not leave a part of it under the name of the kept database.
    partial = temporary_beside(kept)
    try:
        return backup_sqlite(target, partial).replace(kept)
    except StorageError:
        # Damaged deeper than an open looks: it cannot be copied page by page.
        return _copy_bytes(target, kept)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        kept.unlink(missing_ok=True)
        raise StorageError(
            _("Cannot keep a copy of {path} before restoring: {reason}. Nothing was changed.").format(
                path=target, reason=exc
            )
        ) from exc


def _copy_bytes(target: Path, kept: Path) -> Path:
    try:
        shutil.copyfile(target, kept)
        for suffix in ("-wal", "-journal"):
            log = target.with_name(target.name + suffix)
            if log.exists():
                shutil.copyfile(log, kept.with_name(kept.name + suffix))
    except OSError as exc:
        for leftover in database_files(kept):
            leftover.unlink(missing_ok=True)
        raise storage_error(exc, kept) from exc
    return kept


def _link_or_copy(src: str, dst: str) -> None:
    # Evidence files never change once stored (named by checksum): a hard link is a safe copy.
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _keep_files(files: Path, target: Path, stamp: str) -> Path | None:
    if not files.is_dir() or not any(files.iterdir()):
        return None
    kept = _free_name(target.with_name(f"{target.stem}.before-restore-{stamp}-files"))
    try:
        shutil.copytree(files, kept, copy_function=_link_or_copy)
    except (OSError, shutil.Error) as exc:
        shutil.rmtree(kept, ignore_errors=True)
        raise StorageError(
            _("Cannot keep a copy of {path} before restoring: {reason}. Nothing was changed.").format(
                path=files, reason=exc
            )
        ) from exc
    return kept


def _free_name(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _add_files(staged: Path, files: Path) -> None:
    for source in sorted(p for p in staged.rglob("*") if p.is_file()):
        destination = files / source.relative_to(staged)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, destination)


def _prune(files: Path, referenced: set[str]) -> None:
    """Remove evidence files the restored database does not use (the kept copy still has them)."""
    if not files.is_dir():
        return
    for path in sorted(files.rglob("*"), reverse=True):
        name = path.relative_to(files).as_posix()
        with contextlib.suppress(OSError):
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif name not in referenced and not path.name.startswith("."):
                path.unlink()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
