"""LibreOffice (headless) opens an exported list and a summary: the CSV has the rows openpyxl reads,
and a formula typed into a unit's name is still text after LibreOffice has evaluated the workbook."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, update

from emudesk.db.models import Campaign, Unit
from emudesk.services.core.store import Store
from emudesk.services.exports.documents import ExportParams, export_document
from tests.export.conftest import require_tool
from tests.readback import data_rows, xlsx_body

pytestmark = pytest.mark.libreoffice

# Comma, double quote, UTF-8, from line 1, …, and the 12th token -1: every sheet to its own file.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
EVIL = '=HYPERLINK("http://example.com","Bấm vào đây")'


def _csv(files: list[Path], tmp_path: Path) -> dict[str, list[list[str]]]:
    """Convert all files in one LibreOffice start (each start costs seconds): "file-Sheet" -> rows."""
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
        timeout=180,
    )
    return {
        path.stem: list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for path in out.glob("*.csv")
    }


def _cell(value: object) -> str:
    """How LibreOffice writes an openpyxl value to CSV."""
    return "" if value is None else str(value)


def test_libreoffice_reads_the_same_rows(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.write("test") as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2025 trên%")))
        s.execute(update(Unit).where(Unit.name == "Sở Y tế tỉnh Hưng Yên").values(name=EVIL, short_name=EVIL))
    listing = export_document(demo_store, "nominations", ExportParams(campaign_id=cid), tmp_path / "ds.xlsx")
    report = export_document(demo_store, "summary", ExportParams(campaign_id=cid), tmp_path / "bc.xlsx")
    sheets = _csv([listing, report], tmp_path)

    rows = [[_cell(v) for v in row] for row in data_rows(xlsx_body(listing))]
    assert rows
    list_csv = sheets["ds-Danh sách đề nghị"]
    assert [row for row in list_csv if row and row[0].isdigit()] == rows
    cells = {c for row in list_csv for c in row}
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells

    # LibreOffice evaluates formulas on loading: the name must come out as the text typed, not a link.
    assert EVIL in cells
    assert any(row and row[0].endswith(EVIL) for row in sheets["bc-Theo đơn vị"])
    assert not any(c == "Bấm vào đây" for rows_ in sheets.values() for row in rows_ for c in row)
