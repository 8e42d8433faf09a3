"""The printer offsets of certificate blanks, typed into the Settings dialog and used by the next export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox

from emudesk.services.exports import certificates
from emudesk.services.exports.certificates import Blank, Offset
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.workspace.settings_dialog import SettingsDialog
from tests.ui.conftest import wait_idle


def _type(spin: QDoubleSpinBox, value: str) -> None:
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(spin, value.replace(".", spin.locale().decimalPoint()))


def test_offsets_typed_in_settings_are_saved_per_blank_and_used(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.blank.currentData() == Blank.A4_LANDSCAPE
    dialog.blank.setFocus()
    QTest.keyClick(dialog.blank, Qt.Key.Key_Down)
    QTest.keyClick(dialog.blank, Qt.Key.Key_Down)  # A4-portrait, then A3-landscape
    assert dialog.blank.currentData() == Blank.A3_LANDSCAPE
    _type(dialog.offset_x, "2.5")
    _type(dialog.offset_y, "-1")
    # Another size shows its own (none yet); back to A3 shows what was typed.
    dialog.blank.setFocus()
    QTest.keyClick(dialog.blank, Qt.Key.Key_Up)
    assert (dialog.offset_x.value(), dialog.offset_y.value()) == (0.0, 0.0)
    QTest.keyClick(dialog.blank, Qt.Key.Key_Down)
    assert (dialog.offset_x.value(), dialog.offset_y.value()) == (2.5, -1.0)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    with window.store.read() as session:
        saved = certificates.offsets(session)
    assert saved[Blank.A3_LANDSCAPE] == Offset(2.5, -1.0)
    assert saved[Blank.A4_LANDSCAPE] == Offset()
    result = certificates.export_certificates(window.store, 3, tmp_path / "c.pdf", blank=Blank.A3_LANDSCAPE)
    assert result.offset == Offset(2.5, -1.0)
    # Opened again, the dialog shows what was saved.
    again = SettingsDialog(window.ctx, window)
    qtbot.addWidget(again)
    again.blank.setCurrentIndex(again.blank.findData(Blank.A3_LANDSCAPE))
    assert again.offset_x.value() == 2.5


def test_the_dialog_still_fits_a_768_pixel_high_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.minimumSizeHint().height() <= 740
