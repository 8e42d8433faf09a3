"""Dialogs no larger than the screen they open on.

A dialog's default size is chosen for a roomy screen (an export preview at 980×640); on a 1366×768
laptop at 125 % scaling Qt has 1093×614 logical pixels, less the taskbar, and a larger dialog
opens with its buttons below the screen's edge. Each dialog is shrunk to fit as it is first shown;
its layout's minimum size still holds, so the views and dialogs keep that within the screen
(tests/ui/test_label_fit.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QWidget

# The title bar and frame, and a taskbar: availableGeometry() leaves the taskbar out only where
# the platform reports it (not on every Linux desktop, nor offscreen).
FRAME_WIDTH = 24
FRAME_HEIGHT = 72


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` (never below its minimum size) to the screen it is on."""
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    width = min(window.width(), room.width() - FRAME_WIDTH)
    height = min(window.height(), room.height() - FRAME_HEIGHT)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)


class _FitDialogs(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isWindow():
            fit_to_screen(watched)
        return False


_filter: _FitDialogs | None = None


def install() -> None:
    """Fit every dialog of the application as it shows (once per application; idempotent)."""
    global _filter
    app = QApplication.instance()
    if app is None or (_filter is not None and _filter.parent() is app):
        return
    _filter = _FitDialogs(app)
    app.installEventFilter(_filter)
