"""`emudesk check` on a damaged file: exit 1, the file named as damaged with how to restore it, no traceback.

Whatever is hit (header, list of tables, a data or index page, the write-ahead log, the length,
the whole file) the file and its log are left byte for byte as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.running import run
from tests.damage import KINDS, damage, fingerprint

pytestmark = pytest.mark.sqlite_only("file damage: bytes of the SQLite file")


def assert_says_damaged_and_how_to_restore(text: str) -> None:
    assert "bị hỏng" in text, text
    assert "Sao lưu cơ sở dữ liệu…" in text and "emudesk backup" in text, text
    assert "Traceback" not in text and "sqlalchemy" not in text, text


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_reports_damage_and_writes_nothing(
    kind: str, sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(sqlite_demo_db, kind)
    before = fingerprint(sqlite_demo_db)
    code, out, err = run(capsys, "check", "--db", str(sqlite_demo_db))
    assert code == 1
    assert_says_damaged_and_how_to_restore(err)
    assert str(sqlite_demo_db) in err and out == ""
    assert fingerprint(sqlite_demo_db) == before


@pytest.mark.parametrize("kind", ["a_third_in", "empty_file", "damaged_log"])
def test_check_json_reports_damage(
    kind: str, sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(sqlite_demo_db, kind)
    before = fingerprint(sqlite_demo_db)
    code, out, err = run(capsys, "check", "--db", str(sqlite_demo_db), "--json")
    report = json.loads(out)
    assert code == 1 and err == ""
    assert report["ok"] is False and report["database"] == str(sqlite_demo_db)
    assert len(report["errors"]) == 1
    assert_says_damaged_and_how_to_restore(report["errors"][0])
    assert fingerprint(sqlite_demo_db) == before


def test_check_json_on_the_demo_is_ok(sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "check", "--db", str(sqlite_demo_db), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["errors"] == []
    assert report["counts"]["individuals"] > 0


def test_a_log_with_changes_not_yet_in_the_file_is_not_damage(
    sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.damage import with_log

    with_log(sqlite_demo_db)
    code, out, err = run(capsys, "check", "--db", str(sqlite_demo_db))
    assert code == 0, err
    assert "không phát hiện lỗi" in out


@pytest.mark.parametrize("kind", ["header_fields", "schema_page", "empty_file", "damaged_log", "truncated"])
def test_other_commands_refuse_a_damaged_file_without_writing(
    kind: str, sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty file used to be turned into a new, empty database by any command that opened it."""
    damage(sqlite_demo_db, kind)
    before = fingerprint(sqlite_demo_db)
    code, _out, err = run(capsys, "list", "individuals", "--db", str(sqlite_demo_db))
    assert code == 1
    assert_says_damaged_and_how_to_restore(err)
    assert fingerprint(sqlite_demo_db) == before


def test_a_read_that_hits_a_damaged_page_says_so(
    sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Opening reads only the list of tables; damage in a page read later is reported the same way."""
    damage(sqlite_demo_db, "data_page")
    before = fingerprint(sqlite_demo_db)
    code, _out, err = run(capsys, "list", "individuals", "--db", str(sqlite_demo_db))
    assert code == 1
    assert_says_damaged_and_how_to_restore(err)
    assert fingerprint(sqlite_demo_db) == before


@pytest.mark.parametrize("kind", ["data_page", "index_page"])
def test_backup_of_a_damaged_file_is_refused_and_leaves_nothing(
    kind: str, sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's backup API copies damaged pages as they are: such a copy is no backup."""
    damage(sqlite_demo_db, kind)
    before = fingerprint(sqlite_demo_db)
    folder = tmp_path / "sao-luu"
    code, out, err = run(capsys, "backup", "--db", str(sqlite_demo_db), "-o", str(folder / "copy.sqlite3"))
    assert code == 1 and out == ""
    assert_says_damaged_and_how_to_restore(err)
    assert list(folder.iterdir()) == []
    assert fingerprint(sqlite_demo_db) == before


def test_a_whole_backup_leaves_only_the_copy(
    sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sao-luu"
    code, _out, err = run(capsys, "backup", "--db", str(sqlite_demo_db), "-o", str(folder / "copy.sqlite3"))
    assert code == 0, err
    assert [p.name for p in folder.iterdir()] == ["copy.sqlite3"]
