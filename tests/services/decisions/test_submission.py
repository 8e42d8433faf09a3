"""The tờ trình a decision answers: recorded on the draft or at approval, printed in its Căn cứ;
a blank only where nobody recorded it."""

from __future__ import annotations

from datetime import date

import pytest

from emudesk.db.models import Decision
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import ConflictError, ValidationError
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.decisions import issuing as decisions
from emudesk.services.decisions.issuing import DecisionDraft
from emudesk.services.exports.paperwork import decision_paper
from emudesk.services.nominations.workflow import (
    DecisionInput,
    NominationInput,
    create_nomination,
    transition,
)
from tests.factories import form_id, person
from tests.services.builders import IND, campaign
from tests.services.decisions.test_decisions import _approved
from tests.snapshot import snapshot

S = NominationStatus


def _last_basis(store: Store, decision_id: int) -> str:
    with store.read() as s:
        return str(decision_paper(s, decision_id).context["can_cu"][-1])


def test_a_drafts_submission_is_printed_in_its_basis(store: Store) -> None:
    decision, _people, _ids = _approved(store, date(2026, 1, 20))
    # Nothing recorded: the council's proposal, no tờ trình invented.
    assert "Tờ trình" not in _last_basis(store, decision)
    with store.write() as s:
        row = s.get(Decision, decision)
        assert row is not None
        decisions.update_decision(
            s,
            decision,
            DecisionDraft(
                row.number,
                row.signed_on,
                row.issuer,
                row.signer_title,
                row.signer_name,
                row.summary,
                submission_number="15/TTr-VP",
                submission_date=date(2026, 1, 10),
                submission_by="Chánh Văn phòng Sở Nội vụ",
            ),
        )
    assert _last_basis(store, decision) == (
        "Theo đề nghị của Chánh Văn phòng Sở Nội vụ tại Tờ trình số 15/TTr-VP ngày 10 tháng 01 năm 2026."
    )
    with store.write() as s:
        decisions.issue(s, decision)
    # Issued: the tờ trình it printed stays; another one is a correction's business.
    with store.read() as s:
        before = snapshot(s)
    with pytest.raises(ConflictError, match="15/TTr-VP"), store.write() as s:
        decisions.record_submission(s, decision, "16/TTr-VP", date(2026, 1, 11))
    with store.read() as s:
        assert snapshot(s) == before


@pytest.mark.parametrize(
    ("number", "day", "by", "field"),
    [
        ("15/TTr-SNV", date(2026, 1, 21), "", "submission_date"),  # after the decision
        ("", date(2026, 1, 10), "", "submission_number"),  # a date without its number
        ("15/TTr\x07-SNV", None, "", "submission_number"),  # a control character
        ("1" * 61, None, "", "submission_number"),
    ],
)
def test_a_submission_that_makes_no_sense_is_refused_and_nothing_written(
    store: Store, number: str, day: date | None, by: str, field: str
) -> None:
    with store.read() as s:
        before = snapshot(s)
    with pytest.raises(ValidationError) as refused, store.write() as s:
        decisions.create_decision(
            s,
            DecisionDraft(
                "150/QĐ-SNV",
                date(2026, 1, 20),
                submission_number=number,
                submission_date=day,
                submission_by=by,
            ),
        )
    assert field in refused.value.fields
    with store.read() as s:
        assert snapshot(s) == before


def test_approval_against_a_submission_records_it_on_the_decision(store: Store) -> None:
    with store.write() as s:
        camp = campaign(s, "LDTT")
        ids = [
            create_nomination(
                s, NominationInput(SubjectRef(IND, person(s, name)), camp, form_id(s, "LDTT"), year=2025)
            )
            for name in ("Đỗ Văn Dũng", "Bùi Thị Cúc")
        ]
        transition(s, ids, S.SUBMITTED)
        transition(s, ids, S.APPRAISED)
        # The first file approved before anybody noted the tờ trình: the blank stays a blank.
        result = transition(
            s, ids[:1], S.APPROVED, decision=DecisionInput("12/QĐ-UBND", date(2026, 1, 20), "UBND tỉnh")
        )
    decision = result.decision_id
    assert decision is not None
    with store.read() as s:
        assert s.get(Decision, decision).submission_number is None  # type: ignore[union-attr]
    # The second, approved against the tờ trình under the same decision, records it.
    with store.write() as s:
        transition(
            s,
            ids[1:],
            S.APPROVED,
            decision=DecisionInput(
                "12/QĐ-UBND",
                date(2026, 1, 20),
                submission_number="7/TTr-SNV",
                submission_date=date(2026, 1, 12),
            ),
        )
    with store.read() as s:
        row = s.get(Decision, decision)
        assert row is not None
        assert (row.submission_number, row.submission_date) == ("7/TTr-SNV", date(2026, 1, 12))
    assert _last_basis(store, decision).endswith("tại Tờ trình số 7/TTr-SNV ngày 12 tháng 01 năm 2026.")
    # Another tờ trình under the same decision is refused, and nothing is written.
    with store.write() as s:
        camp = campaign(s, "LDTT", title="Phong trào khác")
        late = create_nomination(
            s, NominationInput(SubjectRef(IND, person(s, "Lê Văn Em")), camp, form_id(s, "LDTT"), year=2025)
        )
        transition(s, [late], S.SUBMITTED)
        transition(s, [late], S.APPRAISED)
    with store.read() as s:
        before = snapshot(s)
    with pytest.raises(ConflictError, match="7/TTr-SNV") as refused, store.write() as s:
        transition(
            s,
            [late],
            S.APPROVED,
            decision=DecisionInput("12/QĐ-UBND", date(2026, 1, 20), submission_number="8/TTr-SNV"),
        )
    assert "8/TTr-SNV" in refused.value.message
    with store.read() as s:
        assert snapshot(s) == before
