"""The decision dialog, opened and filled by hand: its issuer and signer come from the authority of
the award form (a CSTĐ cấp tỉnh is the Chủ tịch UBND tỉnh's), not from the office signer in Settings."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from emudesk.db.models import Decision
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.decisions.decision_dialogs import DecisionDraftDialog
from emudesk.ui.views.register.awards_view import AwardsView
from tests.services.decisions.test_signing import _approved
from tests.ui.conftest import wait_idle


def _type(widget: QWidget, text: str) -> None:
    """Key presses carrying each character, as a Vietnamese keyboard delivers them (QTest.keyClicks
    only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def _click_tab(tabs: QTabWidget, index: int) -> None:
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_the_draft_dialog_offers_the_committees_signer(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sid, nid = _approved(window.store)
    awards = window.show_view("awards")
    assert isinstance(awards, AwardsView)
    wait_idle(qtbot, window)
    _click_tab(awards.tabs, 1)
    wait_idle(qtbot, window)
    panel = awards.decision_panel
    seen: dict[str, object] = {}

    def by_hand(self: DecisionDraftDialog) -> int:
        self.show()
        qtbot.waitExposed(self)
        assert self.table is not None and self.table.selected_ids() == [nid]
        seen["prefilled"] = (
            self.issuer.text(),
            self.signer_authority.text(),
            self.signer_title.text(),
            self.signer_name.text(),
        )
        seen["choices"] = [self.signed_as.itemText(i) for i in range(self.signed_as.count())]
        # A vice-chairman signs for the chairman: the second choice, by keyboard.
        self.signed_as.setFocus()
        QTest.keyClick(self.signed_as, Qt.Key.Key_Down)
        seen["deputy"] = (self.signer_authority.text(), self.signer_title.text(), self.signer_name.text())
        QTest.mouseClick(self.signer_name, Qt.MouseButton.LeftButton)
        QTest.keyClick(self.signer_name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        _type(self.signer_name, "Nguyễn Lê Huy")
        QTest.mouseClick(self.number, Qt.MouseButton.LeftButton)
        _type(self.number, "301/QĐ-UBND")
        qtbot.waitUntil(self.save_button.isEnabled)  # validated a moment after typing
        QTest.mouseClick(self.save_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        seen["saved"] = self.saved_id
        return int(self.result())

    monkeypatch.setattr(DecisionDraftDialog, "exec", by_hand)
    QTest.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)

    assert seen["prefilled"] == (
        "Ủy ban nhân dân tỉnh Hưng Yên",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trần Quốc Văn",
    )
    assert seen["choices"] == [
        "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH – Trần Quốc Văn",
        "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    ]
    assert seen["deputy"] == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "")
    did = seen["saved"]
    assert isinstance(did, int)
    with window.store.read() as s:
        row = s.get(Decision, did)
        assert row is not None
        assert (row.number, row.signed_on, row.issuer, row.signer_title, row.signer_name) == (
            "301/QĐ-UBND",
            date.today(),
            "Ủy ban nhân dân tỉnh Hưng Yên",
            "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
            "Nguyễn Lê Huy",
        )
    # Opened again to edit, the dialog shows the stored block in its two lines.
    assert panel.detail is not None and panel.detail.row.id == did

    def reopened(self: DecisionDraftDialog) -> int:
        seen["edit"] = (self.issuer.text(), self.signer_authority.text(), self.signer_title.text())
        return 0

    monkeypatch.setattr(DecisionDraftDialog, "exec", reopened)
    QTest.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert seen["edit"] == ("Ủy ban nhân dân tỉnh Hưng Yên", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
