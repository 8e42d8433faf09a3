"""File ▸ Export ▸ the list on screen: what the view shows, filtered and in order, ready to print."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from emudesk.ui import list_export
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.individuals_view import IndividualsView
from tests.ui.conftest import Boxes, wait_idle


def test_the_filtered_individuals_list_exports_in_the_order_shown(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = window.show_view("individuals")
    assert isinstance(view, IndividualsView)
    view.search.setText("nguyen van")
    window.tasks.wait_idle()
    qtbot.waitUntil(lambda: not view.model.loading and view.model.rowCount() > 0)
    shown = [str(view.model.cells(r)[0]) for r in range(view.model.rowCount())]
    target = tmp_path / "ds.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    list_export.export_current_list(window)
    wait_idle(qtbot, window)
    assert target.exists() and boxes.warnings() == []
    sheet = openpyxl.load_workbook(target).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    flat = [str(v) for row in cells for v in row if v is not None]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in v for v in flat)
    assert "Danh sách cá nhân" in flat
    header_at = next(i for i, row in enumerate(cells) if row[0] == "STT")
    names = [row[1] for row in cells[header_at + 1 :] if isinstance(row[0], int)]
    assert names == shown


def test_a_view_without_a_list_says_so(qtbot, window: MainWindow) -> None:
    window.show_view("overview")
    list_export.export_current_list(window)
    assert "không có danh sách" in window.statusBar().currentMessage()


def test_nominations_export_starts_from_the_campaign_shown(window: MainWindow) -> None:
    view = window.show_view("nominations")
    context = view.export_context()  # type: ignore[attr-defined]
    assert context["campaign_id"] == view.campaign_id()  # type: ignore[attr-defined]
