"""Property tests: whatever the cells and the sheet's shape, reading and parsing never crash;
every cell either parses or gets a reason, and every reason points at a real cell."""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from emudesk.importer import cells
from emudesk.importer.cells import Bad
from emudesk.importer.grid import column_index
from emudesk.importer.kinds import CAMPAIGN_PARTS, KINDS, parse_due, parse_file, parse_target_value
from emudesk.importer.safety import ImportFileError

PARSERS = [
    cells.parse_text,
    cells.parse_phone,
    cells.parse_text_list,
    cells.parse_decimal,
    cells.parse_int,
    cells.parse_count,
    cells.parse_percent,
    cells.parse_date_or_year,
    cells.parse_date,
    cells.parse_year,
    cells.parse_gender,
    cells.parse_rating,
    cells.parse_subject_kind,
    cells.parse_award_type,
    cells.parse_quota_kind,
    cells.parse_bool,
    cells.parse_id_number,
    cells.parse_person_name,
    cells.parse_decision_ref,
    cells.parse_plan_ref,
    cells.parse_comparator,
    parse_due,
    parse_target_value,
]

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐ"
words = st.sampled_from(
    [
        "Họ và tên",
        "Ngày sinh",
        "Nam",
        "Nữ",
        "x",
        "STT",
        "Số CCCD",
        "HTXSNV",
        "12/7/2022",
        "2022",
        "1.234,5",
        "Ông Nguyễn Văn Đức",
        "Đơn vị",
        "Tổng cộng",
        "=1+2",
        "quý IV năm 2023",
        "Số 15/QĐ-UBND ngày 05/01/2023",
        "",
    ]
)
text = st.one_of(
    words,
    st.text(alphabet=VIET + VIET.upper() + "0123456789 /.,-:;()%\n", max_size=30),
    st.text(max_size=20),
    words.map(lambda w: unicodedata.normalize("NFD", w)),
)
cell_values = st.one_of(
    text,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1800, 1, 1)),
    st.datetimes(min_value=dt.datetime(1800, 1, 1)),
    st.times(),
    st.timedeltas(max_value=dt.timedelta(days=1000), min_value=dt.timedelta(days=-1000)),
)


@given(value=cell_values)
@settings(max_examples=400, deadline=None)
def test_parsers_never_raise(value: object) -> None:
    for parse in PARSERS:
        result = parse(value)  # type: ignore[arg-type]
        if isinstance(result, Bad):
            assert result.reason and isinstance(result.reason, str)
        elif isinstance(result, str):
            assert unicodedata.is_normalized("NFC", result)
            assert result == result.strip()


# Cells openpyxl can store (it refuses control characters; calamine-side parsers are covered above).
storable = st.one_of(
    words,
    st.text(alphabet=VIET + VIET.upper() + "0123456789 /.,-()%", max_size=25),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.none(),
)
shapes = st.lists(st.lists(storable, max_size=8), max_size=12)
specs = st.sampled_from([*KINDS.values(), *CAMPAIGN_PARTS])


@given(rows=shapes, top=st.integers(min_value=0, max_value=4), spec=specs, merge=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_sheet_parses_or_reports(rows: list[list[object]], top: int, spec: object, merge: bool) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for _ in range(top):
        ws.append([])
    for row in rows:
        ws.append(row)
    if merge and len(rows) > 1 and len(rows[0]) > 1:
        ws.merge_cells(start_row=top + 1, start_column=1, end_row=top + 1, end_column=2)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.xlsx"
        wb.save(path)
        try:
            parsed = parse_file(path, spec)  # type: ignore[arg-type]
        except ImportFileError as exc:
            assert str(exc)  # only "no sheet with data" can happen here
            # openpyxl saves "=…" as a formula with no cached value, which reads back empty.
            assert not any(
                v not in (None, "") and not (isinstance(v, str) and v.startswith("="))
                for row in rows
                for v in row
            )
            return
    height = top + len(rows)
    for row in parsed.rows:
        assert 1 <= row.row_number <= height
        for error in row.errors:
            assert error.row == row.row_number
            assert str(error)
            if error.column_letter:
                assert 0 <= column_index(error.column_letter) < 16384
    for error in parsed.errors:
        assert error.row is None and str(error)
    if parsed.mapping:
        assert parsed.mapping.data_start > parsed.mapping.header_row


@given(
    header_top=st.integers(min_value=0, max_value=8),
    spellings=st.tuples(
        st.sampled_from(["Họ và tên", "HỌ TÊN", "Họ, chữ đệm và tên", "họ và tên"]),
        st.sampled_from(["Ngày sinh", "Năm sinh", "Ngày, tháng, năm sinh", "NGÀY SINH"]),
        st.sampled_from(["Giới tính", "Nam/Nữ"]),
    ),
    people=st.lists(
        st.tuples(
            st.sampled_from(["Nguyễn Văn An", "Ông Lê Văn Bình", "Bà Trần Thị Cúc", "Đ/c Phạm Minh Đức"]),
            st.sampled_from(["Nam", "Nữ"]),
            st.sampled_from(["12/7/1980", "1985", "01-02-1990", "3.4.1975"]),
        ),
        min_size=1,
        max_size=6,
    ),
)
@settings(max_examples=40, deadline=None)
def test_header_is_found_under_title_rows(
    header_top: int, spellings: tuple[str, str, str], people: list[tuple[str, str, str]]
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    titles = [
        "UBND TỈNH THÁI BÌNH",
        "SỞ NỘI VỤ",
        "DANH SÁCH CÁN BỘ NĂM 2023",
        "(Kèm theo Quyết định số 15/QĐ-UBND)",
    ]
    for i in range(header_top):
        ws.append([titles[i % len(titles)]])
    ws.append(["STT", *spellings])
    for i, (name, gender, born) in enumerate(people, start=1):
        ws.append([i, name, born, gender])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.xlsx"
        wb.save(path)
        parsed = parse_file(path, "individuals")
    assert parsed.mapping is not None and parsed.mapping.header_row == header_top + 1
    assert [r.row_number for r in parsed.rows] == list(range(header_top + 2, header_top + 2 + len(people)))
    assert all(r.ok for r in parsed.rows), [str(e) for e in parsed.all_errors()]
