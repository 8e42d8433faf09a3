"""Phong trào ▸ Tạo từ văn bản kế hoạch… by hand (issue 17, item 3): a seed plan read into the review
screen; a clicked value selects the words it came from; values corrected by keyboard are kept as
typed when the clerk creates the campaign; Cancel writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QWidget
from sqlalchemy import func, select

from emudesk.db.models import Campaign
from emudesk.services.campaigns import plans as campaigns
from emudesk.ui.main_window import MainWindow
from emudesk.ui.plan_review import PlanReviewDialog
from tests.services.campaigns.ocr_noise import ocr_damage
from tests.snapshot import snapshot
from tests.ui.conftest import Boxes, wait_idle

PLAN = Path(__file__).resolve().parents[1] / "data" / "plans" / "KH-SNNPTNT-thai-binh-2023.txt"


def _click_menu_item(qtbot, window: MainWindow, menu_title: str, item_text: str) -> None:  # type: ignore[no-untyped-def]
    bar = window.menuBar()
    top = next(a for a in bar.actions() if a.text() == menu_title)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    menu = top.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    item = next(a for a in menu.actions() if a.text() == item_text)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())


def _open_review(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, plan: Path = PLAN
) -> PlanReviewDialog:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(plan), ""))
    _click_menu_item(qtbot, window, "&Phong trào", "Tạo từ văn bản &kế hoạch…")
    qtbot.waitUntil(lambda: window.findChild(PlanReviewDialog) is not None, timeout=10_000)
    dialog = window.findChild(PlanReviewDialog)
    assert isinstance(dialog, PlanReviewDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    return dialog


def _row(dialog: PlanReviewDialog, path: str) -> int:
    return next(i for i, it in enumerate(dialog.items) if it.path == path)


def _click_value(qtbot, dialog: PlanReviewDialog, path: str) -> None:  # type: ignore[no-untyped-def]
    table = dialog.table
    index = table.model().index(_row(dialog, path), dialog.COL_VALUE)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: table.currentRow() == index.row())


def _type(widget: QWidget, text: str) -> None:
    """Key by key (keyClicks crashes on Vietnamese offscreen)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def _edit_value(qtbot, dialog: PlanReviewDialog, path: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click the value, F2 to edit, select all, type, Return."""
    _click_value(qtbot, dialog, path)
    table = dialog.table
    QTest.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def _campaign_count(window: MainWindow) -> int:
    with window.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Campaign)) or 0)


def test_a_clicked_value_shows_its_words_and_the_corrected_values_make_the_campaign(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _campaign_count(window)
    dialog = _open_review(qtbot, window, monkeypatch)
    assert _campaign_count(window) == before, "reading a plan writes nothing"

    # The quota of one individual: its words are selected and highlighted in the plan's text.
    _click_value(qtbot, dialog, "quotas[2]")
    assert "không quá 01 cá nhân" in dialog.highlighted_text()
    marks = dialog.text.extraSelections()
    assert len(marks) == 1 and "không quá 01 cá nhân" in marks[0].cursor.selectedText()
    # The Sở's quota is inferred (no number in the plan): marked for the clerk.
    assert dialog.table.item(_row(dialog, "quotas[0]"), dialog.COL_SURE).text() == "?"
    assert dialog.table.item(_row(dialog, "quotas[2]"), dialog.COL_SURE).text() == ""

    # The keyboard moves the selection too: Up from the last quota shows the one before it.
    QTest.keyClick(dialog.table, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: dialog.table.currentRow() == _row(dialog, "quotas[1]"))
    assert "Bằng khen của Chủ tịch" in dialog.highlighted_text()
    assert "không quá 01 cá nhân" not in dialog.highlighted_text()

    # A value that is not a count is refused before anything is saved.
    _edit_value(qtbot, dialog, "quotas[2]", "ba")
    assert not dialog.create_button.isEnabled()
    _edit_value(qtbot, dialog, "quotas[2]", "3")
    assert dialog.create_button.isEnabled()
    _edit_value(qtbot, dialog, "short_title", "Phong trào Sở Nông nghiệp 2023")
    assert _campaign_count(window) == before

    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        QTest.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    cid = created.args[0]
    assert _campaign_count(window) == before + 1
    with window.store.read() as s:
        saved = campaigns.get_definition(s, cid)
    assert saved.quotas[2].limit == 3
    assert saved.short_title == "Phong trào Sở Nông nghiệp 2023"  # as typed
    assert saved.quotas[1].limit == 1 and saved.place == "Thái Bình"
    # The window shows the new campaign in the list, opened in the editor.
    view = window.current_view()
    qtbot.waitUntil(lambda: getattr(view, "editor", None) is not None and view.editor.campaign_id == cid)
    assert view.model.row_of(cid) >= 0  # type: ignore[union-attr]


def test_cancel_writes_nothing(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    with window.store.read() as s:
        before = snapshot(s)
    dialog = _open_review(qtbot, window, monkeypatch)
    _edit_value(qtbot, dialog, "quotas[2]", "7")
    # Return on a value edits it; it must not press "Tạo phong trào".
    _click_value(qtbot, dialog, "quotas[1]")
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and dialog.table.state() == dialog.table.State.EditingState
    editor = QApplication.focusWidget()
    assert editor is not None
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor, Qt.Key.Key_5)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.edits.get("quotas[1]") == "5")
    assert dialog.isVisible()
    QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, window)
    with window.store.read() as s:
        assert snapshot(s) == before


def test_escape_closes_the_review_and_writes_nothing(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    with window.store.read() as s:
        before = snapshot(s)
    dialog = _open_review(qtbot, window, monkeypatch)
    _edit_value(qtbot, dialog, "place", "Hưng Yên")
    QTest.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_idle(qtbot, window)
    with window.store.read() as s:
        assert snapshot(s) == before


def test_an_ocr_repair_is_listed_and_shows_the_repaired_words(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    scan = tmp_path / "scan.txt"
    scan.write_text(
        ocr_damage(PLAN.read_text(encoding="utf-8")).replace("Thái Bình, ngày", "Thải Bình, ngày"),
        encoding="utf-8",
    )
    dialog = _open_review(qtbot, window, monkeypatch, scan)
    repairs = dialog.repairs
    assert repairs.isVisibleTo(dialog) and repairs.count() == len(dialog.draft.repairs) > 10
    row = next(i for i in range(repairs.count()) if "“Thải” được sửa thành “Thái”" in repairs.item(i).text())
    QTest.mouseClick(
        repairs.viewport(), Qt.MouseButton.LeftButton, pos=repairs.visualItemRect(repairs.item(row)).center()
    )
    qtbot.waitUntil(lambda: dialog.highlighted_text() == "Thái")
    # The last repair too: the positions of the repaired text account for every earlier repair.
    last = repairs.item(repairs.count() - 1)
    repairs.scrollToItem(last)
    QTest.mouseClick(repairs.viewport(), Qt.MouseButton.LeftButton, pos=repairs.visualItemRect(last).center())
    qtbot.waitUntil(lambda: dialog.highlighted_text() == dialog.draft.repairs[-1].meant)


def test_an_unreadable_plan_is_refused_with_its_reason_and_nothing_opens(
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "kế hoạch.docx"
    broken.write_bytes(b"PK\x03\x04 not really a Word document")
    with window.store.read() as s:
        before = snapshot(s)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    _click_menu_item(qtbot, window, "&Phong trào", "Tạo từ văn bản &kế hoạch…")
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=10_000)
    wait_idle(qtbot, window)
    assert any("không phải tài liệu Word đọc được" in t for t in boxes.warnings()), boxes.texts
    assert window.findChild(PlanReviewDialog) is None
    with window.store.read() as s:
        assert snapshot(s) == before


def test_a_plan_with_partial_dates_undated_steps_and_a_ministrys_form_is_created_without_loss(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.services.campaigns.test_draft_holds_plan import BK_NN
    from tests.services.campaigns.test_draft_holds_plan import PLAN as HELD

    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(HELD, encoding="utf-8")
    dialog = _open_review(qtbot, window, monkeypatch, plan)
    assert not dialog.notes.isVisible(), "nothing is left without a field"
    issued = dialog.table.item(_row(dialog, "issue_date"), dialog.COL_VALUE)
    assert issued.text() == "01/2024"
    # The clerk dates the launch by the quarter, as plans do, and leaves the final review undated.
    launch = next(
        it.path for it in dialog.items if it.path.startswith("milestones") and "Phát động" in it.label
    )
    _edit_value(qtbot, dialog, launch, "Quý I/2024")
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        QTest.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    with window.store.read() as s:
        saved = campaigns.get_definition(s, created.args[0])
    assert saved.issued is not None and saved.issued.short() == "01/2024"
    dues = {m.kind.value: m.due for m in saved.milestones}
    assert dues["launch"] is not None and dues["launch"].short() == "Quý I/2024"
    assert dues["final_review"] is None
    assert [(f.name, f.kind_of) for f in saved.award_forms] == [(BK_NN, "BK_BO")]
    assert any(t.value_max is not None for t in saved.targets) and any(t.multiplier for t in saved.targets)


def test_reading_a_scan_is_cancelled_by_a_click_and_nothing_opens_or_is_written(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """OCR reads a page in seconds: the progress dialog's Cancel stops before the next page."""
    import threading

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from emudesk.importer import plan_file
    from tests.services.campaigns.test_plan_scan import scan

    pdf = scan(["Kế hoạch"], tmp_path / "scan.pdf", pages=3)
    reading, release = threading.Event(), threading.Event()
    pages: list[int] = []

    def slow_page(_page: object) -> str:
        pages.append(1)
        reading.set()
        release.wait(30)  # the page takes as long as the test needs to press Cancel
        return "KẾ HOẠCH"

    monkeypatch.setattr(plan_file, "ocr_available", lambda: True)
    monkeypatch.setattr(plan_file, "_ocr_page", slow_page)
    with window.store.read() as s:
        before = snapshot(s)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pdf), ""))
    _click_menu_item(qtbot, window, "&Phong trào", "Tạo từ văn bản &kế hoạch…")
    try:
        qtbot.waitUntil(reading.is_set, timeout=10_000)
        qtbot.waitUntil(
            lambda: any(d.isVisible() for d in window.findChildren(QProgressDialog)), timeout=10_000
        )
        progress = next(d for d in window.findChildren(QProgressDialog) if d.isVisible())
        qtbot.waitUntil(lambda: "trang 1/3" in progress.labelText())
        button = next(b for b in progress.findChildren(QPushButton) if b.text() == "Hủy")
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    finally:
        release.set()
    wait_idle(qtbot, window)
    assert pages == [1], "no page is read after Cancel"
    assert window.findChild(PlanReviewDialog) is None
    assert "Đã hủy đọc kế hoạch" in window.statusBar().currentMessage()
    with window.store.read() as s:
        assert snapshot(s) == before


