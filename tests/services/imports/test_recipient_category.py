"""The TT 02/2023 recipient category: written by hand or by an import, refused where it does not fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from emudesk.db.models import AwardRecord, Individual
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.statistics import RecipientCategory
from emudesk.i18n import _
from emudesk.importer import parse_file
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import commit_import, plan_import
from emudesk.services.register import awards
from tests.services.imports.builders import Office, staff_list
from tests.snapshot import snapshot


def _import(store: Store, path: Path, kind: str):  # type: ignore[no-untyped-def]
    parsed = parse_file(path, kind)
    with store.read() as s:
        plan = plan_import(s, parsed)
    return plan, commit_import(store, plan)


def test_an_award_history_column_sets_the_category(store: Store, office: Office, tmp_path: Path) -> None:
    _import(store, staff_list(tmp_path / "ds.xlsx"), "individuals")
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Năm", "Hình thức khen thưởng", "Nhóm đối tượng (TT 02/2023)"])
    ws.append([1, "Nguyễn Văn Đức", 2023, "Bằng khen của Chủ tịch UBND tỉnh", "Doanh nhân"])
    ws.append([2, "Trần Thị Hoa", 2023, "Bằng khen của Chủ tịch UBND tỉnh", None])
    wb.save(tmp_path / "kt.xlsx")
    plan, result = _import(store, tmp_path / "kt.xlsx", "awards")
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert result.committed
    with store.read() as s:
        got = {r.recipient_name: r.recipient_category for r in s.scalars(select(AwardRecord))}
    assert got == {"Nguyễn Văn Đức": RecipientCategory.ENTREPRENEUR, "Trần Thị Hoa": None}


def test_a_category_for_another_kind_of_recipient_is_refused_and_nothing_written(
    store: Store, office: Office, tmp_path: Path
) -> None:
    _import(store, staff_list(tmp_path / "ds.xlsx"), "individuals")
    with store.read() as s:
        person = s.scalars(select(Individual)).first()
        assert person is not None
    data = awards.AwardInput(
        subject=SubjectRef(SubjectKind.INDIVIDUAL, person.id),
        year=2024,
        award_form_code="GK",
        recipient_category=RecipientCategory.ENTERPRISE,
    )
    with store.read() as s:
        before = snapshot(s)
    with pytest.raises(ValidationError) as caught, store.write() as s:
        awards.create_award(s, data)
    assert "recipient_category" in caught.value.fields
    with store.read() as s:
        assert snapshot(s) == before
    data.recipient_category = RecipientCategory.LEADER_OTHER
    with store.write() as s:
        award_id = awards.create_award(s, data)
    with store.read() as s:
        assert awards.award_input(s, award_id).recipient_category is RecipientCategory.LEADER_OTHER


@pytest.mark.sqlite_only("a rule of the service; the engine only stores the value")
def test_an_award_from_a_decision_takes_a_category_but_no_other_change(sqlite_demo_store: Store) -> None:
    from emudesk.domain.enums import RecordSource

    store = sqlite_demo_store
    with store.read() as s:
        award_id = s.scalars(
            select(AwardRecord.id).where(
                AwardRecord.source == RecordSource.APPROVAL,
                AwardRecord.subject_kind == SubjectKind.INDIVIDUAL,
            )
        ).first()
        assert award_id is not None
        data = awards.award_input(s, award_id)
        before = snapshot(s)
    changed = awards.AwardInput(**{**data.__dict__, "year": data.year - 1})
    refusal = _("This award comes from an issued decision; correct the decision instead.")
    with pytest.raises(ValidationError) as caught, store.write() as s:
        awards.update_award(s, award_id, changed)
    assert str(caught.value) == refusal
    with store.read() as s:
        assert snapshot(s) == before
    data.recipient_category = RecipientCategory.LEADER_DEPARTMENT
    with store.write() as s:
        awards.update_award(s, award_id, data)
    with store.read() as s:
        record = s.get(AwardRecord, award_id)
        assert record is not None and record.recipient_category is RecipientCategory.LEADER_DEPARTMENT
        assert record.year == changed.year + 1


@pytest.mark.sqlite_only("the campaign workbook round trip; the engine only stores the values")
def test_a_plans_level_and_scope_travel_through_the_campaign_workbook(
    sqlite_demo_store: Store, sqlite_store: Store, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from emudesk.db.models import Campaign
    from emudesk.domain.statistics import CampaignLevel, CampaignScope
    from emudesk.importer import parse_campaign
    from emudesk.services.campaigns import plans
    from emudesk.services.campaigns.workbook import write_campaign_workbook

    with sqlite_demo_store.read() as s:
        campaign_id = s.scalars(select(Campaign.id).where(Campaign.title.like("%của Sở%"))).one()
        definition = plans.get_definition(s, campaign_id)
    definition.organizer_level = CampaignLevel.AGENCY
    definition.organizing_scope = CampaignScope.CLUSTER
    with sqlite_demo_store.write() as s:
        plans.update_campaign(s, campaign_id, definition)
    path = tmp_path / "ke-hoach.xlsx"
    with sqlite_demo_store.read() as s:
        write_campaign_workbook(s, campaign_id, path)
    words = {c.value for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row}
    assert {"Cơ quan, tổ chức, đơn vị", "Cụm, khối thi đua"} <= words
    with sqlite_store.read() as s:
        plan = plan_import(s, parse_campaign(path))
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert commit_import(sqlite_store, plan).committed
    with sqlite_store.read() as s:
        imported = plans.get_definition(s, s.scalars(select(Campaign.id)).one())
    assert (imported.organizer_level, imported.organizing_scope) == (
        CampaignLevel.AGENCY,
        CampaignScope.CLUSTER,
    )
