"""The printer offsets of certificate blanks, typed into the Settings dialog and used by the next export."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
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


def _when_boxes_open(act) -> list[str]:  # type: ignore[no-untyped-def]
    """When the Boxes dialog comes up (modal), run ``act`` on it as the user."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from emudesk.ui.views.workspace.certificate_boxes import CertificateBoxesDialog

    seen: list[str] = []

    def wait() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CertificateBoxesDialog):
            QTimer.singleShot(20, wait)
            return
        seen.append(dialog.windowTitle())
        act(dialog)

    QTimer.singleShot(0, wait)
    return seen


def _click(widget) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_box_typed_in_settings_is_where_the_next_certificate_prints(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from emudesk.services.exports.certificates import Field, Place
    from tests.services.exports.test_certificate_boxes import inside, text_box_mm
    from tests.services.exports.test_certificates import list_names

    def type_the_box(boxes) -> None:  # type: ignore[no-untyped-def]
        assert boxes.field.currentData() == Field.NAME.value  # the name's box comes first
        for key, value in (("x", "20"), ("y", "70"), ("width", "150"), ("height", "20"), ("max_size", "30")):
            _type(boxes.spins[key], value)
        _click(boxes.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))

    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    seen = _when_boxes_open(type_the_box)
    _click(dialog.boxes_button)
    assert seen == ["Ô chữ trên phôi: A4-landscape"]
    _click(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    wait_idle(qtbot, window)
    with window.store.read() as session:
        saved = certificates.places_for(session, Blank.A4_LANDSCAPE)[Field.NAME]
    assert (saved.x, saved.y, saved.width, saved.height, saved.max_size) == (20, 70, 150, 20, 30)
    name = list_names(window.store, 3)[0]
    certificates.export_certificates(window.store, 3, tmp_path / "c.pdf")
    assert inside(text_box_mm(tmp_path / "c.pdf", name), Place(20, 70, 150, 20, 30, 0))

    # Khôi phục mặc định, then OK: the usual boxes again.
    def restore(boxes) -> None:  # type: ignore[no-untyped-def]
        _click(boxes.defaults)
        assert boxes.spins["x"].value() != 20
        _click(boxes.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))

    again = SettingsDialog(window.ctx, window)
    qtbot.addWidget(again)
    again.show()
    assert again.place_values[Blank.A4_LANDSCAPE][Field.NAME] == saved
    _when_boxes_open(restore)
    _click(again.boxes_button)
    _click(again.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    wait_idle(qtbot, window)
    with window.store.read() as session:
        assert certificates.places_for(session, Blank.A4_LANDSCAPE) == certificates.default_places(
            Blank.A4_LANDSCAPE
        )


def test_a_box_off_the_sheet_is_refused_in_the_boxes_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    from emudesk.services.exports.certificates import Field
    from emudesk.ui.views.workspace.certificate_boxes import CertificateBoxesDialog

    boxes = CertificateBoxesDialog(Blank.A4_PORTRAIT, certificates.default_places(Blank.A4_PORTRAIT))
    qtbot.addWidget(boxes)
    boxes.show()
    _type(boxes.spins["x"], "150")  # 150 + the name box's 168 mm is past the 210 mm sheet
    _click(boxes.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    assert boxes.isVisible() and boxes.result() == 0
    assert "Họ và tên" in boxes.banner.text() and boxes.banner.isVisible()
    assert boxes.field.currentData() == Field.NAME.value


def test_changing_one_box_leaves_the_others_usual(qtbot) -> None:  # type: ignore[no-untyped-def]
    from emudesk.services.exports.certificates import Field

    for blank in Blank:
        usual = certificates.default_places(blank)
        from emudesk.ui.views.workspace.certificate_boxes import CertificateBoxesDialog

        boxes = CertificateBoxesDialog(blank, usual)
        qtbot.addWidget(boxes)
        boxes.show()
        # Through every field and back, one value typed in the name's box only.
        boxes.field.setFocus()
        for _step in Field:
            QTest.keyClick(boxes.field, Qt.Key.Key_Down)
        QTest.keyClick(boxes.field, Qt.Key.Key_Home)
        _type(boxes.spins["y"], "60")
        # Only the name's box differs from the usual ones, and in y only (44.55 mm stays 44.55).
        assert set(certificates.layouts_value({blank: boxes.places})[blank.value]) == {"name"}
        assert dataclasses.astuple(boxes.places[Field.NAME]) == pytest.approx(
            dataclasses.astuple(dataclasses.replace(usual[Field.NAME], y=60.0)), abs=0.005
        )
        assert {f: p for f, p in boxes.places.items() if f is not Field.NAME} == {
            f: p for f, p in usual.items() if f is not Field.NAME
        }
