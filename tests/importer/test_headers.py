"""Header detection on real-shaped lists, and row parsing around it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from emudesk.domain.enums import Gender
from emudesk.importer.headers import detect_header, normalise_header
from emudesk.importer.kinds import INDIVIDUALS, UNITS, parse_file
from emudesk.importer.reader import read_sheet
from emudesk.importer.results import CellError
from tests.importer.builders import make_ods, save, sheet_of


def _official_list(tmp_path: Path) -> Path:
    """A district's staff list: title rows, a merged two-row header with the birth date split
    by gender, a numbering row, NFD names with honorifics, numeric CCCD, section rows and a footer."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "DS cán bộ"
    ws["A1"] = "UBND HUYỆN VŨ THƯ"
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "PHÒNG NỘI VỤ"
    ws["A3"] = "DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2023"
    ws.merge_cells("A3:H3")
    for col, text in (
        ("A", "STT"),
        ("B", "HỌ VÀ TÊN"),
        ("E", "Số CCCD"),
        ("F", "Chức vụ"),
        ("G", "Đơn vị công tác"),
    ):
        ws[f"{col}5"] = text
        ws.merge_cells(f"{col}5:{col}6")
    ws["C5"] = "Ngày, tháng, năm sinh"
    ws.merge_cells("C5:D5")
    ws["C6"] = "Nam"
    ws["D6"] = "Nữ"
    ws["H5"] = "Số hiệu cũ"
    for i, col in enumerate("ABCDEFG", start=1):
        ws[f"{col}7"] = f"({i})"
    ws["A8"] = "I. Khối văn phòng"
    ws.merge_cells("A8:G8")
    ws.append(
        [
            1,
            unicodedata.normalize("NFD", "Ông Nguyễn Văn  Đức"),
            "12/7/1980",
            None,
            34080000001,
            "Trưởng phòng",
            "Phòng Nội vụ",
        ]
    )
    ws.append(
        [2, "Bà Trần Thị Hoa", None, dt.datetime(1985, 3, 1), "034185000002", "Chuyên viên", "Phòng Nội vụ"]
    )
    ws.append([3, "Lê Văn Cường", 1990, None, 34090000003.0, None, "Phòng Tài chính"])
    ws.append([4, "Phạm Thị Dung", "1/2/1991", "1/2/1991", None, None, None])
    ws.append([])
    ws.append(["Tổng cộng: 4 người"])
    ws.append([None, "Người lập biểu", None, None, None, "Thủ trưởng đơn vị"])
    ws.append([None, "Nguyễn Văn Ký", None, None, None, "Trần Văn Trưởng"])
    return save(wb, tmp_path / "ds.xlsx")


def test_official_list(tmp_path: Path) -> None:
    result = parse_file(_official_list(tmp_path), "individuals")
    m = result.mapping
    assert m is not None
    assert (m.header_row, m.header_rows, m.data_start) == (5, 2, 8)
    assert [(c.field, c.letter, c.gender) for c in m.columns_of("birth_date")] == [
        ("birth_date", "C", Gender.MALE),
        ("birth_date", "D", Gender.FEMALE),
    ]
    assert [u.letter for u in m.unmatched] == ["H"]
    assert not m.needs_review
    assert [r.row_number for r in result.rows] == [9, 10, 11, 12]
    first, second, third, fourth = result.rows
    assert first.ok, first.errors
    assert first.values["full_name"] == "Nguyễn Văn Đức"
    assert (first.values["family_name"], first.values["middle_name"], first.values["given_name"]) == (
        "Nguyễn",
        "Văn",
        "Đức",
    )
    assert first.values["gender"] is Gender.MALE
    assert first.values["birth_date"] == dt.date(1980, 7, 12)
    assert first.values["id_number"] == "034080000001"
    assert first.raw["id_number"] == 34080000001
    assert second.ok and second.values["gender"] is Gender.FEMALE and second.values["birth_year"] == 1985
    assert third.ok and third.values["birth_year"] == 1990 and "birth_date" not in third.values
    assert [(e.column_letter, e.field) for e in fourth.errors] == [("D", "birth_date")]


