"""File ▸ Export ▸ a paper: the decision chosen in the window written as Word, then as PDF."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QWidget

from emudesk.services.exports.paperwork import PaperFormat, PaperKind
from emudesk.ui import extensions
from emudesk.ui.main_window import MainWindow
from emudesk.ui.paper_dialog import PaperDialog
from tests.readback import pdf_raw_text
from tests.ui.conftest import Boxes, wait_idle


def test_a_decision_as_word_then_pdf_from_the_file_menu(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves = iter([tmp_path / "qd.docx", tmp_path / "qd.pdf"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(next(saves)), "")))
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(QUrl(url).toLocalFile()) or True)
    )
    monkeypatch.setattr("emudesk.ui.dialogs.ask", lambda *a, **k: True)
    entry = next(e for e in extensions.entries("export") if e.title.startswith("Quyết định khen thưởng"))
    entry.run(window)
    dialog = window.findChild(PaperDialog)
    assert dialog is not None and dialog.kind is PaperKind.DECISION
    # The campaign, then its newest decision, chosen with the keyboard as a clerk would.
    dialog.campaign_combo.setFocus()
    for _step in range(dialog.campaign_combo.count()):
        if dialog.campaign_combo.currentData() == 4:
            break
        QTest.keyClick(dialog.campaign_combo, Qt.Key.Key_Down)
    assert dialog.campaign_combo.currentData() == 4
    assert dialog.record_combo.currentText().startswith("150/QĐ-UBND")

    def click_export() -> None:
        button = dialog.export_button
        QTest.mouseClick(
            button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2)
        )
        qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
        wait_idle(qtbot, window)

    click_export()
    assert dialog.last_export == tmp_path / "qd.docx" and opened == [str(tmp_path / "qd.docx")]
    text = " ".join(p.text for p in docx.Document(str(tmp_path / "qd.docx")).paragraphs)
    assert "Quyết định số 150/QĐ-UBND" in text and "Mười bốn triệu không trăm bốn mươi nghìn đồng" in text

    dialog.format_combo.setFocus()
    QTest.keyClick(dialog.format_combo, Qt.Key.Key_Down)
    assert dialog.format is PaperFormat.PDF
    click_export()
    assert "Điều 3." in pdf_raw_text(tmp_path / "qd.pdf") and boxes.warnings() == []
    dialog.reject()


def _type(widget: QWidget, text: str) -> None:
    """Key by key (QTest.keyClicks cannot send Vietnamese letters offscreen)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def _recipients_of(path: Path) -> list[str]:
    """The docx's lines after "Nơi nhận:" (up to the signature's table or the list)."""
    lines = [p.text.strip() for p in docx.Document(str(path)).paragraphs]
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text.strip() for p in cell.paragraphs]
    start = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    return lines[start : start + 8]


def test_the_decisions_recipients_typed_in_the_dialog_are_printed(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "qd.docx"), ""))
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: True))
    monkeypatch.setattr("emudesk.ui.dialogs.ask", lambda *a, **k: True)
    entry = next(e for e in extensions.entries("export") if e.title.startswith("Quyết định khen thưởng"))
    entry.run(window)
    dialog = window.findChild(PaperDialog)
    assert dialog is not None
    dialog.campaign_combo.setFocus()
    for _step in range(dialog.campaign_combo.count()):
        if dialog.campaign_combo.currentData() == 4:
            break
        QTest.keyClick(dialog.campaign_combo, Qt.Key.Key_Down)
    assert dialog.record_combo.currentText().startswith("150/QĐ-UBND")
    # Prefilled with the decision's own Nơi nhận.
    field = dialog.recipients
    assert field.isVisible()
    assert field.toPlainText().splitlines()[0] == "Như Điều 3;"
    assert field.toPlainText().splitlines()[-1].startswith("Lưu: VT")
    # The clerk adds a line before "Lưu" as NĐ 30 orders them: to the end of line 1, Return, type.
    QTest.mouseClick(field.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    QTest.keyClick(field, Qt.Key.Key_End)
    QTest.keyClick(field, Qt.Key.Key_Return)
    _type(field, "Sở Tài chính (để phối hợp);")
    button = dialog.export_button
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
    wait_idle(qtbot, window)
    assert dialog.last_export == tmp_path / "qd.docx" and boxes.warnings() == []
    printed = _recipients_of(tmp_path / "qd.docx")
    assert printed[1:3] == ["- Như Điều 3;", "- Sở Tài chính (để phối hợp);"], printed
    assert any(line.startswith("- Lưu: VT") for line in printed[3:])
    dialog.reject()
