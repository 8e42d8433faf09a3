"""A form whose own criteria are not in the rule set in force is never judged eligible (issue 12, item 3).

The generic checks (discipline, one ground for one award) pass almost anyone; without criteria of the
form itself a person must judge, and suggestions list nobody.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from emudesk.db.models import AwardForm
from emudesk.domain.enums import AwardCategory
from emudesk.domain.rules import Outcome
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.eligibility.judge import evaluate, evaluate_nomination
from emudesk.services.eligibility.suggest import suggest
from emudesk.services.nominations.workflow import NominationInput, create_nomination
from tests.factories import form_id, person, unit
from tests.services.builders import IND, UNIT, campaign

NO_CRITERIA = "chưa ghi nhận tiêu chuẩn nào của"


def test_a_form_without_criteria_needs_judgement_naming_the_form_and_the_rules(store: Store) -> None:
    with store.write() as s:
        an = person(s, "Nguyễn Văn An", unit(s, "Phòng Tổng hợp"))
    with store.read() as s:
        for code in ("BK_TTG", "AHLD", "HCLD3", "GK"):
            verdict = evaluate(s, SubjectRef(IND, an), code, date(2025, 12, 5))
            assert verdict.outcome is Outcome.NEEDS_JUDGEMENT, code
            first = verdict.reasons[0]
            assert first.passed is None and not first.informational
            assert NO_CRITERIA in first.text
            assert f"“{verdict.award_name}” đối với cá nhân" in first.text
            assert "Luật TĐKT 2022" in first.text and "NĐ 152/2025/NĐ-CP" in first.text
        # A form with criteria of its own is judged by them, without the note.
        ldtt = evaluate(s, SubjectRef(IND, an), "LDTT", date(2025, 12, 5))
        assert not any(NO_CRITERIA in r.text for r in ldtt.reasons)


def test_a_nomination_for_a_form_without_criteria_needs_judgement(store: Store) -> None:
    with store.write() as s:
        room = unit(s, "Phòng Tổng hợp")
        camp = campaign(s, "BK_TTG")
        nid = create_nomination(
            s,
            NominationInput(
                subject=SubjectRef(UNIT, room),
                campaign_id=camp,
                award_form_id=form_id(s, "BK_TTG"),
                year=2025,
                filed_on=date(2025, 12, 5),
            ),
        )
    with store.read() as s:
        verdict = evaluate_nomination(s, nid)
    assert verdict.outcome is Outcome.NEEDS_JUDGEMENT
    assert NO_CRITERIA in verdict.reasons[0].text and "đối với tập thể" in verdict.reasons[0].text


def test_suggestions_list_nobody_for_a_form_without_criteria(demo_store: Store) -> None:
    with demo_store.read() as s:
        result = suggest(s, "BK_TTG", 2025, include_open=True)
        judged = suggest(s, "LDTT", 2025)
    assert result.items == ()
    assert result.counts[Outcome.ELIGIBLE] == 0 and result.counts[Outcome.NOT_ELIGIBLE] == 0
    assert result.counts[Outcome.NEEDS_JUDGEMENT] > 2000  # every unit, person and household of the demo
    assert len(result.notes) == 3 and all(NO_CRITERIA in note for note in result.notes)
    assert judged.items and judged.notes == ()


def test_anh_hung_lao_dong_is_a_state_honorary_title(store: Store) -> None:
    with store.read() as s:
        form = s.scalar(select(AwardForm).where(AwardForm.code == "AHLD"))
    assert form is not None
    assert form.category is AwardCategory.HONORARY
    assert form.category.label == "Danh hiệu vinh dự Nhà nước"
