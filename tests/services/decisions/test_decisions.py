"""Decisions: sổ vàng numbers, cash by the base salary of the decision date, immutability once issued,
corrections and revocations as decisions of their own, and history reflecting them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from emudesk.db.models import AwardForm, AwardRecord, Decision, DecisionCorrection
from emudesk.domain.enums import AwardStatus, NominationStatus, Rating
from emudesk.domain.errors import ConflictError, ValidationError
from emudesk.domain.rules import DecisionKind, Outcome
from emudesk.domain.rules.council import cash_amount
from emudesk.domain.rules.kinds import CashReward
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.decisions import cash as rewards
from emudesk.services.decisions import issuing as decisions
from emudesk.services.decisions import lists as decision_lists
from emudesk.services.decisions.issuing import Correction, DecisionDraft
from emudesk.services.eligibility.judge import evaluate
from emudesk.services.nominations.workflow import (
    DecisionInput,
    NominationInput,
    create_nomination,
    transition,
)
from emudesk.services.register import awards
from emudesk.services.rules import rulebook
from tests.factories import council_vote, form_id, person, unit
from tests.services.builders import HH, IND, UNIT, campaign, give, rate

S = NominationStatus


@pytest.mark.parametrize(
    ("coefficient", "base", "household", "expected"),
    [
        ("0.3", 2_340_000, False, 710_000),  # 702,000 rounds up to the next 10,000
        ("1.0", 2_340_000, False, 2_340_000),
        ("0.8", 2_340_000, False, 1_880_000),  # 1,872,000
        ("1.5", 2_340_000, False, 3_510_000),
        ("4.5", 2_340_000, False, 10_530_000),
        ("0.3", 2_340_000, True, 1_060_000),  # households: 1.5 × 702,000 = 1,053,000
        ("0.3", 1_800_000, False, 540_000),
        ("0.6", 1_490_000, False, 900_000),  # 894,000
    ],
)
def test_cash_amount_rounds_up_to_ten_thousand(
    coefficient: str, base: int, household: bool, expected: int
) -> None:
    assert cash_amount(Decimal(coefficient), base, household=household) == expected


def test_cash_rule_parameters_apply() -> None:
    assert cash_amount(Decimal("0.3"), 2_340_000, rule=CashReward(round_up_to=1000)) == 702_000
    assert (
        cash_amount(Decimal("1"), 1_000_000, household=True, rule=CashReward(household_factor=Decimal(2)))
        == 2_000_000
    )


def _approved(store: Store, signed_on: date) -> tuple[int, list[int], dict[str, int]]:
    """A draft decision with three recipients: two people (LĐTT, CSTĐCS) and a collective (TTLĐTT)."""
    with store.write() as s:
        camp = campaign(s, "LDTT", "CSTDCS", "TTLDTT", "GDVH")
        div = unit(s, "Phòng Kế hoạch - Tài chính")
        an, binh = person(s, "Nguyễn Văn An", div), person(s, "Trần Thị Bình", div)
        for pid in (an, binh):
            rate(s, 2025, Rating.EXCELLENT, individual=pid)
            give(s, IND, pid, "LDTT", 2024)
        ids = {}
        for code, ref in (
            ("LDTT", SubjectRef(IND, an)),
            ("CSTDCS", SubjectRef(IND, binh)),
            ("TTLDTT", SubjectRef(UNIT, div)),
        ):
            nid = create_nomination(
                s, NominationInput(ref, camp, form_id(s, code), div, year=2025, filed_on=date(2025, 12, 1))
            )
            transition(s, [nid], S.SUBMITTED)
            transition(s, [nid], S.APPRAISED)
            ids[code] = nid
        council_vote(s, [ids["CSTDCS"]], 9, 1, 0, members=10)
        decision = decisions.create_decision(
            s,
            DecisionDraft(
                "150/QĐ-SNV",
                signed_on,
                "Sở Nội vụ",
                "GIÁM ĐỐC",
                "Trần Thị Hương",
                "Công nhận danh hiệu thi đua năm 2025",
            ),
        )
        decisions.add_recipients(s, decision, [ids["TTLDTT"], ids["CSTDCS"], ids["LDTT"]])
    return decision, [an, binh], ids


def test_issue_numbers_the_golden_book_and_fixes_cash(store: Store) -> None:
    decision, _people, _ids = _approved(store, date(2026, 1, 20))
    with store.read() as s:
        assert not s.get(Decision, decision).issued  # type: ignore[union-attr]
        draft_cash = rewards.compute(s, decision)
    assert draft_cash.total == 710_000 + 2_340_000 + 1_880_000
    with store.write() as s:
        cash = decisions.issue(s, decision)
    with store.read() as s:
        listed = decisions.recipients(s, decision)
    # Numbered from 1 in the order the list prints them: by form in catalogue order (LĐTT,
    # CSTĐCS, TTLĐTT), then tập thể before cá nhân, then by name.
    assert [(r.golden_book_no, r.recipient_name, r.cash_amount) for r in listed] == [
        ("1", "Nguyễn Văn An", 710_000),
        ("2", "Trần Thị Bình", 2_340_000),
        ("3", "Phòng Kế hoạch - Tài chính", 1_880_000),
    ]
    assert (cash.total, cash.recovered, cash.without_amount) == (4_930_000, 0, 0)
    assert cash.base_salary.amount == 2_340_000 and cash.citation == "NĐ 152/2025/NĐ-CP, Điều 49–54"


def test_base_salary_of_the_decision_date(store: Store) -> None:
    decision, _people, _ids = _approved(store, date(2024, 3, 1))
    with store.write() as s:
        cash = decisions.issue(s, decision)
    assert cash.base_salary.amount == 1_800_000
    assert sorted(line.amount or 0 for line in cash.lines) == [540_000, 1_440_000, 1_800_000]
    assert cash.total == 3_780_000


def test_households_get_one_and_a_half_times(store: Store) -> None:
    with store.write() as s:
        from emudesk.services.register import households

        camp = campaign(s, "GDVH")
        village = unit(s, "Thôn Đông", "thon_tdp")
        home = households.create_household(
            s, households.HouseholdInput(head_name="Nguyễn Văn Tư", village_id=village)
        )
        form = s.get(AwardForm, form_id(s, "GDVH"))
        assert form is not None
        form.coefficient_individual = Decimal("0.3")  # the catalogue is editable; the sources give none
        rulebook.invalidate(s)
        nid = create_nomination(s, NominationInput(SubjectRef(HH, home), camp, form.id, village, year=2025))
        transition(s, [nid], S.SUBMITTED)
        transition(s, [nid], S.APPRAISED)
        decision = decisions.create_decision(s, DecisionDraft("12/QĐ-UBND", date(2025, 11, 28), "UBND xã"))
        decisions.add_recipients(s, decision, [nid])
        cash = decisions.issue(s, decision)
    assert [line.amount for line in cash.lines] == [1_060_000]


def test_an_issued_decision_cannot_be_edited(store: Store) -> None:
    decision, _people, ids = _approved(store, date(2026, 1, 20))
    with store.write() as s:
        decisions.update_decision(
            s,
            decision,
            DecisionDraft(
                "151/QĐ-SNV", date(2026, 1, 21), "Sở Nội vụ", summary="Công nhận danh hiệu thi đua năm 2025"
            ),
        )
        decisions.issue(s, decision)
    with store.read() as s:
        row = s.get(Decision, decision)
        assert row is not None and (row.number, row.issued) == ("151/QĐ-SNV", True)
        record = s.query(AwardRecord).filter_by(decision_id=decision).first()
        assert record is not None and record.decision_number == "151/QĐ-SNV"
    with pytest.raises(ConflictError, match="đã ban hành"), store.write() as s:
        decisions.update_decision(s, decision, DecisionDraft("152/QĐ-SNV", date(2026, 1, 21)))
    with pytest.raises(ConflictError), store.write() as s:
        decisions.issue(s, decision)
    with store.write() as s:
        camp = campaign(s, "LDTT", title="Phong trào khác")
        other = create_nomination(
            s,
            NominationInput(SubjectRef(IND, person(s, "Lê Văn Cường")), camp, form_id(s, "LDTT"), year=2025),
        )
        transition(s, [other], S.SUBMITTED)
        transition(s, [other], S.APPRAISED)
    with pytest.raises(ConflictError, match="đã ban hành"), store.write() as s:
        decisions.add_recipients(s, decision, [other])
    # Not even a direct write gets through: the ORM refuses it at flush.
    with pytest.raises(ConflictError, match="đính chính"), store.write() as s:
        row = s.get(Decision, decision)
        assert row is not None
        row.summary = "Sửa trực tiếp"
    with pytest.raises(ConflictError), store.write() as s:
        row = s.get(Decision, decision)
        assert row is not None
        row.issued = False
    with store.read() as s:
        assert s.get(Decision, decision).summary == "Công nhận danh hiệu thi đua năm 2025"  # type: ignore[union-attr]
    assert ids


def test_correction_is_its_own_decision_and_history_shows_it(store: Store) -> None:
    decision, (an, _binh), _ids = _approved(store, date(2026, 1, 20))
    with store.write() as s:
        decisions.issue(s, decision)
        record = next(r for r in decisions.recipients(s, decision) if r.recipient_name == "Nguyễn Văn An")
    with pytest.raises(ConflictError, match="dự thảo"), store.write() as s:
        draft = decisions.create_decision(s, DecisionDraft("5/QĐ-SNV", date(2026, 1, 5)))
        decisions.correct(s, draft, DecisionDraft("6/QĐ-SNV", date(2026, 1, 6)), [])
    with store.write() as s:
        fix = decisions.correct(
            s,
            decision,
            DecisionDraft(
                "170/QĐ-SNV", date(2026, 2, 2), signer_title="GIÁM ĐỐC", summary="Đính chính QĐ 150"
            ),
            [Correction(record.award_record_id, "recipient_name", "Nguyễn Văn Ân")],
        )
    with pytest.raises(ValidationError), store.write() as s:
        decisions.correct(
            s,
            decision,
            DecisionDraft("171/QĐ-SNV", date(2026, 2, 3)),
            [Correction(record.award_record_id, "year", "2024")],
        )
    with store.read() as s:
        history = awards.history(s, SubjectRef(IND, an))
        change = s.query(DecisionCorrection).filter_by(decision_id=fix).one()
        chain = decision_lists.related(s, decision)
        corrected = s.get(AwardRecord, record.award_record_id)
    assert history[0].recipient_name == "Nguyễn Văn Ân" and history[0].decision_number == "150/QĐ-SNV"
    assert (change.field, change.old_value, change.new_value) == (
        "recipient_name",
        "Nguyễn Văn An",
        "Nguyễn Văn Ân",
    )
    assert corrected is not None and "Đính chính theo quyết định 170/QĐ-SNV ngày 02/02/2026" in (
        corrected.note or ""
    )
    assert [(d.number, d.kind, d.refers_to) for d in chain] == [
        ("150/QĐ-SNV", DecisionKind.AWARD, ""),
        ("170/QĐ-SNV", DecisionKind.CORRECTION, "150/QĐ-SNV"),
    ]


def test_revocation_changes_status_history_and_eligibility(store: Store) -> None:
    decision, (_an, binh), _ids = _approved(store, date(2026, 1, 20))
    with store.write() as s:
        decisions.issue(s, decision)
        give(s, IND, binh, "CSTDCS", 2023)
        give(s, IND, binh, "CSTDCS", 2024)
        target = next(r for r in decisions.recipients(s, decision) if r.recipient_name == "Trần Thị Bình")
    with store.read() as s:
        before = evaluate(s, SubjectRef(IND, binh), "CSTD_TINH", date(2025, 12, 20))
    streak = next(r for r in before.reasons if r.rule_code == "CSTD_TINH.streak")
    assert streak.passed is True
    with pytest.raises(ValidationError), store.write() as s:
        decisions.revoke(s, decision, DecisionDraft("200/QĐ-SNV", date(2026, 3, 2)), reason=" ")
    with store.write() as s:
        revocation = decisions.revoke(
            s,
            decision,
            DecisionDraft("200/QĐ-SNV", date(2026, 3, 2), signer_title="GIÁM ĐỐC"),
            reason="Kê khai thành tích không trung thực",
            award_record_ids=[target.award_record_id],
        )
    with store.read() as s:
        listed = {r.recipient_name: r for r in decisions.recipients(s, decision)}
        history = awards.history(s, SubjectRef(IND, binh))
        cash = rewards.compute(s, decision)
        after = evaluate(s, SubjectRef(IND, binh), "CSTD_TINH", date(2025, 12, 20))
        row = s.get(Decision, revocation)
    assert row is not None and (row.kind, row.refers_to_id, row.issued) == ("revocation", decision, True)
    assert (listed["Trần Thị Bình"].status, listed["Trần Thị Bình"].status_decision) == (
        AwardStatus.REVOKED,
        "200/QĐ-SNV",
    )
    assert listed["Nguyễn Văn An"].status is AwardStatus.VALID
    assert next(h for h in history if h.year == 2025).status is AwardStatus.REVOKED
    assert (cash.total, cash.recovered) == (710_000 + 1_880_000, 2_340_000)
    streak = next(r for r in after.reasons if r.rule_code == "CSTD_TINH.streak" and not r.informational)
    assert streak.passed is False and "thiếu 2025" in streak.text
    assert any(r.informational and "đã thu hồi" in r.text for r in after.reasons)
    with pytest.raises(ConflictError, match="không còn"), store.write() as s:
        decisions.revoke(
            s,
            decision,
            DecisionDraft("201/QĐ-SNV", date(2026, 3, 3)),
            reason="Lặp lại",
            award_record_ids=[target.award_record_id],
        )
    assert after.outcome is Outcome.NOT_ELIGIBLE


def test_approving_more_files_into_an_issued_decision_keeps_the_numbers_given(store: Store) -> None:
    """A correction changed one sổ vàng number; files approved later under the same decision take
    the next numbers after the highest and leave every number given alone."""
    decision, _people, _ids = _approved(store, date(2026, 1, 20))
    with store.write() as s:
        decisions.issue(s, decision)
        binh = next(r for r in decisions.recipients(s, decision) if r.recipient_name == "Trần Thị Bình")
        decisions.correct(
            s,
            decision,
            DecisionDraft("170/QĐ-SNV", date(2026, 2, 2), summary="Đính chính QĐ 150"),
            [Correction(binh.award_record_id, "golden_book_no", "7")],
        )
    with store.write() as s:
        camp = campaign(s, "LDTT", title="Phong trào bổ sung")
        # "Bùi" and "Đỗ" both sort before "Nguyễn Văn An": renumbering would shift everyone.
        late = [
            create_nomination(
                s, NominationInput(SubjectRef(IND, person(s, name)), camp, form_id(s, "LDTT"), year=2025)
            )
            for name in ("Đỗ Văn Dũng", "Bùi Thị Cúc")
        ]
        transition(s, late, S.SUBMITTED)
        transition(s, late, S.APPRAISED)
        transition(s, late, S.APPROVED, decision=DecisionInput("150/QĐ-SNV", date(2026, 1, 20)))
    with store.read() as s:
        numbers = {r.recipient_name: r.golden_book_no for r in decisions.recipients(s, decision)}
    # The newcomers in list order (Bùi before Đỗ) after the highest number, the corrected 7.
    assert numbers == {
        "Nguyễn Văn An": "1",
        "Trần Thị Bình": "7",
        "Phòng Kế hoạch - Tài chính": "3",
        "Bùi Thị Cúc": "8",
        "Đỗ Văn Dũng": "9",
    }
