"""Which database folders are on a network share, from a mounts table or a drive type (issue 15, item 5).

No real share is needed: the detection is pure over the table (or the drive-type function) it is given.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from emudesk.db import location
from emudesk.db.location import (
    DRIVE_REMOTE,
    Mount,
    Share,
    parse_bsd_mount_output,
    parse_proc_mounts,
    posix_share,
    windows_share,
)
from emudesk.db.migrate import head_revision, open_database
from emudesk.domain.errors import ReadOnlyDatabaseError, StorageError

PROC_MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0
/dev/sda2 /home ext4 rw,relatime 0 0
//fileserver/thiduakhenthuong /mnt/khenthuong cifs rw,relatime,vers=3.1.1,cache=strict 0 0
nas:/export/office /mnt/office nfs4 rw,relatime,vers=4.2 0 0
nas:/export/old /srv/old nfs rw,relatime,vers=3 0 0
lan@pc-ketoan:/data /home/lan/ketoan fuse.sshfs rw,nosuid,nodev 0 0
/dev/sda2 /srv/bind-local ext4 rw,relatime 0 0
nas:/export/office /srv/bind-office nfs4 rw,relatime,vers=4.2 0 0
//fileserver/Phong\\040Thi\\040dua /mnt/Phong\\040Thi\\040dua smb3 rw 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
"""


@pytest.fixture
def mounts() -> list[Mount]:
    return parse_proc_mounts(PROC_MOUNTS)


@pytest.mark.parametrize(
    ("folder", "share"),
    [
        ("/mnt/khenthuong", Share("//fileserver/thiduakhenthuong", "cifs")),
        ("/mnt/khenthuong/2025/ho-so", Share("//fileserver/thiduakhenthuong", "cifs")),
        ("/mnt/office/db", Share("nas:/export/office", "nfs4")),
        ("/srv/old", Share("nas:/export/old", "nfs")),
        ("/home/lan/ketoan/emudesk", Share("lan@pc-ketoan:/data", "fuse.sshfs")),
        ("/mnt/Phong Thi dua/db", Share("//fileserver/Phong Thi dua", "smb3")),
        # A bind mount shows the type of what it shows: an NFS folder stays on the share.
        ("/srv/bind-office/db", Share("nas:/export/office", "nfs4")),
        ("/home/lan/Documents", None),  # ext4 /home, not the sshfs mount deeper down
        ("/home/lan/ketoan-cu", None),  # a name that merely starts like the mount point
        ("/mnt/khenthuong2", None),
        ("/srv/bind-local/db", None),  # a bind mount of a local folder
        ("/var/lib/emudesk", None),  # only the root file system above it
        ("/tmp/x", None),
    ],
)
def test_a_folder_is_on_the_share_of_the_longest_mount_point_above_it(
    mounts: list[Mount], folder: str, share: Share | None
) -> None:
    assert posix_share(folder, mounts) == share


def test_no_mounts_table_means_local() -> None:
    assert posix_share("/mnt/khenthuong", []) is None


def test_macos_mount_output_is_read_too() -> None:
    text = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "//lan@fileserver/khenthuong on /Volumes/khenthuong (smbfs, nodev, nosuid, mounted by lan)\n"
        "nas:/export on /Volumes/nas (nfs, asynchronous)\n"
    )
    mounts = parse_bsd_mount_output(text)
    assert posix_share("/Volumes/khenthuong/db", mounts) == Share("//lan@fileserver/khenthuong", "smbfs")
    assert posix_share("/Volumes/nas", mounts) == Share("nas:/export", "nfs")
    assert posix_share("/Users/lan/Documents", mounts) is None


def _drives(remote: str) -> object:
    """GetDriveTypeW as a test sees it: ``remote`` letters are mapped network drives, others fixed (3)."""
    return lambda root: DRIVE_REMOTE if root[0].upper() in remote else 3


@pytest.mark.parametrize(
    ("folder", "where", "kind"),
    [
        (r"\\fileserver\khenthuong\2025", r"\\fileserver\khenthuong", "UNC"),
        ("//fileserver/khenthuong", r"\\fileserver\khenthuong", "UNC"),
        (r"\\?\UNC\fileserver\khenthuong\db", r"\\fileserver\khenthuong", "UNC"),
        (r"Z:\Thi dua\db", "Z:", "ổ mạng đã ánh xạ"),
        (r"z:\db", "Z:", "ổ mạng đã ánh xạ"),
    ],
)
def test_windows_shares(folder: str, where: str, kind: str) -> None:
    assert windows_share(folder, _drives("Z")) == Share(where, kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "folder", [r"C:\Users\lan\AppData\Local\emudesk", r"\\?\C:\very\long\path", r"D:\db"]
)
def test_windows_local_drives(folder: str) -> None:
    assert windows_share(folder, _drives("Z")) is None  # type: ignore[arg-type]


