"""Copying a database off a network share gives a working database on this computer (issue 15, item 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from emudesk.db import location
from emudesk.db.location import Mount
from emudesk.domain.errors import ReadOnlyDatabaseError, StorageError
from emudesk.services.core import holder
from emudesk.services.core.local_copy import copy_to_this_computer
from emudesk.services.core.store import Store, get_setting, set_setting
from tests.snapshot import snapshot

pytestmark = pytest.mark.sqlite_only("a local copy of an SQLite file on a network share")


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "khenthuong"
    folder.mkdir()
    table = [Mount("/dev/sda1", "/", "ext4"), Mount("//fileserver/khenthuong", str(folder), "cifs")]
    monkeypatch.setattr(location, "mounts_table", lambda: table)
    return folder


@pytest.fixture
def shared_demo(share: Path, demo_template: Path) -> Path:
    db = share / "demo.sqlite3"
    shutil.copy(demo_template, db)
    files = share / "demo-files"
    (files / "2025").mkdir(parents=True)
    (files / "2025" / "bang-khen.pdf").write_bytes(b"%PDF-1.4 minh chung")
    return db


def test_the_copy_is_a_working_database_with_the_same_rows_and_files(
    shared_demo: Path, tmp_path: Path
) -> None:
    original = Store.open(shared_demo)
    try:
        with pytest.raises(ReadOnlyDatabaseError), original.write() as session:
            set_setting(session, "office.place", "Huế")
        with original.read() as session:
            before = snapshot(session)
        copy = copy_to_this_computer(shared_demo, tmp_path / "local" / "demo")
    finally:
        original.close()
    assert copy.path == (tmp_path / "local" / "demo.sqlite3").resolve()
    assert copy.files is not None
    assert (copy.files / "2025" / "bang-khen.pdf").read_bytes() == b"%PDF-1.4 minh chung"
    local = Store.open(copy.path)
    try:
        assert local.read_only_reason is None
        assert local.path is not None and local.path.with_name("demo-files") == copy.files
        with local.read() as session:
            assert snapshot(session) == before
        with local.write() as session:
            set_setting(session, "office.place", "Huế")
        with local.read() as session:
            assert get_setting(session, "office.place") == "Huế"
    finally:
        local.close()
    original = Store.open(shared_demo)
    try:
        with original.read() as session:
            assert snapshot(session) == before  # the original is left as it was
    finally:
        original.close()


def test_a_copy_onto_the_share_is_refused(shared_demo: Path, share: Path) -> None:
    with pytest.raises(StorageError, match="cũng nằm trên thư mục dùng chung"):
        copy_to_this_computer(shared_demo, share / "ban-sao.sqlite3")
    assert not (share / "ban-sao.sqlite3").exists()


def test_the_original_and_an_existing_file_are_not_overwritten(shared_demo: Path, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="đang được chép"):
        copy_to_this_computer(shared_demo, shared_demo)
    existing = tmp_path / "co-san.sqlite3"
    existing.write_bytes(b"keep")
    with pytest.raises(StorageError, match="--force"):
        copy_to_this_computer(shared_demo, existing)
    assert existing.read_bytes() == b"keep"


def test_a_file_open_in_a_window_is_not_overwritten(
    shared_demo: Path, tmp_path: Path, sqlite_template: Path
) -> None:
    target = tmp_path / "dang-mo.sqlite3"
    shutil.copy(sqlite_template, target)
    data = target.read_bytes()
    held = holder.take(target)
    assert isinstance(held, holder.Hold)
    try:
        with pytest.raises(StorageError, match="đang được mở trong emudesk"):
            copy_to_this_computer(shared_demo, target, force=True)
    finally:
        held.release()
    assert target.read_bytes() == data
