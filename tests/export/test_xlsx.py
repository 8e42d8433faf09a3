"""The .xlsx writer, read back with openpyxl and as raw XML."""

from __future__ import annotations

import threading
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from emudesk.export import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    Column,
    ColumnKind,
    Document,
    ExportCancelledError,
    Header,
    Section,
    Table,
    render,
)
from emudesk.export.xlsx import sheet_title
from tests.export.conftest import (
    LIST_COLUMNS,
    council_minutes,
    list_row,
    nomination_list,
    person_name,
    summary_report,
)

INJECTIONS = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(1,2)", "\tTab", "=1+1"]


def _write(document: Document, tmp_path: Path, name: str = "out.xlsx") -> Path:
    return render(document, tmp_path / name)


def _cells(ws: Worksheet) -> dict[object, tuple[int, int]]:
    """Every non-empty value with its (row, column)."""
    found: dict[object, tuple[int, int]] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                found.setdefault(cell.value, (cell.row, cell.column))
    return found


def _data_rows(ws: Worksheet, width: int) -> list[tuple[object, ...]]:
    """Rows whose first cell holds an int (the STT), as tuples of values."""
    return [
        tuple(c.value for c in row[:width])
        for row in ws.iter_rows()
        if row and isinstance(row[0].value, int) and not isinstance(row[0].value, bool)
    ]


def test_every_row_comes_back_with_its_type(tmp_path: Path) -> None:
    document = nomination_list(60)
    ws = openpyxl.load_workbook(_write(document, tmp_path)).worksheets[0]
    rows = _data_rows(ws, len(LIST_COLUMNS))
    expected = [values for _d, s in document.tables[0].blocks() for values in s.rows]
    assert len(rows) == 60
    for got, want in zip(rows, expected, strict=True):
        stt, name, unit, born, summary, amount = got
        assert (stt, name, unit, summary, amount) == (want[0], want[1], want[2], want[4], want[5])
        assert isinstance(born, datetime) and born.date() == want[3]
    names = {r[1] for r in rows}
    assert {"Nguyễn Thị Ánh", "Đặng Quốc Hưng", "Trần Văn Ước"} <= names


def test_cell_types_and_formats(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(nomination_list(6), tmp_path)).worksheets[0]
    row = next(r for r in ws.iter_rows() if r[0].value == 1)
    stt, name, _unit, born, _summary, amount = row[:6]
    assert (stt.data_type, name.data_type, born.data_type, amount.data_type) == ("n", "s", "d", "n")
    assert born.number_format == "dd/mm/yyyy"
    assert amount.number_format == "#,##0"
    assert name.font.name == "Times New Roman"
    assert name.border.left.style == "thin"
    assert row[4].alignment.wrap_text


