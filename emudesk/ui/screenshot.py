"""Rendering a view of the main window to a PNG without a screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow

from emudesk.i18n import _


def grab(window: QMainWindow, view: str, output: Path, size: str = "1366x768") -> None:
    """Show ``view`` in ``window`` at ``size`` and save a picture of it to ``output``."""
    try:
        width, height = (int(v) for v in size.lower().split("x"))
    except ValueError as exc:
        raise ValueError(_("The size must look like 1366x768.")) from exc
    if view not in getattr(window, "view_keys", []):
        raise KeyError(_("The view “{view}” is not available yet.").format(view=view))
    window.resize(width, height)
    window.show_view(view)  # type: ignore[attr-defined]
    window.show()
    QApplication.processEvents()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(output)):
        raise OSError(_("Cannot write {path}.").format(path=output))
