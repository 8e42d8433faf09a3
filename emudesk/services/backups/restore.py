"""Restoring a backup over a database file: checked first, the current file kept, then replaced.

The order makes every moment safe, a crash included:

1. the backup is checked and extracted beside the target (``archive.stage``), and an older
   schema is upgraded there through the normal migration path (``Store.open``); a backup of a
   version that kept evidence files in a folder has them moved into the database then;
2. the current database is copied to ``<stem>.before-restore-<when>.sqlite3``;
3. the extracted database is renamed over the target: the one step that switches.

Evidence files are inside the database, so they switch with it.
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
from emudesk.db.migrate import backup_sqlite, open_database
from emudesk.domain.errors import DamagedDatabaseError, StorageError
from emudesk.export import storage_error
from emudesk.i18n import _
from emudesk.services.backups.archive import (
    BackupInfo,
    files_beside,
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

DATABASE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did.

    Attributes:
        kept: the copy of the database that was replaced (None: there was none).
        upgraded_from: the backup's schema revision when it was older than this version's.
        notices: what the upgrade had to say (evidence files of an older backup not moved in).
    """

    info: BackupInfo
    target: Path
    kept: Path | None
    upgraded_from: str | None
    notices: tuple[str, ...] = ()


def restore(backup: Path, target: Path) -> RestoreResult:
    """Replace the SQLite database ``target`` (evidence files included) with ``backup``.

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
        # A bare copy from a version that kept evidence files in a folder: they are beside the
        # database it replaces (an archive carried its own, extracted beside the staged copy).
        beside_target = files_beside(target)
        folder = None if staged.carries_files or not beside_target.is_dir() else beside_target
        try:
            # Upgrades an older schema, as opening one would, moving its evidence files in.
            said: list[str] = []
            open_database(staged.database, on_notice=said.append, evidence_folder=folder).dispose()
            notices = tuple(said)
        except StorageError as exc:
            raise StorageError(
                _(
                    "The database inside the backup {path} cannot be used: {reason} Nothing was changed."
                ).format(path=backup, reason=exc.message)
            ) from exc
        damaged = _is_damaged(target)
        if not damaged:
            _settle(target)  # never write to a damaged file, not even its log: its bytes are kept
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = _keep_database(target, stamp, raw=damaged)
        try:
            for sidecar in database_files(target)[1:]:
                sidecar.unlink(missing_ok=True)
            os.replace(staged.database, target)
        except OSError as exc:
            raise storage_error(exc, target) from exc
        _fsync_folder(target.parent)
    return RestoreResult(staged.info, target, kept, upgraded_from, notices)


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


def _free_name(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
