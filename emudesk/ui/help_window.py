"""Trợ giúp: the user guide shipped with the app, and the window's keyboard shortcuts.

The guide is Markdown (``resources/help/huong-dan.md``, images beside it) shown in a
QTextBrowser: no QtWebEngine (it would add ~265 MB to the bundle), and the Markdown reads
well in a text editor or on GitHub too. Qt's Markdown reader keeps no heading ids, so a
heading ends with ``{#key}`` (the Pandoc/kramdown spelling) and ``load_guide`` turns that
into an anchor: F1 scrolls to the anchor named after the current view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QImageReader,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from emudesk import paths
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.widgets.record_table import RecordTable

_ANCHOR = re.compile(r"\s*\{#([A-Za-z0-9_-]+)\}\s*$")


def guide_path() -> Path:
    """The guide's Markdown (found through ``resources_dir`` in a checkout, a wheel or a frozen bundle)."""
    return paths.resources_dir() / "help" / "huong-dan.md"


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int


def load_guide(browser: QTextBrowser, source: Path | None = None) -> list[Section]:
    """Show the guide in ``browser``; returns its headings that carry an anchor, in order."""
    source = source or guide_path()
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        missing = _("The user guide is missing from this installation ({path}).")
        browser.setPlainText(missing.format(path=source))
        return []
    browser.setSearchPaths([str(source.parent)])  # images: images/<view>.png beside the guide
    document = browser.document()
    document.setBaseUrl(QUrl.fromLocalFile(str(source.parent) + "/"))
    browser.setMarkdown(text)
    sections: list[Section] = []
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        found = _ANCHOR.search(block.text()) if level else None
        if found is not None:
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + found.start())
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            anchor = QTextCharFormat()
            anchor.setAnchor(True)
            anchor.setAnchorNames([found.group(1)])
            cursor.mergeCharFormat(anchor)
            sections.append(Section(found.group(1), block.text(), level))
        block = block.next()
    return sections


