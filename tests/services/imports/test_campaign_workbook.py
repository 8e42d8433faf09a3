"""The campaign workbook: a province's plan written out and read back into another database unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk.db.models import Campaign, CampaignTarget, Criterion, achievement_criteria
from emudesk.importer import parse_campaign
from emudesk.importer.reader import INSTRUCTIONS_SHEET
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import CampaignDef
from emudesk.services.campaigns.workbook import write_campaign_workbook
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, OnMatch, commit_import, plan_import
from tests.factories import HOA_BINH, NTM, SNN_2023, seed_campaign
from tests.snapshot import changed_rows, snapshot


@pytest.fixture
def province(tmp_path: Path, sqlite_template: Path) -> Iterator[Store]:
    """The province's own database, where the plans are written (the import goes to ``store``)."""
    path = tmp_path / "province.sqlite3"
    shutil.copy(sqlite_template, path)
    store = Store.open(path)
    yield store
    store.close()


def export(province: Store, seed: Path, target: Path) -> CampaignDef:
    with province.write() as s:
        cid = seed_campaign(s, seed)
    with province.read() as s:
        write_campaign_workbook(s, cid, target)
        return campaigns.get_definition(s, cid)


def import_workbook(store: Store, path: Path, on_match: OnMatch = OnMatch.SKIP):  # type: ignore[no-untyped-def]
    with store.read() as s:
        plan = plan_import(s, parse_campaign(path), on_match=on_match)
    return plan, commit_import(store, plan)


@pytest.mark.parametrize("seed", [SNN_2023, NTM, HOA_BINH], ids=["snn-2023", "ntm-104", "hoa-binh-101"])
def test_round_trip_into_an_empty_database(province: Store, store: Store, tmp_path: Path, seed: Path) -> None:
    original = export(province, seed, tmp_path / "kh.xlsx")
    plan, result = import_workbook(store, tmp_path / "kh.xlsx")
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert result.committed and result.created == 1
    with store.read() as s:
        cid = s.scalar(select(Campaign.id))
        assert cid is not None
        assert campaigns.get_definition(s, cid) == original
    # The same workbook again: the plan number and issuing body match, nothing new.
    plan, result = import_workbook(store, tmp_path / "kh.xlsx", OnMatch.UPDATE)
    assert plan.rows[0].action is Action.SKIP and plan.rows[0].unchanged
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 1


