"""``emudesk import`` and ``emudesk template``: exit codes, the summary on stderr, the report file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from emudesk.db.models import AuditEntry, Campaign, Individual, achievement_criteria
from emudesk.importer.reader import LISTS_SHEET
from emudesk.importer.report import ERROR_COLUMN
from emudesk.services.campaigns.workbook import write_campaign_workbook
from emudesk.services.core.store import Store
from tests.cli.running import run, target_of
from tests.factories import NTM, seed_campaign
from tests.services.imports.builders import make_office, staff_list, staff_rows
from tests.snapshot import changed_rows, snapshot


@pytest.fixture
def db(store: Store) -> str:
    make_office(store)
    return target_of(store)


def people(db: str) -> int:
    store = Store.open(db)
    try:
        with store.read() as s:
            return int(s.scalar(select(func.count()).select_from(Individual)) or 0)
    finally:
        store.close()


def test_import_then_import_again(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = staff_list(tmp_path / "ds.xlsx")
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db)
    assert code == 0, err
    assert "4 dòng thêm mới" in err and "Đã nhập: 4 thêm mới" in err and "Traceback" not in err
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db, "--on-match", "update")
    assert code == 0 and "0 thêm mới" in err and people(db) == 4


def test_bad_row_exit_1_with_report(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = staff_rows()
    rows[2][2] = "31/02/1980"
    path = staff_list(tmp_path / "ds.xlsx", rows)
    report = tmp_path / "loi.xlsx"
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db, "--report", str(report))
    assert code == 1 and people(db) == 0
    assert "dòng 10, cột C" in err and "1 dòng lỗi" in err and "Chưa nhập dữ liệu nào" in err
    wb = openpyxl.load_workbook(report)
    summary = wb.worksheets[0]
    assert [c.value for c in summary[2]][:3] == ["Danh sách", 10, "C"]
    sheet = wb["Danh sách"]
    error_col = next(c.column for c in sheet[5] if c.value == ERROR_COLUMN)
    assert error_col == 9  # beside the list's eight columns
    assert "31/02/1980" in str(sheet.cell(row=10, column=error_col).value)
    assert sheet.cell(row=10, column=2).value == "Lê Minh Tuấn"  # the user's own data, as sent


def test_dry_run_writes_nothing(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = staff_list(tmp_path / "ds.xlsx")
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db, "--dry-run")
    assert code == 0 and "Chạy thử" in err and people(db) == 0


def test_usage_and_unreadable_files(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = staff_list(tmp_path / "ds.xlsx")
    assert run(capsys, "import", "spaceships", str(path), "--db", db)[0] == 2
    assert run(capsys, "import", "individuals", str(path), "--db", db, "--report", "x.pdf")[0] == 2
    assert run(capsys, "import", "campaign", str(path), "--db", db, "--sheet", "A")[0] == 2
    assert run(capsys, "import", "individuals", str(path), "--db", db, "--on-match", "merge")[0] == 2
    assert run(capsys, "template", "individuals", "--db", db)[0] == 2  # -o is required
    junk = tmp_path / "ds2.xlsx"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip" * 10)
    code, _out, err = run(capsys, "import", "individuals", str(junk), "--db", db)
    assert code == 1 and "Traceback" not in err and "ds2.xlsx" in err
    code, _out, err = run(capsys, "import", "individuals", str(tmp_path / "none.xlsx"), "--db", db)
    assert code == 1 and "Traceback" not in err
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db, "--sheet", "Không có")
    assert code == 1 and "Không có" in err


def test_template_lists_the_database(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mau.xlsx"
    code, out, _err = run(capsys, "template", "individuals", "-o", str(target), "--db", db)
    assert code == 0 and str(target) in out
    wb = openpyxl.load_workbook(target)
    values = {c.value for col in wb[LISTS_SHEET].iter_cols() for c in col}
    # The two "Phòng Nội vụ" are offered with their district, as the import reads them.
    assert {"Phòng Nội vụ - UBND huyện Vũ Thư", "Phòng Tài chính - Kế hoạch", "Nam", "Nữ"} <= values
    code, _out, _err = run(capsys, "template", "units", "-o", str(target), "--db", db)
    wb = openpyxl.load_workbook(target)
    assert "Phòng, đơn vị trực thuộc" in {c.value for col in wb[LISTS_SHEET].iter_cols() for c in col}
    code, _out, _err = run(capsys, "template", "awards", "-o", str(target), "--db", db)
    wb = openpyxl.load_workbook(target)
    assert "Chiến sĩ thi đua cơ sở" in {c.value for col in wb[LISTS_SHEET].iter_cols() for c in col}


def test_campaign_workbook_through_the_cli(
    db: str, tmp_path: Path, sqlite_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    source = tmp_path / "province.sqlite3"
    shutil.copy(sqlite_template, source)
    province = Store.open(source)
    with province.write() as s:
        cid = seed_campaign(s, NTM)
    with province.read() as s:
        write_campaign_workbook(s, cid, tmp_path / "kh.xlsx")
    province.close()
    code, _out, err = run(capsys, "import", "campaign", str(tmp_path / "kh.xlsx"), "--db", db)
    assert code == 0, err
    code, _out, err = run(capsys, "import", "campaign", str(tmp_path / "kh.xlsx"), "--db", db)
    assert code == 0 and "1 dòng bỏ qua" in err
    store = Store.open(db)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 1
    store.close()


def test_demo_campaign_exported_edited_and_imported_back(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 12: a short-name edit through export and import took the plan's 9 criterion links to 0."""
    db, book = str(demo_db), tmp_path / "kh.xlsx"
    store = Store.open(db)
    with store.read() as s:
        before = snapshot(s)
        last_audit = s.scalar(select(func.max(AuditEntry.id)))
    store.close()
    code, _out, err = run(capsys, "export", "campaign", "--campaign", "2", "-o", str(book), "--db", db)
    assert code == 0, err
    wb = openpyxl.load_workbook(book)
    plan = wb["Kế hoạch"]
    short = next(c for c in plan[2] if c.column == next(h.column for h in plan[1] if h.value == "Tên ngắn"))
    short.value = "NTM nâng cao, kiểu mẫu"
    wb.save(book)

    code, _out, err = run(capsys, "import", "campaign", str(book), "--on-match", "update", "--db", db)
    assert code == 0 and "1 cập nhật" in err, err
    store = Store.open(db)
    with store.read() as s:
        assert changed_rows(before, snapshot(s)) == {("campaigns", (2,))}
        assert s.scalar(select(Campaign.short_title).where(Campaign.id == 2)) == "NTM nâng cao, kiểu mẫu"
        assert s.scalar(select(func.count()).select_from(achievement_criteria)) == 9
        logged = s.execute(
            select(AuditEntry.table_name, AuditEntry.record_id).where(AuditEntry.id > last_audit)
        )
        assert logged.all() == [("campaigns", 2)]
    store.close()

    # Taking a criterion that achievements use out of the workbook is refused, naming it; nothing is written.
    criteria = wb["Tiêu chuẩn"]
    text_col = next(h.column for h in criteria[1] if h.value == "Nội dung tiêu chuẩn")
    used_row = next(r for r in range(2, criteria.max_row + 1) if criteria.cell(r, 1).value == "đ")
    used_text = criteria.cell(used_row, text_col).value
    criteria.delete_rows(used_row)
    wb.save(book)
    store = Store.open(db)
    with store.read() as s:
        before = snapshot(s)
    store.close()
    code, _out, err = run(capsys, "import", "campaign", str(book), "--on-match", "update", "--db", db)
    assert code == 1, err
    assert "Không thể xóa tiêu chuẩn đang được dùng cho thành tích" in err
    assert f"“đ) {used_text[:40]}" in err and "(2 thành tích)" in err
    store = Store.open(db)
    with store.read() as s:
        assert changed_rows(before, snapshot(s)) == set()
    store.close()


def test_names_typed_in_one_case_are_stored_in_proper_case_and_listed(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = staff_rows()
    rows[0][1] = "nguyễn văn đức"
    rows[1][1] = "TRẦN THỊ HOA"
    path = staff_list(tmp_path / "ds.xlsx", rows)
    code, _out, err = run(capsys, "import", "individuals", str(path), "--db", db)
    assert code == 0, err
    assert "dòng 8, cột B: tên đã chuẩn hoá: nguyễn văn đức → Nguyễn Văn Đức" in err
    assert "dòng 9, cột B: tên đã chuẩn hoá: TRẦN THỊ HOA → Trần Thị Hoa" in err
    assert "Lê Minh Tuấn →" not in err
    store = Store.open(db)
    try:
        with store.read() as s:
            names = set(s.scalars(select(Individual.full_name)))
    finally:
        store.close()
    assert names == {"Nguyễn Văn Đức", "Trần Thị Hoa", "Lê Minh Tuấn", "Phạm Thị Lan"}
