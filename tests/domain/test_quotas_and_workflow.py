"""Pure quota and workflow rules."""

from __future__ import annotations

import pytest

from emudesk.domain import quotas
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.enums import QuotaKind, QuotaScope, SubjectKind
from emudesk.domain.errors import ConflictError, QuotaExceededError
from emudesk.domain.workflow import HOLDS_PLACE, TRANSITIONS, check_transition, takes_new_place


def _spec(**kw: object) -> quotas.QuotaSpec:
    base: dict[str, object] = dict(
        id=1,
        campaign_id=7,
        label="Bằng khen – cá nhân",
        kind=QuotaKind.COUNT,
        scope=QuotaScope.CAMPAIGN,
        form_ids=frozenset({3}),
        form_names=("Bằng khen của Chủ tịch UBND tỉnh",),
        subject_kind=SubjectKind.INDIVIDUAL,
        unit_kind_id=None,
        unit_kind_name=None,
        phase_id=None,
        year=None,
        limit=1,
        ratio_percent=None,
        base_form_ids=frozenset(),
        note="",
        source="",
    )
    base.update(kw)
    return quotas.QuotaSpec(**base)  # type: ignore[arg-type]


def _cand(**kw: object) -> quotas.Candidate:
    base: dict[str, object] = dict(
        campaign_id=7,
        award_form_id=3,
        subject_kind=SubjectKind.INDIVIDUAL,
        unit_kind_id=None,
        phase_id=None,
        year=2025,
        proposing_unit_id=None,
    )
    base.update(kw)
    return quotas.Candidate(**base)  # type: ignore[arg-type]


def test_applies_filters_form_subject_unit_kind_phase_year() -> None:
    assert quotas.applies(_spec(), _cand())
    assert not quotas.applies(_spec(), _cand(award_form_id=4))
    assert not quotas.applies(_spec(), _cand(subject_kind=SubjectKind.UNIT))
    assert not quotas.applies(_spec(), _cand(campaign_id=8))
    unit_only = _spec(subject_kind=SubjectKind.UNIT, unit_kind_id=5)
    assert quotas.applies(unit_only, _cand(subject_kind=SubjectKind.UNIT, unit_kind_id=5))
    assert not quotas.applies(unit_only, _cand(subject_kind=SubjectKind.UNIT, unit_kind_id=6))
    assert not quotas.applies(_spec(phase_id=2), _cand(phase_id=1))
    assert not quotas.applies(_spec(year=2024), _cand())
    assert not quotas.applies(_spec(kind=QuotaKind.PRIORITY), _cand())


def test_check_place_refuses_with_rule_limit_count_and_holders() -> None:
    quotas.check_place(_spec(), holders=(), candidate_label="Đề nghị #2")
    held = quotas.Holder("Nguyễn Văn An", S.SUBMITTED, "Bằng khen của Chủ tịch UBND tỉnh", "Sở Y tế", id=1)
    with pytest.raises(QuotaExceededError) as info:
        quotas.check_place(_spec(), holders=(held,), candidate_label="Đề nghị #2")
    err = info.value
    assert (err.limit, err.count) == (1, 1)
    assert err.message == (
        "Vượt chỉ tiêu: “Bằng khen – cá nhân” (Bằng khen của Chủ tịch UBND tỉnh, cá nhân) chỉ cho phép 1; "
        "đã dùng 1. Đề nghị #2 không thể nhận thêm suất."
    )
    assert err.holders == ("#1 Nguyễn Văn An – Sở Y tế – Đã trình",)  # one form: not repeated per holder
    # The lead-in is said once, wherever the holders go.
    assert str(err) == err.message + "\nCác đề nghị đang giữ suất:\n- #1 Nguyễn Văn An – Sở Y tế – Đã trình"
    assert err.one_line() == (
        err.message + " Các đề nghị đang giữ suất: #1 Nguyễn Văn An – Sở Y tế – Đã trình."
    )


def test_holders_as_the_user_knows_them() -> None:
    def line(h: quotas.Holder) -> str:
        return quotas.holder_line(h, with_form=True)

    form = "Cờ thi đua của UBND tỉnh"
    assert line(quotas.Holder("Sở Y tế", S.APPRAISED, form, "", id=4)) == (
        "#4 Sở Y tế – Cờ thi đua của UBND tỉnh – Đã thẩm định"
    )
    assert line(quotas.Holder("Sở Y tế", S.DRAFT, form, "", id=4, moving_to=S.SUBMITTED)) == (
        "#4 Sở Y tế – Cờ thi đua của UBND tỉnh – "
        "Nháp, đang được chuyển sang “Đã trình” trong cùng thao tác này"
    )
    assert line(quotas.Holder("Sở Y tế", None, form, "Sở Y tế", origin="dòng 7 của tệp này")) == (
        "Sở Y tế (dòng 7 của tệp này) – Cờ thi đua của UBND tỉnh – Sở Y tế – "
        "chưa lưu, được nhập trong cùng thao tác này"
    )


def test_per_unit_cap_names_the_unit_it_counted() -> None:
    spec = _spec(scope=QuotaScope.PROPOSING_UNIT)
    held = quotas.Holder("Nguyễn Văn An", S.SUBMITTED, "Bằng khen của Chủ tịch UBND tỉnh", "Sở Y tế", id=1)
    with pytest.raises(QuotaExceededError) as info:
        quotas.check_place(spec, holders=(held,), proposing_unit_name="Sở Y tế", candidate_label="Đề nghị #2")
    assert info.value.message == (
        "Vượt chỉ tiêu: “Bằng khen – cá nhân” (Bằng khen của Chủ tịch UBND tỉnh, cá nhân) chỉ cho phép 1, "
        "tính theo từng đơn vị trình; Sở Y tế đã dùng 1. Đề nghị #2 không thể nhận thêm suất."
    )
    with pytest.raises(QuotaExceededError, match=r"trình; \(không có đơn vị trình\) đã dùng 1\."):
        quotas.check_place(spec, holders=(held,), candidate_label="Đề nghị #2")


def test_ratio_limit_rounds_down() -> None:
    spec = _spec(kind=QuotaKind.RATIO, ratio_percent=15.0, limit=None)
    assert quotas.effective_limit(spec, 12) == 1
    assert quotas.effective_limit(spec, 20) == 3
    assert quotas.effective_limit(spec, 6) == 0
    with pytest.raises(QuotaExceededError, match="15% của 6 = 0"):
        quotas.check_place(spec, holders=(), base_count=6, candidate_label="x")


def test_workflow_transitions_and_places() -> None:
    check_transition(S.DRAFT, S.SUBMITTED, label="x")
    with pytest.raises(ConflictError, match="Nháp"):
        check_transition(S.DRAFT, S.APPROVED, label="x")
    for terminal in (S.APPROVED, S.REJECTED, S.WITHDRAWN):
        assert not TRANSITIONS[terminal]
    assert takes_new_place(S.DRAFT, S.SUBMITTED)
    assert not takes_new_place(S.SUBMITTED, S.APPRAISED)
    assert S.RETURNED not in HOLDS_PLACE and S.WITHDRAWN not in HOLDS_PLACE
