"""``emudesk import`` of lists typed in TCVN3/VNI or saved as CSV, and ``emudesk repair-text``."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from emudesk.db.models import Individual
from emudesk.domain.legacy_text import Legacy, encode
from emudesk.importer import headers
from emudesk.importer.reader import SheetData
from emudesk.services.core.store import Store
from tests.cli.running import run, target_of
from tests.services.imports.builders import make_office, staff_list
from tests.services.imports.legacy_builders import legacy_staff_list, save_as_csv
from tests.snapshot import changed_rows, snapshot


@pytest.fixture
def db(store: Store) -> str:
    make_office(store)
    return target_of(store)


def names(db: str) -> list[str]:
    store = Store.open(db)
    try:
        with store.read() as s:
            return sorted(s.scalars(select(Individual.full_name)))
    finally:
        store.close()


def rows(db: str) -> dict[str, dict[tuple[object, ...], tuple[object, ...]]]:
    store = Store.open(db)
    try:
        with store.read() as s:
            return snapshot(s)
    finally:
        store.close()


STAFF = ["Lê Minh Tuấn", "Nguyễn Văn Đức", "Phạm Thị Lan", "Trần Thị Hoa"]


@pytest.mark.parametrize("encoding", [Legacy.TCVN3, Legacy.VNI])
def test_import_a_list_typed_in_a_legacy_font(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: Legacy
) -> None:
    path = legacy_staff_list(tmp_path / "cu.xlsx", encoding)
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db)
    assert code == 0, err
    assert f"dòng 8, cột B: Đã chuyển từ mã {encoding}: “{encode('Ông Nguyễn Văn Đức', encoding)}”" in err
    assert f"được gõ bằng mã {encoding}" in err and "Traceback" not in err
    assert names(db) == STAFF


def test_import_a_csv_saved_by_excel(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = save_as_csv(staff_list(tmp_path / "ds.xlsx"), tmp_path / "ds.csv", "semicolon")
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db)
    assert code == 0 and "Đã nhập: 4 thêm mới" in err, err
    assert names(db) == STAFF


def test_an_undecidable_cell_is_refused_and_nothing_written(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = legacy_staff_list(tmp_path / "cu.xlsx", Legacy.TCVN3)
    wb = load_workbook(path)
    wb.active["B11"] = "Y Moan \u00a3nu\u00abl"  # neither reading is a Vietnamese name
    wb.save(path)
    before = rows(db)
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db)
    assert code == 1
    assert "dòng 11, cột B: Ô này có thể được gõ bằng mã TCVN3" in err and "“Y Moan Ênuôl”" in err
    assert not changed_rows(before, rows(db))


def test_an_undecodable_csv_is_one_line_not_a_traceback(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hong.csv"
    path.write_bytes(b"Ho ten;Gioi tinh\n\x81\x8d;Nam\n")
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db)
    assert code == 1 and "“hong.csv”" in err and "Traceback" not in err


def _as_before(sheet: SheetData) -> SheetData:
    sheet.legacy_checked = True
    return sheet


def test_repair_text_previews_then_applies(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An import made before the legacy fonts were known: names stored as typed.
    wb = load_workbook(staff_list(tmp_path / "ds.xlsx"))
    for row in wb.active.iter_rows(min_row=8, max_row=11):
        row[1].value = encode(unicodedata.normalize("NFC", row[1].value), Legacy.TCVN3)
    wb.save(tmp_path / "cu.xlsx")
    with monkeypatch.context() as m:
        m.setattr(headers, "convert_legacy", _as_before)
        assert run(capsys, "import", "individuals", str(tmp_path / "cu.xlsx"), "--db", db)[0] == 0
    assert "Lª Minh TuÊn" in names(db)

    code, _out, err = run(capsys, "check", "--db", db)
    assert code == 0 and "repair-text" in err

    before = rows(db)
    code, out, err = run(capsys, "repair-text", "--db", db)
    assert code == 0 and "“Lª” → “Lê” (chuyển từ mã TCVN3)" in out
    assert "Có thể sửa 4 bản ghi" in err
    assert not changed_rows(before, rows(db))

    code, out, _err = run(capsys, "repair-text", "--db", db, "--json")
    listed = json.loads(out)
    assert code == 0 and listed["applied"] is False and listed["records"] == 4
    assert {"table": "individuals", "field": "given_name", "before": "TuÊn", "after": "Tuấn"}.items() <= next(
        r for r in listed["repairs"] if r["before"] == "TuÊn"
    ).items()

    code, _out, err = run(capsys, "repair-text", "--db", db, "--apply")
    assert code == 0 and "Đã sửa 4 bản ghi" in err
    assert names(db) == STAFF
    code, _out, err = run(capsys, "check", "--db", db)
    assert code == 0 and "repair-text" not in err
    code, out, err = run(capsys, "repair-text", "--db", db)
    assert code == 0 and not out and "Không tìm thấy" in err
