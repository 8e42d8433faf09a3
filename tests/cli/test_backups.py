"""``emudesk backup``, ``backup --list`` and ``restore``, as the shell runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select, update

from emudesk.db.migrate import head_revision
from emudesk.db.models import Achievement, Individual
from emudesk.services.campaigns import achievements
from emudesk.services.core.store import Store
from tests.cli.running import run
from tests.damage import damage, fingerprint


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of this test's own, so the backups folder holds only its backups."""
    home = tmp_path / "home"
    monkeypatch.setenv("EMUDESK_HOME", str(home))
    return home


def name_of(database: Path, individual: int) -> str:
    store = Store.open(database)
    try:
        with store.read() as s:
            return str(s.scalar(select(Individual.full_name).where(Individual.id == individual)))
    finally:
        store.close()


def with_evidence(database: Path, tmp_path: Path) -> None:
    source = tmp_path / "Quyết định.pdf"
    source.write_bytes(b"%PDF-1.4 quyet dinh")
    store = Store.open(database)
    try:
        with store.write() as s:
            achievement = s.scalars(select(Achievement.id)).first()
            assert achievement is not None
            achievements.add_evidence(s, achievement, source)
    finally:
        store.close()


@pytest.mark.sqlite_only("backup zip of an SQLite file")
def test_backup_change_restore_by_the_command_line(
    sqlite_demo_db: Path, tmp_path: Path, own_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_evidence(sqlite_demo_db, tmp_path)
    original = name_of(sqlite_demo_db, 1)
    code, out, err = run(capsys, "backup", "--db", str(sqlite_demo_db))
    assert code == 0, err
    [backup] = (own_home / "data" / "backups").glob("demo-*.zip")
    assert str(backup) in out and "1 tệp minh chứng" in out

    store = Store.open(sqlite_demo_db)
    with store.write() as s:
        s.execute(update(Individual).where(Individual.id == 1).values(full_name="Tên Đã Sửa"))
    store.close()

    code, out, err = run(capsys, "restore", str(backup), "--db", str(sqlite_demo_db))
    assert code == 0, err
    assert name_of(sqlite_demo_db, 1) == original
    [kept] = sqlite_demo_db.parent.glob("demo.before-restore-*.sqlite3")
    assert f"được giữ lại tại {kept}" in out
    assert name_of(kept, 1) == "Tên Đã Sửa"
    assert not (sqlite_demo_db.parent / "demo-files").exists()  # the evidence is inside the database
    code, out, _err = run(capsys, "check", "--db", str(sqlite_demo_db), "--json")
    assert code == 0 and json.loads(out)["counts"]["evidence_files"] == 1


@pytest.mark.sqlite_only("backup zip of an SQLite file")
def test_backup_list_shows_date_size_and_contents_newest_first(
    sqlite_demo_db: Path, tmp_path: Path, own_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_evidence(sqlite_demo_db, tmp_path)
    code, out, _err = run(capsys, "backup", "--list")
    assert code == 0 and "Không có bản sao lưu nào" in out
    first, second = tmp_path / "b" / "first.zip", own_home / "data" / "backups" / "second.sqlite3"
    assert run(capsys, "backup", "--db", str(sqlite_demo_db), "-o", str(first))[0] == 0
    assert run(capsys, "backup", "--db", str(sqlite_demo_db), "-o", str(second))[0] == 0
    os.utime(first, (1_700_000_000, 1_700_000_000))  # the zip's date comes from its manifest, not this
    code, out, _err = run(capsys, "backup", "--list", "--json")
    listed = json.loads(out)
    assert code == 0 and [row["path"] for row in listed] == [str(second)]  # only the backups folder
    assert listed[0]["individuals"] > 0 and listed[0]["evidence_files"] == 1  # in the bare copy too
    # The automatic folder is listed too, once the office has chosen one.
    from emudesk.services.backups import schedule

    schedule.set_automatic_folder(tmp_path / "b")
    code, out, _err = run(capsys, "backup", "--list", "--json")
    listed = json.loads(out)
    assert [row["path"] for row in listed] == [str(second), str(first)]
    assert listed[1]["evidence_files"] == 1 and listed[1]["schema"]
    code, out, _err = run(capsys, "backup", "--list")
    assert out.index("second.sqlite3") < out.index("first.zip")
    assert ("KB" in out or "MB" in out) and head_revision() in out


@pytest.mark.sqlite_only("backup zip of an SQLite file")
def test_restore_json_and_refusals(
    sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.zip"
    assert run(capsys, "backup", "--db", str(sqlite_demo_db), "-o", str(backup))[0] == 0
    before = sqlite_demo_db.read_bytes()
    text = tmp_path / "danh-sach.txt"
    text.write_text("không phải bản sao lưu", encoding="utf-8")
    code, out, err = run(capsys, "restore", str(text), "--db", str(sqlite_demo_db))
    assert code == 1 and out == "" and "không phải bản sao lưu" in err and "Traceback" not in err
    code, out, err = run(capsys, "restore", str(tmp_path / "missing.zip"), "--db", str(sqlite_demo_db))
    assert code == 1 and "Không có bản sao lưu" in err
    code, out, err = run(capsys, "restore", str(sqlite_demo_db), "--db", str(sqlite_demo_db))
    assert code == 1 and "chính là cơ sở dữ liệu" in err
    code, out, err = run(capsys, "restore", str(backup), "--db", "postgresql://u@localhost/x")
    assert code == 1 and "pg_restore" in err
    assert sqlite_demo_db.read_bytes() == before
    assert sorted(p.name for p in sqlite_demo_db.parent.iterdir() if p.name.startswith("demo")) == [
        "demo.sqlite3"
    ]
    code, out, err = run(capsys, "restore", str(backup), "--db", str(sqlite_demo_db), "--json")
    result = json.loads(out)
    assert code == 0 and result["database"] == str(sqlite_demo_db) and Path(result["kept"]).exists()
    assert result["backup"]["individuals"] > 0 and result["upgraded_from"] is None


@pytest.mark.sqlite_only("backup zip of an SQLite file")
def test_restore_to_a_new_file_keeps_nothing(
    sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.zip"
    assert run(capsys, "backup", "--db", str(sqlite_demo_db), "-o", str(backup))[0] == 0
    fresh = tmp_path / "new" / "office.sqlite3"
    fresh.parent.mkdir()
    code, out, err = run(capsys, "restore", str(backup), "--db", str(fresh))
    assert code == 0, err
    assert "giữ lại" not in out
    assert name_of(fresh, 1) == name_of(sqlite_demo_db, 1)


@pytest.mark.pg
def test_a_server_database_is_backed_up_on_the_server(
    pg_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = pg_store.db.url.render_as_string(hide_password=False)
    code, _out, err = run(capsys, "backup", "--db", url, "-o", str(tmp_path / "x.zip"))
    assert code == 1 and "pg_dump" in err and not (tmp_path / "x.zip").exists()


@pytest.mark.parametrize("kind", ["header", "index_page", "damaged_log"])
@pytest.mark.sqlite_only("backup zip of an SQLite file")
def test_a_damaged_database_is_restored_and_its_bytes_kept(
    kind: str, sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.zip"
    assert run(capsys, "backup", "--db", str(sqlite_demo_db), "-o", str(backup))[0] == 0
    damage(sqlite_demo_db, kind)
    damaged = fingerprint(sqlite_demo_db)
    code, _out, err = run(capsys, "check", "--db", str(sqlite_demo_db))
    assert code == 1 and f"emudesk restore BACKUP --db {sqlite_demo_db}" in err
    code, _out, err = run(capsys, "restore", str(backup), "--db", str(sqlite_demo_db))
    assert code == 0, err
    assert run(capsys, "check", "--db", str(sqlite_demo_db))[0] == 0
    [kept] = sqlite_demo_db.parent.glob("demo.before-restore-*.sqlite3")
    assert fingerprint(kept) == damaged
