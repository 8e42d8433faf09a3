"""The summary report's PDF draws its figures (reportlab.graphics), read back from the PDF's text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from emudesk.db.models import AwardRecord
from emudesk.domain.enums import AwardStatus
from emudesk.services.core.store import Store
from emudesk.services.exports.documents import ExportParams, build_document, export_document
from tests.export.conftest import pdf_text

pytestmark = pytest.mark.sqlite_only("reads back a rendered file; the figures' queries run on both engines")


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_a_years_summary_draws_years_forms_units_and_quotas(sqlite_demo_store: Store, tmp_path: Path) -> None:
    store = sqlite_demo_store
    with store.read() as s:
        years = Counter(
            r.year
            for r in s.scalars(select(AwardRecord))
            if r.deleted_at is None and r.status is AwardStatus.VALID and 2016 <= r.year <= 2025
        )
        document = build_document(s, "summary", ExportParams(year=2025))
    titles = [c.title for c in document.charts]
    assert titles[:3] == [
        "Số lượt khen thưởng theo năm",
        "Đề nghị và khen thưởng theo hình thức",
        "Đề nghị và khen thưởng theo đơn vị đề nghị (10 đơn vị nhiều nhất)",
    ]
    assert any(t.startswith("Sử dụng chỉ tiêu khen thưởng – ") for t in titles)
    pdf = export_document(store, "summary", ExportParams(year=2025), tmp_path / "bc.pdf")
    text = pdf_text(pdf)
    lines = [line.strip() for line in text.splitlines()]
    for title in titles:
        assert title in text, title
    # The bars carry their values: each year's count, as the register tallies it.
    start = lines.index("Số lượt khen thưởng theo năm")
    drawn = " ".join(lines[start : start + 80])
    for year in range(2016, 2026):
        assert str(year) in drawn and _grouped(years[year]) in drawn, year
    # The form chart names forms as the tables do (official names) and shows the proposed counts.
    forms = document.charts[1]
    for name in forms.categories:
        assert name in text.replace("\n", " ") or name[:30] in text, name
    # A workbook leaves the charts out but is still written.
    xlsx = export_document(store, "summary", ExportParams(year=2025), tmp_path / "bc.xlsx")
    assert xlsx.stat().st_size > 0
