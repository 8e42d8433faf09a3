"""Đề nghị khen thưởng: quotas refuse with the service's message, nothing changes; approval feeds history."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.enums import SubjectKind
from emudesk.services.core.common import SubjectRef
from emudesk.services.nominations.lists import NominationFilter, nomination_ids, nomination_statuses
from emudesk.services.nominations.workflow import NominationInput, create_nomination
from emudesk.services.register import choices
from emudesk.services.register.lists import IndividualFilter, individual_ids
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.campaigns.campaigns_view import CampaignsView
from emudesk.ui.views.nominations.nomination_dialog import DecisionDialog, NominationDialog
from emudesk.ui.views.nominations.nominations_view import NominationsView
from emudesk.ui.views.register.awards_view import AwardsView
from tests.factories import keep_round_open
from tests.ui.conftest import Boxes, wait_idle

METER = "Bằng khen CT UBND tỉnh – cá nhân"


def _campaign_2026(window: MainWindow) -> int:
    with window.store.write("test") as s:
        cid = next(c.id for c in choices.campaigns(s) if c.label == "Thi đua thường xuyên năm 2026")
        keep_round_open(s, cid)
    return cid


def _view(window: MainWindow, campaign_id: int) -> NominationsView:
    view = window.show_view("nominations")
    assert isinstance(view, NominationsView)
    view.open_item(campaign_id)
    assert view.campaign_id() == campaign_id
    window.tasks.wait_idle()
    return view


def _meter(view: NominationsView) -> str:
    return next(t for t in view.meter_texts() if t.startswith(METER))


def _staff_of_a_department(window: MainWindow, n: int) -> tuple[int, list[int]]:
    with window.store.read() as s:
        dept = next(u for u in choices.units(s) if u.name == "Sở Y tế tỉnh Hưng Yên")
        people = individual_ids(s, IndividualFilter(unit_id=dept.id))
    return dept.id, people[:n]


def _form_id(window: MainWindow, code: str) -> int:
    with window.store.read() as s:
        return next(f.id for f in choices.award_forms(s) if f.code == code)


def _select(view: NominationsView, ids: list[int]) -> None:
    view.statuses.setCurrentRow(0)  # "All"
    view.refresh_list()
    view.ctx.tasks.wait_idle()
    view.table.select_ids(ids, ids[0])


def test_nominate_until_the_quota_is_full_then_the_next_is_refused(
    qtbot, window: MainWindow, boxes: Boxes
) -> None:
    cid = _campaign_2026(window)
    dept, people = _staff_of_a_department(window, 4)
    view = _view(window, cid)
    assert _meter(view) == f"{METER}: 0/3, còn 3"

    # The first nomination through the form, as a clerk enters it.
    dialog = NominationDialog(window.ctx, view, cid)
    qtbot.addWidget(dialog)
    with window.store.read() as s:
        label = choices.subject_name(s, SubjectRef(SubjectKind.INDIVIDUAL, people[0]))
    dialog.subject.set_subject(people[0], label)
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData(_form_id(window, "BK_TINH")))
    dialog.proposer.set_unit_id(dept)
    dialog.summary.setPlainText("Hoàn thành xuất sắc nhiệm vụ năm 2026.")
    assert dialog.validate_now() == {}
    dialog.save()
    wait_idle(qtbot, window)
    assert dialog.saved_id is not None
    first = dialog.saved_id
    # Three more drafts from the same department.
    others = []
    with window.store.write() as s:
        for pid in people[1:]:
            others.append(
                create_nomination(
                    s,
                    NominationInput(
                        SubjectRef(SubjectKind.INDIVIDUAL, pid),
                        cid,
                        _form_id(window, "BK_TINH"),
                        proposing_unit_id=dept,
                        year=2026,
                    ),
                )
            )
    view.refresh()
    wait_idle(qtbot, window)

    for nid in [first, *others[:2]]:
        _select(view, [nid])
        assert view.move_buttons[S.SUBMITTED].defaultAction().isEnabled()
        view.move_selected(S.SUBMITTED)
        wait_idle(qtbot, window)
    assert _meter(view) == f"{METER}: 3/3, đã đủ"
    assert boxes.warnings() == []

    # The fourth is refused: the service's message in a dialog, and nothing changes.
    _select(view, [others[2]])
    view.move_selected(S.SUBMITTED)
    wait_idle(qtbot, window)
    refusal = boxes.warnings()[-1]
    assert refusal.startswith("Vượt chỉ tiêu: “Bằng khen CT UBND tỉnh – cá nhân”")
    assert f"#{first}" in refusal  # who holds the places
    assert refusal.count("Các đề nghị đang giữ suất:") == 1
    with window.store.read() as s:
        assert nomination_statuses(s, [others[2]])[others[2]] is S.DRAFT
    assert _meter(view) == f"{METER}: 3/3, đã đủ"


def test_approve_a_nomination_and_see_it_in_the_award_history(
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _campaign_2026(window)
    view = _view(window, cid)
    with window.store.read() as s:
        waiting = nomination_ids(s, NominationFilter(campaign_id=cid, status=S.SUBMITTED))
    nid = waiting[0]
    name = str(view.model.cells(view.model.row_of(nid))[1])
    _select(view, [nid])
    view.move_selected(S.APPRAISED)
    wait_idle(qtbot, window)

    def decide(self: DecisionDialog) -> int:
        self.number.setText("77/QĐ-UBND")
        self.signed_on.set_date(date(2026, 11, 20))
        self.issuer.setText("Ủy ban nhân dân tỉnh Hưng Yên")
        self._accept()
        return int(self.result())

    monkeypatch.setattr(DecisionDialog, "exec", decide)
    _select(view, [nid])
    assert view.move_buttons[S.APPROVED].defaultAction().isEnabled()
    view.move_selected(S.APPROVED)
    wait_idle(qtbot, window)
    assert boxes.warnings() == []
    assert str(view.model.cells(view.model.row_of(nid))[6]) == S.APPROVED.label

    awards = window.show_view("awards")
    assert isinstance(awards, AwardsView)
    awards.search.setText("77/QĐ-UBND")
    awards.refresh()
    wait_idle(qtbot, window)
    rows = [awards.model.cells(r) for r in range(awards.model.rowCount())]
    assert [(r[0], r[4], r[5]) for r in rows] == [(name, "77/QĐ-UBND", "20/11/2026")]


def test_approval_without_a_decision_number_is_not_sent(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _campaign_2026(window)
    view = _view(window, cid)

    def cancel(self: DecisionDialog) -> int:
        self._accept()  # nothing typed: the form refuses and stays open
        assert "ngày quyết định" in self.rows.error_text("decision_number")
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(DecisionDialog, "exec", cancel)
    view.table.select_first()
    assert view.move_selected(S.APPROVED) is False


def test_editing_a_campaign_quota_changes_the_meter(qtbot, window: MainWindow, boxes: Boxes) -> None:
    cid = _campaign_2026(window)
    nominations = _view(window, cid)
    before = _meter(nominations)
    assert before.endswith("/3, còn 3")
    campaigns = window.show_view("campaigns")
    assert isinstance(campaigns, CampaignsView)
    campaigns.open_item(cid)
    editor = campaigns.editor
    assert editor.campaign_id == cid
    quota = next(q for q in editor.quotas.items if q.label == METER)
    quota.limit = 5
    editor.quotas.set_items(editor.quotas.items)
    editor._changed()
    assert editor.is_dirty()
    assert editor.save()
    wait_idle(qtbot, window)
    assert not editor.is_dirty()
    window.show_view("nominations")
    qtbot.waitUntil(lambda: _meter(nominations) == f"{METER}: 0/5, còn 5")


def test_switching_campaign_with_unsaved_changes_asks(qtbot, window: MainWindow, boxes: Boxes) -> None:
    from PySide6.QtWidgets import QMessageBox

    campaigns = window.show_view("campaigns")
    assert isinstance(campaigns, CampaignsView)
    first = campaigns.table.current_id()
    campaigns.editor.f_note.setPlainText("Ghi chú mới")
    other = next(i for i in campaigns.model.ids if i != first)
    boxes.answer = QMessageBox.StandardButton.Cancel
    campaigns.table.select_ids([other], other)
    assert boxes.shown[-1][1] == "Thay đổi chưa lưu"
    assert campaigns.editor.campaign_id == first and campaigns.editor.is_dirty()
    boxes.answer = QMessageBox.StandardButton.Discard
    campaigns.table.select_ids([other], other)
    assert campaigns.editor.campaign_id == other and not campaigns.editor.is_dirty()
