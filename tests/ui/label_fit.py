"""Does every label fit? Each view and main dialog of the window, on a 1366×768 laptop screen.

Used by tests/ui/test_label_fit.py in the test process (100 %) and, through ``python -m
tests.ui.label_fit DB``, in a subprocess whose offscreen screen is 1366×768 at 120 dpi: what Windows
reports at 125 % scaling, so Qt lays out on a 1093×614 logical screen with every size × 1.25,
fonts and margins alike (scaling only the font would leave the margins and icons at 100 %).

A text is clipped when its widget is narrower than the text needs (Qt then cuts or elides it):
a QLabel, QCheckBox, QRadioButton or button narrower than its size hint, a word-wrapped label
shorter than its text at that width, a group box narrower than its title, a tab bar that hides
tabs behind its scroll arrows; and a dialog larger than the screen left by the taskbar.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
)

SCREEN = (1366, 768)
TASKBAR = 40  # Windows' taskbar, in logical pixels at any scaling
TITLE_BAR = 31  # a window's title bar and frame
PLAN = Path(__file__).resolve().parents[1] / "data" / "plans" / "KH-SNNPTNT-thai-binh-2023.txt"


def room() -> tuple[int, int]:
    """The logical size a maximized window's client area has on this screen."""
    geometry = QApplication.primaryScreen().geometry()
    scale = QApplication.primaryScreen().devicePixelRatio()
    if geometry.width() >= SCREEN[0] / scale - 1:  # the offscreen screen of the 125 % run
        width, height = geometry.width(), geometry.height()
    else:  # the test process's default offscreen screen: the laptop at 100 %
        width, height = SCREEN
    return width, height - TASKBAR - TITLE_BAR


def settle() -> None:
    for _round in range(4):
        QApplication.processEvents()


