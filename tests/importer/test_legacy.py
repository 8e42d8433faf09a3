"""Lists typed in the old TCVN3 / VNI fonts (or in VIQR) read as the Unicode list would (issue 15.6)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlwt
from hypothesis import given, settings
from hypothesis import strategies as st

from emudesk.domain.legacy_text import Legacy, encode
from emudesk.importer import parse_file
from emudesk.importer.legacy import convert_legacy
from emudesk.importer.reader import CellValue, SheetData, read_sheet
from emudesk.importer.results import ParsedSheet
from emudesk.services.demo.names import (
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    POSITIONS_STAFF,
)
from tests.importer.builders import save, sheet_of
from tests.services.imports.builders import staff_list
from tests.services.imports.legacy_builders import legacy_staff_list


def values(parsed: ParsedSheet) -> list[tuple[int, dict[str, object]]]:
    return [(r.row_number, r.values) for r in parsed.rows]


@pytest.mark.parametrize("encoding", list(Legacy))
def test_a_staff_list_typed_in_a_legacy_font_reads_as_the_unicode_one(
    tmp_path: Path, encoding: Legacy
) -> None:
    expected = parse_file(staff_list(tmp_path / "ds.xlsx"), "individuals")
    parsed = parse_file(legacy_staff_list(tmp_path / "cu.xlsx", encoding), "individuals")
    assert parsed.ok, [str(e) for e in parsed.all_errors()]
    if encoding is Legacy.VIQR:
        # "HDD 68" is plain ASCII capitals: nothing says it is VIQR for "HĐ 68", so it stays.
        assert parsed.rows[3].values.pop("note") == "HDD 68"
        assert expected.rows[3].values.pop("note") == "HĐ 68"
    assert values(parsed) == values(expected)
    first = parsed.rows[0].warnings[0]
    assert (first.row, first.column_letter, first.field) == (8, "B", "full_name")
    assert f"Đã chuyển từ mã {encoding}" in str(first) and "dòng 8, cột B" in str(first)
    assert any(f"mã {encoding}" in note for note in parsed.notes)


def test_a_tcvn3_xls_file(tmp_path: Path) -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("DS")
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Chức vụ"],
        [1, "Nguyễn Văn Đức", "Nam", "Trưởng phòng"],
        [2, "Trương Thị Hương", "Nữ", "Kế toán"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, encode(value, Legacy.TCVN3) if isinstance(value, str) else value)
    book.save(str(tmp_path / "cu.xls"))
    parsed = parse_file(tmp_path / "cu.xls", "individuals")
    assert parsed.ok, [str(e) for e in parsed.all_errors()]
    assert [(r.values["full_name"], r.values["position"]) for r in parsed.rows] == [
        ("Nguyễn Văn Đức", "Trưởng phòng"),
        ("Trương Thị Hương", "Kế toán"),
    ]


def test_unicode_and_ascii_lists_are_not_touched(tmp_path: Path) -> None:
    path = staff_list(tmp_path / "ds.xlsx")
    sheet = read_sheet(path)
    assert convert_legacy(sheet).rows == sheet.rows
    rows = [["Họ và tên", "Ghi chú"], ["Lê Hà", "O'Brien"], ["Võ Thị Lý", "Is it ok?"], ["John Smith", "A."]]
    plain = read_sheet(save(sheet_of(rows), tmp_path / "ascii.xlsx"))
    converted = convert_legacy(plain)
    assert converted.rows == plain.rows and not converted.converted and not converted.undecided


def _tcvn3_list(tmp_path: Path, extra: list[str]) -> Path:
    names = ["Nguyễn Văn Đức", "Trần Thị Hoa", "Lê Minh Tuấn", "Phạm Văn Bình"]
    rows: list[list[object]] = [[encode("Họ và tên", Legacy.TCVN3), encode("Giới tính", Legacy.TCVN3)]]
    rows += [[encode(n, Legacy.TCVN3), "Nam"] for n in names]
    rows += [[cell, "Nam"] for cell in extra]
    return save(sheet_of(rows), tmp_path / "cu.xlsx")


def test_a_cell_that_cannot_be_decided_is_refused_with_both_readings(tmp_path: Path) -> None:
    # An Ê Đê name typed in TCVN3: it is no Vietnamese syllable in either reading.
    parsed = parse_file(_tcvn3_list(tmp_path, ["Y Moan \u00a3nu\u00abl"]), "individuals")
    assert not parsed.ok
    [error] = list(parsed.all_errors())
    assert (error.row, error.column_letter) == (6, "A")
    assert "“Y Moan £nu«l”" in error.reason and "“Y Moan Ênuôl”" in error.reason and "TCVN3" in error.reason
    assert parsed.rows[-1].values["full_name"] == "Y Moan £nu«l"  # kept as written, never converted


def test_a_cell_vietnamese_either_way_follows_its_column(tmp_path: Path) -> None:
    # "Vò Quang An" is Vietnamese as written, and TCVN3 for "Vũ Quang An".
    parsed = parse_file(_tcvn3_list(tmp_path, [encode("Vũ Quang An", Legacy.TCVN3)]), "individuals")
    assert parsed.ok, [str(e) for e in parsed.all_errors()]
    last = parsed.rows[-1]
    assert last.values["full_name"] == "Vũ Quang An"
    assert "như các ô khác cùng cột" in last.warnings[0].reason


def test_such_a_cell_is_refused_where_the_column_is_not_settled(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [encode("Họ và tên", Legacy.TCVN3), encode("Giới tính", Legacy.TCVN3)],
        [encode("Nguyễn Văn Đức", Legacy.TCVN3), "Nam"],
        ["Vò Quang An", "Nam"],
    ]
    parsed = parse_file(save(sheet_of(rows), tmp_path / "it.xlsx"), "individuals")
    assert [(e.row, e.column_letter) for e in parsed.all_errors()] == [(3, "A")]
    assert "“Vũ Quang An”" in next(iter(parsed.all_errors())).reason


def test_a_stray_legacy_cell_in_a_unicode_list(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Họ và tên", "Giới tính"],
        ["Nguyễn Văn Đức", "Nam"],
        ["Trần Thị Hoa", "Nữ"],
        [encode("Trương Văn Hưng", Legacy.TCVN3), "Nam"],
        ["Lê Hà", "Nữ"],  # Latin-1 letters only: Vietnamese as written, "Lờ Hà" in TCVN3
    ]
    parsed = parse_file(save(sheet_of(rows), tmp_path / "mix.xlsx"), "individuals")
    assert parsed.ok, [str(e) for e in parsed.all_errors()]
    assert [r.values["full_name"] for r in parsed.rows] == [
        "Nguyễn Văn Đức",
        "Trần Thị Hoa",
        "Trương Văn Hưng",
        "Lê Hà",
    ]


def test_a_header_typed_in_tcvn3_is_found(tmp_path: Path) -> None:
    # "Ghi chó" reads as Vietnamese either way ("dog" note): it is still the "Ghi chú" header.
    rows: list[list[object]] = [
        [encode(h, Legacy.TCVN3) for h in ("Họ và tên", "Giới tính", "Ghi chú")],
        [encode("Nguyễn Văn Đức", Legacy.TCVN3), "Nam", encode("Hợp đồng", Legacy.TCVN3)],
    ]
    parsed = parse_file(save(sheet_of(rows), tmp_path / "cu.xlsx"), "individuals")
    assert parsed.mapping is not None and parsed.mapping.letter_of("note") == "C"
    assert parsed.rows[0].values["note"] == "Hợp đồng"


_NAMES = st.builds(
    lambda f, m, g: " ".join(p for p in (f, m, g) if p),
    st.sampled_from([f for f, _ in FAMILY_NAMES]),
    st.sampled_from(["", *MALE_MIDDLE, *FEMALE_MIDDLE]),
    st.sampled_from([*MALE_GIVEN, *FEMALE_GIVEN]),
)


def _sheet(names: list[str], positions: list[str]) -> SheetData:
    rows: list[list[CellValue]] = [["Họ và tên", "Chức vụ"]]
    rows += [[n, p] for n, p in zip(names, positions, strict=False)]
    return SheetData(file="ds.xlsx", name="DS", rows=rows)


@settings(max_examples=150, deadline=None)
@given(st.lists(_NAMES, min_size=1, max_size=12), st.lists(st.sampled_from(POSITIONS_STAFF), max_size=12))
def test_a_unicode_sheet_is_never_changed(names: list[str], positions: list[str]) -> None:
    sheet = _sheet(names, positions)
    converted = convert_legacy(sheet)
    assert converted.rows == sheet.rows and not converted.converted and not converted.undecided


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_NAMES, min_size=4, max_size=12),
    st.lists(st.sampled_from(POSITIONS_STAFF), min_size=4, max_size=12),
    st.sampled_from([Legacy.TCVN3, Legacy.VNI]),
)
def test_a_list_typed_in_a_legacy_font_comes_back(
    names: list[str], positions: list[str], encoding: Legacy
) -> None:
    header = [encode(h, encoding) for h in ("Họ và tên", "Chức vụ")]
    rows: list[list[CellValue]] = [header]
    rows += [[encode(n, encoding), encode(p, encoding)] for n, p in zip(names, positions, strict=False)]
    converted = convert_legacy(SheetData(file="cu.xlsx", name="DS", rows=rows))
    expected = [[n, p] for n, p in zip(names, positions, strict=False)]
    assert converted.rows[1:] == expected and not converted.undecided


def test_a_legacy_letter_that_looks_like_an_opening_quote_ends_a_word() -> None:
    # "Ngô An" in TCVN3 is "Ng« An": "«" opens a quotation and cannot end a word, so the cell is no
    # Unicode "Ng" before a quote; found by the property above with two such cells in the column.
    names = ["Nguyễn An", "Phan An", "Phan An", "Ngô An"]
    rows: list[list[CellValue]] = [[encode("Họ và tên", Legacy.TCVN3), encode("Chức vụ", Legacy.TCVN3)]]
    rows += [[encode(n, Legacy.TCVN3), encode("Chuyên viên", Legacy.TCVN3)] for n in names]
    converted = convert_legacy(SheetData(file="cu.xlsx", name="DS", rows=rows))
    assert [row[0] for row in converted.rows[1:]] == names and not converted.undecided


def test_a_name_whose_only_capitals_start_its_words_is_not_read_as_typed_in_capitals() -> None:
    # "Vũ Vũ" in TCVN3 is "Vò Vò": its only letters with a written case are the two V's, which once
    # made the cell look typed in capitals ("VŨ VŨ"); found by the property above.
    from emudesk.domain.legacy_text import decode

    assert decode(encode("Vũ Vũ", Legacy.TCVN3), Legacy.TCVN3) == "Vũ Vũ"
    assert decode(encode("NGUYỄN VĂN ĐỨC", Legacy.TCVN3), Legacy.TCVN3) == "NGUYỄN VĂN ĐỨC"
