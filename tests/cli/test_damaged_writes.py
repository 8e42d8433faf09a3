"""Writes to a damaged or incomplete database are refused before anything is written (issue 19, item 5).

Opening reads only the header, the log and the list of tables; the first write of a command reads
every page (``quick_check``), and an open compares the tables and columns with the models'.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.cli.running import run
from tests.damage import damage, fingerprint

pytestmark = pytest.mark.sqlite_only("file damage: bytes and tables of the SQLite file")


def units_file(capsys: pytest.CaptureFixture[str], db: Path, path: Path) -> Path:
    """The units template of ``db`` with one new unit filled in."""
    template = path.with_name("mau.xlsx")
    code, _out, err = run(capsys, "template", "units", "-o", str(template), "--db", str(db))
    assert code == 0, err
    wb = openpyxl.load_workbook(template)
    kind = wb["DanhMuc"]["A2"].value
    wb["Đơn vị"].append([1, "Phòng Thử nghiệm mới", None, "TN99", kind])
    wb.save(path)
    return path


def units(db: Path) -> int:
    with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as con:
        count = int(con.execute("SELECT count(*) FROM units").fetchone()[0])
    con.close()
    return count


def test_import_into_the_whole_demo_writes(
    sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same import as below, on the undamaged file: it is the damage that stops it."""
    source = units_file(capsys, sqlite_demo_db, tmp_path / "don-vi.xlsx")
    before = units(sqlite_demo_db)
    code, _out, err = run(capsys, "import", "units", str(source), "--db", str(sqlite_demo_db))
    assert code == 0, err
    assert units(sqlite_demo_db) == before + 1


@pytest.mark.parametrize("kind", ["a_third_in", "data_page", "index_page"])
def test_import_into_a_damaged_file_is_refused_and_writes_nothing(
    kind: str, sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = units_file(capsys, sqlite_demo_db, tmp_path / "don-vi.xlsx")
    damage(sqlite_demo_db, kind)
    before = fingerprint(sqlite_demo_db)
    code, out, err = run(capsys, "import", "units", str(source), "--db", str(sqlite_demo_db))
    assert code == 1 and out == ""
    assert "bị hỏng" in err and "emudesk chưa ghi gì vào tệp" in err and "Sao lưu cơ sở dữ liệu…" in err
    assert "Traceback" not in err and "Đã nhập" not in err
    assert fingerprint(sqlite_demo_db) == before


@pytest.mark.parametrize("kind", ["a_third_in", "index_page"])
def test_listing_a_damaged_file_gives_a_message_or_the_rows(
    kind: str, sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read that does not reach the damage lists; one that does says so. Never a traceback."""
    damage(sqlite_demo_db, kind)
    before = fingerprint(sqlite_demo_db)
    for table in ("units", "individuals", "campaigns", "nominations", "decisions"):
        code, _out, err = run(capsys, "list", table, "--db", str(sqlite_demo_db))
        assert code in (0, 1) and "Traceback" not in err
        assert code == 0 or "bị hỏng" in err
    assert fingerprint(sqlite_demo_db) == before


def drop(db: Path, *tables: str) -> None:
    con = sqlite3.connect(db, isolation_level=None)
    try:
        for table in tables:
            con.execute(f"DROP TABLE {table}")
    finally:
        con.close()


def test_a_file_without_tables_fails_check_and_takes_no_writes(
    sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = units_file(capsys, sqlite_demo_db, tmp_path / "don-vi.xlsx")
    drop(sqlite_demo_db, "settings", "evidence_files")
    before = fingerprint(sqlite_demo_db)
    code, out, err = run(capsys, "check", "--db", str(sqlite_demo_db))
    assert code == 1 and "không phát hiện lỗi" not in out
    assert "không đầy đủ: thiếu settings, evidence_files" in err and "emudesk chưa ghi gì vào tệp" in err
    code, out, err = run(capsys, "import", "units", str(source), "--db", str(sqlite_demo_db))
    assert code == 1 and "không đầy đủ" in err and "Traceback" not in err
    assert fingerprint(sqlite_demo_db) == before


def test_a_missing_column_is_found_too(sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    con = sqlite3.connect(sqlite_demo_db, isolation_level=None)
    con.execute("ALTER TABLE settings DROP COLUMN value")
    con.close()
    before = fingerprint(sqlite_demo_db)
    code, _out, err = run(capsys, "list", "units", "--db", str(sqlite_demo_db))
    assert code == 1 and "thiếu settings.value" in err
    assert fingerprint(sqlite_demo_db) == before


# --- Only init and demo create databases (item 6) ---------------------------------------------


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_not_opened_and_nothing_is_left_beside_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "units", "--db", "/dev/null")
    assert code == 1 and out == ""
    assert "không phải là tệp cơ sở dữ liệu" in err and "Traceback" not in err
    assert not Path("/dev/null-journal").exists() and not Path("/dev/null-wal").exists()


def test_a_folder_is_not_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "du-lieu.sqlite3"
    folder.mkdir()
    code, _out, err = run(capsys, "list", "units", "--db", str(folder))
    assert code == 1 and "không phải là tệp cơ sở dữ liệu" in err
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


def test_an_empty_or_missing_file_is_not_made_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "rong.sqlite3"
    empty.write_bytes(b"")
    code, _out, err = run(capsys, "list", "units", "--db", str(empty))
    assert code == 1 and "tệp rỗng" in err
    code, _out, err = run(capsys, "list", "units", "--db", str(tmp_path / "chua-co.sqlite3"))
    assert code == 1 and "Không có tệp" in err
    assert list(tmp_path.iterdir()) == [empty] and empty.stat().st_size == 0
