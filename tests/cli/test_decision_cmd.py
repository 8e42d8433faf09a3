"""``emudesk decision ID``: each line's cash and the total, from the same source as the exported list."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.cli.running import run


def _exported_amounts(path: Path) -> tuple[dict[str, int | None], int]:
    """Sổ vàng number -> cash per line of the exported list, and its Tổng cộng."""
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    header = next(i for i, row in enumerate(rows) if "Số sổ vàng" in [str(v or "") for v in row])
    columns = [str(v or "") for v in rows[header]]
    book, cash = columns.index("Số sổ vàng"), columns.index("Số tiền (đồng)")
    lines: dict[str, int | None] = {}
    total = 0
    for row in rows[header + 1 :]:
        if row[0] == "Tổng cộng":
            total = int(row[cash] or 0)
            break
        if row[book] is not None and isinstance(row[0], int):
            lines[str(row[book])] = int(row[cash]) if row[cash] is not None else None
    return lines, total


def test_lines_show_the_cash_of_the_exported_list(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", demo_db)
    code, _, err = run(capsys, "export", "decision", "--decision", "3", "-o", str(tmp_path / "d.xlsx"), *db)
    assert code == 0, err
    exported, exported_total = _exported_amounts(tmp_path / "d.xlsx")
    assert sum(1 for v in exported.values() if v) >= 5  # the demo decision pays several lines

    code, out, err = run(capsys, "decision", "3", "--json", *db)
    assert code == 0, err
    data = json.loads(out)
    shown = {r["golden_book_no"]: r["cash_amount"] for r in data["recipients"]}
    assert shown == exported
    assert data["total"] == exported_total == sum(v or 0 for v in exported.values())

    code, out, err = run(capsys, "decision", "3", *db)
    assert code == 0, err
    line = next(t for t in out.splitlines() if t.startswith("1 "))
    assert f"{exported['1']:,}".replace(",", ".") + " đ" in line
    assert f"{exported_total:,}".replace(",", ".") + " đ" in out
