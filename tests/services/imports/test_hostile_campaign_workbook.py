"""A campaign workbook with hostile text is refused cell by cell, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from emudesk.db.models import Campaign
from emudesk.services.core.store import Store
from tests.factories import SNN_2023
from tests.services.imports.test_campaign_workbook import export, import_workbook, province
from tests.snapshot import changed_rows, snapshot

__all__ = ["province"]  # the fixture, used by name


def _column(sheet: openpyxl.worksheet.worksheet.Worksheet, header: str) -> int:
    return next(c.column for c in sheet[1] if c.value == header)


def test_bidi_overrides_in_a_plan_and_its_criteria_are_refused_on_their_cells(
    province: Store, store: Store, tmp_path: Path
) -> None:
    # openpyxl will not write C0 control characters; an override it writes, as Excel does.
    path = tmp_path / "kh.xlsx"
    export(province, SNN_2023, path)
    wb = openpyxl.load_workbook(path)
    plan = wb["Kế hoạch"]
    title = _column(plan, "Tên phong trào")
    plan.cell(row=2, column=title).value = "Kế hoạch \u202ethi đua"
    criteria = wb["Tiêu chuẩn"]
    text = _column(criteria, "Nội dung tiêu chuẩn")
    criteria.cell(row=3, column=text).value = "Hoàn thành \u2066xuất sắc nhiệm vụ"
    wb.save(path)
    with store.read() as s:
        before = snapshot(s)
    plan_, result = import_workbook(store, path)
    errors: dict[tuple[str, int, str | None], str] = {}
    for e in plan_.all_errors():
        where = (e.sheet, e.row, e.column_letter)
        errors[where] = errors.get(where, "") + e.reason
    assert "U+202E" in errors[("Kế hoạch", 2, plan.cell(row=1, column=title).column_letter)]
    assert "U+2066" in errors[("Tiêu chuẩn", 3, criteria.cell(row=1, column=text).column_letter)]
    assert not result.committed
    with store.read() as s:
        assert changed_rows(before, snapshot(s)) == set()
        assert s.scalar(select(func.count()).select_from(Campaign)) == 0
