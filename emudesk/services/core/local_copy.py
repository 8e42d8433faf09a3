"""Copying a database off a network share onto this computer, where it can be written safely."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from emudesk.db.location import network_share, real_path
from emudesk.db.migrate import backup_sqlite
from emudesk.domain.errors import StorageError
from emudesk.export import storage_error
from emudesk.i18n import _
from emudesk.services.core.holder import holder_of
from emudesk.services.core.outputs import check_output, same_file, temporary_beside


@dataclass(frozen=True)
class LocalCopy:
    """Where the copy went.

    Attributes:
        path: the new database file.
        files: its evidence files folder, when the original had one (copied with it).
    """

    path: Path
    files: Path | None


def share_notice(database: Path | None) -> str | None:
    """What the window says above a database on a network share (None elsewhere)."""
    share = network_share(database) if database is not None else None
    if share is None:
        return None
    return _(
        "{path} is on a network share, {share}. SQLite's file locking is not safe over a network: "
        "two computers writing the file could damage it, so emudesk opened it read-only. Copy it "
        "to this computer to work on it, or keep data that several computers share on a "
        "PostgreSQL server."
    ).format(path=database, share=share.describe())


def files_folder(database: Path) -> Path:
    """The evidence files folder beside an SQLite database (``Store.files_dir``)."""
    return database.with_name(database.stem + "-files")


def copy_to_this_computer(source: Path, destination: str | Path, *, force: bool = False) -> LocalCopy:
    """Copy the database ``source`` (and its evidence files) to ``destination`` on a local disk.

    The database is copied through SQLite's backup API and checked, so a copy made while another
    computer writes is still whole; the original is left as it is.

    Raises:
        StorageError: the destination is on a network share too, is the original, exists (without
            ``force``) or cannot be written; the original is damaged.
    """
    target = Path(destination).expanduser()
    if not target.suffix:
        target = target.with_name(target.name + ".sqlite3")
    if same_file(target, source):
        raise StorageError(
            _("“{path}” is the database being copied; choose another file name.").format(path=target)
        )
    share = network_share(target)
    if share is not None:
        raise StorageError(
            _(
                "“{path}” is on a network share too, {share}; choose a folder on this computer's own disk."
            ).format(path=target, share=share.describe())
        )
    check_output(target, database=source, force=force, make_folder=True)
    held = holder_of(target)
    if held is not None:
        raise StorageError(
            _("“{path}” is open in emudesk by {holder}; choose another file name.").format(
                path=target, holder=held.describe()
            )
        )
    target = real_path(target)
    folder, new_folder = files_folder(source), files_folder(target)
    has_files = folder.is_dir()
    if has_files and new_folder.exists() and not force:
        raise StorageError(_("“{path}” already exists; give --force to replace it.").format(path=new_folder))
    tmp = temporary_beside(target)
    try:
        backup_sqlite(source, tmp)
        if has_files:
            shutil.copytree(folder, new_folder, dirs_exist_ok=True)
        tmp.replace(target)
    except OSError as exc:
        raise storage_error(exc, target) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return LocalCopy(target, new_folder if has_files else None)
