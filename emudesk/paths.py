"""Where emudesk keeps its files: platformdirs, overridable with ``EMUDESK_HOME``.

This module imports nothing from emudesk so every layer may use it.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

_ENV_HOME = "EMUDESK_HOME"
_dirs = PlatformDirs("emudesk", "emudesk", roaming=False)


def _home() -> Path | None:
    value = os.environ.get(_ENV_HOME)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The per-user data folder (database, evidence files, backups)."""
    home = _home()
    return home / "data" if home else Path(_dirs.user_data_dir)


def config_dir() -> Path:
    """The per-user settings folder (window layout, recent databases)."""
    home = _home()
    return home / "config" if home else Path(_dirs.user_config_dir)


def log_dir() -> Path:
    home = _home()
    return home / "log" if home else Path(_dirs.user_log_dir)


def default_database_path() -> Path:
    return data_dir() / "emudesk.sqlite3"


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
