"""The window when a write is refused: a file locked by another program, a file deleted while open
(issue 15, item 4). The window says why in a box and keeps working; nothing is written.

Real input: the row is clicked on the viewport, the move button clicked, the note typed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from emudesk.db import engine
from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus as S
from emudesk.services.nominations.lists import NominationFilter, nomination_ids, nomination_statuses
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.nominations.nomination_dialog import NoteDialog
from emudesk.ui.views.nominations.nominations_view import NominationsView
from tests.crash.harness import raw_snapshot
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_nomination_override import _click_row, _type


@pytest.fixture
def returning(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[NominationsView, int]]:  # type: ignore[no-untyped-def]
    """The nominations view on a submitted file, the note dialog answered by typing."""
    with window.store.read() as s:
        nid = nomination_ids(s, NominationFilter(status=S.SUBMITTED))[0]
        n = s.get(Nomination, nid)
        assert n is not None
        cid = n.campaign_id
    view = window.show_view("nominations")
    assert isinstance(view, NominationsView)
    view.open_item(cid)
    first = view.statuses.model().index(0, 0)  # "All"
    QTest.mouseClick(
        view.statuses.viewport(), Qt.MouseButton.LeftButton, pos=view.statuses.visualRect(first).center()
    )
    wait_idle(qtbot, window)

    def give_note(self: NoteDialog) -> int:
        _type(self.note, "Bổ sung bản nhận xét của đơn vị.")
        QTest.mouseClick(self.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        return int(self.result())

    monkeypatch.setattr(NoteDialog, "exec", give_note)
    yield view, nid


@pytest.mark.sqlite_only("another program holding the SQLite file")
def test_a_move_while_another_program_holds_the_file_is_refused_with_the_reason(  # type: ignore[no-untyped-def]
    qtbot,
    window: MainWindow,
    boxes: Boxes,
    returning: tuple[NominationsView, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view, nid = returning
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 500)
    window.store.db.engine.dispose()  # the pooled connections were opened with the long wait
    path = window.store.path
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        before = rows_seen_by(other)
        _click_row(qtbot, view, nid)
        view.move_buttons[S.RETURNED].click()
        qtbot.waitUntil(lambda: bool(boxes.warnings()), timeout=10_000)
        wait_idle(qtbot, window)
        assert rows_seen_by(other) == before
    finally:
        other.rollback()
        other.close()
    assert len(boxes.warnings()) == 1
    assert boxes.warnings()[0].startswith("Tệp cơ sở dữ liệu đang được một chương trình khác")
    with window.store.read() as s:
        assert nomination_statuses(s, [nid])[nid] is S.SUBMITTED
    # Once the other program lets go, the same move goes through.
    _click_row(qtbot, view, nid)
    view.move_buttons[S.RETURNED].click()
    wait_idle(qtbot, window)
    with window.store.read() as s:
        assert nomination_statuses(s, [nid])[nid] is S.RETURNED


def rows_seen_by(con: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The nominations and their events, read by the program holding the lock."""
    return (
        con.execute("SELECT * FROM nominations").fetchall()
        + con.execute("SELECT * FROM nomination_events").fetchall()
    )


@pytest.mark.sqlite_only("the SQLite file moved away under the window")
def test_a_move_after_the_file_was_moved_away_is_refused_with_the_reason(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, boxes: Boxes, returning: tuple[NominationsView, int], tmp_path: Path
) -> None:
    view, nid = returning
    path = window.store.path
    assert path is not None
    _click_row(qtbot, view, nid)
    away = tmp_path / "elsewhere"
    away.mkdir()
    for suffix in ("", "-wal", "-shm"):
        if Path(str(path) + suffix).exists():
            Path(str(path) + suffix).rename(away / (path.name + suffix))
    moved = away / path.name
    before = raw_snapshot(moved)
    view.move_buttons[S.RETURNED].click()
    qtbot.waitUntil(lambda: bool(boxes.warnings()), timeout=10_000)
    wait_idle(qtbot, window)
    assert any("đã bị xóa, di chuyển hoặc thay thế trong khi emudesk đang mở" in w for w in boxes.warnings())
    assert not path.exists()  # no empty file made in its place
    window.store.close()
    assert raw_snapshot(moved) == before
