"""The tờ trình a decision answers, typed into the approval dialog and the draft decision form, as
a clerk would; the decision document's Căn cứ then cites it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from emudesk.db.models import Decision, Nomination
from emudesk.domain.enums import NominationStatus as S
from emudesk.services.exports.paperwork import decision_paper
from emudesk.services.nominations.workflow import transition
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.decisions.decision_dialogs import DecisionDraftDialog
from emudesk.ui.views.nominations.nomination_dialog import DecisionDialog
from tests.ui.conftest import Boxes, wait_idle


def _type(widget: QWidget, text: str) -> None:
    """Click into the field and type key by key (keyClicks cannot send Vietnamese offscreen)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def test_approval_typed_with_its_submission_prints_it_in_the_decision(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = DecisionDialog(window.ctx, window, 1)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(dialog.number, "77/QĐ-UBND")
    _type(dialog.signed_on, "20/11/2026")
    _type(dialog.issuer, "Ủy ban nhân dân tỉnh Hưng Yên")
    _type(dialog.submission_number, "41/TTr-SNV")
    _type(dialog.submission_date, "3/11/2026")
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == 1
    decision = dialog.decision()
    assert (decision.submission_number, decision.submission_date) == ("41/TTr-SNV", date(2026, 11, 3))
    with window.store.write() as s:
        nid = s.query(Nomination.id).filter(Nomination.status == S.VOTED).order_by(Nomination.id).first()
        assert nid is not None
        result = transition(s, [nid[0]], S.APPROVED, decision=decision, override_reason="kiểm thử")
    assert result.decision_id is not None
    with window.store.read() as s:
        basis = decision_paper(s, result.decision_id).context["can_cu"][-1]
    assert basis.endswith("tại Tờ trình số 41/TTr-SNV ngày 03 tháng 11 năm 2026.")


def test_an_impossible_submission_date_is_refused_in_the_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = DecisionDialog(window.ctx, window, 1)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(dialog.number, "77/QĐ-UBND")
    _type(dialog.submission_date, "31/02/2026")
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == 0 and dialog.isVisible()


def test_the_draft_forms_submission_fields_are_saved_on_the_draft(
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    with window.store.write() as s:
        from emudesk.services.decisions import issuing

        draft = issuing.create_decision(s, issuing.DecisionDraft("5/QĐ-SNV", date(2026, 1, 20), "Sở Nội vụ"))
    dialog = DecisionDraftDialog(window.ctx, window, decision_id=draft)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(dialog.submission_number, "3/TTr-VP")
    _type(dialog.submission_date, "12/01/2026")
    _type(dialog.submission_by, "Chánh Văn phòng Sở Nội vụ")
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert boxes.warnings() == []
    with window.store.read() as s:
        row = s.get(Decision, draft)
        assert row is not None
        assert (row.submission_number, row.submission_date, row.submission_by) == (
            "3/TTr-VP",
            date(2026, 1, 12),
            "Chánh Văn phòng Sở Nội vụ",
        )
