"""Names with control characters, bidi overrides or thousands of characters are refused on
import, each with its file, sheet, row, column and reason."""

from __future__ import annotations

from pathlib import Path

from emudesk.importer import cells
from emudesk.importer.kinds import parse_file
from tests.services.imports.builders import staff_list, staff_rows


def test_cell_parsers_refuse_hostile_text() -> None:
    for parser in (cells.parse_text, cells.parse_long_text, cells.parse_person_name, cells.parse_text_list):
        bad = parser("Nguyễn Văn \x1b[2JĐức")
        assert isinstance(bad, cells.Bad) and "U+001B" in bad.reason, parser
    assert isinstance(cells.parse_text("Phòng \u202eNội vụ"), cells.Bad)
    assert isinstance(cells.parse_person_name("Nguyễn " + "a" * 5000), cells.Bad)
    assert cells.parse_text("  Phòng   Nội vụ\n") == "Phòng Nội vụ"
    assert cells.parse_long_text("Căn cứ Luật;\nCăn cứ Nghị định") == "Căn cứ Luật;\nCăn cứ Nghị định"


def test_staff_list_with_hostile_names_reports_each_cell(tmp_path: Path) -> None:
    # .xls: openpyxl refuses to write control characters, an old Excel file holds them as sent.
    rows = staff_rows()
    rows[1][1] = "Bà Trần Thị\x1b[2J Hoa"
    rows[2][5] = "Kế toán \u202eviên"
    rows[3][1] = "Phạm " + "Lan" * 2000
    path = staff_list(tmp_path / "ds.xls", rows, xls=True)
    result = parse_file(path, "individuals")
    errors = list(result.all_errors())
    where = {(e.file, e.sheet, e.row, e.column_letter) for e in errors}
    assert where == {
        ("ds.xls", "Danh sách", 9, "B"),
        ("ds.xls", "Danh sách", 10, "F"),
        ("ds.xls", "Danh sách", 11, "B"),
    }
    reasons = {e.row: e.reason for e in errors}
    assert "U+001B" in reasons[9] and "U+202E" in reasons[10] and "6.005" in reasons[11]
    assert [r.values["full_name"] for r in result.valid_rows] == ["Nguyễn Văn Đức"]
