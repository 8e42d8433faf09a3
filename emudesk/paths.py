"""Where emudesk keeps its files: platformdirs, overridable with ``EMUDESK_HOME``.

This module imports nothing from emudesk so every layer may use it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from platformdirs import PlatformDirs

_ENV_HOME = "EMUDESK_HOME"
# appauthor=False: on Windows an author folder named like the app doubled the path
# (%LOCALAPPDATA%\emudesk\emudesk); elsewhere platformdirs ignores the author.
DIRS: dict[str, Any] = {"appname": "emudesk", "appauthor": False, "roaming": False}
_dirs = PlatformDirs(**DIRS)


def _not_doubled(folder: str) -> Path:
    """``folder``, or the doubled one earlier versions made on Windows when it exists.

    The database, settings and backups of an existing install stay where they are (and in use)
    rather than being moved under a window that may have them open; new installs get one level.
    """
    path = Path(folder)
    doubled = path / DIRS["appname"]
    return doubled if sys.platform == "win32" and doubled.is_dir() else path


def _home() -> Path | None:
    value = os.environ.get(_ENV_HOME)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The per-user data folder (database, evidence files, backups)."""
    home = _home()
    return home / "data" if home else _not_doubled(_dirs.user_data_dir)


def config_dir() -> Path:
    """The per-user settings folder (window layout, recent databases)."""
    home = _home()
    return home / "config" if home else _not_doubled(_dirs.user_config_dir)


def log_dir() -> Path:
    home = _home()
    return home / "log" if home else Path(_dirs.user_log_dir)


def default_database_path() -> Path:
    return data_dir() / "emudesk.sqlite3"


def settings_file() -> Path:
    """Settings shared by the GUI and the CLI (the database to open), as JSON."""
    return config_dir() / "emudesk.json"


def configured_database() -> str:
    """The database to open when none is given: $EMUDESK_DB, the settings file, or the default file.

    An office that moves to a PostgreSQL server sets it once (Settings dialog or ``EMUDESK_DB``)
    and both the window and the command line follow.
    """
    from_env = os.environ.get("EMUDESK_DB")
    if from_env:
        return from_env
    try:
        data = json.loads(settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    value = data.get("database") if isinstance(data, dict) else None
    return str(value) if value else str(default_database_path())


def save_configured_database(target: str | None) -> None:
    """Remember ``target`` as the database to open (None: back to the default file)."""
    path = settings_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    if target:
        data["database"] = target
    else:
        data.pop("database", None)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def backups_dir() -> Path:
    return data_dir() / "backups"


def resources_dir() -> Path:
    """Fonts, translations, icons and seed plans.

    A wheel carries them inside the package (``emudesk/_resources``); a source
    checkout or editable install reads the top-level ``resources/`` folder.
    """
    package = Path(__file__).resolve().parent
    bundled = package / "_resources"
    if bundled.is_dir():
        return bundled
    return package.parent / "resources"
