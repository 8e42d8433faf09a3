"""Reminders in the window: the banner when a file opens, the overview's list, File ▸ Export calendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMenu
from sqlalchemy import select

from emudesk.db.models import Milestone
from emudesk.domain.enums import MilestoneKind
from emudesk.services.core.store import Store
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from tests.ui.conftest import Boxes, wait_idle

NEAR = "Các đơn vị gửi hồ sơ đề nghị khen thưởng về Sở Nội vụ"


@pytest.fixture
def near_window(
    qtbot, sqlite_demo_store: Store, ui_settings: AppSettings, boxes: Boxes
) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The demo with its open round's nomination deadline five days from the real today."""
    with sqlite_demo_store.write("test") as s:
        for m in s.scalars(select(Milestone).where(Milestone.kind == MilestoneKind.NOMINATION_DUE)):
            m.due_date = date.today() + timedelta(days=5)
        for m in s.scalars(select(Milestone).where(Milestone.kind != MilestoneKind.NOMINATION_DUE)):
            m.due_date = max(m.due_date, date.today() + timedelta(days=60))
    win = MainWindow(sqlite_demo_store, settings=ui_settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    yield win
    win.tasks.shutdown()


def test_a_banner_names_the_deadline_and_closes_with_a_click(qtbot, near_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = near_window.reminder_bar
    assert bar.isVisible()
    assert NEAR in bar.message.text() and "còn 5 ngày" in bar.message.text()
    assert "1 việc đến hạn trong 14 ngày tới" in near_window.statusBar().currentMessage()
    QTest.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    # The overview lists it too, with the days left.
    view = near_window.show_view("overview")
    rows = [label.text() for label in view.reminders.rows]  # type: ignore[attr-defined]
    assert any(NEAR in t and "còn 5 ngày" in t for t in rows)


def test_file_export_calendar_from_the_menu(
    qtbot,
    near_window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "nhac-viec"  # the extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    bar = near_window.menuBar()
    file_action = bar.actions()[0]
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file_action).center())
    menu = file_action.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    item = next(a for a in menu.actions() if a.text() == "Xuất &lịch…")
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())
    written = tmp_path / "nhac-viec.ics"
    qtbot.waitUntil(written.exists)
    events = list(icalendar.Calendar.from_ical(written.read_bytes()).walk("VEVENT"))
    assert any(str(e["SUMMARY"]).endswith(NEAR) for e in events)
    assert e_dates(events) and min(e_dates(events)) == date.today() + timedelta(days=5)
    assert "nhac-viec.ics" in near_window.statusBar().currentMessage()


def e_dates(events: list[icalendar.Event]) -> list[date]:
    return [e.decoded("DTSTART") for e in events]