def test_error_messages_name_file_sheet_row_and_column(tmp_path: Path) -> None:
    result = parse_file(_official_list(tmp_path), "individuals")
    error = result.rows[3].errors[0]
    assert error.cell == "D12"
    text = str(error)
    assert text.startswith("Tệp “ds.xlsx”, trang tính “DS cán bộ”, dòng 12, cột D: ")
    assert "Nam" in text and "Nữ" in text


def test_gender_split_with_marks(tmp_path: Path) -> None:
    wb = sheet_of(
        [
            ["DANH SÁCH ĐĂNG KÝ THI ĐUA"],
            ["Stt", "Họ và tên", "Giới tính", None, "Năm sinh"],
            [None, None, "Nam", "Nữ", None],
            [1, "Nguyễn Văn A", "x", None, 1980],
            [2, "Trần Thị B", None, "X", 1990],
            [3, "Lê C", "x", "x", 1990],
            [4, "Lê D", "có lẽ", None, 1990],
        ]
    )
    ws = wb.active
    assert ws is not None
    ws.merge_cells("C2:D2")
    result = parse_file(save(wb, tmp_path / "g.xlsx"), "individuals")
    a, b, c, d = result.rows
    assert a.values["gender"] is Gender.MALE and a.values["birth_year"] == 1980
    assert b.values["gender"] is Gender.FEMALE
    assert any("Nam" in e.reason for e in c.errors)
    assert [e.column_letter for e in d.errors] == ["C"]


def test_split_without_merge_information_in_ods(tmp_path: Path) -> None:
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "", "Chức vụ"],
        ["", "", "Nam", "Nữ", ""],
        [1, "Nguyễn Văn A", "01/01/1980", "", "Chuyên viên"],
        [2, "Trần Thị B", "", "02/02/1990", ""],
    ]
    result = parse_file(make_ods(tmp_path / "s.ods", {"DS": rows}), "individuals")
    assert [r.values["gender"] for r in result.rows] == [Gender.MALE, Gender.FEMALE]
    assert result.rows[1].values["birth_date"] == dt.date(1990, 2, 2)


def test_single_row_split_headers(tmp_path: Path) -> None:
    wb = sheet_of([["Họ tên", "Ngày sinh Nam", "Ngày sinh - Nữ"], ["Nguyễn Văn A", "1/1/1980", None]])
    result = parse_file(save(wb, tmp_path / "s.xlsx"), "individuals")
    assert result.rows[0].values["gender"] is Gender.MALE


@pytest.mark.parametrize(
    "header", ["Họ và tên", "Họ tên", "HỌ VÀ TÊN", "Họ, chữ đệm và tên", "họ  và\ntên", "Họ và tên (*)"]
)
def test_name_header_spellings(tmp_path: Path, header: str) -> None:
    sheet = read_sheet(save(sheet_of([[header, "Giới tính"], ["Nguyễn Văn A", "Nam"]]), tmp_path / "h.xlsx"))
    mapping = detect_header(sheet, INDIVIDUALS)
    assert mapping is not None and mapping.letter_of("full_name") == "A"


@pytest.mark.parametrize("header", ["Ngày sinh", "Năm sinh", "Ngày, tháng, năm sinh", "NGÀY THÁNG NĂM SINH"])
def test_birth_header_spellings(tmp_path: Path, header: str) -> None:
    path = save(sheet_of([["Họ và tên", header], ["Nguyễn Văn A", "1980"]]), tmp_path / "b.xlsx")
    mapping = detect_header(read_sheet(path), INDIVIDUALS)
    assert mapping is not None and mapping.letter_of("birth_date") == "B"


