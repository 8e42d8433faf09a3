"""Control characters from the data never reach the terminal raw, and a list with hostile names
is refused with the row, the column and the reason."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from emudesk.db.models import Individual
from emudesk.log import EscapingFormatter
from emudesk.services.core.store import Store
from tests.cli.running import run, sql, target_of
from tests.services.imports.builders import make_office, staff_list, staff_rows
from tests.snapshot import changed_rows, snapshot


def test_list_escapes_a_stored_escape_sequence(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = demo_db
    store = Store.open(db)
    try:
        with store.write() as s:  # stored before names were checked, or by another tool
            person = s.scalars(select(Individual).order_by(Individual.id).limit(1)).one()
            s.execute(
                text("UPDATE individuals SET given_name = :g, full_name = :f WHERE id = :id"),
                {"g": "Đ\x1b[2Jức", "f": "Nguyễn Văn Đ\x1b[2Jức\u202e\x85", "id": person.id},
            )
            pid = person.id
    finally:
        store.close()
    code, out, err = run(capsys, "list", "individuals", "--db", str(db))
    assert code == 0, err
    assert "\x1b" not in out and "\u202e" not in out
    assert "Nguyễn Văn Đ\\x1b[2Jức\\u202e\\u0085" in out
    code, out, err = run(capsys, "list", "individuals", "--db", str(db), "--json")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out and "\x85" not in out
    names = {row["id"]: row["name"] for row in json.loads(out)}  # the escapes are JSON's own
    assert names[pid] == "Nguyễn Văn Đ\x1b[2Jức\u202e\x85"


def test_import_refuses_hostile_names_with_row_and_column(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_office(store)
    rows = staff_rows()
    rows[1][1] = "Bà Trần Thị\x1b[2J Hoa"
    rows[3][1] = "Phạm " + "Lan" * 2000
    path = staff_list(tmp_path / "ds.xls", rows, xls=True)
    code, out, err = run(capsys, "import", "individuals", str(path), "--db", target_of(store))
    assert code == 1
    assert "dòng 9, cột B" in err and "U+001B" in err and "dòng 11, cột B" in err and "6.005" in err
    assert "\x1b" not in err + out and "Traceback" not in err
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Individual)) == 0


def test_log_lines_escape_control_characters() -> None:
    record = logging.makeLogRecord({"msg": "imported %s", "args": ("Đ\x1b[2Jức\u202e",)})
    assert EscapingFormatter("%(message)s").format(record) == "imported Đ\\x1b[2Jức\\u202e"


def test_a_reason_with_an_escape_sequence_is_refused_and_nothing_written(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "list", "nominations", "--json", "--db", str(demo_db))
    nid = next(r["id"] for r in json.loads(out) if r["status"] == "submitted")
    store = Store.open(demo_db)
    try:
        with store.read() as s:
            before = snapshot(s)
    finally:
        store.close()
    move = ("nominations", "move", str(nid), "--to", "returned", "--reason", "Thiếu\x1b[2J báo cáo")
    code, out, err = run(capsys, *move, "--db", str(demo_db))
    assert code == 1 and out == ""
    assert "Lý do" in err and "U+001B" in err  # the field --reason fills, as the audit log names it
    assert "\x1b" not in err and "Traceback" not in err
    store = Store.open(demo_db)
    try:
        with store.read() as s:
            assert changed_rows(before, snapshot(s)) == set()
    finally:
        store.close()


def test_check_names_the_record_and_field_of_stored_control_characters(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [(did,)] = sql(demo_db, "SELECT min(id) FROM decisions")
    sql(demo_db, "UPDATE decisions SET signer_name = :n WHERE id = :id", n="Nguyễn\x1b[2J Văn A", id=did)
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 1
    text_out = out + err
    assert f"Bảng decisions, bản ghi {did}, trường “Họ tên người ký”" in text_out and "U+001B" in text_out
    assert "\x1b" not in text_out
