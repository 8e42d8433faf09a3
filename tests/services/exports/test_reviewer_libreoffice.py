"""The .xlsx letterheads as LibreOffice prints them (issue 16, point 7): kept to the lines we
chose, page numbers from page 2, and the summary's letterhead on every sheet.

One LibreOffice start converts both workbooks (a start costs 1–3 s).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pypdf
import pytest
from sqlalchemy import select

from emudesk.db.models import Decision
from emudesk.export.document import NATIONAL_MOTTO, NATIONAL_TITLE
from emudesk.services.core.store import Store
from emudesk.services.exports.documents import ExportParams, export_document
from tests.export.conftest import pdf_text, require_tool

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.sqlite_only(
        "converts files written from the demo; the queries run on both engines elsewhere"
    ),
]


def _to_pdf(files: list[Path], tmp_path: Path) -> list[Path]:
    soffice = require_tool("soffice")
    out = tmp_path / "lo"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return [out / f"{f.stem}.pdf" for f in files]


def _letterhead(path: Path) -> list[list[str]]:
    """Per sheet, the texts above the document type (agencies, quốc hiệu, tiêu ngữ, number, date)."""
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        texts: list[str] = []
        for row in ws.iter_rows(values_only=True):
            values = [str(v) for v in row if v]
            if any(v in ("DANH SÁCH", "BÁO CÁO", "BIÊN BẢN") for v in values):
                break
            texts += values
        out.append(texts)
    return out


def test_letterheads_page_numbers_and_every_sheet_in_libreoffice(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    with store.read() as s:
        campaign = s.scalar(select(Decision.campaign_id).where(Decision.number == "112/QĐ-UBND"))
    minutes = export_document(store, "minutes", ExportParams(campaign_id=campaign), tmp_path / "bb.xlsx")
    summary = export_document(store, "summary", ExportParams(year=2025), tmp_path / "bc.xlsx")
    printed = _to_pdf([minutes, summary], tmp_path)

    for xlsx, pdf in zip((minutes, summary), printed, strict=True):
        sheets = _letterhead(xlsx)
        lines = [" ".join(line.split()) for line in pdf_text(pdf).splitlines()]
        layout = subprocess.run(
            [require_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"],
            check=True,
            capture_output=True,
            timeout=60,
        ).stdout.decode()
        collapsed = "\n".join(" ".join(line.split()) for line in layout.splitlines())
        for texts in sheets:
            assert NATIONAL_TITLE in texts and NATIONAL_MOTTO in texts
            for text in texts:
                # Every line we wrote comes out whole: LibreOffice broke none of them further.
                for part in text.split("\n"):
                    assert " ".join(part.split()) in collapsed, (xlsx.name, part)
        # The long council name (minutes) breaks only where the workbook breaks it.
        assert "HƯNG YÊN" in lines or "YÊN" not in lines
        pages = len(pypdf.PdfReader(pdf).pages)
        assert pages >= 2, xlsx.name
        first = [line for line in pdf_text(pdf, first=1, last=1).splitlines() if line.strip()]
        second = [line for line in pdf_text(pdf, first=2, last=2).splitlines() if line.strip()]
        assert first[0] != "1" and not any(line.startswith("Trang") for line in first), xlsx.name
        assert second[0].strip() == "2", (xlsx.name, second[:2])
    # The summary: each sheet prints with its letterhead.
    sheets = len(openpyxl.load_workbook(summary).worksheets)
    assert sheets >= 3
    assert pdf_text(printed[1]).count(NATIONAL_TITLE) >= sheets
