"""Tệp ▸ Số liệu thống kê, by hand: a clerk opens it from the menu, picks 0605 and the first half
of 2025, types figures into the cells, saves, and the exported form prints them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from emudesk.i18n import _
from emudesk.services.exports import statistics, statistics_setup
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.workspace.statistics_figures_dialog import VALUE_COLUMN, StatisticsFiguresDialog
from tests.services.exports.test_statistics import form_rows
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_backups import click_menu_item


def _pick(combo: object, steps: int) -> None:
    combo.setFocus()  # type: ignore[attr-defined]
    QTest.keyClick(combo, Qt.Key.Key_Home)  # type: ignore[arg-type]
    for _i in range(steps):
        QTest.keyClick(combo, Qt.Key.Key_Down)  # type: ignore[arg-type]


def _type_cell(dialog: StatisticsFiguresDialog, row: int, text: str) -> None:
    table = dialog.table
    item = table.item(row, VALUE_COLUMN)
    assert item is not None
    pos = table.visualItemRect(item).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    editor = table.viewport().focusWidget() or table.focusWidget()
    assert editor is not None
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Tab)


def test_figures_typed_into_the_dialog_print_on_the_form(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def by_hand(self: StatisticsFiguresDialog) -> int:
        self.show()
        codes = [self.form.itemData(i) for i in range(self.form.count())]
        assert codes == ["0604", "0605"]  # the forms with lines to fill in
        _pick(self.form, 1)
        _pick(self.half, 1)  # first half
        self.year.setFocus()
        QTest.keyClick(self.year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(self.year, "2025")
        assert self.period == ("0605", 2025, 1)
        assert self.source.text().startswith(_("Layout not confirmed. Source: {source}").split("{")[0])
        rows = {self.table.item(r, 0).text(): r for r in range(self.table.rowCount())}  # type: ignore[union-attr]
        for code, text in (("02", "12"), ("03", "30"), ("04", "abc")):
            _type_cell(self, rows[code], text)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        QTest.mouseClick(save, Qt.MouseButton.LeftButton)
        seen["refused"] = list(boxes.texts)
        _type_cell(self, rows["04"], "20")
        QTest.mouseClick(save, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        seen["after"] = [self.table.item(r, VALUE_COLUMN).text() for r in range(self.table.rowCount())]  # type: ignore[union-attr]
        return 0

    monkeypatch.setattr(StatisticsFiguresDialog, "exec", by_hand)
    click_menu_item(qtbot, window, _("&File"), _("Statistics &figures (forms 0604, 0605)…"))
    qtbot.waitUntil(lambda: "after" in seen, timeout=10_000)
    refused = seen["refused"]
    assert isinstance(refused, list) and any("abc" in t for t in refused)
    with window.store.read() as session:
        assert statistics_setup.figures(session, "0605", 2025, 1) == {"02": 12, "03": 30, "04": 20}
        assert statistics_setup.figures(session, "0605", 2025, None)["02"] == 14  # the demo's year: untouched
    assert seen["after"][:3] == ["12", "30", "20"]  # type: ignore[index]
    target = tmp_path / "0605.xlsx"
    statistics.export_statistics(window.store, "0605", 2025, target, half=1)
    rows = form_rows(target)
    assert rows["01"] == (42,) and rows["04"] == (20,) and rows["05"] == (None,)
