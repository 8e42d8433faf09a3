"""File ▸ Export ▸ Certificates on blanks… and Statistics…: chosen by hand, written on the worker."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from emudesk.ui import extensions
from emudesk.ui.main_window import MainWindow
from emudesk.ui.paperwork_dialog import CertificatesDialog, StatisticsDialog
from tests.ui.conftest import Boxes, wait_idle


def _save_as(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))


def _export(qtbot, window: MainWindow, dialog: CertificatesDialog | StatisticsDialog) -> None:  # type: ignore[no-untyped-def]
    button = dialog.buttons.buttons()[0]
    assert button is dialog.export_button
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled())


def test_the_export_menu_offers_both() -> None:
    titles = [e.title for e in extensions.entries("export")]
    assert any("giấy khen, bằng khen" in t for t in titles)
    assert any("02/2023" in t for t in titles)


def test_certificates_of_the_chosen_decision(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = CertificatesDialog(window, decision_id=3)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.blank.setFocus()
    QTest.keyClick(dialog.blank, Qt.Key.Key_Down)  # A4-portrait
    target = tmp_path / "bang-khen.pdf"
    _save_as(monkeypatch, target)
    boxes.answer = QMessageBox.StandardButton.No  # do not open it
    _export(qtbot, window, dialog)
    reader = PdfReader(target)
    assert len(reader.pages) == 18
    assert float(reader.pages[0].mediabox.width) < float(reader.pages[0].mediabox.height)
    assert "18" in dialog.message.text() and "A4-portrait" in dialog.message.text()
    # The calibration page: one page, whatever decision is chosen.
    QTest.mouseClick(dialog.calibration, Qt.MouseButton.LeftButton)
    assert not dialog.decision.isEnabled()
    _save_as(monkeypatch, tmp_path / "can-chinh.pdf")
    _export(qtbot, window, dialog)
    assert len(PdfReader(tmp_path / "can-chinh.pdf").pages) == 1


def test_statistics_of_the_chosen_form_and_year(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = StatisticsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form_combo.currentData() == "0603"
    dialog.year.setFocus()
    QTest.keyClick(dialog.year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dialog.year, "2025")
    assert dialog.year.value() == 2025
    target = tmp_path / "bieu.xlsx"
    _save_as(monkeypatch, target)
    boxes.answer = QMessageBox.StandardButton.No
    _export(qtbot, window, dialog)
    wb = openpyxl.load_workbook(target)
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    assert "Năm 2025" in values and "Tổng số" in values
    assert str(target) in dialog.message.text()
    assert dialog.buttons.standardButton(dialog.buttons.buttons()[1]) == QDialogButtonBox.StandardButton.Close
