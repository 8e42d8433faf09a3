"""The summary report's PDF draws its figures (reportlab.graphics), read back from the PDF's text."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import BarChart
from sqlalchemy import select

from emudesk.db.models import AwardRecord, CampaignTarget
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


def _cells(ws: Any, ref: str) -> list[Any]:
    """The values of a chart reference such as ``'Biểu đồ'!$B$11:$B$20``."""
    sheet, _sep, area = ref.rpartition("!")
    assert sheet.strip("'") == ws.title
    rows = ws[area.replace("$", "")]
    cells = rows if isinstance(rows, tuple) else ((rows,),)
    return [c.value for row in cells for c in (row if isinstance(row, tuple) else (row,))]


@pytest.mark.parametrize(
    "scope", [ExportParams(year=2025), ExportParams(campaign_id=2)], ids=["year", "campaign"]
)
def test_the_summary_workbook_holds_the_same_charts_as_native_excel_charts(
    sqlite_demo_store: Store, tmp_path: Path, scope: ExportParams
) -> None:
    store = sqlite_demo_store
    with store.write() as s:
        # Results reported against two targets: the report draws them against their goals.
        targets = s.scalars(
            select(CampaignTarget).where(CampaignTarget.campaign_id == 2, CampaignTarget.value > 0)
        ).all()
        assert len(targets) >= 2
        targets[0].result_value = targets[0].value * Decimal("1.25")
        targets[1].result_value = targets[1].value / 2
    with store.read() as s:
        document = build_document(s, "summary", scope)
        years = Counter(
            r.year
            for r in s.scalars(select(AwardRecord))
            if r.deleted_at is None and r.status is AwardStatus.VALID
        )
    expected = [c for c in document.charts if not c.empty]
    assert expected
    xlsx = export_document(store, "summary", scope, tmp_path / "bc.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Biểu đồ"]
    drawn = ws._charts
    assert len(drawn) == len(expected)
    for chart, bars in zip(expected, drawn, strict=True):
        assert isinstance(bars, BarChart)
        assert bars.type == ("bar" if chart.horizontal else "col")
        assert len(bars.series) == len(chart.series)
        for (name, values), series in zip(chart.series, bars.series, strict=True):
            assert _cells(ws, series.tx.strRef.f) == [name]
            assert _cells(ws, series.val.numRef.f) == [int(v) if v.is_integer() else v for v in values]
            assert _cells(ws, series.cat.strRef.f) == list(chart.categories)
    titles = [c.title for c in expected]
    if scope.campaign_id is not None:
        results = next(c for c in expected if c.title.startswith("Kết quả so với mục tiêu"))
        assert results.series[0][1][:2] == (125.0, 50.0)
    if scope.year is not None:
        by_year = drawn[0]
        categories = _cells(ws, by_year.series[0].cat.strRef.f)
        numbers = _cells(ws, by_year.series[0].val.numRef.f)
        # The numbers are the register's, not only the document's.
        assert dict(zip(categories, numbers, strict=True)) == {str(y): years[y] for y in range(2016, 2026)}
        assert any(t.startswith("Sử dụng chỉ tiêu khen thưởng – ") for t in titles)
    # The letterhead heads the chart sheet too (a reviewer reads it alone).
    head = [c.value for row in ws.iter_rows(max_row=3) for c in row if c.value]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head
    wb.close()
