"""Danh mục › Mẫu văn bản, by hand: open a template in "Word", edit and save it, take it in; the
next export uses it; a broken edit is refused naming its placeholder; restore the original."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from emudesk.export.word import TemplateKind
from emudesk.services.exports import templates
from emudesk.services.exports.paperwork import PaperParams, export_paper
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.catalogue.catalogue_view import CatalogueView
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_by_hand import click_button, click_row, click_tab


def _append(path: Path, text: str) -> None:
    """What the clerk does in Word: add a line and save."""
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.core_properties.last_modified_by = "Văn thư"
    document.save(str(path))


def _word_text(path: Path) -> str:
    return " ".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_edit_a_template_in_word_then_export_and_restore(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMUDESK_HOME", str(tmp_path / "home"))
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toLocalFile()) or True
    )
    view = window.show_view("catalogue")
    assert isinstance(view, CatalogueView)
    click_tab(view.tabs, 3)
    tab = view.templates
    assert view.tabs.tabText(3) == "Mẫu văn bản"
    assert tab.model.rowCount() == len(TemplateKind)
    assert tab.model.row_values(0)[1] == "Mẫu gốc (kèm theo emudesk)"
    click_row(qtbot, tab.table, 0)
    click_button(qtbot, tab.open_button)
    working = Path(opened[-1])
    assert working.name == TemplateKind.DECISION.filename and working.is_file()

    _append(working, "Ghi chú của cơ quan: {{ ky.ho_ten }} ký.")
    click_button(qtbot, tab.take_button)
    wait_idle(qtbot, window)
    assert tab.model.row_values(0)[1] == f"Mẫu riêng của cơ quan: {working.name}"
    store = window.ctx.store
    with store.read() as s:
        assert templates.template_bytes(s, TemplateKind.DECISION)[1]
    did = 5
    out = export_paper(store, "decision-document", PaperParams(decision_id=did), tmp_path / "qd.docx")
    assert "Ghi chú của cơ quan: Trần Quốc Văn ký." in _word_text(out)

    # A broken edit: refused, with the placeholder named; the one in use stays.
    _append(working, "Số cũ: {{ so_cu }}")
    click_button(qtbot, tab.take_button)
    wait_idle(qtbot, window)
    assert any("{{ so_cu }}" in w for w in boxes.warnings()), boxes.shown
    out = export_paper(store, "decision-document", PaperParams(decision_id=did), tmp_path / "qd2.docx")
    assert "Ghi chú của cơ quan" in _word_text(out) and "so_cu" not in _word_text(out)

    boxes.answer = None
    monkeypatch.setattr("emudesk.ui.dialogs.ask", lambda *a, **k: True)
    click_button(qtbot, tab.reset_button)
    wait_idle(qtbot, window)
    assert tab.model.row_values(0)[1] == "Mẫu gốc (kèm theo emudesk)"
    out = export_paper(store, "decision-document", PaperParams(decision_id=did), tmp_path / "qd3.docx")
    assert "Ghi chú của cơ quan" not in _word_text(out)
