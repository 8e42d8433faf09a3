"""Hội đồng: a session run in the window from opening to signed minutes; refusals change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from emudesk.db.models import Campaign
from emudesk.domain.enums import CampaignStatus, SubjectKind
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.rules import AgendaOutcome, SessionStatus
from emudesk.services.core.common import SubjectRef
from emudesk.services.council import screens, sessions
from emudesk.services.nominations.workflow import NominationInput, create_nomination, transition
from emudesk.services.register import choices
from emudesk.services.register.lists import IndividualFilter, individual_ids
from emudesk.ui.main_window import MainWindow
from emudesk.ui.operations import council_ops
from emudesk.ui.views.council.council_dialogs import (
    AbsenceDialog,
    AgendaDialog,
    OutcomeDialog,
    SessionDialog,
    SignDialog,
    TallyDialog,
)
from emudesk.ui.views.council.council_view import CouncilView
from tests.ui.conftest import Boxes, wait_idle

CAMPAIGN = "Thi đua thường xuyên năm 2025"


def _campaign(window: MainWindow) -> int:
    with window.store.read() as s:
        return next(c.id for c in choices.campaigns(s) if c.label == CAMPAIGN)


def new_candidate(window: MainWindow, campaign_id: int) -> int:
    """A submitted nomination for Chiến sĩ thi đua cấp tỉnh that the rules find eligible.

    The 2025 round is closed: it is reopened to record a file received before its deadline
    (09/12/2025), then closed again; the council may still decide the files it holds."""
    with window.store.write() as s:
        form = next(f for f in choices.award_forms(s) if f.code == "CSTD_TINH")
        person = individual_ids(s, IndividualFilter(search="Huỳnh Thùy Phượng"))[0]
        campaign = s.get(Campaign, campaign_id)
        assert campaign is not None and campaign.status is CampaignStatus.CLOSED
        campaign.status = CampaignStatus.ACTIVE
        nid = create_nomination(
            s,
            NominationInput(
                subject=SubjectRef(SubjectKind.INDIVIDUAL, person),
                campaign_id=campaign_id,
                award_form_id=form.id,
                year=2025,
                filed_on=date(2025, 12, 8),
                summary="Sáng kiến được công nhận phạm vi toàn tỉnh.",
            ),
        )
        transition(s, [nid], S.SUBMITTED)
        campaign.status = CampaignStatus.CLOSED
    return nid


def deferred_candidate(window: MainWindow) -> int:
    """The demo session deferred a Chiến sĩ thi đua cấp tỉnh file the rules find not eligible."""
    with window.store.read() as s:
        item = next(i for i in screens.view(s, 1).items if i.outcome is AgendaOutcome.DEFERRED)
    return item.nomination_id


def council_view(window: MainWindow) -> CouncilView:
    view = window.show_view("council")
    assert isinstance(view, CouncilView)
    window.tasks.wait_idle()
    return view


def save(qtbot, window: MainWindow, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    assert dialog.validate_now() == {}  # type: ignore[attr-defined]
    dialog.save()  # type: ignore[attr-defined]
    wait_idle(qtbot, window)


def open_session(qtbot, window: MainWindow, view: CouncilView, campaign_id: int) -> int:  # type: ignore[no-untyped-def]
    cid = view.council_id()
    assert cid is not None
    dialog = SessionDialog(window.ctx, view, cid)
    dialog.title.setText("Phiên họp xét khen thưởng bổ sung năm 2025")
    dialog.held_on.set_date(date(2026, 2, 10))
    dialog.place.setText("Trụ sở UBND tỉnh Hưng Yên")
    dialog.campaign.setCurrentIndex(dialog.campaign.findData(campaign_id))
    save(qtbot, window, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None
    view.sessions.select_ids([dialog.saved_id])
    return dialog.saved_id


def item_of(view: CouncilView, nomination_id: int) -> screens.ItemView:
    assert view.current is not None
    item = next(i for i in view.current.items if i.nomination_id == nomination_id)
    view.agenda.select_ids([item.id])
    return item


def test_a_session_from_opening_to_signed_minutes(qtbot, window: MainWindow, boxes: Boxes) -> None:
    campaign = _campaign(window)
    passing, failing = new_candidate(window, campaign), deferred_candidate(window)
    view = council_view(window)
    assert view.council_combo.currentText() == "Hội đồng Thi đua - Khen thưởng tỉnh Hưng Yên"
    sid = open_session(qtbot, window, view, campaign)
    assert view.current is not None and view.current.status is SessionStatus.OPEN
    assert "✓" in view.quorum.text() and "13/13" in view.quorum.text()

    # Attendance: one member absent with a written opinion, one absent then back.
    members = [view.attendance_model.key_at(r) for r in range(view.attendance_model.rowCount())]
    absent = AbsenceDialog(window.ctx, view, sid, [(members[-2], "A"), (members[-3], "B")])
    absent.opinion.setPlainText("Nhất trí với danh sách đề nghị.")
    absent.received_on.set_date(date(2026, 2, 9))
    save(qtbot, window, absent)
    view.attendance.select_ids([members[-3]])
    assert view.mark_present()
    wait_idle(qtbot, window)
    rows = [view.attendance_model.row_values(r) for r in range(view.attendance_model.rowCount())]
    assert (
        rows[-2][3] == "Vắng mặt, có ý kiến bằng văn bản" and rows[-2][4] == "Nhất trí với danh sách đề nghị."
    )
    assert rows[-3][3] == "Có mặt"  # marked present again
    assert "12/13" in view.quorum.text() and "Quy chế TĐKT tỉnh Hưng Yên, Điều 12" in view.quorum.text()

    # The agenda, from the campaign: the submitted file is appraised on the way.
    agenda = AgendaDialog(window.ctx, view, sid, campaign)
    submitted = [c.nomination_id for c in agenda.candidates if c.status is S.SUBMITTED]
    collective = next(c.nomination_id for c in agenda.candidates if c.subject_kind is SubjectKind.UNIT)
    agenda.table.select_ids([passing, failing, collective])
    assert passing in agenda.submitted() and len(submitted) > 1
    save(qtbot, window, agenda)
    assert boxes.warnings() == []
    assert view.agenda_model.rowCount() == 3
    recused = item_of(view, collective)
    assert recused.recused and "tránh" in view.item_panel.text()  # the department's director is flagged
    # Where its ballots are entered, the item's own cap: 12 present + 1 written opinion, less the director.
    assert view.current is not None
    tally = TallyDialog(window.ctx, view, recused, view.current.attendance)
    qtbot.addWidget(tally)
    shown = " ".join(label.text() for label in tally.findChildren(QLabel))
    assert (
        "mục này có tối đa 12 phiếu: 12 thành viên có mặt, trừ 1 thành viên không tham gia biểu quyết, "
        f"cộng 1 ý kiến bằng văn bản. Không tham gia biểu quyết: {recused.recused[0]}." in shown
    )
    tally.votes_for.selectAll()
    QTest.keyClicks(tally.votes_for, "13")  # 13 ballots would count the director's
    assert "tối đa 12 phiếu" in tally.validate_now()["votes_for"] and not tally.save_button.isEnabled()
    tally.votes_for.selectAll()
    QTest.keyClicks(tally.votes_for, "0")  # back as it was: closing asks nothing
    tally.reject()

    # A passed vote: the service judges it against 90% of all 13 members, rule cited.
    item = item_of(view, passing)
    assert view.tally_button.defaultAction().isEnabled()
    assert "Đủ điều kiện" in view.item_panel.eligibility.outcome_text()  # the nominations view's panel
    assert view.current is not None
    tally = TallyDialog(window.ctx, view, item, view.current.attendance)
    tally.votes_for.setText("12")
    tally.votes_invalid.setText("1")
    assert tally.validate_now() == {}
    assert "đạt" in tally.verdict_text() and "NĐ 152/2025" in tally.verdict_text()
    tally.votes_for.setText("14")  # more ballots than members: the service's refusal, next to the field
    assert "13" in tally.validate_now()["votes_for"] and not tally.save_button.isEnabled()
    tally.votes_for.setText("12")
    save(qtbot, window, tally)
    assert view.current_item() is not None and view.current_item().nomination_id == passing  # type: ignore[union-attr]
    item = item_of(view, passing)
    assert item.votes == (12, 0, 1) and item.passed is True
    assert "12/0/1 – đạt" in [view.agenda_model.row_values(r)[3] for r in range(3)]
    outcome = OutcomeDialog(window.ctx, view, item, "")
    outcome.choose(AgendaOutcome.APPROVED)
    save(qtbot, window, outcome)
    assert boxes.warnings() == [] and item_of(view, passing).outcome is AgendaOutcome.APPROVED

    # A failed vote: approving it is refused with the service's message, and nothing changes.
    item = item_of(view, failing)
    assert view.current is not None
    tally = TallyDialog(window.ctx, view, item, view.current.attendance)
    tally.votes_for.setText("8")
    tally.votes_against.setText("3")
    tally.votes_invalid.setText("2")
    assert "không đạt" in tally.verdict_text()
    save(qtbot, window, tally)
    item = item_of(view, failing)
    assert item.passed is False
    refused = OutcomeDialog(window.ctx, view, item, "")
    refused.choose(AgendaOutcome.APPROVED, note="Hội đồng đề nghị")
    save(qtbot, window, refused)
    assert refused.result() != QDialog.DialogCode.Accepted  # the form stays open
    assert len(boxes.warnings()) == 1 and "không" in boxes.warnings()[0]
    assert item_of(view, failing).outcome is AgendaOutcome.PENDING
    refused.choose(AgendaOutcome.REJECTED, note="Không đạt tỷ lệ phiếu đồng ý theo quy định.")
    save(qtbot, window, refused)
    assert item_of(view, failing).outcome is AgendaOutcome.REJECTED

    # A deferral.
    defer = OutcomeDialog(window.ctx, view, item_of(view, collective), "")
    defer.choose(AgendaOutcome.DEFERRED, note="Bổ sung hồ sơ, xét tại phiên sau.")
    save(qtbot, window, defer)
    assert item_of(view, collective).outcome is AgendaOutcome.DEFERRED
    assert not view.decide_button.defaultAction().isEnabled()

    # Close, then sign: the session becomes read-only.
    boxes.answer = QMessageBox.StandardButton.Yes
    assert view.close_session()
    wait_idle(qtbot, window)
    boxes.answer = None
    assert view.current is not None and view.current.status is SessionStatus.CLOSED
    assert not view.add_button.defaultAction().isEnabled()
    sign = SignDialog(window.ctx, view, sid, date(2026, 2, 10))
    sign.number.setText("02/BB-HĐTĐKT")
    sign.signed_on.set_date(date(2026, 2, 11))
    save(qtbot, window, sign)
    assert view.current.status is SessionStatus.SIGNED
    assert "chỉ xem" in view.session_text() and "02/BB-HĐTĐKT" in view.session_text()
    for button in (view.add_button, view.close_button, view.sign_button, view.present_button):
        assert not button.defaultAction().isEnabled()
    assert view.decision_button.defaultAction().isEnabled()
    with window.store.read() as s:
        lines = screens.minutes(s, sid)
    assert any("02/BB-HĐTĐKT" in line for line in lines)
    assert boxes.warnings()[1:] == []


def test_refusals_show_the_services_message_and_change_nothing(
    qtbot, window: MainWindow, boxes: Boxes
) -> None:
    campaign = _campaign(window)
    nid = new_candidate(window, campaign)
    view = council_view(window)
    sid = open_session(qtbot, window, view, campaign)
    agenda = AgendaDialog(window.ctx, view, sid, campaign)
    agenda.table.select_ids([nid])
    save(qtbot, window, agenda)
    item = item_of(view, nid)

    # A tally larger than the council, sent past the form: the service refuses it.
    council_ops.record_tally(window.ctx, view, item.id, (20, 0, 0))
    wait_idle(qtbot, window)
    assert len(boxes.warnings()) == 1 and "13" in boxes.warnings()[0]
    assert item_of(view, nid).votes is None

    # Approving a form that needs the vote before any tally.
    outcome = OutcomeDialog(window.ctx, view, item, "")
    outcome.choose(AgendaOutcome.APPROVED)
    save(qtbot, window, outcome)
    assert len(boxes.warnings()) == 2 and item_of(view, nid).outcome is AgendaOutcome.PENDING

    # The demo's signed session is read-only: its buttons are off, and the service refuses anyway.
    view.sessions.select_ids([1])
    assert view.current is not None and view.current.status is SessionStatus.SIGNED
    assert not view.tally_button.defaultAction().isEnabled()
    with window.store.read() as s:
        before = sessions.attendance_rows(s, 1)
    council_ops.set_attendance(window.ctx, view, 1, [before[0].member_id], present=False)
    wait_idle(qtbot, window)
    assert len(boxes.warnings()) == 3 and "Đã ký biên bản".lower() in boxes.warnings()[2].lower()
    with window.store.read() as s:
        assert sessions.attendance_rows(s, 1) == before


def test_council_members_export_and_projector(
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emudesk.ui.paper_dialog import PaperDialog
    from emudesk.ui.views.council.council_dialogs import DateDialog, MemberDialog

    view = council_view(window)
    row = view.council_row()
    assert row is not None and len(row.members) == 13
    view.tabs.setCurrentIndex(1)
    assert view.members_model.rowCount() == 13 and "13" in view.members_info.text()

    member = MemberDialog(window.ctx, view, row.id, row.term_start)
    member.full_name.setText("Nguyễn Thị Hoa")
    member.office.setText("Giám đốc Sở Văn hóa, Thể thao và Du lịch")
    save(qtbot, window, member)
    assert view.members_model.rowCount() == 14

    def leave(self: DateDialog) -> int:
        self.day.set_date(date(2026, 3, 1))
        self.save()
        return int(self.result())

    monkeypatch.setattr(DateDialog, "exec", leave)
    view.members.select_ids([member.saved_id])  # type: ignore[list-item]
    assert view.end_member()
    wait_idle(qtbot, window)
    ended = view.members_model.row_values(view.members.selected_rows()[0])
    assert ended[1] == "Nguyễn Thị Hoa" and ended[-1] == "01/03/2026"
    view.end_member()  # a second end is refused by the service
    wait_idle(qtbot, window)
    assert boxes.warnings() and "thôi làm thành viên" in boxes.warnings()[-1]

    # The biên bản through the export dialog, and the projector on the same session.
    view.tabs.setCurrentIndex(0)
    view.sessions.select_ids([1])
    assert view.export_minutes()
    dialog = view.findChild(PaperDialog)  # the template Biên bản, not the list-style minutes
    assert dialog is not None
    assert dialog.kind.value == "minutes" and dialog.record_combo.currentData() == 1
    dialog.close()
    assert view.open_projector()
    assert view.projector is not None and "Trần Đức Định" in view.projector.current_text()  # type: ignore[attr-defined]
    view.projector.close()
    wait_idle(qtbot, window)
