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


def _type(spin: QDoubleSpinBox, text: str) -> None:
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(spin, text)


def test_offsets_typed_in_settings_are_saved_per_blank_and_used(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    x = dialog.findChild(QDoubleSpinBox, "offset-A3-landscape-x")
    y = dialog.findChild(QDoubleSpinBox, "offset-A3-landscape-y")
    assert x is not None and y is not None and x.value() == 0.0
    _type(x, "2,5" if x.locale().decimalPoint() == "," else "2.5")
    _type(y, "-1")
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
    spin = again.findChild(QDoubleSpinBox, "offset-A3-landscape-x")
    assert spin is not None and spin.value() == 2.5
