"""The campaign editor by hand: a plan picked with the mouse, its short name typed, saved by the button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from emudesk.db.models import Campaign, achievement_criteria
from emudesk.ui.main_window import MainWindow
from tests.snapshot import changed_rows, snapshot
from tests.ui.conftest import wait_idle


def test_saving_a_short_name_edit_keeps_every_other_row(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: saving only a new short name took demo campaign 2's 9 criterion links to 0."""
    with window.store.read() as s:
        before = snapshot(s)
    view = window.show_view("campaigns")
    table, editor = view.table, view.editor  # type: ignore[attr-defined]
    row = table.model().row_of(2)
    index = table.model().index(row, 1)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: editor.campaign_id == 2)
    wait_idle(qtbot, window)

    QTest.mouseClick(editor.f_short, Qt.MouseButton.LeftButton)
    QTest.keyClick(editor.f_short, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor.f_short, "NTM 2021-2025")  # keyClicks types Latin-1 only
    qtbot.waitUntil(editor.save_button.isEnabled)
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not editor.is_dirty())

    with window.store.read() as s:
        assert s.scalar(select(Campaign.short_title).where(Campaign.id == 2)) == "NTM 2021-2025"
        assert s.scalar(select(func.count()).select_from(achievement_criteria)) == 9
        assert changed_rows(before, snapshot(s)) == {("campaigns", (2,))}
