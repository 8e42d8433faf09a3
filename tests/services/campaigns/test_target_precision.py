"""A target's figures keep the decimals the plan writes them with ("15,0", "14,5–15,0 tiêu
chí/xã") through the draft, the database (both engines), the seed JSON, the workbook and the editor."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
from sqlalchemy import select

from emudesk.db.models import Campaign
from emudesk.importer import parse_campaign
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import definition_from_dict, definition_to_dict
from emudesk.services.campaigns.drafts import draft_from_text
from emudesk.services.campaigns.workbook import write_campaign_workbook
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import commit_import, plan_import
from tests.services.campaigns.test_draft_holds_plan import PLAN

WRITTEN = PLAN.replace(
    "1. Phấn đấu tốc độ tăng thu nhập bình quân 3–3,5 %; sản lượng lương thực đạt 580 nghìn tấn.",
    "1. Phấn đấu bình quân đạt 14,5–15,0 tiêu chí/xã; tỷ lệ che phủ rừng đạt 51,0 %; "
    "sản lượng lương thực đạt 580 nghìn tấn.",
)


def _figures(defn: object) -> list[tuple[str | None, str | None, str]]:
    return [
        (
            None if t.value is None else str(t.value),
            None if t.value_max is None else str(t.value_max),
            t.amount.text(),
        )
        for t in defn.targets  # type: ignore[attr-defined]
    ]


EXPECTED = [
    ("14.5", "15.0", "14,5–15,0 tiêu chí/xã"),
    ("51.0", None, "51,0 %"),
    ("580", None, "580 nghìn tấn"),
]


def test_figures_keep_their_written_decimals_everywhere(
    store: Store, tmp_path: Path, sqlite_template: Path
) -> None:
    draft = draft_from_text(WRITTEN)
    assert _figures(draft.definition) == EXPECTED
    with store.write() as s:
        cid = campaigns.create_campaign(s, draft.definition)
    with store.read() as s:
        saved = campaigns.get_definition(s, cid)
        assert _figures(saved) == EXPECTED  # the database pads to four places; the scale is kept
        # The seed JSON writes them as written and reads them back so.
        data = definition_to_dict(saved)
        assert [(t["value"], t.get("value_max")) for t in data["targets"]][:2] == [
            ("14.5", "15.0"),
            ("51.0", None),
        ]
        assert _figures(definition_from_dict(data)) == EXPECTED
        book = write_campaign_workbook(s, cid, tmp_path / "kh.xlsx")
    wb = openpyxl.load_workbook(book)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "15,0" in cells and "51,0" in cells  # what the clerk sees in the workbook
    other = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, other)
    elsewhere = Store.open(other)
    try:
        with elsewhere.read() as s:
            plan = plan_import(s, parse_campaign(book))
        assert plan.ok, [str(e) for e in plan.all_errors()]
        assert commit_import(elsewhere, plan).committed
        with elsewhere.read() as s:
            back = campaigns.get_definition(s, s.scalars(select(Campaign.id)).one())
        assert _figures(back) == EXPECTED
    finally:
        elsewhere.close()


def test_the_editors_number_field_shows_a_figure_as_written(qtbot) -> None:  # type: ignore[no-untyped-def]
    from emudesk.ui.widgets.fields import DecimalField

    edit = DecimalField()
    qtbot.addWidget(edit)
    edit.set_decimal(Decimal("15.0"))
    assert edit.text() == "15,0"
    assert str(edit.decimal_value()) == "15.0"
    edit.set_decimal(Decimal("3.5"))
    assert edit.text() == "3,5"
