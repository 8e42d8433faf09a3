"""Automatic backups: into the chosen folder, kept by rotation, refused clearly when the folder is gone."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from emudesk.domain.backups import to_keep
from emudesk.domain.errors import StorageError
from emudesk.services.backups import schedule
from emudesk.services.core.store import Store

pytestmark = pytest.mark.sqlite_only("automatic backups copy an SQLite file beside it")


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("EMUDESK_HOME", str(home))
    return home


def test_a_month_of_automatic_backups_is_thinned_by_the_rotation(sqlite_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    schedule.set_automatic_folder(folder)
    start = datetime(2026, 3, 1, 17, 0)
    made: list[datetime] = []
    for n in range(40):
        when = start + timedelta(days=n, hours=n % 3)
        result = schedule.automatic_backup(sqlite_store, now=when)
        made.append(when)
        assert result.info.path.exists()
    on_disk = schedule.automatic_backups(folder, sqlite_store.path.stem)  # type: ignore[union-attr]
    assert set(on_disk.values()) == to_keep(made)
    assert len(on_disk) < len(made)
    assert schedule.last_good_backup(sqlite_store.path) is not None  # type: ignore[arg-type]
    # Files that are not its automatic backups are never touched by the rotation.
    (folder / "ghi-chu.txt").write_text("x")
    (folder / "other-auto-20200101-000000.zip").write_text("another database's")
    schedule.automatic_backup(sqlite_store, now=start + timedelta(days=60))
    assert (folder / "ghi-chu.txt").exists() and (folder / "other-auto-20200101-000000.zip").exists()


def test_an_unplugged_usb_stick_is_said_and_nothing_is_written(sqlite_store: Store, tmp_path: Path) -> None:
    schedule.set_automatic_folder(tmp_path / "usb-gone" / "emudesk")
    with pytest.raises(StorageError, match="USB"):
        schedule.automatic_backup(sqlite_store)
    assert not (tmp_path / "usb-gone").exists()
    assert schedule.last_good_backup(sqlite_store.path) is None  # type: ignore[arg-type]
    schedule.set_automatic_folder(None)
    with pytest.raises(StorageError, match="Cài đặt"):
        schedule.automatic_backup(sqlite_store)


def test_a_full_disk_leaves_no_partial_backup(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import zipfile

    folder = tmp_path / "usb"
    folder.mkdir()
    real_write = zipfile.ZipFile.writestr

    def full(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    with pytest.raises(StorageError, match="dung lượng"):
        schedule.automatic_backup(sqlite_store, folder)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", real_write)
    assert list(folder.iterdir()) == []


def test_same_disk_is_told_apart(tmp_path: Path) -> None:
    database = tmp_path / "office.sqlite3"
    database.write_bytes(b"")
    assert schedule.same_disk(tmp_path / "backups" / "not-yet", database)
    other = Path("/dev/shm")
    if not other.is_dir() or os.stat(other).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system here")
    assert not schedule.same_disk(other, database)


def test_a_killed_automatic_backup_leaves_nothing_for_long(sqlite_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    old = folder / ".test-auto-20260101-170000.0badf00d.part.zip"
    old.write_bytes(b"half a zip")
    old_dir = folder / ".test-auto-20260101-170000.0badf00d.part.zip.d"
    old_dir.mkdir()
    os.utime(old, (0, 0))
    os.utime(old_dir, (0, 0))
    recent = folder / ".test-auto-20260101-180000.12345678.part.zip"
    recent.write_bytes(b"another process at work")
    schedule.automatic_backup(sqlite_store, folder)
    assert not old.exists() and not old_dir.exists() and recent.exists()
