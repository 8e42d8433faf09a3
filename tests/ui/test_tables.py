"""The window's lists behave like a spreadsheet: copy rows with Ctrl+C, filter by column, a row menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.individuals_view import IndividualsView
from tests.ui.conftest import wait_idle


def _individuals(qtbot, window: MainWindow) -> IndividualsView:  # type: ignore[no-untyped-def]
    view = window.show_view("individuals")
    assert isinstance(view, IndividualsView)
    wait_idle(qtbot, window)
    return view


def _click(
    table: QTableView, row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    index = table.model().index(row, 0)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())


def _lines(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines()]


def _shown(view: IndividualsView, row: int) -> list[str]:
    return [str(view.model.index(row, c).data()) for c in range(view.model.columnCount())]


def test_ctrl_c_copies_the_rows_picked_with_ctrl_click_with_the_headers(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    table = view.table
    QGuiApplication.clipboard().clear()
    _click(table, 1)
    _click(table, 3, Qt.KeyboardModifier.ControlModifier)
    _click(table, 6, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    data = QGuiApplication.clipboard().mimeData()
    lines = _lines(data.text())
    headers = [
        str(view.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(view.model.columnCount())
    ]
    assert lines == [headers, _shown(view, 1), _shown(view, 3), _shown(view, 6)]
    assert all(lines[1][0] and len(line) == 6 for line in lines)
    assert "<table>" in data.html() and f"<td>{lines[2][0]}</td>" in data.html()


def test_shift_click_copies_a_run_of_rows_without_the_hidden_columns(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    table = view.table
    table.horizontalHeader().hideSection(1)  # the gender column
    _click(table, 4)
    _click(table, 6, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    lines = _lines(QGuiApplication.clipboard().text())
    assert len(lines) == 4
    assert [line[0] for line in lines[1:]] == [_shown(view, r)[0] for r in (4, 5, 6)]
    assert lines[1] == [v for c, v in enumerate(_shown(view, 4)) if c != 1]
