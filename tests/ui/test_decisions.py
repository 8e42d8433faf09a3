"""Quyết định: drafted from a closed session, issued (sổ vàng, cash), corrected and revoked in the window;
the award history shows each step."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from emudesk.domain.rules import AgendaOutcome, DecisionKind
from emudesk.services.council import sessions, tallies
from emudesk.services.decisions import issuing as decisions
from emudesk.services.register.lists import AwardFilter, award_ids, award_rows
from emudesk.ui.main_window import MainWindow
from emudesk.ui.operations import decision_ops
from emudesk.ui.views.decisions.decision_dialogs import (
    CorrectionDialog,
    DecisionDraftDialog,
    RevocationDialog,
)
from emudesk.ui.views.register.awards_view import AwardsView
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_council import _campaign, council_view, new_candidate, save


def _signed_session(window: MainWindow) -> tuple[int, int]:
    """A session that approved one eligible file, run through the services (the council test does it in the
    window), signed: the decision comes next."""
    nid = new_candidate(window, _campaign(window))
    with window.store.write() as s:
        sid = sessions.open_session(
            s,
            1,
            sessions.SessionInput(
                title="Phiên họp bổ sung", held_on=date(2026, 2, 10), campaign_id=_campaign(window)
            ),
        )
        from emudesk.domain.enums import NominationStatus
        from emudesk.services.nominations.workflow import transition

        transition(s, [nid], NominationStatus.APPRAISED)
        (item,) = sessions.add_to_agenda(s, sid, [nid])
        tallies.record_tally(s, item, 13, 0, 0)
        tallies.decide(s, item, AgendaOutcome.APPROVED)
        sessions.sign_minutes(s, sid, "02/BB-HĐTĐKT", date(2026, 2, 11))
    return sid, nid


def _history(window: MainWindow, number: str) -> list[tuple[object, ...]]:
    with window.store.read() as s:
        ids = award_ids(s, AwardFilter(search=number))
        rows = award_rows(s, ids)
    return [rows[i] for i in ids if rows[i][4] == number]


def test_decision_from_a_session_issued_corrected_and_revoked(
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid, _nid = _signed_session(window)
    view = council_view(window)
    view.refresh()
    view.sessions.select_ids([sid])
    assert view.decision_button.defaultAction().isEnabled()

    def draft(self: DecisionDraftDialog) -> int:
        self.number.setText("201/QĐ-UBND")
        self.signed_on.set_date(date(2026, 2, 20))
        self.issuer.setText("Ủy ban nhân dân tỉnh Hưng Yên")
        self.summary.setText("Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2025 (bổ sung)")
        self.save()
        wait_idle(qtbot, window)
        return int(self.result())

    monkeypatch.setattr(DecisionDraftDialog, "exec", draft)
    assert view.draft_decision()
    wait_idle(qtbot, window)
    awards = window.current_view()
    assert isinstance(awards, AwardsView) and awards.tabs.currentIndex() == 1
    panel = awards.decision_panel
    assert panel.detail is not None and panel.detail.row.number == "201/QĐ-UBND"
    assert not panel.detail.row.issued and "Dự thảo" in panel.text()
    assert panel.recipients.model.rowCount() == 1 and panel.issue_button.defaultAction().isEnabled()
    assert not panel.correct_button.defaultAction().isEnabled()

    # Issue: the recipient gets its sổ vàng number and cash; the decision freezes.
    boxes.answer = QMessageBox.StandardButton.Yes
    panel.issue()
    wait_idle(qtbot, window)
    boxes.answer = None
    assert boxes.warnings() == []
    assert panel.detail.row.issued and not panel.edit_button.defaultAction().isEnabled()
    book, name, _kind, _award, cash, _status = panel.recipients.model.row_values(0)
    assert book == "1" and name == "Huỳnh Thùy Phượng" and cash.endswith(" đ") and cash != "—"
    assert "Tổng cộng" in panel.text() and "nghìn đồng)" in panel.text()  # the total in words too
    (row,) = _history(window, "201/QĐ-UBND")
    assert row[0] == "Huỳnh Thùy Phượng" and row[9] == "1"  # in the award history, with its sổ vàng number
    issued_id = panel.detail.row.id

    # An issued decision cannot be edited: the service refuses and nothing changes.
    data = decisions.DecisionDraft(number="999/QĐ-UBND", signed_on=date(2026, 2, 20))
    decision_ops.update_draft(window.ctx, awards, issued_id, data)
    wait_idle(qtbot, window)
    assert len(boxes.warnings()) == 1 and "đính chính" in boxes.warnings()[0]
    assert _history(window, "999/QĐ-UBND") == []

    # A correction: a decision of its own; history carries the corrected name.
    def correct(self: CorrectionDialog) -> int:
        self.number.setText("215/QĐ-UBND")
        self.signed_on.set_date(date(2026, 2, 25))
        assert "changes" in self.validate_now()  # nothing to correct yet
        self.value.setText("Huỳnh Thị Thùy Phượng")
        self.add_change()
        self.save()
        wait_idle(qtbot, window)
        return int(self.result())

    monkeypatch.setattr(CorrectionDialog, "exec", correct)
    panel.correct()
    wait_idle(qtbot, window)
    assert panel.detail.row.kind is DecisionKind.CORRECTION and "215/QĐ-UBND" in panel.text()
    assert "Huỳnh Thùy Phượng" in panel.text()  # what the original said
    (row,) = _history(window, "201/QĐ-UBND")
    assert row[0] == "Huỳnh Thị Thùy Phượng"

    # A revocation (Luật TĐKT Điều 93): the award stays in history with its new status.
    awards.decisions.select_ids([issued_id])
    assert panel.revoke_button.defaultAction().isEnabled()

    def revoke(self: RevocationDialog) -> int:
        self.number.setText("230/QĐ-UBND")
        self.signed_on.set_date(date(2026, 3, 2))
        self.reason.setPlainText("Thành tích kê khai không trung thực.")
        self.table.select_first()
        self.save()
        wait_idle(qtbot, window)
        return int(self.result())

    monkeypatch.setattr(RevocationDialog, "exec", revoke)
    panel.revoke()
    wait_idle(qtbot, window)
    assert panel.detail.row.kind is DecisionKind.REVOCATION
    (row,) = _history(window, "201/QĐ-UBND")
    assert row[8] == "Đã thu hồi"
    awards.decisions.select_ids([issued_id])
    assert "230/QĐ-UBND" in panel.recipients.model.row_values(0)[5]
    assert "Phải thu hồi" in panel.text() and "215/QĐ-UBND" in panel.text()
    assert not panel.revoke_button.defaultAction().isEnabled()
    kinds = [awards.decision_model.cells(r)[2] for r in range(awards.decision_model.rowCount())]
    assert "Đính chính 201/QĐ-UBND" in kinds and "Thu hồi 201/QĐ-UBND" in kinds
    assert boxes.warnings()[1:] == []


def test_decision_from_approved_nominations_and_its_export(qtbot, window: MainWindow, boxes: Boxes) -> None:
    from emudesk.ui.export_dialog import ExportDialog

    _sid, nid = _signed_session(window)
    awards = window.show_view("awards")
    assert isinstance(awards, AwardsView)
    awards.tabs.setCurrentIndex(1)
    wait_idle(qtbot, window)
    dialog = DecisionDraftDialog(window.ctx, awards.decision_panel)
    assert dialog.table is not None and dialog.table.selected_ids() == [nid]
    dialog.number.setText("202/QĐ-UBND")
    dialog.signed_on.set_date(date(2026, 2, 21))
    save(qtbot, window, dialog)
    assert boxes.warnings() == [] and dialog.saved_id is not None
    awards._select_decision(dialog.saved_id)
    wait_idle(qtbot, window)
    panel = awards.decision_panel
    assert panel.detail is not None and panel.detail.row.id == dialog.saved_id
    assert panel.recipients.model.rowCount() == 1 and "Dự thảo" in panel.text()
    panel.export()
    export = panel.findChild(ExportDialog)
    assert export is not None and export.kind.value == "decision"
    assert export.decision_combo.currentData() == dialog.saved_id
    export.close()
    wait_idle(qtbot, window)
