"""calamine reading: formats, sheets, positions, formulas with and without cached values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from emudesk.importer.grid import column_index, column_letter
from emudesk.importer.reader import open_workbook, read_sheet
from emudesk.importer.safety import FileFormat, ImportFileError
from tests.importer.builders import make_ods, save, set_cached_value, sheet_of


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters
    assert column_index(letters) == index
    assert column_index(letters.lower()) == index


def test_positions_are_absolute(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["C4"] = "Họ và tên"
    ws["D7"] = "x"
    sheet = read_sheet(save(wb, tmp_path / "a.xlsx"))
    assert sheet.value(4, column_index("C")) == "Họ và tên"
    assert sheet.value(7, column_index("D")) == "x"
    assert sheet.value(99, 0) == ""
    assert sheet.height == 7


def test_formula_with_cached_value_reads_the_value(tmp_path: Path) -> None:
    wb = sheet_of([["Họ và tên", "Tổng"], ["Nguyễn Văn A", "=1+2"], ["Trần B", '=CONCAT("a","b")']])
    path = save(wb, tmp_path / "f.xlsx")
    set_cached_value(path, "B2", "1+2", "3")
    set_cached_value(path, "B3", 'CONCAT("a","b")', "ab", text=True)
    sheet = read_sheet(path)
    assert sheet.rows[1][1] == 3
    assert sheet.rows[2][1] == "ab"


def test_formula_without_cached_value_reads_empty(tmp_path: Path) -> None:
    # openpyxl, like many generators, saves formulas without a value: calamine must not crash.
    path = save(sheet_of([["Họ và tên", "Tổng"], ["Nguyễn Văn A", "=SUM(1,2)"]]), tmp_path / "f.xlsx")
    assert read_sheet(path).rows[1] == ["Nguyễn Văn A", ""]


def test_sheet_choice(tmp_path: Path) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "Trống"
    hidden = wb.create_sheet("Ẩn")
    hidden["A1"] = "bí mật"
    hidden.sheet_state = "hidden"
    help_ws = wb.create_sheet("Hướng dẫn")
    help_ws["A1"] = "Cách điền"
    data = wb.create_sheet("Danh sách cá nhân")
    data["A1"] = "Họ và tên"
    path = save(wb, tmp_path / "s.xlsx")
    with open_workbook(path) as book:
        assert book.sheet_names == ["Trống", "Ẩn", "Hướng dẫn", "Danh sách cá nhân"]
        assert book.visible_sheet_names == ["Trống", "Hướng dẫn", "Danh sách cá nhân"]
        assert book.sheet().name == "Danh sách cá nhân"
        assert book.sheet("danh sach ca nhan").name == "Danh sách cá nhân"
        assert book.sheet("Ẩn").rows == [["bí mật"]]
        with pytest.raises(ImportFileError, match="Danh sách cá nhân"):
            book.sheet("Không có")


def test_all_empty_workbook(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError):
        read_sheet(save(Workbook(), tmp_path / "e.xlsx"))


def test_merged_ranges(tmp_path: Path) -> None:
    wb = sheet_of([["Ngày sinh", None], ["Nam", "Nữ"]])
    ws = wb.active
    assert ws is not None
    ws.merge_cells("A1:B1")
    assert read_sheet(save(wb, tmp_path / "m.xlsx")).merged == ((0, 0, 0, 1),)


def test_xls_from_xlwt(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Danh sách")
    ws.write(0, 0, "UBND TỈNH THÁI BÌNH")
    ws.write_merge(2, 2, 1, 2, "Ngày sinh")
    ws.write(3, 0, "Nguyễn Văn Đức")
    ws.write(3, 1, dt.date(1980, 7, 12), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    ws.write(3, 2, xlwt.Formula("1+2"))  # no cached value
    ws.write(3, 3, 34080000001)
    path = tmp_path / "cu.xls"
    book.save(str(path))
    with open_workbook(path) as wb:
        assert wb.format is FileFormat.XLS
        sheet = wb.sheet()
    assert sheet.rows[3][:2] == ["Nguyễn Văn Đức", dt.date(1980, 7, 12)]
    assert sheet.rows[3][2] == ""
    assert sheet.rows[3][3] == 34080000001
    assert sheet.merged == ((2, 1, 2, 2),)


def test_ods(tmp_path: Path) -> None:
    path = make_ods(tmp_path / "lo.ods", {"DS": [["Họ và tên", "Năm sinh"], ["Nguyễn Văn A", 1980]]})
    with open_workbook(path) as wb:
        assert wb.format is FileFormat.ODS
        assert wb.sheet().rows == [["Họ và tên", "Năm sinh"], ["Nguyễn Văn A", 1980.0]]