def _in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    """Inside a scrolled page (a long form): its width is the page's, which may scroll."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QTabWidget):
            return True
        parent = parent.parentWidget()
    return False


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return ""


def clipped(root: QWidget, where: str) -> list[str]:
    """The texts that do not fit in ``root`` as it is shown now."""
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        text = _text(widget).replace("&&", "&")
        name = f"{where}: {type(widget).__name__} “{text.strip()[:60]}”"
        if isinstance(widget, QLabel):
            if not text.strip() or not widget.pixmap().isNull():
                continue
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if need > widget.height() + 2:
                    found.append(f"{name} needs {need} px of height, has {widget.height()}")
                continue
            need = widget.sizeHint().width()
        elif isinstance(widget, QAbstractButton):
            if not text.strip():
                continue
            need = widget.sizeHint().width()
        elif isinstance(widget, QGroupBox):
            if not text.strip():
                continue
            need = widget.fontMetrics().horizontalAdvance(text) + 16
        elif isinstance(widget, QTabBar):
            hidden = [
                widget.tabText(i)
                for i in range(widget.count())
                if widget.isTabVisible(i) and not widget.rect().contains(widget.tabRect(i))
            ]
            if hidden:
                found.append(f"{where}: tabs hidden behind the scroll arrows: {', '.join(hidden)}")
            continue
        else:
            continue
        if need > widget.width() + 1 and not _in_scroll_area(widget, root):
            found.append(f"{name} needs {need} px, has {widget.width()}")
    return found


def walk(root: QWidget, where: str, wait: Callable[[], None] = settle) -> list[str]:
    """``clipped`` on every tab of every tab widget in ``root`` (the tabs one after the other)."""
    found = clipped(root, where)
    outer = [
        tabs for tabs in root.findChildren(QTabWidget) if tabs.isVisibleTo(root) and _outer_tabs(tabs, root)
    ]
    for tabs in outer:
        start = tabs.currentIndex()
        for i in range(tabs.count()):
            if not tabs.isTabVisible(i) or i == start:
                continue
            tabs.setCurrentIndex(i)
            wait()
            page = tabs.widget(i)
            if page is not None:
                found += walk(page, f"{where} › {tabs.tabText(i).replace('&', '')}", wait)
        tabs.setCurrentIndex(start)
    return list(dict.fromkeys(found))


def _outer_tabs(tabs: QTabWidget, root: QWidget) -> bool:
    parent = tabs.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QTabWidget):
            return False
        parent = parent.parentWidget()
    return True


def check_dialog(dialog: QDialog, wait: Callable[[], None] = settle) -> list[str]:
    where = f"dialog {type(dialog).__name__} “{dialog.windowTitle()}”"
    dialog.show()
    wait()
    width, height = room()
    screen = f"the screen's {width}×{height}"
    found: list[str] = []
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    if dialog.width() > width or dialog.height() > height:
        found.append(f"{where} is {dialog.width()}×{dialog.height()}, larger than {screen}")
    if least.width() > width or least.height() > height:
        found.append(f"{where} needs at least {least.width()}×{least.height()}, more than {screen}")
    if dialog.width() > width or dialog.height() > height:
        dialog.resize(min(dialog.width(), width), min(dialog.height(), height))  # as the window manager would
        wait()
    found += walk(dialog, where, wait)
    return found


@dataclass
class Catcher:
    """Every dialog opened (exec or open) is checked at once and then rejected; file dialogs cancel.

    ``plan``: what a file dialog asking for a plan answers (the plan review needs a file).
    """

    wait: Callable[[], None] = settle
    found: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    @contextmanager
    def catching(self) -> Iterator[Catcher]:
        def fake_exec(dialog: QDialog) -> int:
            self._check(dialog)
            return int(QDialog.DialogCode.Rejected.value)

        def fake_open(dialog: QDialog) -> None:
            self._check(dialog)
            dialog.reject()

        def fake_box(box: QMessageBox) -> int:
            self.seen.append(f"message: {box.text()[:80]}")
            return int(QMessageBox.StandardButton.No.value)

        def fake_choose(*args: object, **kwargs: object) -> tuple[str, str]:
            caption = (str(args[1]) if len(args) > 1 else str(kwargs.get("caption", ""))).lower()
            return (str(PLAN), "") if "kế hoạch" in caption or "plan" in caption else ("", "")

        def cancel(*_args: object, **_kwargs: object) -> tuple[str, str]:
            return ("", "")

        fakes: list[tuple[type, str, object]] = [
            (QDialog, "exec", fake_exec),
            (QDialog, "open", fake_open),
            (QMessageBox, "exec", fake_box),
            (QFileDialog, "getOpenFileName", staticmethod(fake_choose)),
            (QFileDialog, "getSaveFileName", staticmethod(cancel)),
        ]
        missing = object()  # an inherited method: deleted again, not set, afterwards
        saved = [(owner, name, owner.__dict__.get(name, missing)) for owner, name, _fake in fakes]
        for owner, name, fake in fakes:
            setattr(owner, name, fake)
        try:
            yield self
        finally:
            for owner, name, original in saved:
                if original is missing:
                    delattr(owner, name)
                else:
                    setattr(owner, name, original)

    def _check(self, dialog: QDialog) -> None:
        self.seen.append(type(dialog).__name__)
        try:
            self.found += check_dialog(dialog, self.wait)
        finally:
            dialog.hide()


def check_window(window, wait: Callable[[], None]) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Every view of ``window`` and the main dialogs, opened as a user would; (problems, dialogs seen)."""
    from emudesk.ui import extensions
    from emudesk.ui.help_window import HelpWindow
    from emudesk.ui.plan_review import PlanReviewDialog

    width, height = room()
    window.resize(width, height)
    window.show()
    wait()
    found: list[str] = []
    catcher = Catcher(wait)
    with catcher.catching():
        for key in window.view_keys:
            view = window.show_view(key)
            wait()
            found += walk(window, f"view {key}", wait)
            if key in ("units", "individuals", "households", "achievements", "nominations", "awards",
                       "catalogue", "council"):  # fmt: skip
                window.new_action.trigger()  # Ctrl+N: the view's record dialog
                wait()
            if key == "awards":
                from emudesk.ui.views.decisions.decision_panel import DecisionPanel

                for panel in view.findChildren(DecisionPanel):
                    panel.new_button.click()  # Lập dự thảo quyết định…
                    wait()
            # The view's own "…" buttons open its other dialogs (file dialogs answer Cancel).
            for button in view.findChildren(QAbstractButton):
                action = button.defaultAction() if isinstance(button, QToolButton) else None
                text = action.text() if action is not None else button.text()  # a tool button drops the …
                if text.endswith("…") and button.isEnabled() and button.isVisibleTo(view):
                    button.click()
                    wait()
        # Every view is built now: the window's least size is the largest view's.
        least = window.minimumSizeHint().expandedTo(window.minimumSize())
        if least.width() > width or least.height() > height:
            found.append(f"the window needs {least.width()}×{least.height()}; it has {width}×{height}")
        window.show_view("nominations")
        wait()
        for kind in ("export", "import"):
            for entry in extensions.entries(kind):
                entry.run(window)
                wait()
        window.open_settings()
        window.open_bin()
        window.show_about()
        window.open_server_dialog()
        window.transfer_data()
        window.show_shortcuts()
        window.open_users()
        window.create_campaign_from_plan()
        wait()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, PlanReviewDialog) and widget.isVisible():
            catcher.seen.append("PlanReviewDialog")
            found += check_dialog(widget, wait)
            widget.close()
    window.show_guide()
    wait()
    guide = window.help_window
    if isinstance(guide, HelpWindow):
        found += clipped(guide, "help window")
        guide.close()
    return found + catcher.found, catcher.seen


def main(database: str) -> int:
    """The 125 % run: ``python -m tests.ui.label_fit DB`` prints {"found": [...], "seen": [...]} as JSON."""
    import tempfile

    from emudesk.services.core.store import Store
    from emudesk.ui.app_settings import AppSettings
    from emudesk.ui.main_window import MainWindow

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    store = Store.open(database)
    window = MainWindow(store, settings=AppSettings(Path(tempfile.mkdtemp()) / "ui.ini"))

    def wait() -> None:
        settle()
        window.tasks.wait_idle()
        settle()

    try:
        found, seen = check_window(window, wait)
    finally:
        window.hide()
        window.tasks.shutdown()
        store.close()
    print(json.dumps({"found": found, "seen": seen, "scale": app.primaryScreen().devicePixelRatio()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
