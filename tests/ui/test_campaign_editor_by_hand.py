"""The campaign editor by hand: a plan picked with the mouse, its short name typed, saved by the button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
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


def _when_item_dialog(fill):  # type: ignore[no-untyped-def]
    """Run ``fill(dialog)`` once the editor's item dialog is up (it runs modal)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from emudesk.ui.views.campaigns.campaign_items import ItemDialog

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ItemDialog):
            QTimer.singleShot(20, poll)
            return
        try:
            fill(dialog)
        except Exception:
            dialog.reject()  # a missing field fails the test instead of leaving the dialog up
            raise

    QTimer.singleShot(0, poll)


def _type(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)  # Latin-1 only: digits, "/", ","


def test_a_month_issue_date_and_a_target_range_typed_by_hand_are_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from emudesk.domain.plan_values import DatePrecision
    from emudesk.services.campaigns import plans as campaigns

    view = window.show_view("campaigns")
    table, editor = view.table, view.editor  # type: ignore[attr-defined]
    index = table.model().index(table.model().row_of(2), 1)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: editor.campaign_id == 2)
    wait_idle(qtbot, window)

    _type(editor.f_issued, "07/2022")  # the plan dated "tháng 7 năm 2022"
    qtbot.waitUntil(lambda: editor.is_dirty())

    tab_bar = editor.tabs.tabBar()
    QTest.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(2).center())  # Targets
    qtbot.waitUntil(lambda: editor.tabs.currentIndex() == 2)
    targets = editor.targets
    add = next(b for b in targets.findChildren(QPushButton) if b.text() == "Thêm…")
    typed: list[str] = []

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        w = dialog.widgets
        QTest.mouseClick(w["description"], Qt.MouseButton.LeftButton)
        QTest.keyClicks(w["description"], "Tang truong GRDP")
        _type(w["value"], "3")
        _type(w["value_max"], "3,5")
        _type(w["unit"], "%")
        typed.append("done")
        QTest.keyClick(w["unit"], Qt.Key.Key_Return)  # the dialog's default button: OK

    _when_item_dialog(fill)
    before = len(targets.items)
    QTest.mouseClick(add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(targets.items) == before + 1)
    assert typed == ["done"]
    shown = targets.model.index(before, 1).data()
    assert shown == "3–3,5 %"

    qtbot.waitUntil(editor.save_button.isEnabled)
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not editor.is_dirty())

    with window.store.read() as s:
        saved = campaigns.get_definition(s, 2)
    assert saved.issued is not None and saved.issued.short() == "07/2022"
    assert saved.issue_date_precision is DatePrecision.MONTH
    added = saved.targets[-1]
    assert (added.description, str(added.value), str(added.value_max), added.unit) == (
        "Tang truong GRDP",
        "3",
        "3.5",
        "%",
    )
    assert editor.f_issued.text() == "07/2022"  # shown back as typed
