"""The secretary enters a session's opening and closing times by hand in the council screen; the screen
shows them and the Biên bản prints them. Signed minutes keep theirs (the button is off)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from sqlalchemy import select

from emudesk.db.models import Nomination, ReviewSession
from emudesk.domain.enums import NominationStatus
from emudesk.domain.rules import SessionStatus
from emudesk.services.council import sessions
from emudesk.services.exports.paperwork import PaperParams, export_paper
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.council.council_dialogs import SessionTimesDialog
from tests.ui.conftest import wait_idle
from tests.ui.test_council import council_view


def _click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def _click_row(qtbot, table: QTableView, row: int) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, 1)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: table.currentIndex().row() == row)


def _type_time(qtbot, dialog: SessionTimesDialog, field: str, digits: str) -> None:  # type: ignore[no-untyped-def]
    clock = getattr(dialog, field)
    if not clock.recorded.isChecked():
        _click(clock.recorded)
    assert clock.recorded.isChecked() and clock.edit.isEnabled()
    # Double-click the hour (the left of the box) to select it and type HH then MM, as a clerk does.
    QTest.mouseDClick(
        clock.edit.lineEdit(), Qt.MouseButton.LeftButton, pos=QPoint(6, clock.edit.height() // 2)
    )
    QTest.keyClicks(clock.edit, digits)


def test_the_secretary_types_the_times_and_the_minutes_print_them(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    view = council_view(window)
    council = view.council_id()
    assert council is not None
    with window.store.write() as s:
        sid = sessions.open_session(
            s, council, sessions.SessionInput("Phiên họp xét khen thưởng bổ sung", date(2026, 2, 10))
        )
        appraised = s.scalar(
            select(Nomination.id)
            .where(Nomination.status == NominationStatus.APPRAISED)
            .order_by(Nomination.id)
        )
        assert appraised is not None
        sessions.add_to_agenda(s, sid, [appraised])  # the biên bản needs something to print
        signed = s.scalar(select(ReviewSession.id).where(ReviewSession.status == SessionStatus.SIGNED))
    view.refresh()
    wait_idle(qtbot, window)
    ids = [r.id for r in view.session_list]

    _click_row(qtbot, view.sessions, ids.index(signed))
    assert not view.times_button.isEnabled()  # signed minutes are read-only
    assert "--:--" in view.session_text()  # the demo's session has no recorded times

    _click_row(qtbot, view.sessions, ids.index(sid))
    assert view.times_button.isEnabled()
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SessionTimesDialog):
            QTimer.singleShot(20, fill)
            return
        try:
            answer(dialog)
        except BaseException as exc:  # a failed check must not leave the modal dialog hanging the run
            seen.append(repr(exc))
            dialog.reject()

    def answer(dialog: SessionTimesDialog) -> None:
        dialog.activateWindow()  # offscreen a window is active only once asked to be
        assert not dialog.opened.recorded.isChecked() and not dialog.closed.recorded.isChecked()
        _type_time(qtbot, dialog, "opened", "1100")
        _type_time(qtbot, dialog, "closed", "0830")
        seen.append(f"{dialog.opened.value()}-{dialog.closed.value()}")
        # Closing before the opening: the form says so under the field.
        qtbot.waitUntil(lambda: dialog.rows.error_text("closed_at") != "")
        seen.append(dialog.rows.error_text("closed_at"))
        _type_time(qtbot, dialog, "opened", "0830")
        _click(dialog.opened.recorded)  # untick and tick again: the time typed stays
        _click(dialog.opened.recorded)
        _type_time(qtbot, dialog, "closed", "1105")
        qtbot.waitUntil(lambda: dialog.rows.error_text("closed_at") == "")
        seen.append(f"{dialog.opened.value()}-{dialog.closed.value()}")
        _click(dialog.save_button)

    QTimer.singleShot(0, fill)
    _click(view.times_button)
    wait_idle(qtbot, window)
    assert seen == [
        "11:00:00-08:30:00",
        "Phiên họp không thể kết thúc trước khi bắt đầu.",
        "08:30:00-11:05:00",
    ]
    qtbot.waitUntil(lambda: "bắt đầu 08:30, kết thúc 11:05" in view.session_text())
    with window.store.read() as s:
        row = s.get(ReviewSession, sid)
        assert row is not None
        stored = (sessions.local_time(row.opened_at), sessions.local_time(row.closed_at))
    assert [f"{t:%d/%m/%Y %H:%M}" for t in stored if t] == ["10/02/2026 08:30", "10/02/2026 11:05"]

    paper = export_paper(window.store, "minutes", PaperParams(session_id=sid), tmp_path / "bb.docx")
    text = " ".join(p.text for p in docx.Document(str(paper)).paragraphs)
    assert "Thời gian bắt đầu: 08 giờ 30 phút, ngày 10/02/2026." in text
    assert "Thời gian kết thúc: 11 giờ 05 phút, ngày 10/02/2026." in text
