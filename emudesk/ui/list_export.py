"""File ▸ Export ▸ The list on screen: the current view's list, filtered and sorted as shown,
as an administrative "Danh sách" in Excel or PDF (written on the worker, with progress and Cancel)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from emudesk.export import ExportCancelledError, render
from emudesk.i18n import N_, _
from emudesk.services.core.outputs import check_output
from emudesk.services.exports import table as export_table
from emudesk.ui import dialogs
from emudesk.ui.menu_entry import MenuEntry
from emudesk.ui.models.id_table_model import IdTableModel
from emudesk.ui.widgets.record_table import RecordTable

# The document title for each view whose list can be exported.
TITLES = {
    "individuals": N_("List of individuals"),
    "households": N_("List of households"),
    "awards": N_("List of awards"),
    "nominations": N_("List of nominations"),
    "achievements": N_("List of achievements"),
    "campaigns": N_("List of campaigns"),
    "audit": N_("Changes recorded in the audit log"),
}
_CHUNK = 500


def current_list(window: Any) -> tuple[str, IdTableModel] | None:
    """The title and model of the list the window shows, if it has one."""
    view = window.current_view()
    key = window.settings.value("window/view", "") if view is not None else ""
    model = getattr(view, "model", None)
    if key not in TITLES or not isinstance(model, IdTableModel):
        return None
    return _(TITLES[key]), model


def export_current_list(window: Any, ids: list[int] | None = None) -> None:
    """The list on screen, or only the rows ``ids`` of it (the row menu's "export the selected rows")."""
    found = current_list(window)
    if found is None:
        window.show_status(_("This view has no list to export."))
        return
    title, model = found
    if ids is None:
        ids = model.ids
    else:  # in the list's order, whatever order they were picked in
        picked = set(ids)
        ids = [i for i in model.ids if i in picked]
    if not ids:
        window.show_status(_("The list is empty."))
        return
    path, _filter = dialogs.save_path(
        window, _("Export the list"), title, _("Excel workbook (*.xlsx);;PDF (*.pdf)"), suffix=".xlsx"
    )
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() not in (".xlsx", ".pdf"):
        target = target.with_suffix(".pdf" if "pdf" in _filter.lower() else ".xlsx")
    if not dialogs.may_replace(window, path, target):
        return
    window.tasks.run(
        writer(window, title, model, ids, target),
        on_success=lambda written: window.show_status(
            _("Exported {n} rows to {path}.").format(n=len(ids), path=written)
        ),
        on_cancelled=lambda: window.show_status(_("The export was cancelled; no file was written.")),
        parent=window,
        title=_("Export the list"),
        cancellable=True,
    )


Work = Callable[[Callable[[int, int, str], None], threading.Event], Path]


def writer(window: Any, title: str, model: IdTableModel, ids: list[int], target: Path) -> Work:
    """The work (for ``window.tasks.run``) that writes rows ``ids`` of the list to ``target``,
    .xlsx or .pdf, as the window shows them: hidden columns left out, moved ones where they are."""
    table = getattr(window.current_view(), "table", None)
    shown = table.visible_columns() if isinstance(table, RecordTable) and table.model() is model else None
    columns = shown or list(range(model.columnCount()))
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    store = window.store

    def work(progress: Callable[[int, int, str], None], cancel: threading.Event) -> Path:
        # The save dialog has asked about an existing file; the database itself is never one.
        check_output(target, database=store.path, force=True)
        label = _("Reading the list…")
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(ids), _CHUNK):
            if cancel.is_set():
                raise ExportCancelledError()
            progress(start, len(ids), label)
            chunk = ids[start : start + _CHUNK]
            cells = model.fetch_cells(chunk)
            rows.extend(tuple(cells[i][c] for c in columns) for i in chunk if i in cells)
        with store.read() as session:
            document = export_table.list_document(session, title, headers, rows)
        writing = _("Writing {name}…").format(name=target.name)
        return render(document, target, progress=lambda d, t: progress(d, t, writing), cancel=cancel)

    return work


def menu_entries() -> list[MenuEntry]:
    return [MenuEntry("export", _("The list on screen…"), export_current_list, order=1)]
