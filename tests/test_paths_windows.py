"""The per-user folders on Windows: one ``emudesk`` level, not ``emudesk\\emudesk``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from platformdirs import windows

from emudesk import paths


@pytest.fixture
def local_appdata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """%LOCALAPPDATA% and %APPDATA% of a Windows user, with emudesk's folders laid out as there."""
    folder = tmp_path / "AppData" / "Local"
    folder.mkdir(parents=True)
    monkeypatch.setattr(windows, "get_win_folder", lambda _csidl: str(folder))
    monkeypatch.setattr(paths, "_dirs", windows.Windows(**paths.DIRS))
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.delenv("EMUDESK_HOME", raising=False)
    return folder


def test_the_windows_layout_has_one_emudesk_folder(local_appdata: Path) -> None:
    dirs = windows.Windows(**paths.DIRS)
    assert dirs.user_data_dir == os.path.join(local_appdata, "emudesk")
    assert dirs.user_config_dir == os.path.join(local_appdata, "emudesk")
    assert paths.data_dir() == local_appdata / "emudesk"
    assert paths.default_database_path() == local_appdata / "emudesk" / "emudesk.sqlite3"
    assert paths.settings_file() == local_appdata / "emudesk" / "emudesk.json"
    assert paths.log_dir() == local_appdata / "emudesk" / "Logs"


def test_an_install_with_the_doubled_folder_keeps_using_it(local_appdata: Path) -> None:
    # Its database, settings and backups are there: moving them could race a window holding them.
    doubled = local_appdata / "emudesk" / "emudesk"
    doubled.mkdir(parents=True)
    (doubled / "emudesk.sqlite3").write_bytes(b"")
    assert paths.data_dir() == doubled
    assert paths.default_database_path() == doubled / "emudesk.sqlite3"
    assert paths.config_dir() == doubled


def test_elsewhere_the_folders_are_platformdirs_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EMUDESK_HOME", raising=False)
    monkeypatch.setattr(paths.sys, "platform", "linux")
    from platformdirs.unix import Unix

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(paths, "_dirs", Unix(**paths.DIRS))
    (tmp_path / "emudesk" / "emudesk").mkdir(parents=True)  # no meaning outside Windows
    assert paths.data_dir() == tmp_path / "emudesk"
