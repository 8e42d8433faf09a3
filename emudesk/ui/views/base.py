"""What every screen of the main window offers the window's standard actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLineEdit, QSplitter, QToolButton, QWidget

from emudesk.services.core.changes import Changes
from emudesk.ui.context import AppContext


class View(QWidget):
    """A screen: it refreshes on the change flags it shows, and answers Ctrl+N, Ctrl+F, Ctrl+S, Del, F5.

    A hidden view only notes that it is stale and refreshes when shown again.

    Attributes:
        watched: the ``Changes`` flags this view shows.
        edits: the use case its New, Edit, Save and Delete run (``services/core/rights.py``), or
            None for a screen that only reads; a role that may not has them greyed out.
    """

    watched: tuple[str, ...] = ()
    edits: str | None = None
    navigate = Signal(str, object)  # ask the window to show another view: key, what to open there

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self._splitters: dict[str, QSplitter] = {}
        ctx.bus.operation_did_execute.connect(self._on_changes)

    # --- the window's actions; each returns False when it does not apply here --------------------
    def refresh(self) -> None:
        """F5: read everything shown again."""

    def new_record(self) -> bool:
        return False

    def edit_current(self) -> bool:
        return False

    def delete_selected(self) -> bool:
        return False

    def focus_search(self) -> bool:
        """Ctrl+F: the view's search box (``self.search``), if it has one."""
        box = getattr(self, "search", None)
        if not isinstance(box, QLineEdit):
            return False
        box.setFocus()
        box.selectAll()
        return True

    def save(self) -> bool:
        return False

    def may_leave(self) -> bool:
        """False when the user chose to stay to keep unsaved changes."""
        return True

    def open_item(self, item: object) -> None:
        """Show ``item`` (a campaign id, a record id…) after another view navigated here."""

    def prepare_screenshot(self) -> None:
        """Select something representative before a picture is taken."""

    # --- changes ----------------------------------------------------------------------------------
    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if not changes.any(*self.watched):
            return
        if self.isVisible():
            self.on_changes(changes, initiator)
        else:
            self._stale = True

    def on_changes(self, changes: Changes, initiator: object) -> None:
        self.refresh()

    def server_back(self) -> None:
        """The server answers again after a lost connection: read what is shown afresh (a hidden
        view when next shown). Like F5 it keeps the selection and leaves unsaved edits alone."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Buttons built since the last show (a panel filled in later) are greyed out too.
        self.ctx.permissions.apply(self)
        if self._stale:
            self._stale = False
            self.refresh()

    def context_menu(self, table: QWidget) -> None:
        """The table's row menu (right click, Shift+F10): open, copy, export the selected rows, filter
        by a value, then the view's buttons (New, Edit, Delete, workflow moves)."""
        from emudesk.ui.widgets.record_table import RecordTable

        buttons = [b for b in self.findChildren(QToolButton) if b.property("viewAction")]
        if not isinstance(table, RecordTable):
            table.addActions([b.defaultAction() for b in buttons])
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            return
        table.view_actions = [b.defaultAction() for b in buttons]
        table.export_rows = self.export_rows
        if type(self).open_subject is not View.open_subject:
            table.open_subject = self.open_subject

    def export_rows(self, ids: list[int]) -> None:
        """The row menu's "export the selected rows": the list's export, these rows only."""
        from emudesk.ui import list_export

        list_export.export_current_list(self.window(), ids=ids)

    def open_subject(self, record_id: int) -> bool:
        """Show what a row is about (a nomination's nominee); views whose rows have one override this."""
        return False

    # --- layout -----------------------------------------------------------------------------------
    def remember_splitter(self, key: str, splitter: QSplitter) -> None:
        self._splitters[key] = splitter
        state = self.ctx.settings.state(f"splitter/{key}")
        if state is not None:
            splitter.restoreState(state)
        splitter.splitterMoved.connect(
            lambda *_a: self.ctx.settings.set_state(f"splitter/{key}", splitter.saveState())
        )

    def save_layout(self) -> None:
        for key, splitter in self._splitters.items():
            self.ctx.settings.set_state(f"splitter/{key}", splitter.saveState())
        from emudesk.ui.widgets.record_table import RecordTable

        for table in self.findChildren(RecordTable):
            table.save_layout()
