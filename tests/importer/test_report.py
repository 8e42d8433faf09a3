"""The error report: original data, a "Lỗi" column, red cells, and text that never becomes a formula."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from emudesk.importer.kinds import parse_campaign, parse_file
from emudesk.importer.report import ERROR_COLUMN, write_error_report
from tests.importer.builders import rewrite_member, save, sheet_of

HOSTILE = ['=HYPERLINK("http://x","bấm")', "+1+2", "-2+3", "@SUM(1,2)"]


def _list(tmp_path: Path) -> Path:
    rows = [
        ["DANH SÁCH CÁN BỘ"],
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Ghi chú"],
        [1, "Nguyễn Văn A", "Nam", "12/7/1980", "ổn"],
        [2, "Trần Thị B", "Gái?", "31/02/1990", None],
        [3, "Lê", "Nữ", "1990", None],
    ]
    path = save(sheet_of(rows), tmp_path / "ds.xlsx")

    def plant(data: bytes) -> bytes:
        # Inline strings the user typed, that look like formulas (openpyxl would write real formulas).
        cells = "".join(
            f'<c r="{col}6" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
            for col, text in zip("BCDE", HOSTILE, strict=True)
        )
        row = b'<row r="6"><c r="A6"><v>4</v></c>' + cells.encode() + b"</row>"
        return data.replace(b"</sheetData>", row + b"</sheetData>")

    return rewrite_member(path, "xl/worksheets/sheet1.xml", plant)


def test_report(tmp_path: Path) -> None:
    parsed = parse_file(_list(tmp_path), "individuals")
    assert [r.row_number for r in parsed.rows if not r.ok] == [4, 5, 6]
    out = write_error_report(parsed, tmp_path / "loi.xlsx")
    wb = openpyxl.load_workbook(out)
    summary, ws = wb.worksheets
    assert summary.title == "Danh sách lỗi" and ws.title == "Danh sách"
    assert ws["A1"].value == "DANH SÁCH CÁN BỘ"
    assert ws["F2"].value == ERROR_COLUMN  # beside the data, on the header row
    assert ws["B3"].value == "Nguyễn Văn A" and ws["F3"].value is None
    assert "C: " in ws["F4"].value and "D: " in ws["F4"].value
    assert ws["C4"].fill.fgColor.rgb.endswith("FFC7CE") and ws["D4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["B4"].fill.fgColor.rgb in (None, "00000000")
    assert ws["D5"].value == "1990"
    for col, text in zip("BCDE", HOSTILE, strict=True):
        cell = ws[f"{col}6"]
        assert cell.value == text and cell.data_type == "s"
    summary_rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert summary_rows[0][:3] == ("Danh sách", 4, "C")
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in z.read(n) for n in sheets)


def test_campaign_report(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    plan = wb.active
    assert plan is not None
    plan.title = "Kế hoạch"
    plan.append(["Tên phong trào", "Hình thức tổ chức", "Từ ngày"])
    plan.append(["Thi đua", "Không rõ", "32/1/2024"])
    result = parse_campaign(save(wb, tmp_path / "kh.xlsx"))
    out = write_error_report(list(result.parts.values()), tmp_path / "loi.xlsx")
    report = openpyxl.load_workbook(out)
    assert report.sheetnames == ["Danh sách lỗi", "Kế hoạch"]
    assert "B: " in report["Kế hoạch"]["D2"].value
