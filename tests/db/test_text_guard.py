"""Hostile text in optional fields is refused on every path, naming the field, and nothing is
written; text stored before the rule is found by `check` (issue 19, item 11)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from emudesk.db.models import Campaign, Council, Decision, Individual, Nomination, ReviewSession
from emudesk.domain.enums import CampaignKind, NominationStatus
from emudesk.domain.errors import ValidationError
from emudesk.services.campaigns import achievements
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import CampaignDef, PhaseDef
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store, get_setting, set_setting
from emudesk.services.council import members
from emudesk.services.decisions.issuing import DecisionDraft, create_decision, update_decision
from emudesk.services.nominations import workflow
from emudesk.services.workspace.check import run_checks
from emudesk.services.workspace.stored_text import find_stored_hostile_text
from tests.snapshot import changed_rows, snapshot

ESC = "\x1b[2J"


def _refused(store: Store, action: Callable[[Session], object]) -> ValidationError:
    """``action`` is refused with a ValidationError and leaves every row as it was."""
    with store.read() as s:
        before = snapshot(s)
    with pytest.raises(ValidationError) as caught, store.write() as s:
        action(s)
    with store.read() as s:
        assert changed_rows(before, snapshot(s)) == set()
    return caught.value


def _draft(**kw: object) -> DecisionDraft:
    return replace(DecisionDraft(number="15/QĐ-UBND", signed_on=date(2025, 1, 5)), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("issuer", f"UBND{ESC} tỉnh", ("Cơ quan ban hành", "U+001B")),
        ("signer_name", "\u202eNguyễn Văn A", ("Họ tên người ký", "U+202E")),
        ("signer_title", "Chủ\x08 tịch", ("Chức vụ người ký", "U+0008")),
        ("number", "15\x00/QĐ-UBND", ("Số quyết định", "U+0000")),
        ("summary", "Về việc khen thưởng " * 200, ("Tóm tắt", "4.000", "2.000")),
        ("note", "Ghi chú \u2066ẩn", ("Ghi chú", "U+2066")),
    ],
)
def test_decisions_refuse_hostile_optional_text(
    store: Store, field: str, value: str, words: tuple[str, ...]
) -> None:
    error = _refused(store, lambda s: create_decision(s, _draft(**{field: value})))
    assert set(error.fields) == {field}
    for word in words:
        assert word in error.message


def test_editing_a_draft_decision_refuses_it_too(store: Store) -> None:
    with store.write() as s:
        did = create_decision(s, _draft(issuer="UBND tỉnh"))
    error = _refused(store, lambda s: update_decision(s, did, _draft(issuer=f"UBND{ESC}")))
    assert "U+001B" in error.message
    with store.read() as s:
        decision = s.get(Decision, did)
        assert decision is not None and decision.issuer == "UBND tỉnh"


def test_nominations_campaigns_council_settings_and_achievements(demo_store: Store) -> None:
    store = demo_store
    with store.read() as s:
        nid = s.scalars(
            select(Nomination.id).where(Nomination.status.in_(workflow.EDITABLE)).order_by(Nomination.id)
        ).first()
        assert nid is not None
        data = workflow.nomination_input(s, nid)
        cid = s.scalars(select(Campaign.id).order_by(Campaign.id).limit(1)).one()
        council_id = s.scalars(select(Council.id).order_by(Council.id).limit(1)).one()
        person = s.scalars(select(Individual.id).order_by(Individual.id).limit(1)).one()
        office = get_setting(s, "office.issuing_agency")

    error = _refused(
        store, lambda s: workflow.update_nomination(s, nid, replace(data, note=f"Thiếu{ESC} hồ sơ"))
    )
    assert set(error.fields) == {"note"} and "Ghi chú" in error.message
    error = _refused(
        store, lambda s: workflow.update_nomination(s, nid, replace(data, summary="Thành \u202etích"))
    )
    assert set(error.fields) == {"summary"}

    plan = CampaignDef(title="Thi đua\u202e năm 2026", kind=CampaignKind.REGULAR)
    error = _refused(store, lambda s: campaigns.create_campaign(s, plan))
    assert set(error.fields) == {"title"} and "U+202E" in error.message
    phases = [PhaseDef(name="Giai đoạn 1", description=f"Sơ kết{ESC}")]
    error = _refused(
        store, lambda s: campaigns.create_campaign(s, replace(plan, title="Năm 2026", phases=phases))
    )
    assert set(error.fields) == {"description"} and "Mô tả" in error.message

    member = members.MemberInput(full_name="Trần Văn Bình", office=f"Sở{ESC} Nội vụ")
    error = _refused(store, lambda s: members.add_member(s, council_id, member))
    assert set(error.fields) == {"office"} and "U+001B" in error.message

    error = _refused(store, lambda s: set_setting(s, "office.issuing_agency", "UBND \u202etỉnh"))
    assert "office.issuing_agency" in error.message and "U+202E" in error.message
    error = _refused(store, lambda s: set_setting(s, "office.new", {"names": ["Sở\x00"]}))
    assert "U+0000" in error.message
    with store.read() as s:
        assert get_setting(s, "office.issuing_agency") == office

    ach = achievements.AchievementInput(
        subject=SubjectRef.parse(f"individual:{person}"), campaign_id=cid, title="Hoàn thành xuất sắc"
    )
    error = _refused(store, lambda s: achievements.create_achievement(s, replace(ach, note=f"a{ESC}")))
    assert set(error.fields) == {"note"}
    error = _refused(
        store, lambda s: achievements.create_achievement(s, replace(ach, figures={f"Số{ESC}": 3}))
    )
    assert set(error.fields) == {"figures"}


def test_line_breaks_stay_in_notes_and_are_refused_in_codes(store: Store) -> None:
    with store.write() as s:
        did = create_decision(s, _draft(note="Dòng một;\nDòng hai", summary="Về việc\nkhen thưởng"))
    with store.read() as s:
        decision = s.get(Decision, did)
        assert decision is not None
        assert decision.note == "Dòng một;\nDòng hai"  # a note keeps its lines
        assert decision.summary == "Về việc khen thưởng"  # a one-line field stores a space, as always
    # A plain column (numbers, codes) stores text as given: a line break there is refused.
    with pytest.raises(ValidationError, match="một dòng") as caught:
        ReviewSession(title="Phiên họp", minutes_number="01/\nBB-HĐTĐKT")
    assert set(caught.value.fields) == {"minutes_number"}


def test_check_reports_stored_control_characters(demo_store: Store) -> None:
    with demo_store.write() as s:  # stored before the rule, or by another tool
        nid = s.scalars(select(Nomination.id).where(Nomination.status == NominationStatus.SUBMITTED)).first()
        did = s.scalars(select(Decision.id).order_by(Decision.id)).first()
        s.execute(text("UPDATE nominations SET note = :n WHERE id = :id"), {"n": f"Thiếu{ESC}", "id": nid})
        s.execute(
            text("UPDATE decisions SET issuer = :n WHERE id = :id"), {"n": "UBND \u202etỉnh", "id": did}
        )
        s.execute(
            text("UPDATE settings SET value = :v WHERE key = 'office.issuing_agency'"), {"v": '"S\\u001bở"'}
        )
    with demo_store.read() as s:
        found = {(f.table, f.record, f.field) for f in find_stored_hostile_text(s)}
        assert found == {
            ("nominations", nid, "note"),
            ("decisions", did, "issuer"),
            ("settings", "office.issuing_agency", "value"),
        }
        report = run_checks(s, is_sqlite=demo_store.is_sqlite)
    lines = [e for e in report.errors if "U+" in e]
    assert len(lines) == 3 and not report.ok
    assert any(f"nominations, bản ghi {nid}, trường “Ghi chú”" in e and "U+001B" in e for e in lines)
    assert all("\x1b" not in e and "\u202e" not in e for e in report.errors)


def test_a_column_has_one_name_in_refusals_and_in_the_audit_log() -> None:
    # The two maps said "Số định danh" and "Số định danh cá nhân (CCCD)", "Nhãn" and "Tên"…
    from sqlalchemy import inspect as inspect_mapper

    from emudesk.db.base import Base
    from emudesk.db.text_guard import label, text_columns
    from emudesk.services.core.audit_log import field_label

    typed = {key for m in Base.registry.mappers for key, _kind, _n in text_columns(inspect_mapper(m.class_))}
    for key in typed:
        assert label(key) == field_label(key), key
    assert label("id_number") == "Số định danh cá nhân (CCCD)"
    assert label("status_note") == "Lý do"
