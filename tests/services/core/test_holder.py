"""Which window holds a database file: a record that counts only while its OS lock is held (issue 15)."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from emudesk.domain.errors import StorageError
from emudesk.services.core import holder
from emudesk.services.core.holder import Hold, Holder
from emudesk.services.core.outputs import refuse_replacing

OTHER = Holder("lan", "PC-KETOAN", 4242, datetime(2026, 12, 1, 8, 30, tzinfo=timezone(timedelta(hours=7))))


def test_the_first_takes_the_file_and_a_second_reads_who_has_it(tmp_path: Path) -> None:
    db = tmp_path / "emudesk.sqlite3"
    first = holder.take(db)
    assert isinstance(first, Hold)
    try:
        record = json.loads(holder.lock_path(db).read_text(encoding="utf-8"))
        assert record["pid"] == os.getpid() and record["app"] == "emudesk"
        second = holder.take(db)
        assert isinstance(second, Holder)
        assert second.pid == os.getpid() and second.here
        assert holder.holder_of(db) == second
    finally:
        first.release()
    assert holder.holder_of(db) is None
    assert not holder.lock_path(db).exists()
    again = holder.take(db)
    assert isinstance(again, Hold)
    again.release()


def test_another_computer_is_named_with_its_user_and_since_when(tmp_path: Path) -> None:
    db = tmp_path / "emudesk.sqlite3"
    held = holder.take(db, OTHER)
    assert isinstance(held, Hold)
    try:
        seen = holder.take(db)
        assert seen == OTHER and not seen.here
        assert seen.describe() == "lan trên máy PC-KETOAN, từ 01/12/2026 08:30"
    finally:
        held.release()


def test_a_record_left_by_a_crashed_window_is_ignored_and_replaced(tmp_path: Path) -> None:
    db = tmp_path / "emudesk.sqlite3"
    stale = holder.lock_path(db)
    stale.write_text(json.dumps({"app": "emudesk", "user": "lan", "host": "PC-KETOAN", "pid": 4242,
                                 "started": "2026-12-01T08:30:00+07:00"}), encoding="utf-8")  # fmt: skip
    assert holder.holder_of(db) is None  # nobody holds its lock
    taken = holder.take(db)
    assert isinstance(taken, Hold)
    try:
        record = json.loads(stale.read_text(encoding="utf-8"))
        assert record["pid"] == os.getpid() and record["host"] != "PC-KETOAN"
    finally:
        taken.release()


def test_a_record_being_written_reads_as_unknown(tmp_path: Path) -> None:
    db = tmp_path / "emudesk.sqlite3"
    held = holder.take(db)
    assert isinstance(held, Hold)
    try:
        holder.lock_path(db).write_text("", encoding="utf-8")
        assert holder.take(db) is None
    finally:
        held.release()


def test_every_name_of_the_file_is_the_same_hold(tmp_path: Path) -> None:
    db = tmp_path / "a" / "emudesk.sqlite3"
    db.parent.mkdir()
    (tmp_path / "link").symlink_to(db.parent)
    held = holder.take(db)
    assert isinstance(held, Hold)
    try:
        assert isinstance(holder.take(tmp_path / "link" / "emudesk.sqlite3"), Holder)
        assert isinstance(holder.take(tmp_path / "a" / ".." / "a" / "emudesk.sqlite3"), Holder)
    finally:
        held.release()


@pytest.mark.sqlite_only("single window per file")
def test_only_another_process_keeps_a_file_from_being_replaced(tmp_path: Path, sqlite_template: Path) -> None:
    db = tmp_path / "emudesk.sqlite3"
    shutil.copy(sqlite_template, db)
    refuse_replacing(db)
    mine = holder.take(db)
    assert isinstance(mine, Hold)
    try:
        refuse_replacing(db)  # this process's own window (restoring its file)
    finally:
        mine.release()
    theirs = holder.take(db, OTHER)
    assert isinstance(theirs, Hold)
    try:
        with pytest.raises(StorageError, match="PC-KETOAN"):
            refuse_replacing(db)
    finally:
        theirs.release()
