"""Cá nhân: search that ignores diacritics, filters, the form that validates as you type, delete and undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from emudesk.domain.enums import Gender
from emudesk.services.register.lists import IndividualFilter, individual_ids, individual_rows
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.individual_dialog import IndividualDialog
from emudesk.ui.views.register.individuals_view import IndividualsView
from tests.ui.conftest import Boxes, wait_idle


def _view(window: MainWindow) -> IndividualsView:
    view = window.show_view("individuals")
    assert isinstance(view, IndividualsView)
    window.tasks.wait_idle()  # the list loads on the reader thread
    return view


def _names(view: IndividualsView) -> list[str]:
    return [str(view.model.cells(r)[0]) for r in range(view.model.rowCount())]


def _someone(window: MainWindow) -> tuple[int, str]:
    with window.store.read() as s:
        ids = individual_ids(s, IndividualFilter(search="thi"))
        return ids[0], str(individual_rows(s, ids[:1])[ids[0]][0])


def test_search_with_and_without_diacritics_finds_the_same_people(qtbot, window: MainWindow) -> None:
    view = _view(window)
    _pid, name = _someone(window)
    view.search.insert(name)  # QTest types ASCII only; insert() goes through the same signals
    qtbot.waitUntil(lambda: name in _names(view) and view.model.rowCount() < 50)
    with_marks = _names(view)
    assert name in with_marks
    from emudesk.domain.text import fold

    view.search.setText(fold(name).upper())  # "NGUYEN THI ..." without any diacritics
    qtbot.waitUntil(lambda: _names(view) == with_marks)
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2000)


def test_names_sort_in_vietnamese_order_given_name_first(window: MainWindow) -> None:
    view = _view(window)
    given = [n.split()[-1] for n in _names(view)[:40]]
    assert given[0].startswith("A")
    assert all(g[0] in "AĂÂB" for g in given)  # An, Anh, Ánh… before Bình: by tên, not by họ


def test_filters_run_in_the_database(qtbot, window: MainWindow) -> None:
    view = _view(window)
    view.gender.setCurrentIndex(view.gender.findData(Gender.FEMALE))
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < 2000)
    women = view.model.rowCount()
    assert {view.model.cells(r)[1] for r in range(min(women, 50))} == {"Nữ"}
    view.born_from.setText("1990")
    qtbot.waitUntil(lambda: view.model.rowCount() < women)
    assert all(int(str(view.model.cells(r)[2])[-4:]) >= 1990 for r in range(view.model.rowCount()))
    view.clear_filters()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2000)


def test_create_an_individual_through_the_form(qtbot, window: MainWindow, boxes: Boxes) -> None:
    view = _view(window)
    dialog = IndividualDialog(window.ctx, view)
    qtbot.addWidget(dialog)
    dialog.show()
    # Required fields and a wrong CCCD are reported next to their fields as you type.
    dialog.validate_now()
    assert "họ" in dialog.rows.error_text("name").lower() or "tên" in dialog.rows.error_text("name").lower()
    assert not dialog.save_button.isEnabled()
    dialog.family.insert("Vũ")
    dialog.middle.insert("Thị Ngọc")
    dialog.given.insert("Ánh")
    dialog.gender.setCurrentIndex(dialog.gender.findData(Gender.FEMALE))
    dialog.birth_date.setText("31/02/1990")
    qtbot.waitUntil(lambda: "ngày/tháng/năm" in dialog.rows.error_text("birth"))
    dialog.birth_date.setText("12/03/1990")
    dialog.id_number.setText("03419001234")
    qtbot.waitUntil(lambda: "12" in dialog.rows.error_text("id_number"))
    dialog.id_number.setText("034190012345")  # 4th digit 1: a woman born in the 1900s, year 90
    qtbot.waitUntil(lambda: dialog.rows.error_text("id_number") == "" and dialog.save_button.isEnabled())
    dialog.save()
    wait_idle(qtbot, window)
    assert dialog.saved_id is not None
    assert boxes.warnings() == []
    view.search.setText("vu thi ngoc anh")
    qtbot.waitUntil(lambda: _names(view) == ["Vũ Thị Ngọc Ánh"])
    # The same person again is a likely duplicate: said next to the name, with a tick box to override.
    again = IndividualDialog(window.ctx, view)
    qtbot.addWidget(again)
    for field, text in ((again.family, "Vũ"), (again.middle, "Thị Ngọc"), (again.given, "Ánh")):
        field.setText(text)
    again.gender.setCurrentIndex(again.gender.findData(Gender.FEMALE))
    again.birth_date.setText("12/03/1990")
    again.validate_now()
    assert f"#{dialog.saved_id}" in again.rows.error_text("name")
    assert again.allow_duplicate.isVisibleTo(again) and not again.save_button.isEnabled()
    again.allow_duplicate.setChecked(True)
    again.validate_now()
    assert again.save_button.isEnabled()
    again.mark_clean()


def test_unsaved_form_asks_before_closing(qtbot, window: MainWindow, boxes: Boxes) -> None:
    dialog = IndividualDialog(window.ctx, _view(window))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.given.setText("Bình")
    boxes.answer = QMessageBox.StandardButton.Cancel
    dialog.reject()
    assert dialog.isVisible() and boxes.shown[-1][1] == "Thay đổi chưa lưu"
    boxes.answer = QMessageBox.StandardButton.Discard
    dialog.reject()
    assert not dialog.isVisible()


def test_delete_asks_then_ctrl_z_restores(qtbot, window: MainWindow, boxes: Boxes) -> None:
    view = _view(window)
    pid, name = _someone(window)
    view.search.setText(name)
    view.refresh()
    wait_idle(qtbot, window)
    view.table.select_ids([pid], pid)
    boxes.answer = QMessageBox.StandardButton.No
    view.delete_selected()
    assert "thùng rác" in boxes.texts[-1] and view.model.row_of(pid) >= 0  # asked, nothing deleted
    boxes.answer = QMessageBox.StandardButton.Yes
    view.delete_selected()
    wait_idle(qtbot, window)
    assert view.model.row_of(pid) < 0
    assert window.undo_action.isEnabled() and "xóa" in window.undo_action.text()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert view.model.row_of(pid) >= 0
    assert window.redo_action.isEnabled()


def test_bin_dialog_restores(qtbot, window: MainWindow, boxes: Boxes) -> None:
    from emudesk.ui.operations import bin_ops
    from emudesk.ui.views.workspace.bin_dialog import BinDialog

    view = _view(window)
    pid, _name = _someone(window)
    bin_ops.delete_records(window.ctx, view, "individuals", [pid], ask=False)
    wait_idle(qtbot, window)
    dialog = BinDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model is not None and dialog.model.ids == [pid]
    dialog.table.select_ids([pid])  # type: ignore[union-attr]
    dialog.restore_selected()
    wait_idle(qtbot, window)
    assert dialog.model.rowCount() == 0
    QApplication.processEvents()
    assert view.model.row_of(pid) >= 0


@pytest.mark.parametrize("key", ["individuals", "households", "units", "awards"])
def test_ctrl_f_focuses_the_search_box(qtbot, window: MainWindow, key: str) -> None:
    view = window.show_view(key)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = view.search  # type: ignore[attr-defined]
    qtbot.waitUntil(search.hasFocus)


def test_record_a_yearly_rating_from_the_detail_panel(
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emudesk.domain.enums import Rating
    from emudesk.ui.views.register.individuals_view import RatingDialog

    view = _view(window)
    pid, _name = _someone(window)
    view.table.select_ids([pid], pid)
    assert view.detail.individual_id == pid

    def answer(self: RatingDialog) -> int:
        self.year.set_int(2026)
        self.rating.setCurrentIndex(self.rating.findData(Rating.EXCELLENT))
        self._accept()
        return int(self.result())

    monkeypatch.setattr(RatingDialog, "exec", answer)
    view.detail.edit_rating()
    wait_idle(qtbot, window)
    # The change reloads the list, which passes through the blank page and comes back to the person
    # once its rest has loaded after a repaint: wait for that, not only for the worker.
    qtbot.waitUntil(lambda: view.detail.individual_id == pid and view.detail.ratings.model.rowCount() > 0)
    assert view.detail.ratings.model.row_values(0) == (2026, "Hoàn thành xuất sắc nhiệm vụ")
