"""A database on a network share: the command line reads it, refuses writes with the reason, copies it
to this computer (issue 15, item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.running import run
from tests.cli.test_damaged_writes import units, units_file
from tests.damage import fingerprint

pytestmark = pytest.mark.sqlite_only("network-share detection and the one-window lock are about a file")


def test_reads_work_and_writes_are_refused_with_the_reason(
    shared_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "list", "individuals", "--json", "--db", str(shared_demo))
    assert code == 0, err
    assert len(json.loads(out)) > 10
    source = units_file(capsys, shared_demo, tmp_path / "don-vi.xlsx")
    before, count = fingerprint(shared_demo), units(shared_demo)
    code, out, err = run(capsys, "import", "units", str(source), "--db", str(shared_demo))
    assert code == 1 and out == ""
    line = err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert f"{shared_demo} nằm trên thư mục dùng chung qua mạng, //fileserver/khenthuong (cifs)" in line
    assert "không an toàn qua mạng" in line and "chỉ mở để đọc" in line
    assert f"emudesk copy-local TỆP --db {shared_demo}" in line and "PostgreSQL" in line
    assert fingerprint(shared_demo) == before and units(shared_demo) == count


def test_copy_local_gives_a_database_that_takes_writes(
    shared_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "may-nay" / "demo.sqlite3"
    code, out, err = run(capsys, "copy-local", str(copy), "--db", str(shared_demo))
    assert code == 0, err
    assert f"Đã chép về {copy}" in out and f"emudesk --db {copy}" in out
    source = units_file(capsys, copy, tmp_path / "don-vi.xlsx")
    count = units(copy)
    code, _out, err = run(capsys, "import", "units", str(source), "--db", str(copy))
    assert code == 0, err
    assert units(copy) == count + 1
    code, _out, err = run(capsys, "check", "--db", str(copy))
    assert code == 0, err


def test_copy_local_refuses_a_destination_on_the_share(
    shared_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = shared_demo.with_name("ban-sao.sqlite3")
    code, out, err = run(capsys, "copy-local", str(target), "--db", str(shared_demo))
    assert code == 1 and out == ""
    assert "cũng nằm trên thư mục dùng chung qua mạng" in err
    assert not target.exists()


def test_demo_force_does_not_replace_a_file_on_a_share(
    shared_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = shared_demo.read_bytes()
    code, out, err = run(capsys, "demo", "--force", "--db", str(shared_demo))
    assert code == 1 and "Đã tạo" not in out
    assert "thư mục dùng chung qua mạng" in err and "bản sao" not in err.lower()
    assert shared_demo.read_bytes() == data
    assert sorted(p.name for p in shared_demo.parent.iterdir()) == ["demo.sqlite3"]


def test_demo_force_does_not_replace_a_file_open_in_a_window(
    sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import datetime

    from emudesk.services.core import holder

    held = holder.take(sqlite_demo_db, holder.Holder("lan", "PC-KETOAN", 4242, datetime(2026, 12, 1, 8, 30)))
    assert isinstance(held, holder.Hold)
    try:
        before = fingerprint(sqlite_demo_db)
        code, _out, err = run(capsys, "demo", "--force", "--db", str(sqlite_demo_db))
        assert code == 1
        assert "đang được mở trong emudesk bởi lan trên máy PC-KETOAN, từ 01/12/2026 08:30" in err
        assert fingerprint(sqlite_demo_db) == before
    finally:
        held.release()
