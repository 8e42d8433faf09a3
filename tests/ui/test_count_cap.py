"""The individuals list says "hơn 10.000" while its first page stopped counting at the services'
cap, then the exact number once the whole list is in; rows past the cap are added, not reset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from emudesk.services.core import paging
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.individuals_view import IndividualsView
from tests.ui.conftest import wait_idle


def test_a_capped_count_reads_more_than_then_the_exact_number(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "COUNT_CAP", 1000)
    view = window.show_view("individuals")
    assert isinstance(view, IndividualsView)
    wait_idle(qtbot, window)
    at_first_rows: list[tuple[str, int]] = []
    resets: list[int] = []
    shown = lambda: at_first_rows.append((view.count_label.text(), view.model.rowCount()))  # noqa: E731
    view.model.first_rows.connect(shown)
    view.model.modelReset.connect(lambda: resets.append(view.model.rowCount()))
    view.search.setFocus()
    QTest.keyClick(view.search, Qt.Key.Key_Space)  # a search that matches everyone: a new load
    QTest.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: bool(at_first_rows), timeout=10_000)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)
    assert at_first_rows[-1] == ("hơn 1.000 cá nhân", 1001)
    assert view.model.rowCount() == 2000
    assert view.count_label.text() == "2.000 cá nhân"
    assert resets[-1] == 1001  # the rest of the list came in behind the first page, no second reset