def test_formula_injection_is_stored_as_text(tmp_path: Path) -> None:
    columns = (Column("stt", "STT", 5, ColumnKind.INT), Column("name", "Họ và tên", 30))
    rows = [(i + 1, text) for i, text in enumerate(INJECTIONS)]
    document = Document(
        header=Header("Sở Nội vụ", summary=("=cmd|' /C calc'!A0",)), tables=(Table.from_rows(columns, rows),)
    )
    path = _write(document, tmp_path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    by_value = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    for text in INJECTIONS:
        cell = by_value[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    assert by_value["=cmd|' /C calc'!A0"].data_type == "s"
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    assert "HYPERLINK" in sheet_xml


def test_nd30_header_and_signature(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(nomination_list(6), tmp_path)).worksheets[0]
    cells = _cells(ws)
    for text in (
        "UBND TỈNH THÁI BÌNH",
        "SỞ NỘI VỤ",
        NATIONAL_TITLE,
        NATIONAL_MOTTO,
        "Số: 15/DS-SNV",
        "Thái Bình, ngày 05 tháng 01 năm 2026",
        "DANH SÁCH",
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh Thái Bình)",
        "I. BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
        "3. Hộ gia đình",
        "Tổng cộng",
        "Nơi nhận:",
        "- Lưu: VT, TĐKT.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lương Thị Huyền",
    ):
        assert text in cells, text
    title = ws.cell(*cells[NATIONAL_TITLE])
    motto = ws.cell(*cells[NATIONAL_MOTTO])
    assert title.font.b and motto.font.b and motto.font.u == "single"
    assert ws.cell(*cells["Thái Bình, ngày 05 tháng 01 năm 2026"]).font.i
    # Quốc hiệu on the right, agencies on the left, in merged blocks of the same rows.
    assert cells[NATIONAL_TITLE][0] == cells["UBND TỈNH THÁI BÌNH"][0]
    assert cells[NATIONAL_TITLE][1] > cells["UBND TỈNH THÁI BÌNH"][1]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert any(r.startswith("A1:") for r in merged)
    # The signature block comes after the table.
    assert cells["Lương Thị Huyền"][0] > cells["Tổng cộng"][0]


def test_print_setup_and_frozen_header(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(nomination_list(30), tmp_path)).worksheets[0]
    header_row = _cells(ws)["Họ và tên"][0]
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # NĐ 30: the page number centred at the top, from page 2 on.
    assert ws.HeaderFooter.differentFirst
    assert ws.oddHeader.center.text == "&P"
    assert not ws.firstHeader.center.text and not ws.oddFooter.center.text
    assert ws.page_margins.left == pytest.approx(30 / 25.4)
    assert ws.print_area is not None


def test_grouped_header_rows_are_merged_and_repeated(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(council_minutes(), tmp_path)).worksheets[0]
    cells = _cells(ws)
    group_row = cells["Số phiếu"][0]
    assert cells["Đồng ý"][0] == group_row + 1
    assert ws.print_title_rows == f"${group_row}:${group_row + 1}"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"C{group_row}:D{group_row}" in merged  # "Số phiếu" over its two columns
    assert f"A{group_row}:A{group_row + 1}" in merged  # "STT" spans both header rows
    assert ws.page_setup.orientation == "portrait"
    ratio = ws.cell(row=cells["Nguyễn Thị Ánh"][0], column=5)
    assert ratio.value == pytest.approx(9 / 11) and ratio.number_format == "0.00%"


def test_wrapped_rows_get_taller(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(nomination_list(12), tmp_path)).worksheets[0]
    heights = {row[1].value: ws.row_dimensions[row[1].row].height for row in ws.iter_rows() if row[1].value}
    short, long = heights[person_name(0)], heights[person_name(4)]  # one phrase / all five phrases
    assert long is not None and long >= 4 * 12
    assert short is None or short < long


def test_one_sheet_per_table_with_valid_names(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_write(summary_report(), tmp_path))
    assert wb.sheetnames == ["1. Số lượng theo hình thức khen", "2. Chỉ tiêu đã sử dụng"]
    first, second = wb.worksheets
    # Each sheet prints with the letterhead.
    assert NATIONAL_TITLE in _cells(first) and NATIONAL_TITLE in _cells(second)
    assert "Nguyễn Thị Ánh" in _cells(second) and "Nguyễn Thị Ánh" not in _cells(first)
    assert _cells(first)["Cộng"]


def test_sheet_title_rules() -> None:
    used: set[str] = set()
    assert sheet_title("Danh sách [2025]: khen/thưởng*?", used, "x") == "Danh sách 2025 khen thưởng"
    assert sheet_title("Danh sách 2025 khen thưởng", used, "x") == "Danh sách 2025 khen thưởng (2)"
    long = sheet_title("Đ" * 40, used, "x")
    assert len(long) == 31
    assert sheet_title("'''", used, "Bảng") == "Bảng"
    assert sheet_title("ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ", used, "x").endswith("(2)")


def test_metadata(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_write(nomination_list(3), tmp_path))
    assert wb.properties.title.startswith("DANH SÁCH Tập thể")
    assert wb.properties.creator == "Sở Nội vụ tỉnh Thái Bình"
    assert wb.properties.subject == "Khen thưởng năm 2025"


def test_single_column_table(tmp_path: Path) -> None:
    document = Document(
        header=Header("Sở Nội vụ", "UBND tỉnh Thái Bình"),
        tables=(Table.from_rows((Column("n", "Họ và tên"),), [("Trần Văn Ước",)]),),
    )
    cells = _cells(openpyxl.load_workbook(_write(document, tmp_path)).worksheets[0])
    # A narrow sheet breaks the agency's name where we choose (spaces), never the quốc hiệu.
    assert {"SỞ NỘI VỤ", NATIONAL_TITLE, "Trần Văn Ước"} <= {k.replace("\n", " ") for k in cells}
    assert NATIONAL_TITLE in cells


def test_progress_and_cancel(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    render(nomination_list(600), tmp_path / "a.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 600) and seen[-1] == (600, 600)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)

    cancel = threading.Event()

    def stop_half_way(done: int, total: int) -> None:
        if done >= 256:
            cancel.set()

    with pytest.raises(ExportCancelledError):
        render(nomination_list(600), tmp_path / "b.xlsx", progress=stop_half_way, cancel=cancel)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_empty_sections_and_values(tmp_path: Path) -> None:
    table = Table(
        LIST_COLUMNS, sections=(Section("I. Không có ai"), Section(rows=((1, None, "", None, None, None),)))
    )
    ws = openpyxl.load_workbook(
        _write(Document(header=Header("Sở Nội vụ"), tables=(table,)), tmp_path)
    ).worksheets[0]
    assert "I. Không có ai" in _cells(ws)
    assert _data_rows(ws, 6) == [(1, None, None, None, None, None)]


def test_large_list_round_trip(tmp_path: Path) -> None:
    rows = [list_row(i, i + 1) for i in range(3000)]
    document = Document(header=Header("Sở Nội vụ"), tables=(Table.from_rows(LIST_COLUMNS, rows),))
    wb = openpyxl.load_workbook(_write(document, tmp_path), read_only=True)
    got = _data_rows(wb.worksheets[0], 6)
    wb.close()
    assert len(got) == 3000
    assert got[-1][1] == rows[-1][1] and got[-1][3] == datetime.combine(rows[-1][3], datetime.min.time())  # type: ignore[arg-type]
    assert date(1970, 1, 1) == rows[0][3]


def test_overlong_text_is_cut_to_excels_limit(tmp_path: Path) -> None:
    text = "Thành tích " * 4000  # 44,000 characters
    row = (1, "Trần Văn Ước", "", None, text, None)
    document = Document(header=Header("Sở Nội vụ"), tables=(Table.from_rows(LIST_COLUMNS, [row]),))
    ws = openpyxl.load_workbook(_write(document, tmp_path)).worksheets[0]
    value = next(r[4].value for r in ws.iter_rows() if r[1].value == "Trần Văn Ước")
    assert len(value) == 32_767 and value.endswith("…")
