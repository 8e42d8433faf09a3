"""The seed JSON holds partial dates, undated milestones, target ranges, themes, authority forms."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from emudesk.db.models import AwardForm
from emudesk.domain.errors import ValidationError
from emudesk.domain.plan_values import DatePrecision
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import (
    definition_from_dict,
    definition_to_dict,
    validate_definition,
)
from emudesk.services.core.store import Store
from tests.snapshot import snapshot

PLAN = {
    "title": "Phong trào thi đua thủy lợi",
    "kind": "thematic",
    "issue_date": "2024-01",
    "requirements": "Thiết thực, hiệu quả.",
    "organisation": "Sở Nông nghiệp chủ trì.",
    "recipients": "Bộ NN&PTNT;\nUBND tỉnh;\nLưu: VT.",
    "themes": [{"name": "Chuyên đề 1", "content": "Kiên cố hóa kênh mương"}],
    "award_forms": [
        {
            "code": "BK_BO_NN",
            "name": "Bằng khen của Bộ trưởng Bộ Nông nghiệp và PTNT",
            "kind_of": "BK_BO",
            "authority": "Bộ trưởng Bộ Nông nghiệp và PTNT",
        }
    ],
    "milestones": [
        {"kind": "launch", "title": "Phát động", "due_date": "Quý I/2024"},
        {"kind": "final_review", "title": "Tổng kết", "when_text": "Cuối giai đoạn"},
        {"kind": "report_due", "title": "Báo cáo", "due_date": "2025"},
    ],
    "targets": [
        {"description": "Tăng trưởng", "value": "3", "value_max": "3.5", "unit": "%"},
        {"description": "Tiêu chí", "value": "14.5", "value_max": "15.0", "unit": "tiêu chí/xã"},
        {
            "description": "Đất đào đắp",
            "value": "580",
            "multiplier": "nghìn",
            "unit": "m³",
            "comparator": "trên",
            "theme": "Chuyên đề 1",
        },
    ],
    "offered_forms": [{"award_form": "BK_BO_NN"}],
    "quotas": [
        {
            "label": "Bằng khen Bộ trưởng",
            "forms": ["BK_BO_NN"],
            "limit": 2,
            "priority": "Ưu tiên các tập thể nhỏ",
        }
    ],
}


def test_a_whole_plan_reads_and_writes_back_without_loss():
    defn = definition_from_dict(PLAN)
    validate_definition(defn)
    assert (defn.issue_date, defn.issue_date_precision) == (date(2024, 1, 31), DatePrecision.MONTH)
    launch, final, report = defn.milestones
    assert (launch.due_date, launch.due_precision) == (date(2024, 3, 31), DatePrecision.QUARTER)
    assert final.due_date is None
    assert report.due is not None and report.due.vietnamese() == "năm 2025"
    rng, crit, earth = defn.targets
    assert rng.amount.text() == "3–3,5 %"
    assert crit.amount.text() == "14,5–15,0 tiêu chí/xã"
    assert earth.comparator == ">" and earth.amount.minimum == Decimal(580_000)
    assert defn.award_forms[0].kind_of == "BK_BO"
    assert defn.quotas[0].priority == "Ưu tiên các tập thể nhỏ"
    out = definition_to_dict(defn)
    assert out["issue_date"] == "2024-01"
    assert [m.get("due_date") for m in out["milestones"]] == ["2024-Q1", None, "2025"]
    assert "issue_date_precision" not in out
    assert definition_from_dict(out) == defn


def test_old_seed_form_still_reads():
    defn = definition_from_dict({"title": "T", "kind": "regular", "issue_date": "2022-07-12"})
    assert defn.issue_date_precision is DatePrecision.DAY
    assert definition_to_dict(defn)["issue_date"] == "2022-07-12"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"targets": [{"description": "x", "value": "5", "value_max": "3"}]}, "từ số nhỏ đến số lớn"),
        ({"targets": [{"description": "x", "value": "5", "multiplier": "chục"}]}, "đơn vị nhân “chục”"),
        ({"targets": [{"description": "x", "theme": "Không có"}]}, "chuyên đề không có"),
        ({"award_forms": [{"code": "A", "name": "A", "kind_of": "A"}]}, "có trong danh mục"),
    ],
)
def test_inconsistent_plans_are_refused(change, message):
    defn = definition_from_dict({"title": "T", "kind": "regular"} | change)
    with pytest.raises(ValidationError, match=message):
        validate_definition(defn)


def test_a_bad_partial_date_is_refused_with_a_message():
    with pytest.raises(ValidationError, match="Quý V/2024"):
        definition_from_dict({"title": "T", "kind": "regular", "issue_date": "Quý V/2024"})


def test_a_whole_plan_round_trips_through_the_database(store: Store) -> None:
    defn = definition_from_dict(PLAN)
    with store.write() as s:
        cid = campaigns.create_campaign(s, defn)
    with store.read() as s:
        back = campaigns.get_definition(s, cid)
        form = s.scalar(select(AwardForm).where(AwardForm.code == "BK_BO_NN"))
        assert form is not None and form.legal_kind.code == "BK_BO"
        assert form.category is form.legal_kind.category and form.level is form.legal_kind.level
    # Undated steps come last; the rest in date order.
    assert [m.title for m in back.milestones] == ["Phát động", "Báo cáo", "Tổng kết"]
    defn.milestones.sort(key=lambda m: m.due_date or date.max)
    assert back == defn
    # Figures come back as written ("15,0" stays 15,0), not with the column's four places.
    figures = [t.amount.text() for t in back.targets]
    assert figures == ["3–3,5 %", "14,5–15,0 tiêu chí/xã", "trên 580 nghìn m³"]
    # Saved again unchanged: the catalogue entry is reused, not duplicated.
    with store.write() as s:
        campaigns.update_campaign(s, cid, back)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AwardForm).where(AwardForm.code == "BK_BO_NN")) == 1


def test_a_plan_cannot_turn_a_catalogued_form_into_another_kind(store: Store) -> None:
    with store.write() as s:
        campaigns.create_campaign(s, definition_from_dict(PLAN))
    other = PLAN | {
        "award_forms": [{"code": "BK_BO_NN", "name": "Giấy khen", "kind_of": "GK"}],
    }
    with store.read() as s:
        before = snapshot(s)
    with pytest.raises(ValidationError, match="BK_BO_NN"), store.write() as s:
        campaigns.create_campaign(s, definition_from_dict(other))
    with store.read() as s:
        assert snapshot(s) == before


def test_themes_can_be_renamed_and_dropped_with_their_targets_moved(store: Store) -> None:
    with store.write() as s:
        cid = campaigns.create_campaign(s, definition_from_dict(PLAN))
    changed = definition_from_dict(PLAN)
    changed.themes[0].name = "Chuyên đề thủy lợi"
    changed.targets[2].theme = "Chuyên đề thủy lợi"
    with store.write() as s:
        campaigns.update_campaign(s, cid, changed)
    with store.read() as s:
        themes = [t.theme for t in campaigns.get_definition(s, cid).targets]
    assert themes == [None, None, "Chuyên đề thủy lợi"]
    changed.themes = []
    changed.targets[2].theme = None
    with store.write() as s:
        campaigns.update_campaign(s, cid, changed)
    with store.read() as s:
        back = campaigns.get_definition(s, cid)
    assert back.themes == [] and [t.theme for t in back.targets] == [None, None, None]
