"""Hostile and broken files give a clean, translated ImportFileError, quickly and without loading them."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

from emudesk.domain.errors import EmudeskError
from emudesk.importer.reader import open_workbook, read_sheet
from emudesk.importer.safety import FileFormat, ImportFileError, Limits, check_file
from tests.importer.builders import make_ods, rewrite_member, save, sheet_of


def _fails(path: Path, limits: Limits | None = None) -> ImportFileError:
    start = time.perf_counter()
    with pytest.raises(ImportFileError) as info:
        read_sheet(path, limits=limits) if limits else read_sheet(path)
    assert time.perf_counter() - start < 2.0
    assert isinstance(info.value, EmudeskError)
    assert path.name in str(info.value)
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rỗng.xlsx"
    path.write_bytes(b"")
    assert "trống" in str(_fails(path))


def test_missing_file(tmp_path: Path) -> None:
    _fails(tmp_path / "không-có.xlsx")


def test_text_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_text("STT;Họ và tên\n1;Nguyễn Văn A\n", encoding="utf-8")
    _fails(path)


def test_web_page_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "xuat-tu-web.xls"
    path.write_text("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>", encoding="utf-8")
    assert ".xlsx" in str(_fails(path))


def test_random_bytes_with_ole_magic_are_a_damaged_xls(tmp_path: Path) -> None:
    path = tmp_path / "hong.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    _fails(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = save(sheet_of([["Họ và tên"], ["A"]]), tmp_path / "good.xlsx")
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[:300])
    _fails(path)


def test_zip_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "anh.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.txt", "hello")
    _fails(path)


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(120):  # 120 MB of spaces: ~120 KB compressed
                fh.write(chunk)
    assert path.stat().st_size < 1_000_000
    _fails(path)


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "nhieu.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(30):
            z.writestr(f"x/{i}.xml", "<a/>")
    _fails(path, Limits(max_members=20))


def test_file_size_cap(tmp_path: Path) -> None:
    path = save(sheet_of([["Họ và tên"], ["A"]]), tmp_path / "lon.xlsx")
    _fails(path, Limits(max_file_bytes=1000))


def test_huge_dimension_claim(tmp_path: Path) -> None:
    path = save(sheet_of([["Họ và tên"], ["A"]]), tmp_path / "dim.xlsx")
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', d),
    )
    assert "1048576" in str(_fails(path))


def test_one_far_cell_under_a_small_dimension_claim(tmp_path: Path) -> None:
    # calamine would size its grid to XFD1048576 and abort the process: the scan must stop it first.
    path = save(sheet_of([["Họ và tên"], ["A"]]), tmp_path / "xa.xlsx")

    def plant(data: bytes) -> bytes:
        far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        return data.replace(b"</sheetData>", far)

    rewrite_member(path, "xl/worksheets/sheet1.xml", plant)
    _fails(path)


def test_far_column_in_an_ordinary_row(tmp_path: Path) -> None:
    path = save(sheet_of([["Họ và tên"], ["A"]]), tmp_path / "cot.xlsx")

    def plant(data: bytes) -> bytes:
        return data.replace(
            b"</row></sheetData>", b'<c r="ZZ2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )

    rewrite_member(path, "xl/worksheets/sheet1.xml", plant)
    assert "ZZ" in str(_fails(path))


def test_cells_without_references_are_counted(tmp_path: Path) -> None:
    path = save(sheet_of([["Họ và tên"], ["A"]]), tmp_path / "khongref.xlsx")
    wide = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(300))
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b"</sheetData>", b'<row r="3">' + wide + b"</row></sheetData>"),
    )
    _fails(path)


def test_row_cap(tmp_path: Path) -> None:
    path = save(sheet_of([["Họ và tên"], *[[f"A{i}"] for i in range(60)]]), tmp_path / "dong.xlsx")
    assert "50" in str(_fails(path, Limits(max_rows=50)))


def test_ods_repeat_bomb(tmp_path: Path) -> None:
    bomb = (
        '<table:table table:name="DS"><table:table-row table:number-rows-repeated="500000">'
        '<table:table-cell table:number-columns-repeated="1000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    path = make_ods(tmp_path / "bom.ods", {}, raw_table_xml=bomb)
    assert path.stat().st_size < 5000
    _fails(path)


def test_ods_padding_rows_are_fine(tmp_path: Path) -> None:
    path = make_ods(tmp_path / "ok.ods", {"DS": [["Họ và tên"], ["Nguyễn Văn A"]]})
    assert read_sheet(path).rows[1][0] == "Nguyễn Văn A"


def test_formats_are_sniffed_not_taken_from_the_name(tmp_path: Path) -> None:
    real = save(sheet_of([["Họ và tên"], ["A"]]), tmp_path / "that.xlsx")
    renamed = tmp_path / "named.xls"
    renamed.write_bytes(real.read_bytes())
    assert check_file(renamed) is FileFormat.XLSX
    with open_workbook(renamed) as book:
        assert book.format is FileFormat.XLSX
        assert book.sheet().rows[1] == ["A"]