def test_nfd_header(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Ngày sinh")
    assert normalise_header(nfd) == normalise_header("NGÀY SINH") == "ngay sinh"


def test_partial_header_has_lower_confidence(tmp_path: Path) -> None:
    path = save(
        sheet_of([["Họ và tên người được đề nghị", "Giới tính"], ["Nguyễn Văn A", "Nam"]]),
        tmp_path / "p.xlsx",
    )
    mapping = detect_header(read_sheet(path), INDIVIDUALS)
    assert mapping is not None
    match = mapping.columns_of("full_name")[0]
    assert 0.5 < match.confidence < 0.9
    assert mapping.needs_review


def test_no_header_is_a_sheet_error(tmp_path: Path) -> None:
    path = save(sheet_of([["a", "b"], [1, 2]]), tmp_path / "n.xlsx")
    result = parse_file(path, "individuals")
    assert result.mapping is None and not result.rows
    assert result.errors and result.errors[0].row is None
    assert "Họ và tên" in str(result.errors[0])


def test_missing_required_column(tmp_path: Path) -> None:
    path = save(sheet_of([["Tên viết tắt", "Mã đơn vị"], ["NV", "01"]]), tmp_path / "u.xlsx")
    result = parse_file(path, "units")
    assert result.mapping is not None
    assert set(result.mapping.missing_required) == {"name", "kind"}
    assert result.mapping.needs_review
    assert {e.field for e in result.errors} == {"name", "kind"}


def test_user_mapping_override(tmp_path: Path) -> None:
    rows = [["Cột 1", "Cột 2", "Loại hình"], ["Sở Nội vụ", "SNV", "Sở"], ["Phòng A", "PA", "Phòng"]]
    path = save(sheet_of(rows), tmp_path / "o.xlsx")
    auto = parse_file(path, "units")
    assert auto.mapping is not None and "name" in auto.mapping.missing_required
    result = parse_file(path, "units", header_row=1, mapping={"name": "A", "code": "B"})
    assert result.ok, list(result.all_errors())
    assert [r.values["name"] for r in result.rows] == ["Sở Nội vụ", "Phòng A"]
    assert [r.values["code"] for r in result.rows] == ["SNV", "PA"]
    assert result.mapping is not None and result.mapping.columns_of("name")[0].by_user
    assert result.mapping.as_override() == {"name": "A", "code": "B", "kind": "C"}


def test_override_can_unmap_and_split(tmp_path: Path) -> None:
    rows = [["Họ tên", "A", "B", "Ghi chú"], ["Nguyễn Văn A", "1/1/1980", None, "x"]]
    path = save(sheet_of(rows), tmp_path / "o.xlsx")
    result = parse_file(path, "individuals", mapping={"birth_date": ("B", "C"), "note": None})
    row = result.rows[0]
    assert row.values["gender"] is Gender.MALE and row.values["birth_date"] == dt.date(1980, 1, 1)
    assert "note" not in row.values
    assert result.mapping is not None and result.mapping.as_override()["birth_date"] == ("B", "C")


def test_units_list(tmp_path: Path) -> None:
    rows = [
        ["DANH SÁCH ĐƠN VỊ"],
        [
            "TT",
            "Tên đơn vị",
            "Mã",
            "Loại hình",
            "Đơn vị cấp trên",
            "Số người",
            "Ngày thành lập",
            "Ngày giải thể",
        ],
        [1, "Sở Nội vụ", "SNV", "Sở", None, "1.234", "01/01/2000", None],
        [2, "Phòng Tổ chức", "PTC", "Phòng", "SNV", 12, None, None],
        [3, "UBND huyện Vũ Thư", "VT", "UBND huyện", None, -1, "01/01/2020", "30/06/2025"],
        [4, "UBND xã A", "XA", "UBND xã", "VT", None, "01/01/2026", "01/01/2025"],
    ]
    result = parse_file(save(sheet_of(rows), tmp_path / "u.xlsx"), UNITS)
    a, b, c, d = result.rows
    assert a.ok and a.values["member_count"] == 1234 and a.values["valid_from"] == dt.date(2000, 1, 1)
    assert b.values["parent"] == "SNV"
    assert [e.field for e in c.errors] == ["member_count"]
    assert [e.field for e in d.errors] == ["valid_to"]


def test_errors_are_values_not_exceptions(tmp_path: Path) -> None:
    e = CellError("a.xlsx", "DS", 3, None, None, "Lý do.")
    assert str(e) == "Tệp “a.xlsx”, trang tính “DS”, dòng 3: Lý do."
    assert (
        str(CellError("a.xlsx", "DS", None, None, None, "Lý do.")) == "Tệp “a.xlsx”, trang tính “DS”: Lý do."
    )
