"""Making backups of the open database: by hand, automatically with rotation, and listing them.

Where automatic backups go and when the last good one was made belong to this computer (a USB
stick's drive letter means nothing on another PC), so they live in ``<config>/backups.json``
beside the other per-computer settings, where the window and the command line both read them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emudesk import paths
from emudesk.domain import backups as rules
from emudesk.domain.errors import StorageError
from emudesk.i18n import _
from emudesk.services.backups.archive import SUFFIX, BackupInfo, read_info, write_backup
from emudesk.services.core.outputs import check_output
from emudesk.services.core.store import Store

_STAMP = "%Y%m%d-%H%M%S"
AUTO_MARK = "-auto-"


@dataclass(frozen=True)
class AutomaticResult:
    info: BackupInfo
    removed: tuple[Path, ...]


# --- per-computer settings ---------------------------------------------------------------------


def _config_file() -> Path:
    return paths.config_dir() / "backups.json"


def _load() -> dict[str, Any]:
    try:
        data = json.loads(_config_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, Any]) -> None:
    path = _config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def automatic_folder() -> Path | None:
    """The folder the office chose for automatic backups (None: automatic backups are off)."""
    value = _load().get("folder")
    return Path(value) if isinstance(value, str) and value else None


def set_automatic_folder(folder: Path | None) -> None:
    data = _load()
    if folder is None:
        data.pop("folder", None)
    else:
        data["folder"] = str(folder)
    _save(data)


def _key(database: Path) -> str:
    try:
        return str(database.resolve())
    except OSError:
        return str(database)


def last_good_backup(database: Path) -> datetime | None:
    """When the last backup of ``database`` was written and verified (UTC), on this computer."""
    value = _load().get("last", {})
    stamp = value.get(_key(database)) if isinstance(value, dict) else None
    try:
        return datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        return None


def record_good_backup(database: Path, when: datetime) -> None:
    data = _load()
    last = data.get("last")
    if not isinstance(last, dict):
        last = {}
    last[_key(database)] = when.astimezone(UTC).isoformat(timespec="seconds")
    data["last"] = last
    with contextlib.suppress(OSError):  # the backup is good even if the note of it cannot be kept
        _save(data)


def _device(path: Path) -> int | None:
    probe = path
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        return probe.stat().st_dev
    except OSError:
        return None


def same_disk(folder: Path, database: Path) -> bool:
    """True when ``folder`` is on the disk that holds ``database`` (a backup there dies with it)."""
    a, b = _device(folder), _device(database)
    return a is not None and a == b


# --- making backups ----------------------------------------------------------------------------


def _require_file(store: Store) -> Path:
    if store.path is None:
        raise StorageError(_("Backups of a server database are made on the server (pg_dump)."))
    return store.path


def default_target(store: Store, when: datetime | None = None) -> Path:
    """Where a backup made by hand goes unless the user says: the backups folder, named by date."""
    stem = store.path.stem if store.path else "emudesk"
    return paths.backups_dir() / f"{stem}-{(when or datetime.now()):{_STAMP}}{SUFFIX}"


def make_backup(store: Store, destination: Path) -> BackupInfo:
    """Write a verified backup of the open SQLite database (its evidence files are inside it).

    Raises:
        StorageError: a server database, a damaged file, or the backup could not be written.
    """
    database = _require_file(store)
    # The caller has asked about an existing file; the database and its logs are never one.
    check_output(destination, database=database, force=True, make_folder=True)
    destination.parent.mkdir(parents=True, exist_ok=True)
    info = write_backup(database, destination, source=database.name)
    record_good_backup(database, info.created_at)
    return info


def _automatic_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem) + re.escape(AUTO_MARK) + r"(\d{8}-\d{6})" + re.escape(SUFFIX) + "$")


def automatic_backups(folder: Path, stem: str) -> dict[Path, datetime]:
    """The automatic backups of the database named ``stem`` in ``folder``, with their times."""
    pattern = _automatic_pattern(stem)
    out: dict[Path, datetime] = {}
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = pattern.match(path.name)
            if match and path.is_file():
                with contextlib.suppress(ValueError):
                    out[path] = datetime.strptime(match.group(1), _STAMP)
    return out


def automatic_backup(
    store: Store, folder: Path | None = None, now: datetime | None = None
) -> AutomaticResult:
    """Back up into the automatic folder, then delete the backups the rotation no longer keeps.

    Raises:
        StorageError: no folder chosen, the folder is gone (a USB stick unplugged), the disk is
            full, or the database is damaged. Nothing older is deleted then.
    """
    database = _require_file(store)
    folder = folder or automatic_folder()
    if folder is None:
        raise StorageError(_("No folder is chosen for automatic backups (File ▸ Settings…)."))
    if not folder.is_dir():
        raise StorageError(
            _(
                "The backup folder {folder} is not there (is the USB stick or the other drive plugged in?). "
                "No automatic backup was made."
            ).format(folder=folder)
        )
    when = (now or datetime.now()).replace(microsecond=0)
    target = folder / f"{database.stem}{AUTO_MARK}{when:{_STAMP}}{SUFFIX}"
    existing = automatic_backups(folder, database.stem)
    info = make_backup(store, target)
    existing[target] = when
    keep = rules.to_keep(existing.values())
    removed: list[Path] = []
    for path, stamp in existing.items():
        if stamp not in keep and path != target:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return AutomaticResult(info, tuple(sorted(removed)))


# --- listing -----------------------------------------------------------------------------------


def backup_folders() -> list[Path]:
    """The folders ``backup --list`` looks in: the backups folder and the automatic one."""
    folders = [paths.backups_dir()]
    auto = automatic_folder()
    if auto is not None and auto not in folders:
        folders.append(auto)
    return folders


def list_backups(folders: list[Path] | None = None) -> list[BackupInfo]:
    """Every emudesk backup in ``folders`` (default: ``backup_folders()``), newest first.

    Files that are not backups (or cannot be read) are passed over.
    """
    found: list[BackupInfo] = []
    seen: set[Path] = set()
    for folder in folders if folders is not None else backup_folders():
        with contextlib.suppress(OSError):
            for path in sorted(folder.iterdir()):
                if path.name.startswith(".") or path.suffix.lower() not in (SUFFIX, ".sqlite3", ".db"):
                    continue
                if path in seen:
                    continue
                seen.add(path)
                with contextlib.suppress(StorageError, OSError):
                    found.append(read_info(path))
    return sorted(found, key=lambda info: info.created_at, reverse=True)
