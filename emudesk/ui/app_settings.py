"""UI state in QSettings (an INI file in the config folder): layout, column widths, recent databases.

Settings that belong to a database (office names, signer) live in the database
itself (``services.store``); this file only holds what belongs to this computer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from emudesk import paths

RECENT_MAX = 8
VERSION = 1


class AppSettings:
    """Typed access to the few UI settings emudesk keeps.

    Attributes:
        qsettings: the underlying QSettings (IniFormat, ``<config>/emudesk.ini``).
    """

    def __init__(self, path: Path | None = None) -> None:
        target = path or paths.config_dir() / "emudesk.ini"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(target), QSettings.Format.IniFormat)
        if _int(self.qsettings.value("version", 0)) < VERSION:
            self.qsettings.setValue("version", VERSION)

    # --- raw state blobs (geometry, header and splitter states) -------------------------------
    def state(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(f"state/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_state(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(f"state/{key}", value)

    def value(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return str(value) if value is not None else default

    def set_value(self, key: str, value: str) -> None:
        self.qsettings.setValue(key, value)

    # --- databases ----------------------------------------------------------------------------
    def recent_databases(self) -> list[str]:
        value = self.qsettings.value("databases/recent", [])
        # An INI file gives back a one-item list as a plain string.
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [str(v) for v in items if v]

    def add_recent_database(self, location: str) -> None:
        recent = [location] + [r for r in self.recent_databases() if r != location]
        self.qsettings.setValue("databases/recent", recent[:RECENT_MAX])
        self.qsettings.setValue("databases/last", location)

    def remove_recent_database(self, location: str) -> None:
        self.qsettings.setValue("databases/recent", [r for r in self.recent_databases() if r != location])

    def last_database(self) -> str:
        return self.value("databases/last")

    def sync(self) -> None:
        self.qsettings.sync()


def _int(value: object) -> int:
    """A number stored in the INI file (Qt gives it back as text), 0 when it is not one."""
    try:
        return int(str(value or 0))
    except ValueError:
        return 0
