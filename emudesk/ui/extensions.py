"""What File ▸ Import and File ▸ Export list: the built-in entries, and any registered at run time.

The built-in entries come from the modules named in ``_builtin_entries``, imported the first
time a menu is built; a module missing there fails loudly. Anything else may add its own::

    from emudesk.ui import extensions
    from emudesk.ui.menu_entry import MenuEntry

    def _open_wizard(window: QMainWindow) -> None:
        ImportWizard(window.store, window).exec()   # long work: window.ctx.tasks.run(...)

    extensions.register(MenuEntry("import", _("Individuals from Excel…"), _open_wizard))
"""

from __future__ import annotations

import functools

from emudesk.ui.menu_entry import Kind, MenuEntry

_entries: list[MenuEntry] = []


def register(entry: MenuEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def unregister(entry: MenuEntry) -> None:
    if entry in _entries:
        _entries.remove(entry)


@functools.cache
def _builtin_entries() -> tuple[MenuEntry, ...]:
    # Imported on first use, not at start-up: these modules load the export and import services.
    from emudesk.ui import export_menu, list_export, paperwork_dialog
    from emudesk.ui.import_wizard import wizard as import_wizard

    return (
        *list_export.menu_entries(),
        *export_menu.menu_entries(),
        *paperwork_dialog.menu_entries(),
        *import_wizard.menu_entries(),
    )


def entries(kind: Kind) -> list[MenuEntry]:
    """The entries of one menu, built-in and registered, in menu order."""
    found = [e for e in (*_builtin_entries(), *_entries) if e.kind == kind]
    return sorted(found, key=lambda e: (e.order, e.title))
