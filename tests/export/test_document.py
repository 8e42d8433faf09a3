"""The document DTOs: NĐ 30 wording, normalisation on the way in, validation, shared formatting."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from emudesk.export import (
    Column,
    ColumnKind,
    Document,
    Header,
    Orientation,
    Section,
    Table,
    TotalRow,
    dateline,
    display_text,
    document_number,
    format_number,
    long_date,
    reference_line,
    row_from_mapping,
)
from emudesk.export.document import Align, pair_blocks
from tests.export.conftest import council_minutes, nomination_list


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
    ],
)
def test_long_date_pads_days_below_10_and_months_1_and_2(value: date, expected: str) -> None:
    assert long_date(value) == expected


def test_dateline_and_blank_date() -> None:
    assert dateline("Thái Bình", date(2026, 1, 5)) == "Thái Bình, ngày 05 tháng 01 năm 2026"
    assert dateline("Thái Bình", None).startswith("Thái Bình, ngày ")
    assert "tháng" in dateline("Thái Bình", None)


def test_document_number() -> None:
    assert document_number(15, "DS-SNV") == "Số: 15/DS-SNV"
    assert document_number(5, "QĐ-UBND") == "Số: 05/QĐ-UBND"
    assert document_number(None, "DS-SNV") == "Số:     /DS-SNV"
    assert document_number("123a", "") == "Số: 123a"
    assert Header("Sở Nội vụ").number_line == ""
    assert Header("Sở Nội vụ", code="DS-SNV").number_line == "Số:     /DS-SNV"


def test_reference_line() -> None:
    line = reference_line("Quyết định", "15/QĐ-UBND", date(2026, 1, 5), "Chủ tịch UBND tỉnh Thái Bình")
    assert (
        line
        == "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh Thái Bình)"
    )


def test_strings_are_nfc_and_clean_on_the_way_in() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    section = Section(unicodedata.normalize("NFD", "1. Cá nhân"), rows=((nfd, "a\x00b\r\nc"),))
    assert section.heading == "1. Cá nhân"
    assert section.rows[0] == ("Nguyễn Thị Ánh", "ab\nc")
    header = Header(issuing_agency=unicodedata.normalize("NFD", "  Sở   Nội vụ "))
    assert header.issuing_agency == "Sở Nội vụ"


def test_cell_values_are_checked() -> None:
    with pytest.raises(TypeError):
        Section(rows=((True,),))
    with pytest.raises(TypeError):
        Section(rows=((object(),),))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        Section(rows=((float("nan"),),))
    aware = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    assert Section(rows=((aware, Decimal("1.5"), None),)).rows[0] == (
        aware.replace(tzinfo=None),
        Decimal("1.5"),
        None,
    )


def test_table_validates_shape() -> None:
    columns = (Column("a", "A"), Column("b", "B"))
    with pytest.raises(ValueError, match="expected 2"):
        Table.from_rows(columns, [("x",)])
    with pytest.raises(ValueError, match="duplicate"):
        Table.from_rows((Column("a", "A"), Column("a", "B")), [])
    with pytest.raises(ValueError, match="unknown"):
        Table(columns, totals=(TotalRow("Cộng", {"c": 1}),))
    with pytest.raises(ValueError, match="first column"):
        Table(columns, totals=(TotalRow("Cộng", {"a": 1}),))
    with pytest.raises(ValueError):
        Table(())
    with pytest.raises(ValueError):
        Document(header=Header("Sở Nội vụ"), tables=())


def test_blocks_walk_sections_in_print_order() -> None:
    document = nomination_list(9)
    table = document.tables[0]
    assert [(depth, s.heading) for depth, s in table.blocks()] == [
        (0, "I. BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH"),
        (1, "1. Tập thể"),
        (1, "2. Cá nhân"),
        (1, "3. Hộ gia đình"),
    ]
    assert table.row_count() == document.row_count() == 9


def test_orientation_auto_follows_table_width() -> None:
    assert nomination_list(3).landscape  # 122 characters wide
    assert not council_minutes().landscape  # 76 characters wide
    assert not nomination_list(3, landscape=Orientation.PORTRAIT).landscape


def test_groups() -> None:
    table = council_minutes().tables[0]
    assert table.groups() == [(2, 3, "Số phiếu")]
    assert table.has_groups


def test_default_title_metadata() -> None:
    document = council_minutes()
    assert document.metadata.title == "Biên bản Họp xét đề nghị danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2025"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (1234567.5, 2, "1.234.567,50"),
        (-1500, 0, "-1.500"),
        (0, 1, "0,0"),
        (Decimal("999.995"), 2, "1.000,00"),
    ],
)
def test_format_number_vietnamese(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_display_text() -> None:
    assert display_text(None, Column("a", "A")) == ""
    assert display_text(date(2026, 1, 5), Column("a", "A", kind=ColumnKind.DATE)) == "05/01/2026"
    assert display_text(9 / 11, Column("a", "A", kind=ColumnKind.PERCENT, decimals=2)) == "81,82 %"
    assert display_text(2026, Column("a", "A", kind=ColumnKind.INT)) == "2026"
    assert display_text(1170000.0, Column("a", "A", kind=ColumnKind.NUMBER)) == "1.170.000"
    assert display_text("Đạt", Column("a", "A", kind=ColumnKind.NUMBER)) == "Đạt"


def test_column_alignment_defaults() -> None:
    assert Column("a", "A").alignment is Align.LEFT
    assert Column("a", "A", kind=ColumnKind.INT).alignment is Align.CENTER
    assert Column("a", "A", kind=ColumnKind.NUMBER).alignment is Align.RIGHT
    assert Column("a", "A", kind=ColumnKind.DATE, align=Align.LEFT).alignment is Align.LEFT
    with pytest.raises(ValueError):
        Column("a", "A", width=0)


def test_row_from_mapping() -> None:
    columns = (Column("stt", "STT", kind=ColumnKind.INT), Column("name", "Họ và tên"))
    assert row_from_mapping(columns, {"name": "Trần Văn Ước", "extra": 1}) == (None, "Trần Văn Ước")


def test_pair_blocks() -> None:
    assert pair_blocks(["S"]) == [(None, "S")]
    assert pair_blocks(["R", "S"]) == [("R", "S")]
    assert pair_blocks(["R", "S1", "S2"]) == [("R", "S1"), (None, "S2")]


def test_recipients_get_a_dash() -> None:
    document = nomination_list(3)
    assert document.recipients == ("- Như trên;", "- Lưu: VT, TĐKT.")
