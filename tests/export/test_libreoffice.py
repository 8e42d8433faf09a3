"""Round trip through LibreOffice: the .xlsx opens in a real spreadsheet application, values intact.

LibreOffice evaluates formulas on conversion, so this also proves that a
"=HYPERLINK(...)" name stays text rather than becoming a live formula.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from emudesk.export import Column, ColumnKind, Document, Header, Table, render
from tests.export.conftest import FIXED_NAMES, nomination_list, require_tool

pytestmark = pytest.mark.libreoffice

CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, double quote, UTF-8, from line 1


def _to_csv(files: list[Path], tmp_path: Path) -> list[list[list[str]]]:
    """Convert all files in one LibreOffice start (a start costs 1–3 s)."""
    soffice = require_tool("soffice")
    out = tmp_path / "csv"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return [
        list(csv.reader(io.StringIO((out / f"{xlsx.stem}.csv").read_text(encoding="utf-8"))))
        for xlsx in files
    ]


def test_libreoffice_reads_names_numbers_dates_and_keeps_formulas_as_text(tmp_path: Path) -> None:
    document = nomination_list(30)
    evil = Document(
        header=Header("Sở Nội vụ"),
        tables=(
            Table.from_rows(
                (Column("stt", "STT", 5, ColumnKind.INT), Column("name", "Họ và tên", 30)),
                [(1, '=HYPERLINK("http://x","bấm vào đây")'), (2, "=1+1"), (3, "-2+3")],
            ),
        ),
    )
    rows, evil_rows = _to_csv(
        [render(document, tmp_path / "list.xlsx"), render(evil, tmp_path / "evil.xlsx")], tmp_path
    )
    cells = {cell for row in rows for cell in row}
    for name in FIXED_NAMES:
        assert name in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "01/01/1970" in cells  # the first birth date, shown with the dd/mm/yyyy format
    first = next(row for row in rows if row and row[1] == "Nguyễn Thị Ánh")
    assert first[0] == "1"

    evil_cells = {row[1]: row[0] for row in evil_rows if len(row) > 1}
    assert evil_cells['=HYPERLINK("http://x","bấm vào đây")'] == "1"
    assert evil_cells["=1+1"] == "2"  # the text, next to its STT; not the evaluated 2
    assert evil_cells["-2+3"] == "3"
