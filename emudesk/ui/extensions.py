"""Where later features plug into the window: File ▸ Import and File ▸ Export entries.

An exporter or the import wizard registers an entry when its module is imported::

    from emudesk.ui import extensions

    def _open_wizard(window: QMainWindow) -> None:
        ImportWizard(window.ctx, window).exec()   # long work: window.ctx.tasks.run(...)

    extensions.register(extensions.MenuEntry("import", _("Individuals from Excel…"), _open_wizard))

``entries`` also imports the known plug-in modules (``PLUGIN_MODULES``) the first
time it is asked, so an entry appears as soon as its module exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["import", "export"]

# Modules that register menu entries when imported; missing ones are skipped.
PLUGIN_MODULES: tuple[str, ...] = (
    "emudesk.ui.export_menu",
    "emudesk.ui.list_export",
    "emudesk.ui.import_wizard",
)


@dataclass(frozen=True)
class MenuEntry:
    """One menu item: ``run(window)`` is called on the GUI thread with the main window."""

    kind: Kind
    title: str
    run: Callable[[Any], None]
    order: int = 100


_entries: list[MenuEntry] = []
_loaded = False


def register(entry: MenuEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def unregister(entry: MenuEntry) -> None:
    if entry in _entries:
        _entries.remove(entry)


def _load_plugins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in PLUGIN_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def entries(kind: Kind) -> list[MenuEntry]:
    _load_plugins()
    return sorted((e for e in _entries if e.kind == kind), key=lambda e: (e.order, e.title))