def test_one_identity_for_every_name_of_a_file(tmp_path: Path) -> None:
    db = tmp_path / "a" / "emudesk.sqlite3"
    db.parent.mkdir()
    db.touch()
    (tmp_path / "link").symlink_to(db.parent)
    names = [db, tmp_path / "a" / ".." / "a" / "emudesk.sqlite3", tmp_path / "link" / "emudesk.sqlite3"]
    assert len({location.file_identity(n) for n in names}) == 1
    assert location.file_identity(tmp_path / "other.sqlite3") != location.file_identity(db)


def test_identity_ignores_case_where_the_file_system_does(monkeypatch: pytest.MonkeyPatch) -> None:
    import ntpath

    monkeypatch.setattr(location.os.path, "normcase", ntpath.normcase)
    assert location.file_identity("/Data/EMUDESK.sqlite3") == location.file_identity("/data/emudesk.sqlite3")


# --- opening a database on a share ------------------------------------------------------------


def on_a_share(monkeypatch: pytest.MonkeyPatch, folder: Path, fstype: str = "cifs") -> None:
    """Make ``folder`` look mounted from a file server."""
    table = [Mount("/dev/sda1", "/", "ext4"), Mount("//fileserver/khenthuong", str(folder), fstype)]
    monkeypatch.setattr(location, "mounts_table", lambda: table)


@pytest.mark.sqlite_only("network-share detection")
def test_a_file_on_a_share_opens_read_only_and_refuses_writes(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    db = share / "emudesk.sqlite3"
    db.write_bytes(sqlite_template.read_bytes())
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=DELETE")  # as if written by a tool that does not use WAL
    con.close()
    on_a_share(monkeypatch, share)
    opened = open_database(db)
    try:
        assert opened.read_only is not None
        assert str(db) in opened.read_only and "//fileserver/khenthuong (cifs)" in opened.read_only
        assert "copy-local" in opened.read_only and "PostgreSQL" in opened.read_only
        with opened.read() as session:
            assert session.connection().exec_driver_sql("SELECT count(*) FROM units").scalar() == 0
        with pytest.raises(ReadOnlyDatabaseError) as refused, opened.write() as session:
            pytest.fail("a write session was handed out")
        assert str(refused.value) == opened.read_only
        # The driver refuses too, should a write reach it some other way.
        with opened.engine.connect() as conn, pytest.raises(Exception, match="readonly"):
            conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('x', '1')")
    finally:
        opened.dispose()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL there
    assert con.execute("SELECT count(*) FROM settings WHERE key = 'x'").fetchone()[0] == 0
    con.close()
    assert not Path(f"{db}-wal").exists()


@pytest.mark.sqlite_only("network-share detection")
def test_allow_network_opens_it_for_writing(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "emudesk.sqlite3"
    db.write_bytes(sqlite_template.read_bytes())
    on_a_share(monkeypatch, tmp_path, "nfs4")
    opened = open_database(db, allow_network=True)
    assert opened.read_only is None
    opened.dispose()


def test_no_new_database_is_made_on_a_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_a_share(monkeypatch, tmp_path)
    with pytest.raises(StorageError, match="copy-local"):
        open_database(tmp_path / "moi.sqlite3", create=True)
    assert os.listdir(tmp_path) == []


@pytest.mark.sqlite_only("network-share detection")
def test_an_older_database_on_a_share_is_not_upgraded_there(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emudesk.db.migrate import downgrade, schema_state, to_url

    db = tmp_path / "cu.sqlite3"
    db.write_bytes(sqlite_template.read_bytes())
    downgrade(to_url(db), "-1")
    before = schema_state(to_url(db)).revision
    assert before != head_revision()
    data = db.read_bytes()
    on_a_share(monkeypatch, tmp_path)
    with pytest.raises(StorageError, match="copy-local") as refused:
        open_database(db)
    assert "nâng cấp" in str(refused.value)
    assert db.read_bytes() == data
    assert sorted(os.listdir(tmp_path)) == ["cu.sqlite3"]  # no pre-upgrade backup either


def test_a_link_into_a_share_is_on_the_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "mnt" / "khenthuong"
    (share / "2025").mkdir(parents=True)
    (tmp_path / "Desktop").mkdir()
    (tmp_path / "Desktop" / "ho-so").symlink_to(share / "2025")
    on_a_share(monkeypatch, share)
    found = location.network_share(tmp_path / "Desktop" / "ho-so" / "emudesk.sqlite3")
    assert found == Share("//fileserver/khenthuong", "cifs")
    assert location.network_share(tmp_path / "Desktop" / "emudesk.sqlite3") is None
    assert location.network_share(share) is None  # the mount point itself sits in the local folder above
