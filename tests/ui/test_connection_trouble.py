"""The window on a server that goes away: a "Mất kết nối tới máy chủ" state in the status bar, the
list and an open form kept, a probe that clears the state once the server answers, F5 reading
again; and File ▸ Kết nối máy chủ… filled by hand, “Kiểm tra kết nối” saying what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from emudesk.domain.enums import Gender
from emudesk.services.register.individuals import IndividualInput, create_individual
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.server_dialog import ServerDialog
from emudesk.ui.views.register.individual_dialog import IndividualDialog
from emudesk.ui.views.register.individuals_view import IndividualsView
from tests.private_pg import ADMIN_PASSWORD, DB, PrivateServer, pg_server_fixture, up_fixture  # noqa: F401
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.server_people import (  # noqa: F401 - fixtures
    PEOPLE,
    names,
    refresh_with_the_server_gone,
    server_store_fixture,
    server_window_fixture,
    type_text,
)

pytestmark = pytest.mark.pg


def test_the_window_survives_the_server_going_away_and_coming_back(
    qtbot, up: PrivateServer, server_window: MainWindow, boxes: Boxes
) -> None:  # type: ignore[no-untyped-def]
    win = server_window
    view = win.show_view("individuals")
    assert isinstance(view, IndividualsView)
    wait_idle(qtbot, win)
    shown = names(view)
    assert len(shown) == len(PEOPLE)

    # A form (modal) being filled in when the server goes away: saving is refused with a box, the
    # window shows the lost state, and the form stays open with what was typed.
    form = IndividualDialog(win.ctx, view)
    qtbot.addWidget(form)
    form.show()
    type_text(form.family, "Lê")
    type_text(form.middle, "Thị")
    type_text(form.given, "Dung")
    form.gender.setFocus()
    for _ in range(form.gender.count()):  # by arrow keys, as a clerk picks it
        if form.gender.currentData() == Gender.FEMALE:
            break
        QTest.keyClick(form.gender, Qt.Key.Key_Down)
    assert form.gender.currentData() == Gender.FEMALE
    type_text(form.birth_date, "01/02/1990")
    qtbot.waitUntil(form.save_button.isEnabled)
    up.stop()
    QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(boxes.warnings()) == 1, timeout=10_000)
    assert boxes.warnings()[0].startswith(f"Không kết nối được tới máy chủ 127.0.0.1 cổng {up.port}")
    assert win.connection.lost and win.connection_label.isVisible()
    assert win.connection_label.text().endswith("Mất kết nối tới máy chủ")
    assert form.isVisible() and form.given.text() == "Dung" and form.saved_id is None
    assert names(view) == shown

    # Back: the probe clears the state by itself; the same form saves.
    up.start()
    qtbot.waitUntil(lambda: not win.connection.lost, timeout=10_000)
    assert not win.connection_label.isVisible()
    assert "Máy chủ đã trả lời trở lại" in win.statusBar().currentMessage()
    QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.saved_id is not None and not form.isVisible(), timeout=10_000)
    wait_idle(qtbot, win)
    assert len(names(view)) == len(PEOPLE) + 1
    shown = names(view)

    # Gone again: F5 finds it out; the list keeps its rows; a second F5 adds no second box.
    refresh_with_the_server_gone(qtbot, up, win, view)
    assert len(boxes.warnings()) == 2 and "Không kết nối được tới máy chủ" in boxes.warnings()[1]
    assert names(view) == shown
    assert "Đã làm mới" not in win.statusBar().currentMessage()
    QTest.keyClick(view.table, Qt.Key.Key_F5)
    wait_idle(qtbot, win)
    assert len(boxes.warnings()) == 2 and win.connection.lost and names(view) == shown
    assert "Đã làm mới" not in win.statusBar().currentMessage()

    # Back again: F5 reads the list from the server once more.
    up.start()
    qtbot.waitUntil(lambda: not win.connection.lost, timeout=10_000)
    with win.store.write() as session:  # someone else's change, seen on F5
        create_individual(session, IndividualInput("Phạm", "Văn", "Giang", Gender.MALE, birth_year=1970))
    QTest.keyClick(view.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Phạm Văn Giang" in names(view), timeout=10_000)
    assert set(shown) < set(names(view))
    assert len(boxes.warnings()) == 2


def _server_dialog(qtbot, win: MainWindow) -> ServerDialog:  # type: ignore[no-untyped-def]
    from tests.ui.test_backups import click_menu_item

    click_menu_item(qtbot, win, "&Tệp", "&Kết nối máy chủ…")
    qtbot.waitUntil(lambda: win.findChild(ServerDialog) is not None)
    dialog = win.findChild(ServerDialog)
    assert isinstance(dialog, ServerDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _fill(dialog: ServerDialog, *, port: int, database: str, user: str, password: str) -> None:
    for edit, text in (
        (dialog.host, "127.0.0.1"),
        (dialog.database, database),
        (dialog.user, user),
        (dialog.password, password),
    ):
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(edit, Qt.Key.Key_Delete)
        QTest.keyClicks(edit, text)
    line = dialog.port.lineEdit()
    dialog.port.setFocus()
    QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(line, str(port))


def _check(qtbot, dialog: ServerDialog) -> str:  # type: ignore[no-untyped-def]
    QTest.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled() and dialog.answer.text() != "", timeout=15_000)
    return dialog.answer.text()


@pytest.mark.sqlite_only("the window starts on the demo file, then opens the private server")
def test_the_server_dialog_tests_then_opens(
    qtbot, up: PrivateServer, window: MainWindow, ui_settings: AppSettings
) -> None:  # type: ignore[no-untyped-def]
    dialog = _server_dialog(qtbot, window)
    _fill(dialog, port=up.port, database=DB, user="postgres", password="sai-roi")
    assert _check(qtbot, dialog).startswith("Sai mật khẩu của người dùng postgres trên máy chủ 127.0.0.1")
    _fill(dialog, port=up.port, database="chua_co", user="postgres", password=ADMIN_PASSWORD)
    assert _check(qtbot, dialog) == "Cơ sở dữ liệu chua_co chưa có trên máy chủ 127.0.0.1."
    up.create_database("trong_ui")
    _fill(dialog, port=up.port, database="trong_ui", user="postgres", password=ADMIN_PASSWORD)
    assert _check(qtbot, dialog).startswith("Máy chủ chưa có dữ liệu emudesk")
    up.stop()
    _fill(dialog, port=up.port, database=DB, user="postgres", password=ADMIN_PASSWORD)
    assert _check(qtbot, dialog).startswith(f"Không kết nối được tới máy chủ 127.0.0.1 cổng {up.port}")
    up.start()
    assert _check(qtbot, dialog).startswith("Kết nối được: cơ sở dữ liệu emudesk trên máy chủ 127.0.0.1")
    QTest.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.store.path is None, timeout=10_000)
    wait_idle(qtbot, window)
    assert window.store.display_name.startswith("postgresql+psycopg://postgres:***@127.0.0.1")
    # Settings keep the server without its password.
    stored = ui_settings.recent_databases()[0]
    assert stored == f"postgresql+psycopg://postgres@127.0.0.1:{up.port}/{DB}"
    ui_settings.sync()
    assert ADMIN_PASSWORD not in Path(ui_settings.qsettings.fileName()).read_text(encoding="utf-8")
    # Opened again, the dialog has the fields of the last server, and an empty password.
    again = _server_dialog(qtbot, window)
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text()) == (
        "127.0.0.1",
        up.port,
        DB,
        "postgres",
    )
    assert again.password.text() == ""
    again.reject()
    qtbot.waitUntil(lambda: not again.isVisible())
    window.store.close()