def fit_images(browser: QTextBrowser, folder: Path) -> None:
    """Pictures no wider than the page: a smaller window shrinks them instead of scrolling sideways.

    ``folder``: where the guide's relative image names point.
    """
    document = browser.document()
    room = max(200, browser.viewport().width() - 2 * int(document.documentMargin()) - 8)
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            image = fragment.charFormat().toImageFormat() if fragment.charFormat().isImageFormat() else None
            if image is not None:
                natural = QImageReader(str(folder / image.name())).size()
                width = min(natural.width(), room)
                if natural.width() > 0 and abs(image.width() - width) > 1:
                    image.setWidth(width)
                    image.setHeight(natural.height() * width / natural.width())
                    cursor = QTextCursor(document)
                    start = fragment.position()
                    cursor.setPosition(start)
                    cursor.setPosition(start + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
            it += 1
        block = block.next()


def _fold_each(text: str) -> str:
    """``fold`` character by character, keeping every position (a match maps back to the document)."""
    out = []
    for char in text:
        folded = fold(char)
        out.append(folded if len(folded) == 1 else char.lower())
    return "".join(out)


class HelpWindow(QWidget):
    """Hướng dẫn sử dụng: the contents on the left, the guide on the right."""

    def __init__(self, parent: QWidget | None = None, source: Path | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(_("emudesk user guide"))
        self.contents = QListWidget(self)
        self.contents.setAccessibleName(_("Table of contents"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # offline: the guide links only to itself
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # pictures fit
        self.source = source or guide_path()
        self.sections = load_guide(self.browser, self.source)
        for section in self.sections:
            item = QListWidgetItem(("    " if section.level > 2 else "") + section.title, self.contents)
            item.setData(Qt.ItemDataRole.UserRole, section.anchor)
        self.contents.itemActivated.connect(self._open_item)
        self.contents.itemClicked.connect(self._open_item)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Find in the guide, with or without diacritics (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        self.found = QLabel(self)
        reading = QWidget(self)
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.found)
        column.addLayout(row)
        column.addWidget(self.browser, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.contents)
        splitter.addWidget(reading)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.browser.viewport().installEventFilter(self)
        self.resize(self.sizeHint())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            fit_images(self.browser, self.source.parent)
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        # Beside the main window on a 1366×768 laptop, never larger than the screen it opens on.
        screen = self.screen().availableGeometry()
        return QSize(min(1100, screen.width() - 40), min(720, screen.height() - 60))

    def _open_item(self, item: QListWidgetItem) -> None:
        self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))

    def show_section(self, anchor: str) -> None:
        """Scroll so that the section ``anchor`` starts at the top (the start of the guide if unknown)."""
        if any(s.anchor == anchor for s in self.sections):
            self.browser.scrollToAnchor(anchor)
            for row in range(self.contents.count()):
                if self.contents.item(row).data(Qt.ItemDataRole.UserRole) == anchor:
                    blocked = self.contents.blockSignals(True)
                    self.contents.setCurrentRow(row)
                    self.contents.blockSignals(blocked)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def find_next(self) -> bool:
        """Select the next place the search text occurs (from the top again after the last)."""
        needle = _fold_each(self.search.text().strip())
        if not needle:
            return False
        text = _fold_each(self.browser.document().toPlainText())
        start = self.browser.textCursor().selectionEnd()
        at = text.find(needle, start)
        if at < 0:
            at = text.find(needle)
        if at < 0:
            self.found.setText(_("Not found"))
            return False
        self.found.setText("")
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(at)
        cursor.setPosition(at + len(needle), QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        return True

    def top_heading(self) -> str:
        """The text of the block at the top of the visible page (what the reader sees first)."""
        return self.browser.cursorForPosition(QPoint(4, 4)).block().text()


# --- keyboard shortcuts -------------------------------------------------------------------------
@dataclass(frozen=True)
class ShortcutEntry:
    place: str  # the menu it is in ("Tệp"), or where it works ("Danh sách")
    name: str
    keys: str


def _plain(text: str) -> str:
    """A menu text without its mnemonic marks and trailing dots (&Mở… → Mở)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


def _keys(shortcuts: list[QKeySequence]) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    seen: list[str] = []
    for sequence in shortcuts:
        text = sequence.toString(native)
        if text and text not in seen:
            seen.append(text)
    return ", ".join(seen)


def _menu_entries(menu: QMenu, place: str, out: list[ShortcutEntry], seen: set[int]) -> None:
    for action in menu.actions():
        seen.add(id(action))
        sub = action.menu()
        if isinstance(sub, QMenu):
            _menu_entries(sub, f"{place} ▸ {_plain(action.text())}", out, seen)
        elif keys := _keys(action.shortcuts()):
            out.append(ShortcutEntry(place, _plain(action.text()), keys))


def window_shortcuts(window: QMainWindow, current: QWidget | None = None) -> list[ShortcutEntry]:
    """Every shortcut the window answers to now, read from its actions and shortcuts.

    ``current``: the view shown; the row menu of its list adds the list's own keys.
    """
    out: list[ShortcutEntry] = []
    seen: set[int] = set()
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            _menu_entries(menu, _plain(action.text()), out, seen)
    # Actions and shortcuts outside the menus (a view's own), named by their text or What's This.
    for child in window.findChildren(QObject):
        if id(child) in seen:
            continue
        if isinstance(child, QAction) and (keys := _keys(child.shortcuts())) and child.text():
            out.append(ShortcutEntry(_("Window"), _plain(child.text()), keys))
        elif isinstance(child, QShortcut) and child.whatsThis() and (keys := _keys(child.keys())):
            out.append(ShortcutEntry(_("Window"), child.whatsThis(), keys))
    tables = [t for t in current.findChildren(RecordTable) if t.isVisible()] if current is not None else []
    if tables:
        menu = tables[0].row_menu(None)
        for action in menu.actions():
            if keys := _keys(action.shortcuts()):
                out.append(ShortcutEntry(_("List"), _plain(action.text()), keys))
        menu.deleteLater()
    return out


class ShortcutsDialog(QDialog):
    """Trợ giúp ▸ Phím tắt: a table of what each key does, as the window has them now."""

    def __init__(self, entries: list[ShortcutEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.table = QTableWidget(len(entries), 3, self)
        self.table.setHorizontalHeaderLabels([_("Command"), _("Keys"), _("Menu")])
        for row, entry in enumerate(entries):
            for column, text in enumerate((entry.name, entry.keys, entry.place)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        translate_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(720, screen.width() - 40), min(560, screen.height() - 80))

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's text, row by row (command, keys, menu)."""
        out: list[tuple[str, str, str]] = []
        for row in range(self.table.rowCount()):
            name, keys, place = (item.text() if (item := self.table.item(row, c)) else "" for c in range(3))
            out.append((name, keys, place))
        return out
