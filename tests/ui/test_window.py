"""The window: menus and shortcuts, databases (new, open, recent), settings, about, remembered layout."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from emudesk.services.core.store import Store, all_settings
from emudesk.ui import extensions
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.entry import _store_for
from emudesk.ui.main_window import MainWindow
from emudesk.ui.menu_entry import MenuEntry
from emudesk.ui.qt_translation import GettextTranslator
from emudesk.ui.views.register.individual_dialog import IndividualDialog
from emudesk.ui.views.workspace.about_dialog import AboutDialog
from emudesk.ui.views.workspace.settings_dialog import SettingsDialog
from tests.ui.conftest import Boxes, wait_idle


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_menus_are_in_vietnamese_with_import_and_export(window: MainWindow) -> None:
    assert _menu_titles(window) == ["&Tệp", "&Sửa", "&Phong trào", "&Xem", "&Trợ giúp"]
    file_menu = window.menuBar().actions()[0].menu()
    titles = [a.text() for a in file_menu.actions()]
    assert "&Nhập" in titles and "&Xuất" in titles and "T&hoát" in titles
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"


def test_export_entries_plug_into_the_file_menu(window: MainWindow) -> None:
    calls: list[object] = []
    entry = MenuEntry("export", "Danh sách đề nghị (Excel)…", calls.append)
    extensions.register(entry)
    try:
        window.export_menu.aboutToShow.emit()
        action = next(a for a in window.export_menu.actions() if a.text() == entry.title)
        action.trigger()
    finally:
        extensions.unregister(entry)
    assert calls == [window]


def test_standard_shortcuts_reach_the_current_view(
    qtbot, window: MainWindow, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[IndividualDialog] = []
    monkeypatch.setattr(IndividualDialog, "exec", lambda self: opened.append(self) or 0)
    view = window.show_view("individuals")
    window.tasks.wait_idle()
    view.table.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert len(opened) == 1 and opened[0].individual_id is None
    view.table.select_first()  # type: ignore[attr-defined]
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert len(opened) == 2 and opened[1].individual_id is not None
    boxes.answer = QMessageBox.StandardButton.No
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # type: ignore[attr-defined]
    assert "thùng rác" in boxes.texts[-1]
    qtbot.keyClick(view.table, Qt.Key.Key_F5)  # type: ignore[attr-defined]
    assert window.statusBar().currentMessage() == "Đã làm mới."
    for dialog in opened:
        dialog.mark_clean()


def test_new_database_opens_it_and_remembers_it(
    qtbot, window: MainWindow, ui_settings: AppSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "moi.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.show_view("individuals")
    window.new_database()
    window.tasks.wait_idle()
    assert window.store.path == target.resolve()
    assert str(target.resolve()) in window.windowTitle()
    assert window.view("individuals").model.rowCount() == 0  # type: ignore[attr-defined]
    assert ui_settings.recent_databases()[0] == str(target.resolve())
    assert ui_settings.last_database() == str(target.resolve())
    window.recent_menu.aboutToShow.emit()
    assert window.recent_menu.actions()[0].text() == str(target.resolve())


def test_last_database_is_opened_next_time(tmp_path: Path, sqlite_template: Path) -> None:
    import shutil

    settings = AppSettings(tmp_path / "ui.ini")
    path = tmp_path / "office.sqlite3"
    shutil.copy(sqlite_template, path)
    settings.add_recent_database(str(path))
    store = _store_for(argparse.Namespace(db=None, demo=False), settings)
    try:
        assert store.path == path.resolve()
    finally:
        store.close()


def test_settings_dialog_saves_the_office_names(qtbot, window: MainWindow) -> None:
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.fields["office.place"].setText("Phố Hiến")
    dialog.fields["signer.name"].setText("Nguyễn Thị Lan")
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.new_location is None
    with window.store.read() as s:
        values = all_settings(s)
    assert (values["office.place"], values["signer.name"]) == ("Phố Hiến", "Nguyễn Thị Lan")


def test_settings_dialog_checks_the_server_url(qtbot, window: MainWindow) -> None:
    dialog = SettingsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.use_server.setChecked(True)
    dialog.server_url.setText("may-chu/emudesk")
    dialog._accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "postgresql://" in dialog.db_rows.error_text("server")


def test_about_box_names_version_and_database(qtbot, window: MainWindow) -> None:
    from emudesk import __version__

    dialog = AboutDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(type(window.db_label))]
    assert any(__version__ in t for t in texts)
    assert any(window.store.display_name in t for t in texts)


def test_layout_is_remembered(
    qtbot, sqlite_demo_store: Store, ui_settings: AppSettings, boxes: Boxes
) -> None:
    first = MainWindow(sqlite_demo_store, settings=ui_settings)
    qtbot.addWidget(first)
    first.resize(1100, 700)
    first.show()
    view = first.show_view("households")
    first.tasks.wait_idle()
    view.table.setColumnWidth(0, 321)  # type: ignore[attr-defined]
    first.close()
    again = MainWindow(sqlite_demo_store, settings=ui_settings)
    qtbot.addWidget(again)
    assert again.current_view() is again.view("households")
    assert again.view("households").table.columnWidth(0) == 321  # type: ignore[attr-defined]
    # The offscreen screen is small, so the size itself may be clamped; the geometry is stored.
    assert ui_settings.state("window/geometry") is not None
    again.tasks.shutdown()


def test_qt_stock_buttons_speak_vietnamese() -> None:
    translator = GettextTranslator()
    assert translator.translate("QPlatformTheme", "&Yes") == "&Có"
    assert translator.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert translator.translate("QLineEdit", "&Copy") == "&Sao chép"
    assert translator.translate("Anything", "not ours") == "not ours"


def test_closing_with_unsaved_campaign_changes_asks(qtbot, window: MainWindow, boxes: Boxes) -> None:
    campaigns = window.show_view("campaigns")
    campaigns.editor.f_note.setPlainText("Chưa lưu")  # type: ignore[attr-defined]
    boxes.answer = QMessageBox.StandardButton.Cancel
    window.close()
    assert window.isVisible()
    boxes.answer = QMessageBox.StandardButton.Discard
    window.close()
    assert not window.isVisible()
    QApplication.processEvents()
    wait_idle(qtbot, window)


def test_table_menus_carry_the_views_actions(window: MainWindow) -> None:
    view = window.show_view("nominations")
    texts = [a.text() for a in view.table.row_menu().actions()]  # type: ignore[attr-defined]
    assert {"Thêm mới", "Sửa", "Xóa", "Trình", "Thẩm định", "Quyết định khen thưởng…", "Rút hồ sơ"} <= set(
        texts
    )
    # The table's own entries first (issue 18): open, copy, export the selected rows, filter.
    assert texts[:2] == ["Mở", "Mở đối tượng"]
    assert {"Sao chép", "Xuất các dòng đã chọn…", "Lọc theo giá trị này"} <= set(texts)
    assert view.table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu  # type: ignore[attr-defined]
