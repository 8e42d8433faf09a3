"""Spreadsheets shaped like the ones offices keep, written by the tests (openpyxl, xlwt for .xls)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlwt
from openpyxl import Workbook

from emudesk.services.core.store import Store
from tests.factories import unit

STAFF_HEADER = ["STT", "Họ và tên", "Ngày sinh", None, "Số CCCD", "Chức vụ", "Đơn vị công tác", "Ghi chú"]


def nfd(text: str) -> str:
    """Decomposed Unicode, as old tools (and macOS) write Vietnamese."""
    return unicodedata.normalize("NFD", text)


def staff_rows() -> list[list[object]]:
    """A division's staff list: honorifics, NFD names, text and real dates, a CCCD that lost its
    leading zero in a number cell, the birth date split into Nam | Nữ columns."""
    return [
        [1, nfd("Ông Nguyễn Văn Đức"), "12/07/1985", None, 34085000123, "Trưởng phòng", "Phòng Nội vụ", None],
        [
            2,
            "Bà Trần Thị Hoa",
            None,
            dt.date(1990, 3, 4),
            "034190000456",
            "Chuyên viên",
            "Phòng Nội vụ",
            None,
        ],
        [3, "Lê Minh Tuấn", "1979", None, None, "Kế toán", nfd("Phòng Tài chính - Kế hoạch"), None],
        [4, "Phạm Thị Lan", None, "05/11/1988", None, "Chuyên viên", "phong tai chinh - ke hoach", "HĐ 68"],
    ]


def staff_list(path: Path, rows: Sequence[Sequence[object]] | None = None, *, xls: bool = False) -> Path:
    """UBND title rows, a merged "Ngày sinh" over "Nam" | "Nữ", a (1)(2)(3) row, a signature footer."""
    data = list(rows if rows is not None else staff_rows())
    top = [
        ["UBND HUYỆN VŨ THƯ", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["PHÒNG NỘI VỤ", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2024"],
        STAFF_HEADER,
        [None, None, "Nam", "Nữ"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    ]
    footer = [
        [],
        [None, None, None, None, None, "Vũ Thư, ngày 10 tháng 01 năm 2025"],
        [None, "Người lập biểu"],
    ]
    merges = [
        (5, 0, 6, 0),
        (5, 1, 6, 1),
        (5, 2, 5, 3),
        (5, 4, 6, 4),
        (5, 5, 6, 5),
        (5, 6, 6, 6),
        (5, 7, 6, 7),
    ]
    return _write(path, "Danh sách", top + data + footer, merges, xls=xls)


def award_history(path: Path, rows: Sequence[Sequence[object]], *, xls: bool = False) -> Path:
    """ "Danh sách khen thưởng": a title, "Quyết định" merged over its number and date columns."""
    top = [
        ["SỞ NỘI VỤ TỈNH THÁI BÌNH"],
        ["DANH SÁCH CÁ NHÂN, TẬP THỂ ĐÃ ĐƯỢC KHEN THƯỞNG"],
        [],
        [
            "STT",
            "Tên tập thể, cá nhân",
            "Đơn vị",
            "Năm",
            "Hình thức khen thưởng",
            "Quyết định",
            None,
            "Cơ quan ban hành",
        ],
        [None, None, None, None, None, "Số quyết định", "Ngày quyết định", None],
    ]
    merges = [
        (4, 0, 5, 0),
        (4, 1, 5, 1),
        (4, 2, 5, 2),
        (4, 3, 5, 3),
        (4, 4, 5, 4),
        (4, 5, 4, 6),
        (4, 7, 5, 7),
    ]
    return _write(path, "Khen thưởng", top + [list(r) for r in rows], merges, xls=xls)


def table(
    path: Path, header: Sequence[object], rows: Sequence[Sequence[object]], *, title: str = "Sheet1"
) -> Path:
    """A plain list: one header row, then the rows."""
    return _write(path, title, [list(header)] + [list(r) for r in rows], [])


def _write(
    path: Path,
    title: str,
    rows: list[list[object]],
    merges: list[tuple[int, int, int, int]],
    *,
    xls: bool = False,
) -> Path:
    """``merges`` are 1-based (first row, first col 0-based, last row, last col 0-based)."""
    if xls:
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet(title)
        date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
        merged_cells = {(r0 - 1, c0): (r1 - 1, c1) for r0, c0, r1, c1 in merges}
        covered = {
            (r, c)
            for (r0, c0), (r1, c1) in merged_cells.items()
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
            if (r, c) != (r0, c0)
        }
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                if (r, c) in merged_cells:
                    r1, c1 = merged_cells[(r, c)]
                    sheet.write_merge(r, r1, c, c1, value)
                elif isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
        book.save(str(path))
        return path
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=r0, start_column=c0 + 1, end_row=r1, end_column=c1 + 1)
    wb.save(path)
    return path


@dataclass
class Office:
    """A small office: a district with its divisions, and a namesake division elsewhere."""

    district: int
    home_affairs: int  # Phòng Nội vụ
    finance: int  # Phòng Tài chính - Kế hoạch
    other_home_affairs: int  # another district's Phòng Nội vụ: the same name elsewhere


def make_office(store: Store) -> Office:
    with store.write() as s:
        district = unit(s, "UBND huyện Vũ Thư", "ubnd_huyen")
        other = unit(s, "UBND huyện Kiến Xương", "ubnd_huyen")
        return Office(
            district,
            unit(s, "Phòng Nội vụ", parent=district),
            unit(s, "Phòng Tài chính - Kế hoạch", parent=district),
            unit(s, "Phòng Nội vụ", parent=other),
        )
