"""The database file deleted, moved or replaced while emudesk has it open (issue 15, item 4).

On Linux an open connection keeps a deleted file alive: without a check, writes would go on
succeeding into a file no one can open again, and vanish when emudesk closes.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from emudesk.db.models import Unit
from emudesk.domain.errors import StorageError
from emudesk.services.core.store import Store
from tests.crash.harness import emudesk_check, raw_snapshot
from tests.factories import unit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to move an open file")

pytestmark = pytest.mark.sqlite_only("the SQLite file deleted, moved or replaced under an open store")


GONE = "đã bị xóa, di chuyển hoặc thay thế trong khi emudesk đang mở. Chưa lưu gì."


@pytest.fixture
def opened(sqlite_store: Store) -> Store:
    """A store that has written and read once, as an open window has."""
    with sqlite_store.write() as s:
        unit(s, "Phòng Nội vụ")
    with sqlite_store.read() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 1
    return sqlite_store


def refused_write(store: Store) -> str:
    with pytest.raises(StorageError) as refused, store.write() as s:
        unit(s, "Phòng Tài chính")
    return refused.value.message


def test_a_write_to_a_deleted_file_is_refused(opened: Store) -> None:
    path = opened.path
    assert path is not None
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    message = refused_write(opened)
    assert str(path) in message and GONE in message
    with pytest.raises(StorageError, match="đã bị xóa"), opened.read():
        pass
    assert not path.exists()  # no new, empty file in its place


def test_a_write_to_a_moved_file_is_refused_and_it_keeps_its_data(opened: Store, tmp_path: Path) -> None:
    path = opened.path
    assert path is not None
    moved = tmp_path / "moved" / path.name
    moved.parent.mkdir()
    for suffix in ("", "-wal", "-shm"):
        if path.with_name(path.name + suffix).exists():
            os.rename(path.with_name(path.name + suffix), moved.with_name(moved.name + suffix))
    before = raw_snapshot(moved)
    assert GONE in refused_write(opened)
    opened.close()
    assert raw_snapshot(moved) == before
    assert emudesk_check(moved)[0]


def test_a_write_to_a_file_replaced_by_another_is_refused(
    opened: Store, tmp_path: Path, sqlite_template: Path
) -> None:
    path = opened.path
    assert path is not None
    other = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, other)
    os.replace(other, path)
    before = raw_snapshot(path)
    assert GONE in refused_write(opened)
    opened.close()
    assert raw_snapshot(path) == before
