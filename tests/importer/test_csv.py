"""CSV and "Unicode text" files as Excel saves them read like the workbook they came from (issue 15.6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from emudesk.domain.legacy_text import Legacy
from emudesk.importer import parse_file
from emudesk.importer.reader import open_workbook
from emudesk.importer.safety import ImportFileError, Limits
from tests.services.imports.builders import staff_list
from tests.services.imports.legacy_builders import CSV_FLAVOURS, save_as_csv


def values(path: Path, **kw: object) -> list[tuple[int, dict[str, object]]]:
    parsed = parse_file(path, "individuals", **kw)  # type: ignore[arg-type]
    assert parsed.ok, [str(e) for e in parsed.all_errors()]
    return [(r.row_number, r.values) for r in parsed.rows]


@pytest.mark.parametrize("flavour", list(CSV_FLAVOURS))
def test_a_csv_saved_by_excel_reads_like_the_workbook(tmp_path: Path, flavour: str) -> None:
    xlsx = staff_list(tmp_path / "ds.xlsx")
    suffix = ".txt" if flavour == "unicode-text" else ".csv"
    path = save_as_csv(xlsx, tmp_path / f"ds{suffix}", flavour)
    assert values(path) == values(xlsx)


@pytest.mark.parametrize("encoding", [Legacy.TCVN3, Legacy.VNI])
def test_an_ansi_csv_typed_in_a_legacy_font(tmp_path: Path, encoding: Legacy) -> None:
    xlsx = staff_list(tmp_path / "ds.xlsx")
    path = save_as_csv(xlsx, tmp_path / "cu.csv", "cp1258", legacy=encoding)
    parsed = parse_file(path, "individuals")
    assert parsed.ok and any(f"mã {encoding}" in n for n in parsed.notes)
    assert values(path) == values(xlsx)


def test_unicode_text_is_found_by_its_bom_whatever_its_name(tmp_path: Path) -> None:
    xlsx = staff_list(tmp_path / "ds.xlsx")
    path = save_as_csv(xlsx, tmp_path / "ds.dat", "unicode-text")
    assert values(path) == values(xlsx)


def _refusal(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(ImportFileError) as caught:
        parse_file(path, "individuals", **({"limits": limits} if limits else {}))  # type: ignore[arg-type]
    return str(caught.value)


def test_text_in_no_known_encoding_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "hong.csv"
    path.write_bytes(b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan;Gi\xe1\xbb\x9bi t\xc3\xadnh\nabc\x81\x8d;Nam\n")
    message = _refusal(path)
    assert "“hong.csv”" in message and "dòng 2" in message and "CSV UTF-8" in message


def test_a_csv_over_the_caps_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dai.csv"
    path.write_text("Họ và tên;Giới tính\n" + "Nguyễn Văn Đức;Nam\n" * 50, encoding="utf-8")
    assert "tối đa 20" in _refusal(path, Limits(max_rows=20))
    wide = tmp_path / "rong.csv"
    wide.write_text("Họ và tên;Giới tính" + ";x" * 300 + "\n", encoding="utf-8")
    assert "cột" in _refusal(wide)
    assert "ô" in _refusal(path, Limits(max_cells=60))


def test_a_huge_field_is_refused_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "to.csv"
    path.write_text('Họ và tên;Giới tính\n"' + "a" * 200_000 + '";Nam\n', encoding="utf-8")
    assert "“to.csv”" in _refusal(path) and "dòng 2" in _refusal(path)


def test_a_csv_workbook_has_one_sheet_named_after_the_file(tmp_path: Path) -> None:
    path = save_as_csv(staff_list(tmp_path / "ds.xlsx"), tmp_path / "Danh sách.csv", "utf8")
    with open_workbook(path) as book:
        assert book.sheet_names == book.visible_sheet_names == ["Danh sách"]
        assert book.sheet().value(5, 1) == "Họ và tên"
