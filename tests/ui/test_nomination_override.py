"""The nominations view: a move refused as ineligible asks for the override reason (issue 12, item 4).

Real input: the row is clicked on the viewport, the move buttons are clicked, the reason is typed and
the dialog's own OK button is clicked.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.rules import Outcome
from emudesk.services.eligibility.judge import evaluate_nomination
from emudesk.services.nominations.lists import NominationFilter, nomination_ids, nomination_statuses
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.nominations.nomination_dialog import NoteDialog, OverrideDialog
from emudesk.ui.views.nominations.nominations_view import NominationsView
from tests.factories import keep_round_open
from tests.ui.conftest import Boxes, wait_idle

REASON = "Hội đồng xác nhận thành tích sau thời hạn kỷ luật"


def _submitted_not_eligible(window: MainWindow) -> tuple[int, int]:
    """The demo's file received with a warning: it waits at the first desk of the open 2026 round."""
    with window.store.read() as s:
        for nid in nomination_ids(s, NominationFilter(status=S.SUBMITTED)):
            if evaluate_nomination(s, nid).outcome is Outcome.NOT_ELIGIBLE:
                n = s.get(Nomination, nid)
                assert n is not None
                return nid, n.campaign_id
    raise AssertionError("the demo has no submitted file that is not eligible")


def _type(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key (keyClicks takes ASCII only: Vietnamese goes in as key events)."""
    widget.setFocus()
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def _click_row(qtbot, view: NominationsView, nid: int) -> None:  # type: ignore[no-untyped-def]
    table = view.table
    index = view.model.index(view.model.row_of(nid), 1)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: table.selected_ids() == [nid], timeout=5_000)


def test_a_refused_move_asks_for_the_override_and_moves_with_it(
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    nid, cid = _submitted_not_eligible(window)
    with window.store.write("test") as s:
        keep_round_open(s, cid)  # the file goes back in below, on whatever day the test runs
    view = window.show_view("nominations")
    assert isinstance(view, NominationsView)
    view.open_item(cid)
    view.statuses.setCurrentRow(0)  # "All"
    wait_idle(qtbot, window)

    # Returned for completion with a typed reason, then back in: the submission goes through, with
    # the reasons in an information box.
    def give_note(self: NoteDialog) -> int:
        _type(self.note, "Bổ sung bản nhận xét của đơn vị.")
        QTest.mouseClick(self.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        return int(self.result())

    monkeypatch.setattr(NoteDialog, "exec", give_note)
    _click_row(qtbot, view, nid)
    view.move_buttons[S.RETURNED].click()
    wait_idle(qtbot, window)
    with window.store.read() as s:
        assert nomination_statuses(s, [nid])[nid] is S.RETURNED
    _click_row(qtbot, view, nid)
    view.move_buttons[S.SUBMITTED].click()
    wait_idle(qtbot, window)
    assert boxes.warnings() == []
    assert any(f"Đề nghị #{nid} (" in t and "không đủ điều kiện" in t for t in boxes.texts)

    asked: list[str] = []

    def cancel(self: OverrideDialog) -> int:
        asked.append(self.windowTitle())
        return 0

    monkeypatch.setattr(OverrideDialog, "exec", cancel)
    _click_row(qtbot, view, nid)
    view.move_buttons[S.APPRAISED].click()
    wait_idle(qtbot, window)
    assert asked == ["Vượt qua kết quả xét điều kiện"]  # asked, and cancelled: nothing moves
    with window.store.read() as s:
        n = s.get(Nomination, nid)
        assert n is not None and (n.status, n.override_reason) == (S.SUBMITTED, None)

    def give_reason(self: OverrideDialog) -> int:
        intro = " ".join(label.text() for label in self.findChildren(QLabel))
        assert f"Đề nghị #{nid} (" in intro and "Nếu vẫn chuyển sang “Đã thẩm định”" in intro
        _type(self.note, REASON)
        QTest.mouseClick(self.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        return int(self.result())

    monkeypatch.setattr(OverrideDialog, "exec", give_reason)
    _click_row(qtbot, view, nid)
    view.move_buttons[S.APPRAISED].click()
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)
    assert boxes.warnings() == []
    with window.store.read() as s:
        n = s.get(Nomination, nid)
        assert n is not None
        assert (n.status, n.override_reason, n.override_step) == (S.APPRAISED, REASON, S.APPRAISED)
    # The file's detail says who overrode the check and why.
    _click_row(qtbot, view, nid)
    wait_idle(qtbot, window)
    shown = " ".join(label.text() for label in view.detail.info.findChildren(QLabel))
    assert "Vượt qua kết quả xét điều kiện khi chuyển sang “Đã thẩm định”" in shown and REASON in shown