def test_the_workbook_is_the_import_template_filled_in(store: Store, tmp_path: Path) -> None:
    export(store, NTM, tmp_path / "kh.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "kh.xlsx")
    assert wb.sheetnames[:8] == [
        "Kế hoạch",
        "Giai đoạn",
        "Mốc thời gian",
        "Chỉ tiêu",
        "Đối tượng",
        "Tiêu chuẩn",
        "Hình thức khen thưởng",
        "Hạn mức",
    ]
    assert INSTRUCTIONS_SHEET in wb.sheetnames
    plan = wb["Kế hoạch"]
    assert plan["A2"].value == "104/KH-UBND"
    assert "\n" in plan["K2"].value  # the legal basis keeps its lines
    forms = wb["Hình thức khen thưởng"]
    assert forms["A2"].value == "Bằng khen của Chủ tịch UBND tỉnh" and forms["B2"].value == "Có"
    criteria = wb["Tiêu chuẩn"]
    levels = [criteria.cell(row=r, column=8).value for r in range(2, criteria.max_row + 1)]
    assert 2 in levels and levels[0] == 1


def test_update_and_refusals(province: Store, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kh.xlsx"
    export(province, SNN_2023, path)
    import_workbook(store, path)
    wb = openpyxl.load_workbook(path)
    quotas = wb["Hạn mức"]
    quotas["G4"] = 2  # "Không quá 01 cá nhân" becomes two
    wb.save(path)
    plan, result = import_workbook(store, path, OnMatch.UPDATE)
    assert plan.rows[0].action is Action.UPDATE and result.updated == 1
    with store.read() as s:
        cid = s.scalar(select(Campaign.id))
        assert cid is not None
        assert campaigns.get_definition(s, cid).quotas[2].limit == 2
    quotas["B3"] = "Huân chương Sao Hỏa"
    quotas["H2"] = None
    quotas["C2"] = "Tỷ lệ"
    wb.save(path)
    plan, result = import_workbook(store, path, OnMatch.UPDATE)
    places = {(e.sheet, e.row, e.column_letter) for e in plan.all_errors()}
    assert ("Hạn mức", 3, "B") in places  # an unknown form, on its cell
    assert any(e.sheet == "Hạn mức" and e.row == 2 and "tỷ lệ" in e.reason.lower() for e in plan.all_errors())
    assert not result.committed
    with store.read() as s:
        cid = s.scalar(select(Campaign.id))
        assert cid is not None
        assert campaigns.get_definition(s, cid).quotas[2].limit == 2


# --- Exported from the demo, one cell changed, imported back over it --------------------------

NTM_DEMO_ID = 2  # demo campaign 2 is the NTM plan; 9 achievement↔criterion links hang on it


def _column(ws: Worksheet, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def _criterion_row(s: Session, row: int) -> int:
    ordered = s.scalars(
        select(Criterion.id).where(Criterion.campaign_id == NTM_DEMO_ID).order_by(Criterion.position)
    )
    return list(ordered)[row - 2]  # the sheet lists them in plan order, parents first


def _target_row(s: Session, row: int) -> int:
    ordered = s.scalars(
        select(CampaignTarget.id)
        .where(CampaignTarget.campaign_id == NTM_DEMO_ID)
        .order_by(CampaignTarget.position)
    )
    return list(ordered)[row - 2]


# sheet, column header, sheet row, new value (None: derived from the old), the row it must change
CELL_EDITS = {
    "short name": ("Kế hoạch", "Tên ngắn", 2, None, lambda s, r: ("campaigns", (NTM_DEMO_ID,))),
    "criterion text": (
        "Tiêu chuẩn",
        "Nội dung tiêu chuẩn",
        17,
        None,
        lambda s, r: ("criteria", (_criterion_row(s, r),)),
    ),
    "criterion code": ("Tiêu chuẩn", "Mã", 4, "b1", lambda s, r: ("criteria", (_criterion_row(s, r),))),
    "target result": (
        "Chỉ tiêu",
        "Kết quả đạt được",
        3,
        7,
        lambda s, r: ("campaign_targets", (_target_row(s, r),)),
    ),
}


@pytest.mark.parametrize("edit", list(CELL_EDITS))
def test_one_cell_changed_in_the_exported_workbook_changes_one_row(
    demo_store: Store, tmp_path: Path, edit: str
) -> None:
    sheet, header, row, value, expected = CELL_EDITS[edit]
    path = tmp_path / "kh.xlsx"
    with demo_store.read() as s:
        write_campaign_workbook(s, NTM_DEMO_ID, path)
        before = snapshot(s)
        assert _links(s) == 9
        changed_row = expected(s, row)
    wb = openpyxl.load_workbook(path)
    cell = wb[sheet].cell(row=row, column=_column(wb[sheet], header))
    cell.value = value if value is not None else f"{cell.value} (sửa)"
    wb.save(path)

    plan, result = import_workbook(demo_store, path, OnMatch.UPDATE)
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert plan.rows[0].match_id == NTM_DEMO_ID and result.committed and result.updated == 1
    with demo_store.read() as s:
        assert _links(s) == 9
        assert changed_rows(before, snapshot(s)) == {changed_row}


def _links(s: Session) -> int:
    return (
        s.scalar(
            select(func.count())
            .select_from(achievement_criteria)
            .join(Criterion, Criterion.id == achievement_criteria.c.criterion_id)
            .where(Criterion.campaign_id == NTM_DEMO_ID)
        )
        or 0
    )


def test_a_plan_with_partial_dates_ranges_themes_and_authority_forms_round_trips(
    province: Store, store: Store, tmp_path: Path
) -> None:
    from emudesk.domain.plan_values import DatePrecision
    from emudesk.services.campaigns.definition import definition_from_dict
    from tests.services.campaigns.test_plan_json import PLAN

    with province.write() as s:
        cid = campaigns.create_campaign(s, definition_from_dict(PLAN))
    with province.read() as s:
        write_campaign_workbook(s, cid, tmp_path / "kh.xlsx")
        original = campaigns.get_definition(s, cid)
    wb = openpyxl.load_workbook(tmp_path / "kh.xlsx")
    assert "tháng 01 năm 2024" in [c.value for c in wb["Kế hoạch"][2]]  # the issue date as dated
    plan, result = import_workbook(store, tmp_path / "kh.xlsx")  # the form is not in this catalogue yet
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert result.committed and result.created == 1
    with store.read() as s:
        new_id = s.scalar(select(Campaign.id))
        assert new_id is not None
        back = campaigns.get_definition(s, new_id)
    assert back == original
    assert back.issue_date_precision is DatePrecision.MONTH
    assert [m.due.short() if m.due else None for m in back.milestones] == ["Quý I/2024", "2025", None]
    assert [m.when_text for m in back.milestones] == ["", "", "Cuối giai đoạn"]
    assert back.targets[1].amount.text() == "14,5–15,0 tiêu chí/xã"  # as the plan writes it
    assert back.quotas[0].priority == "Ưu tiên các tập thể nhỏ"


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_every_demo_campaign_exports_and_imports_back_into_an_empty_database(
    demo_store: Store, sqlite_template: Path, tmp_path: Path
) -> None:
    """What the app writes it reads: demo campaign 4's priority note (a quota with no form) was once
    refused on the way back, with "Hình thức khen thưởng là bắt buộc"."""
    with demo_store.read() as s:
        ids = list(s.scalars(select(Campaign.id).where(Campaign.deleted_at.is_(None)).order_by(Campaign.id)))
    assert len(ids) >= 4
    for cid in ids:
        shutil.copy(sqlite_template, tmp_path / f"empty{cid}.sqlite3")
        target = Store.open(tmp_path / f"empty{cid}.sqlite3")
        try:
            with demo_store.read() as s:
                write_campaign_workbook(s, cid, tmp_path / f"out{cid}.xlsx")
                original = campaigns.get_definition(s, cid)
            plan, result = import_workbook(target, tmp_path / f"out{cid}.xlsx")
            assert plan.ok, (cid, [str(e) for e in plan.all_errors()])
            assert result.committed and result.created == 1
            with target.read() as s:
                new = s.scalar(select(Campaign.id))
                assert new is not None
                write_campaign_workbook(s, new, tmp_path / f"back{cid}.xlsx")
                assert campaigns.get_definition(s, new).quotas == original.quotas
            assert _cells(tmp_path / f"back{cid}.xlsx") == _cells(tmp_path / f"out{cid}.xlsx")
        finally:
            target.close()
