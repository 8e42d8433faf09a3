"""A window on a private PostgreSQL server holding three people, for the tests of a server that
drops its connections or goes away. Import ``server_store_fixture`` and ``server_window_fixture`` (with
``pg_server_fixture`` and ``up_fixture`` from tests.private_pg) into a test module to use them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from emudesk.domain.enums import Gender
from emudesk.services.core.store import Store
from emudesk.services.register.individuals import IndividualInput, create_individual
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.individuals_view import IndividualsView
from tests.private_pg import DB, PrivateServer
from tests.ui.conftest import Boxes, wait_idle

PEOPLE = ("An", "Bình", "Cường")


@pytest.fixture(name="server_store")
def server_store_fixture(up: PrivateServer) -> Iterator[Store]:
    store = Store.open(up.url(DB))
    with store.write() as session:
        for given in PEOPLE:
            create_individual(
                session,
                IndividualInput("Trần", "Văn", given, Gender.MALE, birth_year=1985, allow_duplicate=True),
            )
    yield store
    store.close()


@pytest.fixture(name="server_window")
def server_window_fixture(
    qtbot, server_store: Store, ui_settings: AppSettings, boxes: Boxes
) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(server_store, settings=ui_settings)
    qtbot.addWidget(win)
    win.connection.interval_ms = 50  # the probe, fast for the test
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    yield win
    win.close()


def names(view: IndividualsView) -> list[str]:
    return [str(view.model.cells(r)[0]) for r in range(view.model.rowCount())]


def type_text(widget: QWidget, text: str) -> None:
    """Key by key (QTest.keyClicks cannot send Vietnamese letters offscreen)."""
    widget.setFocus()
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def refresh_with_the_server_gone(qtbot, up: PrivateServer, win: MainWindow, view: IndividualsView) -> None:  # type: ignore[no-untyped-def]
    """Stop the server and press F5 in the list, as a clerk would; wait until the window knows."""
    up.stop()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    QTest.keyClick(view.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: win.connection.lost, timeout=10_000)
    wait_idle(qtbot, win)
