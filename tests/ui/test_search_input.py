"""The Nhật ký search box, typed into by hand: Vietnamese with its diacritics finds what it names, and
``%`` is a percent sign, not "everything"."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from emudesk.db.models import AuditEntry
from emudesk.domain.text import fold
from emudesk.services.core.store import Store
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.workspace.audit_view import AuditView
from tests.ui.conftest import wait_idle


def _type(qtbot, win: MainWindow, view: AuditView, text: str) -> None:  # type: ignore[no-untyped-def]
    box = view.search
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(box, Qt.Key.Key_Delete)
    for ch in text:  # keyClicks takes ASCII only: Vietnamese goes in as key events
        QTest.sendKeyEvent(QTest.KeyAction.Click, box, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
    assert box.text() == text
    # The view waits for a pause in the typing (a single-shot timer) before it searches.
    qtbot.waitUntil(lambda: not any(t.isActive() and t.isSingleShot() for t in view.findChildren(QTimer)))
    wait_idle(qtbot, win)
    QApplication.processEvents()


def test_the_audit_search_box_ignores_diacritics_and_takes_percent_literally(
    qtbot, window: MainWindow, sqlite_demo_store: Store
) -> None:  # type: ignore[no-untyped-def]
    with sqlite_demo_store.read() as s:
        summaries = list(s.scalars(select(AuditEntry.summary)))
    expected = sum("uy ban" in fold(x) for x in summaries)
    assert 0 < expected < len(summaries)
    view = window.show_view("audit")
    assert isinstance(view, AuditView)
    wait_idle(qtbot, window)
    assert view.table.model().rowCount() == len(summaries)
    _type(qtbot, window, view, "Ủy ban")
    assert view.table.model().rowCount() == expected
    _type(qtbot, window, view, "%")
    assert view.table.model().rowCount() == sum("%" in x for x in summaries)
