"""An .xls whose DIMENSIONS record claims more than a sheet can hold is refused before calamine
reserves room for it (issue 15.6: ".xls files are size-checked before they are loaded").

calamine reserves ~40 bytes per declared cell when it opens an .xls; a 5 KB file claiming 2^31
rows aborted the whole process (a Rust allocation failure cannot be caught). Each file is read in
a child under a 1 GB address-space cap (tests/importer/test_bombs.py), so a regression fails the
test instead of killing the run.
"""

from __future__ import annotations

import struct
from pathlib import Path

import olefile
import pytest
import xlwt

from emudesk.importer.safety import _declared_cells
from tests.importer.test_bombs import _import_capped, _refusal

pytest.importorskip("resource")


def _with_dimensions(path: Path, first_row: int, last_row: int, first_col: int, last_col: int) -> Path:
    """A small .xls written by xlwt, its sheet's DIMENSIONS record rewritten in place."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("DS")
    sheet.write(0, 0, "Họ và tên")
    sheet.write(0, 1, "Giới tính")
    sheet.write(1, 0, "Nguyễn Văn Đức")
    sheet.write(1, 1, "Nam")
    book.save(str(path))
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        pos = patched = 0
        while pos < len(data) - 4:
            kind, size = struct.unpack_from("<HH", data, pos)
            if kind == 0x0200 and size == 14:
                struct.pack_into("<IIHH", data, pos + 4, first_row, last_row, first_col, last_col)
                patched += 1
            pos += 4 + size
        assert patched == 1
        ole.write_stream("Workbook", bytes(data))
    return path


@pytest.mark.parametrize(
    "claim",
    [
        (0, 0x7FFFFFFF, 0, 0xFFFF),  # 2^31 rows by 65,535 columns
        (0, 65_537, 0, 256),  # one row more than .xls has
        (10, 5, 0, 2),  # last row before the first: calamine's u32 subtraction wraps to 4 billion
    ],
    ids=["huge", "one-row-over", "wrapping"],
)
def test_a_declared_extent_beyond_an_xls_sheet_is_refused(tmp_path: Path, claim: tuple[int, ...]) -> None:
    path = _with_dimensions(tmp_path / "khai.xls", *claim)
    assert path.stat().st_size < 10_000
    assert "“DS”" in _refusal(path) and "Excel 97-2003" in _refusal(path)


def test_an_honest_declaration_imports(tmp_path: Path) -> None:
    # The largest an .xls can declare, 65,536 rows by 256 columns, is not refused for itself.
    assert _import_capped(_with_dimensions(tmp_path / "dung.xls", 0, 2, 0, 2))["ok"] == 1
    assert _import_capped(_with_dimensions(tmp_path / "day.xls", 0, 65_536, 0, 256))["ok"] == 1


def test_declared_cells_as_calamine_counts_them() -> None:
    assert _declared_cells(struct.pack("<IIHHH", 0, 10, 0, 3, 0)) == 30
    assert _declared_cells(struct.pack("<HHHHH", 0, 10, 0, 3, 0)) == 30  # BIFF5
    assert _declared_cells(struct.pack("<IIHHH", 0, 0, 0, 0, 0)) == 1
    assert _declared_cells(struct.pack("<IIHHH", 0, 10, 300, 3, 0)) == 30  # first column reset to 0
    assert _declared_cells(struct.pack("<IIHHH", 10, 5, 0, 1, 0)) == (5 - 1 - 10 + 1) % 2**32
