"""The write-ahead log check: damage is found; what a crash or a restart of the log leaves is not damage."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from emudesk.db.integrity import DamagedDatabaseError, ensure_intact

PAGE = 4096


def _crashed_copy(tmp_path: Path, *, restart: bool) -> Path:
    """A file with committed changes still in its log, as a crash leaves it (both files copied mid-session).

    ``restart``: after a checkpoint, write again so SQLite starts the log over; the frames of the
    previous round stay behind the new ones, under the old salts.
    """
    live = tmp_path / "live.sqlite3"
    con = sqlite3.connect(live, isolation_level=None)
    con.execute(f"PRAGMA page_size={PAGE}")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
    rng = random.Random(7)
    for _round in range(6):
        con.execute("INSERT INTO t (body) VALUES (?)", (rng.randbytes(3 * PAGE),))
        con.execute("UPDATE t SET body = ? WHERE id = 1", (rng.randbytes(PAGE // 2),))
    if restart:
        assert con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0] == 0
        con.execute("UPDATE t SET body = ? WHERE id = 2", (b"after the restart",))
    copy = tmp_path / "copy" / "office.sqlite3"
    copy.parent.mkdir()
    shutil.copy(live, copy)
    shutil.copy(f"{live}-wal", f"{copy}-wal")
    con.close()
    return copy


def _rows(path: Path) -> int:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 't'").fetchone():
            return 0  # the log held the table itself
        return int(con.execute("SELECT count(*) FROM t").fetchone()[0])
    finally:
        con.close()


def _frames(path: Path) -> int:
    return (Path(f"{path}-wal").stat().st_size - 32) // (24 + PAGE)


def test_a_log_left_by_a_crash_is_whole(tmp_path: Path) -> None:
    path = _crashed_copy(tmp_path, restart=False)
    ensure_intact(path, thorough=True)
    assert _rows(path) == 6


def test_a_restarted_log_with_old_frames_behind_is_whole(tmp_path: Path) -> None:
    path = _crashed_copy(tmp_path, restart=True)
    assert _frames(path) > 10  # the old round's frames are still there, after the new ones
    ensure_intact(path, thorough=True)


def test_a_last_frame_cut_short_is_what_a_power_loss_leaves(tmp_path: Path) -> None:
    """SQLite rolls such a frame back itself; calling the file damaged would be a false alarm."""
    path = _crashed_copy(tmp_path, restart=False)
    wal = Path(f"{path}-wal")
    with wal.open("r+b") as fh:
        fh.seek(wal.stat().st_size - PAGE // 2)
        fh.write(random.Random(3).randbytes(PAGE // 2))
    ensure_intact(path, thorough=True)


@pytest.mark.parametrize("where", [0, 1 / 3, 1 / 2])
def test_damage_inside_the_log_is_found(tmp_path: Path, where: float) -> None:
    """SQLite alone would open the file without the changes after the damage and say nothing."""
    path = _crashed_copy(tmp_path, restart=False)
    wal = Path(f"{path}-wal")
    with wal.open("r+b") as fh:
        fh.seek(int(wal.stat().st_size * where))
        fh.write(random.Random(5).randbytes(64))
    assert _rows(path) < 6  # what SQLite makes of it: changes silently gone
    with pytest.raises(DamagedDatabaseError, match=r"nhật ký ghi trước office\.sqlite3-wal bị hỏng"):
        ensure_intact(path)
