"""Danh mục: an office adds its own award form, edits it, and cannot delete a form in use."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QMessageBox

from emudesk.services.register import catalogue
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.catalogue.catalogue_dialogs import AwardFormDialog, UnitKindDialog
from emudesk.ui.views.catalogue.catalogue_view import CatalogueView
from tests.ui.conftest import Boxes, wait_idle


def _view(window: MainWindow) -> CatalogueView:
    view = window.show_view("catalogue")
    assert isinstance(view, CatalogueView)
    return view


def _codes(view: CatalogueView) -> list[str]:
    return [str(view.forms_model.row_values(r)[1]) for r in range(view.forms_model.rowCount())]


def test_add_an_award_form_then_find_and_edit_it(qtbot, window: MainWindow, boxes: Boxes) -> None:
    view = _view(window)
    dialog = AwardFormDialog(window.ctx, view)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.validate_now()
    assert not dialog.save_button.isEnabled()
    dialog.code.setText("bk tinh")  # wrong shape: said next to the field as you type
    qtbot.waitUntil(lambda: "chữ in hoa" in dialog.rows.error_text("code"))
    dialog.code.setText("GK_SO_NV")
    dialog.name.setText("Giấy khen của Giám đốc Sở Nội vụ")
    dialog.for_individuals.setChecked(True)
    dialog.for_units.setChecked(True)
    dialog.coefficient_collective.setText("0,6")
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    dialog.save()
    wait_idle(qtbot, window)
    assert dialog.saved_id is not None and boxes.warnings() == []
    qtbot.waitUntil(lambda: "GK_SO_NV" in _codes(view))
    with window.store.read() as s:
        saved = catalogue.award_form_input(s, dialog.saved_id)
    assert (saved.name, saved.coefficient_collective, saved.for_households) == (
        "Giấy khen của Giám đốc Sở Nội vụ",
        Decimal("0.6"),
        False,
    )
    view.search.setText("so noi vu")  # diacritic-insensitive filter
    qtbot.waitUntil(lambda: _codes(view) == ["GK_SO_NV"])
    edit = AwardFormDialog(window.ctx, view, dialog.saved_id)
    qtbot.addWidget(edit)
    assert edit.name.text() == "Giấy khen của Giám đốc Sở Nội vụ" and edit.for_units.isChecked()
    edit.mark_clean()


def test_a_form_in_use_is_refused_with_the_service_message(qtbot, window: MainWindow, boxes: Boxes) -> None:
    view = _view(window)
    view.search.setText("BK_TINH")
    qtbot.waitUntil(lambda: _codes(view) == ["BK_TINH"])
    view.forms.select_ids([view.forms_model.key_at(0)])
    boxes.answer = QMessageBox.StandardButton.Yes  # "delete?" yes; the service then refuses
    assert view.delete_selected()
    wait_idle(qtbot, window)
    assert any("ngừng sử dụng" in text for text in boxes.warnings())
    assert _codes(view) == ["BK_TINH"]


def test_add_a_kind_of_unit(qtbot, window: MainWindow, boxes: Boxes) -> None:
    view = _view(window)
    view.tabs.setCurrentWidget(view.kinds)
    dialog = UnitKindDialog(window.ctx, view)
    qtbot.addWidget(dialog)
    dialog.code.setText("truong_cao_dang")
    dialog.name.setText("Trường cao đẳng")
    dialog.tier.setCurrentIndex(dialog.tier.findData("division"))
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    dialog.save()
    wait_idle(qtbot, window)
    qtbot.waitUntil(
        lambda: (
            "truong_cao_dang"
            in [str(view.kinds_model.row_values(r)[1]) for r in range(view.kinds_model.rowCount())]
        )
    )
