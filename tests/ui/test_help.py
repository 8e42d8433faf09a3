"""Trợ giúp: the user guide shipped with the app (F1 at the current view), and Phím tắt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTextBrowser

from emudesk.i18n import _
from emudesk.navigation import VIEWS
from emudesk.ui.help_window import HelpWindow, ShortcutsDialog, guide_path, load_guide
from emudesk.ui.main_window import MainWindow
from tests.ui.conftest import wait_idle
from tests.ui.test_backups import click_menu_item


def _guide(qtbot, window: MainWindow) -> HelpWindow:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.help_window is not None and window.help_window.isVisible())
    assert window.help_window is not None
    qtbot.addWidget(window.help_window)
    return window.help_window


def test_f1_opens_the_guide_at_the_section_of_the_view_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # Ctrl+2 (Đơn vị), then F1, as a user would from the list that has the focus.
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert window.current_view() is window.built_view("units")
    QTest.keyClick(window.current_view() or window, Qt.Key.Key_F1)
    guide = _guide(qtbot, window)
    qtbot.waitUntil(lambda: guide.top_heading() == _("Units"))
    assert guide.browser.verticalScrollBar().value() > 0

    # Another view: the same window scrolls to that view's section.
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert window.current_view() is window.built_view("nominations")
    QTest.keyClick(window.current_view() or window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: guide.top_heading() == _("Nominations"))
    assert window.help_window is guide
    assert guide.contents.currentItem().text().strip() == _("Nominations")


def test_the_guide_has_a_section_with_its_picture_for_every_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    sections = load_guide(browser)
    anchors = {s.anchor: s.title for s in sections}
    for info in VIEWS:
        # Each view's section is titled as the navigation names the view.
        assert anchors.get(info.key) == _(info.title), info.key
    assert {"first-day", "cycle"} <= anchors.keys()
    text = guide_path().read_text(encoding="utf-8")
    for step in ("Kế hoạch", "Thành tích", "Đề nghị", "Hội đồng", "Quyết định", "Báo cáo"):
        assert f"**{step}.**" in text  # the yearly cycle, step by step
    document = browser.document()
    for info in VIEWS:
        picture = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(f"images/{info.key}.png"))
        image = picture if isinstance(picture, QImage) else QImage()
        if image.isNull():  # not yet laid out: load it as the browser would
            image = QImage(str(guide_path().parent / "images" / f"{info.key}.png"))
        assert not image.isNull(), info.key
        assert 600 <= image.width() <= 1000  # a picture of the window, of modest size
        assert (guide_path().parent / "images" / f"{info.key}.png").stat().st_size < 120_000


def test_the_guide_opens_from_the_help_menu_at_its_start(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.help_window = None
    window.show_view("overview")
    click_menu_item(qtbot, window, _("&Help"), _("&User guide"))
    guide = _guide(qtbot, window)
    assert guide.windowTitle() == _("emudesk user guide")
    assert guide.top_heading() == _("Overview")
    # Its contents list jumps to a section when clicked.
    titles = [guide.contents.item(r).text() for r in range(guide.contents.count())]
    item = guide.contents.item(titles.index("Chu trình một năm"))
    QTest.mouseClick(
        guide.contents.viewport(), Qt.MouseButton.LeftButton, pos=guide.contents.visualItemRect(item).center()
    )
    qtbot.waitUntil(lambda: guide.top_heading() == "Chu trình một năm")


def test_a_missing_guide_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    guide = HelpWindow(None, tmp_path / "absent.md")
    qtbot.addWidget(guide)
    assert "absent.md" in guide.browser.toPlainText()
    guide.show_section("units")  # nothing to scroll to: no error
    assert guide.sections == []


def test_shortcuts_lists_the_window_s_own_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_view("individuals")
    wait_idle(qtbot, window)
    # A key changed at run time shows as it is now: the list is read from the actions.
    window.guide_action.setShortcut("Ctrl+Shift+F1")
    click_menu_item(qtbot, window, _("&Help"), _("&Keyboard shortcuts"))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ShortcutsDialog)
    rows = dialog.rows()
    by_name = {name: keys for name, keys, _place in rows}
    assert by_name[plain("&User guide")] == "Ctrl+Shift+F1"
    assert by_name[plain("&Undo")] == "Ctrl+Z"
    assert by_name[_("Units")] == "Ctrl+2"
    assert by_name[plain("Re&fresh")] == "F5"
    assert (by_name[plain("&Find")], by_name[plain("Go to the &navigation pane")]) == ("Ctrl+F", "F6")
    # The list's own keys, from its row menu.
    assert (_("Copy rows"), "Ctrl+C", _("List")) in rows
    assert all(keys for _name, keys, _place in rows)
    assert dialog.findChild(QDialogButtonBox).buttons()[0].text() == _("Close")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def plain(msgid: str) -> str:
    """A menu item's text as the list shows it (no mnemonic)."""
    return _(msgid).replace("&", "")


def test_the_guide_finds_words_typed_without_diacritics(qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = HelpWindow()
    qtbot.addWidget(guide)
    guide.show()
    guide.activateWindow()
    qtbot.waitUntil(guide.isActiveWindow)
    QTest.keyClick(guide.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(guide.search.hasFocus)
    QTest.keyClicks(guide.search, "HOI DONG")
    QTest.keyClick(guide.search, Qt.Key.Key_Return)
    first = guide.browser.textCursor()
    assert first.selectedText().lower() == "hội đồng"
    QTest.keyClick(guide.search, Qt.Key.Key_Return)  # the next place, further down
    assert guide.browser.textCursor().selectedText().lower() == "hội đồng"
    assert guide.browser.textCursor().selectionStart() > first.selectionStart()
    guide.search.clear()
    QTest.keyClicks(guide.search, "thu hoi, huy bo")
    QTest.keyClick(guide.search, Qt.Key.Key_Return)
    assert guide.browser.textCursor().selectedText() == "Thu hồi, hủy bỏ"
    guide.search.clear()
    QTest.keyClicks(guide.search, "khong co dong nao nhu the")
    QTest.keyClick(guide.search, Qt.Key.Key_Return)
    assert guide.found.text() == _("Not found")
