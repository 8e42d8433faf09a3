"""The window on a server that drops its connections: a read on the GUI thread cut short runs once
more; a server back after a stop is read afresh by itself, keeping the selection and an open form's
typed text; a write cut between two statements says the change was not saved, leaves nothing
half-written, and the same form then saves."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import event
from sqlalchemy.orm import Session

from emudesk.domain.enums import Gender
from emudesk.services.core.store import Store
from emudesk.services.register.individuals import IndividualInput, create_individual
from emudesk.services.workspace import records
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.individual_dialog import IndividualDialog
from emudesk.ui.views.register.individuals_view import IndividualsView
from tests.private_pg import DB, PrivateServer, pg_server_fixture, up_fixture  # noqa: F401 - fixtures
from tests.snapshot import snapshot
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.server_people import (  # noqa: F401 - fixtures
    names,
    refresh_with_the_server_gone,
    server_store_fixture,
    server_window_fixture,
    type_text,
)
from tests.ui.test_by_hand import click_row

pytestmark = pytest.mark.pg


@pytest.fixture
def people_window(qtbot, server_window: MainWindow) -> tuple[MainWindow, IndividualsView]:  # type: ignore[no-untyped-def]
    win = server_window
    item = win.nav.item(win.view_keys.index("individuals"))
    QTest.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=win.nav.visualItemRect(item).center())
    wait_idle(qtbot, win)
    view = win.current_view()
    assert isinstance(view, IndividualsView)
    return win, view


def fill_in(form: IndividualDialog, family: str, middle: str, given: str) -> None:
    type_text(form.family, family)
    type_text(form.middle, middle)
    type_text(form.given, given)
    type_text(form.birth_date, "01/02/1990")


def _snap(store: Store) -> Any:
    with store.read() as s:
        return snapshot(s)


def test_a_read_on_the_gui_thread_cut_short_runs_once_more(  # type: ignore[no-untyped-def]
    qtbot,
    up: PrivateServer,
    people_window: tuple[MainWindow, IndividualsView],
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win, view = people_window
    original = records.individual_detail
    cut: list[int] = []

    def detail_with_the_connection_cut(session: Session, individual_id: int) -> Any:
        if not cut:  # the person's details are read on the GUI thread; the server drops it there
            pid = int(session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar() or 0)
            up.terminate(pid)
            cut.append(pid)
        return original(session, individual_id)

    monkeypatch.setattr(records, "individual_detail", detail_with_the_connection_cut)
    click_row(qtbot, view.table, 1)
    assert cut  # the read was cut short…
    assert view.detail.title.text() == names(view)[1]  # …and ran again on a fresh connection
    assert boxes.warnings() == []
    assert not win.connection.lost


def test_the_server_back_is_read_afresh_keeping_the_selection_and_the_form(  # type: ignore[no-untyped-def]
    qtbot, up: PrivateServer, people_window: tuple[MainWindow, IndividualsView], boxes: Boxes
) -> None:
    win, view = people_window
    click_row(qtbot, view.table, 1)
    chosen = view.table.current_id()
    assert chosen is not None
    # A colleague adds someone; this window does not know yet.
    other = Store.open(up.url(DB))
    with other.write() as session:
        create_individual(session, IndividualInput("Phạm", "Văn", "Giang", Gender.MALE, birth_year=1970))
    other.close()
    form = IndividualDialog(win.ctx, view)
    qtbot.addWidget(form)
    form.show()
    fill_in(form, "Lê", "Thị", "Dung")

    refresh_with_the_server_gone(qtbot, up, win, view)
    assert "Phạm Văn Giang" not in names(view)

    up.start()  # no key pressed from here: the window reads again by itself
    qtbot.waitUntil(lambda: "Phạm Văn Giang" in names(view), timeout=10_000)
    assert not win.connection.lost
    assert "Máy chủ đã trả lời trở lại" in win.statusBar().currentMessage()
    assert view.table.current_id() == chosen
    assert view.table.selected_ids() == [chosen]
    assert form.isVisible() and (form.family.text(), form.middle.text(), form.given.text()) == (
        "Lê",
        "Thị",
        "Dung",
    )
    assert len(boxes.warnings()) == 1  # the F5 that found the server gone
    # What was typed while the server was away is saved now.
    QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.saved_id is not None and not form.isVisible(), timeout=10_000)
    wait_idle(qtbot, win)
    assert "Lê Thị Dung" in names(view) and len(boxes.warnings()) == 1


def test_a_write_cut_between_two_statements_saves_nothing_and_the_window_goes_on(  # type: ignore[no-untyped-def]
    qtbot,
    up: PrivateServer,
    server_store: Store,
    people_window: tuple[MainWindow, IndividualsView],
    boxes: Boxes,
) -> None:
    win, view = people_window
    shown = names(view)
    before = _snap(server_store)
    cut: list[int] = []

    def after(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # The person's row is in; the network goes before the rest of the transaction.
        if not cut and statement.lstrip().upper().startswith("INSERT INTO INDIVIDUALS"):
            cut.append(conn.connection.dbapi_connection.info.backend_pid)
            up.terminate(cut[0])

    engine = server_store.db.engine
    event.listen(engine, "after_cursor_execute", after)
    form = IndividualDialog(win.ctx, view)
    qtbot.addWidget(form)
    form.show()
    fill_in(form, "Lê", "Thị", "Hoa")
    qtbot.waitUntil(form.save_button.isEnabled)
    try:
        QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(boxes.warnings()) == 1, timeout=10_000)
    finally:
        event.remove(engine, "after_cursor_execute", after)
    assert cut
    assert boxes.warnings()[0].startswith("Mất kết nối tới máy chủ: thay đổi chưa được lưu")
    assert _snap(server_store) == before  # nothing half-written: no person, no audit row
    assert form.isVisible() and form.given.text() == "Hoa" and form.saved_id is None
    assert names(view) == shown

    # The window goes on: the same form saves once the connection is back.
    qtbot.waitUntil(lambda: not win.connection.lost, timeout=10_000)
    qtbot.waitUntil(form.save_button.isEnabled)
    QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.saved_id is not None and not form.isVisible(), timeout=10_000)
    wait_idle(qtbot, win)
    assert "Lê Thị Hoa" in names(view)
    assert len(boxes.warnings()) == 1
