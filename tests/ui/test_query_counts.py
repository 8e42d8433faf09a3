"""The individuals list in the window sends a fixed handful of statements: to open, to scroll to
its end, to show a person, whatever the number of rows. Counts only, never timings."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.individuals_view import IndividualsView
from tests.counting import count_statements
from tests.ui.conftest import wait_idle


def _settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    wait_idle(qtbot, window)
    for _ in range(3):  # work deferred past the first paint (the unit and award choices)
        QApplication.processEvents()
    wait_idle(qtbot, window)


def test_opening_scrolling_and_choosing_in_the_individuals_list(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with count_statements(window.store) as opening:
        view = window.show_view("individuals")
        assert isinstance(view, IndividualsView)
        _settle(qtbot, window)
    rows = view.model.rowCount()
    assert rows > 200
    # The ids (with the list's length when it is long), a page of cells, the unit and award choices.
    assert len(opening) <= 6, str(opening)

    with count_statements(window.store) as scrolling:
        view.table.scrollToBottom()
        _settle(qtbot, window)
    assert view.model.cached_rows() < rows
    assert 1 <= len(scrolling) <= 2, str(scrolling)  # the last page's cells, one query

    last = view.model.id_at(rows - 1)
    with count_statements(window.store) as choosing:
        view.table.select_ids([last])
        _settle(qtbot, window)
    assert view.detail.individual_id == last
    assert len(choosing) <= 8, str(choosing)