def _choose(qtbot, dialog: PlanReviewDialog, path: str, code: str) -> str:  # type: ignore[no-untyped-def]
    """Click the value, F2 opens its list, arrow keys to ``code``'s entry, Return; its text."""
    from PySide6.QtWidgets import QComboBox

    _click_value(qtbot, dialog, path)
    table = dialog.table
    QTest.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox), "a choice is picked from a list, not typed"
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert code in codes
    key = Qt.Key.Key_Down if codes.index(code) > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentData() != code:
        QTest.keyClick(combo, key)
    text = combo.currentText()
    QTest.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    return text


def test_the_kind_and_the_award_forms_are_chosen_by_keyboard_and_saved_as_chosen(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.services.campaigns.test_draft_holds_plan import PLAN as HELD

    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(HELD, encoding="utf-8")
    dialog = _open_review(qtbot, window, monkeypatch, plan)
    # The kind, the named form's legal kind and the forms offered are picked from lists.
    assert _choose(qtbot, dialog, "kind", "regular") == "Thường xuyên"
    kind_name = _choose(qtbot, dialog, "award_forms[0].kind_of", "BK_TINH")
    assert kind_name.startswith("Bằng khen")  # the catalogue's name, not its code
    _edit_value(qtbot, dialog, "award_forms[0].name", "Bằng khen của Bộ trưởng Bộ NN&PTNT")
    offered = _choose(qtbot, dialog, "offered_forms[1]", "CO_TINH")
    assert offered.startswith("Cờ thi đua")
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        QTest.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    with window.store.read() as s:
        saved = campaigns.get_definition(s, created.args[0])
    assert saved.kind.value == "regular"
    assert [(f.name, f.kind_of) for f in saved.award_forms] == [
        ("Bằng khen của Bộ trưởng Bộ NN&PTNT", "BK_TINH")
    ]
    offers = [(o.award_form, o.note) for o in saved.offered_forms]
    assert offers[1] == ("CO_TINH", offered)
    assert offers[0][1] == "Bằng khen của Bộ trưởng Bộ NN&PTNT"  # the offer says the form as typed
