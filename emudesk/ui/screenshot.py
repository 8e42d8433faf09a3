"""Rendering a view of the main window to a PNG without a screen (``emudesk screenshot``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from emudesk.i18n import _
from emudesk.services.core.outputs import OWN_MARK, atomic_output
from emudesk.ui.main_window import MainWindow


def _settle(rounds: int = 5) -> None:
    for _round in range(rounds):
        QApplication.processEvents()


def grab(window: MainWindow, view: str, output: Path, size: str = "1366x768") -> None:
    """Show ``view`` in ``window`` at ``size``, select something representative, save a PNG."""
    try:
        width, height = (int(v) for v in size.lower().split("x"))
    except ValueError as exc:
        raise ValueError(_("The size must look like 1366x768.")) from exc
    if view not in window.view_keys:
        raise KeyError(_("The view “{view}” is not available.").format(view=view))
    window.resize(width, height)
    window.show()
    shown = window.show_view(view)
    _settle()
    window.tasks.wait_idle()  # the lists load on the reader thread
    shown.prepare_screenshot()
    window.tasks.wait_idle()
    _settle()
    output.parent.mkdir(parents=True, exist_ok=True)
    picture = window.grab().toImage()
    # Marks the picture as emudesk's, so the next screenshot may replace it (services/core/outputs.py).
    picture.setText("Software", OWN_MARK)
    with atomic_output(output) as temporary:
        if not picture.save(str(temporary)):  # the format follows the .png suffix
            raise OSError(_("Cannot write {path}.").format(path=output))
