"""The export dialog, offscreen: page-1 preview, export on the worker, cancel, File ▸ Export."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from emudesk.export import ExportCancelledError
from emudesk.i18n import _
from emudesk.services.core.store import Store
from emudesk.services.exports import documents as exports
from emudesk.services.exports.documents import DocumentKind, ExportFormat
from emudesk.ui import export_dialog
from emudesk.ui.export_dialog import ExportDialog, open_export_dialog
from tests.readback import pdf_raw_text


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, object]:
    """The save dialog answers ``answers["save"]``; "open it now?" answers ``answers["open"]``."""
    state: dict[str, object] = {"save": tmp_path / "out" / "ds.pdf", "open": True, "asked": [], "opened": []}
    (tmp_path / "out").mkdir()

    def save(*args: object, **kwargs: object) -> tuple[str, str]:
        state["suggested"] = args[2] if len(args) > 2 else ""
        return str(state["save"]), ""

    def ask(parent: object, text: str, *args: object, **kwargs: object) -> bool:
        state["asked"].append(text)  # type: ignore[attr-defined]
        return bool(state["open"])

    def open_url(url: QUrl) -> bool:
        state["opened"].append(url.toLocalFile())  # type: ignore[attr-defined]
        return True

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(export_dialog.dialogs, "ask", ask)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return state


def _dark_share(dialog: ExportDialog) -> float:
    image = dialog.preview_image
    assert image is not None and not image.isNull()
    dark = total = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            total += 1
            dark += image.pixelColor(x, y).lightness() < 128
    return dark / total


def test_preview_then_export_and_open(
    qtbot: QtBot, sqlite_demo_store: Store, answers: dict[str, object]
) -> None:
    dialog = ExportDialog(sqlite_demo_store, kind="nominations", campaign_id=4)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=15_000)
    image = dialog.preview_image
    assert image is not None and image.width() == export_dialog.PREVIEW_WIDTH
    assert image.width() > image.height()  # a wide list prints landscape
    assert 0.005 < _dark_share(dialog) < 0.5  # text and grid lines on white paper

    dialog.export()
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=15_000)
    target = Path(str(answers["save"]))
    assert dialog.last_export == target and target.exists()
    # What the list is, in ASCII, in the folder saved to last time (the Documents folder at first).
    assert Path(str(answers["suggested"])).name == "DS de nghi Thi dua thuong xuyen nam 2025.pdf"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_raw_text(target)
    assert answers["opened"] == [str(target)]
    assert dialog.export_button.isEnabled()


def test_kinds_switch_parameters_formats_and_preview(
    qtbot: QtBot, sqlite_demo_store: Store, answers: dict[str, object]
) -> None:
    dialog = ExportDialog(sqlite_demo_store, kind="campaign", campaign_id=4)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview_caption.text() == _("No preview")  # no worker needed to say so
    assert [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())] == ["xlsx"]
    assert dialog.preview_image is None and dialog.preview_label.text()

    with qtbot.waitSignal(dialog.preview_ready, timeout=15_000):
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(DocumentKind.SUMMARY.value))
    assert {dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())} == {"pdf", "xlsx"}
    assert dialog.campaign_combo.isVisible() and not dialog.unit_combo.isVisible()
    assert dialog.params().campaign_id == 4 and dialog.params().year is None
    dialog.scope_combo.setCurrentIndex(1)
    assert not dialog.campaign_combo.isVisible() and dialog.year_combo.isVisible()
    assert dialog.params().campaign_id is None and dialog.params().year is not None

    with qtbot.waitSignal(dialog.preview_ready, timeout=15_000):
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(DocumentKind.DECISION.value))
    assert dialog.decision_combo.isVisible() and dialog.params().decision_id is not None
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=15_000)

    # A list nobody is in: the preview says so instead of showing a page.
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(DocumentKind.NOMINATIONS.value))
    with qtbot.waitSignal(dialog.preview_ready, timeout=15_000):
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("withdrawn"))
    assert dialog.preview_image is None
    assert dialog.preview_label.text() == _(
        "No nomination of this campaign matches; there is nothing to export."
    )


def test_cancel_leaves_no_file(
    qtbot: QtBot, sqlite_demo_store: Store, answers: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def slow_export(
        store: Store, kind: object, params: object, path: Path, fmt: object, *, progress: Any, cancel: Any
    ) -> Path:
        started.set()
        progress(0, 100)
        assert cancel.wait(10)
        raise ExportCancelledError

    dialog = ExportDialog(sqlite_demo_store, kind="summary", campaign_id=4)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=15_000)
    monkeypatch.setattr(exports, "export_document", slow_export)
    answers["save"] = Path(str(answers["save"])).with_suffix(".xlsx")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(ExportFormat.XLSX.value))
    dialog.export()
    qtbot.waitUntil(started.is_set, timeout=5_000)
    assert not dialog.export_button.isEnabled()
    dialog.cancel_export()
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=10_000)
    assert dialog.last_export is None
    assert dialog.preview_caption.text() == _("The export was cancelled; no file was written.")
    assert list(Path(str(answers["save"])).parent.iterdir()) == []


def test_a_failed_export_is_shown_and_the_dialog_stays(
    qtbot: QtBot, sqlite_demo_store: Store, answers: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(export_dialog, "show_error", lambda parent, exc: shown.append(exc))
    answers["save"] = Path(str(answers["save"])).parent / "missing-folder" / "ds.pdf"
    dialog = ExportDialog(sqlite_demo_store, kind="nominations", campaign_id=4)
    qtbot.addWidget(dialog)
    dialog.export()
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert str(shown[0]) == _("The folder “{folder}” does not exist.").format(
        folder=Path(str(answers["save"])).parent
    )
    assert dialog.export_button.isEnabled()


def test_file_menu_entries_open_the_dialog_from_the_window(
    qtbot: QtBot, sqlite_demo_store: Store, tmp_path: Path
) -> None:
    from emudesk.ui import extensions, paperwork_dialog
    from emudesk.ui.app_settings import AppSettings
    from emudesk.ui.main_window import MainWindow

    # First "the list on screen", then one entry per kind of document, then certificates and statistics.
    entries = extensions.entries("export")
    documents = entries[1 : 1 + len(exports.KINDS)]
    assert [e.title for e in documents] == [info.label + "…" for info in exports.KINDS.values()]
    mine = {e.title for e in paperwork_dialog.menu_entries()}
    rest = [e.title for e in entries[1 + len(exports.KINDS) :]]
    assert mine <= set(rest)
    assert all(t.endswith("(Word, PDF)…") for t in rest if t not in mine)  # the papers
    window = MainWindow(sqlite_demo_store, settings=AppSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    documents[0].run(window)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.tasks is window.tasks and dialog.kind is DocumentKind.NOMINATIONS
    qtbot.waitUntil(
        lambda: dialog.preview_image is not None or bool(dialog.preview_label.text()), timeout=15_000
    )
    dialog.reject()
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=10_000)
    window.tasks.shutdown()

    other = open_export_dialog(None, sqlite_demo_store, kind="decision", decision_id=3)
    qtbot.addWidget(other)
    assert other.params().decision_id == 3
    other.reject()


def test_the_summarys_recipients_typed_in_the_dialog_are_printed(
    qtbot: QtBot, sqlite_demo_store: Store, answers: dict[str, object]
) -> None:
    """As ``--recipient`` on the command line: the report's own Nơi nhận, then the clerk's edit."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    dialog = ExportDialog(sqlite_demo_store, kind="summary", campaign_id=4)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.recipients
    assert field.isVisible()
    default = field.toPlainText().splitlines()
    assert len(default) == 2 and default[0].endswith("(để báo cáo);") and default[1] == "Lưu: VT."
    QTest.mouseClick(field.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    QTest.keyClick(field, Qt.Key.Key_End)
    QTest.keyClick(field, Qt.Key.Key_Return)
    for ch in "Ban Thi đua - Khen thưởng tỉnh;":
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, field, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )
    assert dialog.params().recipients == (default[0], "Ban Thi đua - Khen thưởng tỉnh;", "Lưu: VT.")
    button = dialog.export_button
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=20_000)
    text = " ".join(pdf_raw_text(Path(str(answers["save"]))).split())
    assert f"{default[0]} - Ban Thi đua - Khen thưởng tỉnh; - Lưu: VT." in text
    # Another kind has no Nơi nhận of its own: the field goes away.
    dialog.kind_combo.setFocus()
    QTest.keyClick(dialog.kind_combo, Qt.Key.Key_Home)
    assert dialog.kind is DocumentKind.NOMINATIONS and not field.isVisible()
    assert dialog.params().recipients == ()
    dialog.reject()
