"""The projector view: one candidate of a council session at a time, in large type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from emudesk.services.core.store import Store
from emudesk.services.council import screens, sessions
from emudesk.ui.views.council.projector_view import ProjectorView


def test_projector_walks_through_the_agenda(qtbot: QtBot, sqlite_demo_store: Store) -> None:
    with sqlite_demo_store.read() as s:
        items = screens.view(s, 1).items
    view = ProjectorView(sqlite_demo_store, 1)
    qtbot.addWidget(view)
    view.show()
    assert view.position.text() == f"1 / {len(items)}"
    assert view.name.text() == items[0].subject_name
    assert view.award.text() == "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh"
    text = view.current_text()
    assert "Đủ điều kiện" in text and "Luật TĐKT 2022, Điều 22" in text
    assert "Lịch sử khen thưởng" in text and "Chiến sĩ thi đua cơ sở" in text
    assert "đồng ý 12" in text
    assert view.name.font().pointSize() > 30  # large type
    assert not view.previous_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.position.text() == f"2 / {len(items)}" and "không đạt" in view.current_text()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.index == len(items) - 1 and not view.next_button.isEnabled()
    assert "Thành viên cần tránh" in view.current_text()  # the last item's own unit sits on the council
    qtbot.keyClick(view, Qt.Key.Key_Right)  # stays on the last one
    assert view.index == len(items) - 1
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.index == 0


def test_projector_with_an_empty_agenda(qtbot: QtBot, sqlite_demo_store: Store) -> None:
    from datetime import date

    with sqlite_demo_store.write() as s:
        meeting = sessions.open_session(
            s, 1, sessions.SessionInput("Phiên họp chưa có nội dung", date(2026, 3, 1))
        )
    view = ProjectorView(sqlite_demo_store, meeting)
    qtbot.addWidget(view)
    assert view.name.text() == "Chưa có nội dung nào trong chương trình phiên họp."
    assert not view.next_button.isEnabled()
