"""Campaign plans: the seeds load exactly, definitions round-trip, milestones roll over."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from emudesk.domain.enums import CampaignKind, MilestoneKind, NominationStatus, SubjectKind
from emudesk.domain.errors import ConflictError, ValidationError
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import definition_from_dict, load_definition
from emudesk.services.campaigns.milestones import next_milestones
from emudesk.services.core.store import Store
from emudesk.services.nominations.workflow import transition
from tests.factories import HOA_BINH, NTM, SNN_2023, form_id, nominate, person, seed_campaign, unit


@pytest.mark.parametrize("path", [NTM, HOA_BINH, SNN_2023], ids=lambda p: p.stem)
def test_seed_plans_round_trip_through_the_database(store: Store, path: object) -> None:
    defn = load_definition(path)  # type: ignore[arg-type]
    with store.write() as s:
        cid = campaigns.create_campaign(s, defn)
    with store.read() as s:
        back = campaigns.get_definition(s, cid)
    defn.milestones.sort(key=lambda m: m.due_date)  # stored and read back in date order
    assert back == defn


def test_ntm_plan_facts(store: Store) -> None:
    with store.write() as s:
        cid = campaigns.create_campaign(s, load_definition(NTM))
    with store.read() as s:
        defn = campaigns.get_definition(s, cid)
    assert defn.plan_ref == "104/KH-UBND" and defn.issue_date == date(2022, 7, 12)
    assert defn.kind is CampaignKind.THEMATIC and defn.period_label == "2021-2025"
    assert [(m.kind, m.when_text) for m in defn.milestones][:4] == [  # in date order
        (MilestoneKind.LAUNCH, "Quý III năm 2022"),
        (MilestoneKind.REPORT_DUE, "Hằng năm"),
        (MilestoneKind.INTERIM_REVIEW, "Quý III năm 2023"),
        (MilestoneKind.INTERIM_REVIEW, "Quý IV năm 2023"),
    ]
    assert [(t.comparator, t.value, t.unit) for t in defn.targets] == [
        (">", Decimal("20"), "% số xã"),
        (">=", Decimal("10"), "% số xã"),
        (">=", Decimal("1"), "huyện"),
        (">=", Decimal("1.5"), "lần"),
    ]
    commune = [c for c in defn.criteria if c.code == "c"]
    assert len(commune) == 2 and all(len(c.children) == 3 for c in commune)
    assert {p.unit_kind for p in defn.participants if p.subject_kind is SubjectKind.UNIT} >= {
        "ubnd_xa",
        "hop_tac_xa",
    }
    assert defn.signer_name == "Lại Văn Hoàn"


def test_hoa_binh_phases_and_yearly_report() -> None:
    defn = load_definition(HOA_BINH)
    assert [(p.name, p.start_date.year, p.end_date.year) for p in defn.phases] == [  # type: ignore[union-attr]
        ("Giai đoạn 1", 2024, 2026),
        ("Giai đoạn 2", 2026, 2030),
    ]
    report = next(m for m in defn.milestones if m.kind is MilestoneKind.REPORT_DUE)
    assert report.when_text == "Trước ngày 01/12 hằng năm" and report.due_date == date(2024, 11, 30)


def test_next_milestone_rolls_yearly_deadlines(store: Store) -> None:
    with store.write() as s:
        cid = campaigns.create_campaign(s, load_definition(HOA_BINH))
        upcoming = {m.campaign_id: m for m in next_milestones(s, date(2026, 11, 22))}
    assert upcoming[cid].due_date == date(2026, 11, 30)
    assert upcoming[cid].kind is MilestoneKind.REPORT_DUE


def test_invalid_definitions_are_explained(store: Store) -> None:
    defn = load_definition(SNN_2023)
    defn.quotas[0].forms = ["NO_SUCH_FORM"]
    with pytest.raises(ValidationError, match="NO_SUCH_FORM"), store.write() as s:
        campaigns.create_campaign(s, defn)
    with pytest.raises(ValidationError, match="unknown_field"):
        definition_from_dict({"title": "x", "kind": "regular", "unknown_field": 1})


def test_removing_a_phase_with_nominations_is_refused(store: Store) -> None:
    from sqlalchemy import select

    from emudesk.db.models import CampaignPhase
    from emudesk.services.nominations import workflow as nominations

    with store.write() as s:
        cid = campaigns.create_campaign(s, load_definition(HOA_BINH))
        phase2 = s.scalar(select(CampaignPhase.id).where(CampaignPhase.name == "Giai đoạn 2"))
        coop = unit(s, "HTX Tân Phong", "hop_tac_xa")
        nid = nominations.create_nomination(
            s,
            nominations.NominationInput(
                subject=nominations.SubjectRef(SubjectKind.UNIT, coop),
                campaign_id=cid,
                award_form_id=form_id(s, "BK_TINH"),
                phase_id=phase2,
                year=2027,
            ),
        )
        transition(s, [nid], NominationStatus.SUBMITTED)
        defn = campaigns.get_definition(s, cid)
    defn.phases = defn.phases[:1]
    defn.milestones = [m for m in defn.milestones if m.phase != "Giai đoạn 2"]
    with pytest.raises(ConflictError, match="giai đoạn"), store.write() as s:
        campaigns.update_campaign(s, cid, defn)
    with store.write() as s:  # renaming phase 1 keeps phase 2 and its nomination
        full = campaigns.get_definition(s, cid)
        full.phases[0].description = "Đã sơ kết."
        campaigns.update_campaign(s, cid, full)
        assert s.scalar(select(CampaignPhase.id).where(CampaignPhase.name == "Giai đoạn 2")) == phase2


def test_campaign_with_nominations_cannot_be_deleted(store: Store) -> None:
    with store.write() as s:
        cid = seed_campaign(s, SNN_2023)
        nominate(s, cid, SubjectKind.INDIVIDUAL, person(s, "Bùi Văn Khoa"), "BK_TINH")
    with pytest.raises(ConflictError, match="chỉ có thể kết thúc"), store.write() as s:
        campaigns.delete_campaign(s, cid)


def test_a_priority_note_without_forms_survives_the_json_round_trip() -> None:
    """Exchange sends plans as JSON; the empty list of a priority note is left out of it (issue 14)."""
    from emudesk.domain.enums import CampaignKind, QuotaKind
    from emudesk.services.campaigns.definition import (
        CampaignDef,
        QuotaDef,
        definition_from_dict,
        definition_to_dict,
    )

    note = QuotaDef("Ưu tiên cá nhân trực tiếp sản xuất", [], kind=QuotaKind.PRIORITY, note="Ưu tiên")
    defn = CampaignDef(title="Thi đua thường xuyên năm 2026", kind=CampaignKind.REGULAR, quotas=[note])
    assert definition_from_dict(definition_to_dict(defn)).quotas == [note]
