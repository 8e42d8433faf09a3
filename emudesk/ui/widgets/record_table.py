"""A table view for records: keeps selection by id across reloads, remembers its column widths."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from emudesk.ui.app_settings import AppSettings
from emudesk.ui.models.id_table_model import IdTableModel
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.widgets.table_copy import mime_data

_RESELECT_MAX = 500  # restoring a huge selection by id would cost more than it helps


class RecordTable(QTableView):
    """Rows are records; Enter or a double click opens one.

    Signals:
        current_changed(object): the id of the current row once it is selected, or None when the
            current row is not selected (nothing chosen, a reload, a search that hid it).
            ``current_id()`` already answers the same inside the slot.
        open_requested(int): Enter/double click on a row.
    """

    current_changed = Signal(object)
    open_requested = Signal(int)

    def __init__(
        self,
        model: IdTableModel | ListTableModel,
        parent: QWidget | None = None,
        *,
        settings: AppSettings | None = None,
        layout_key: str = "",
        widths: tuple[int, ...] = (),
        sortable: bool = True,
        multi: bool = True,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._layout_key = layout_key
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if multi
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as a clerk expects
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
        if isinstance(model, IdTableModel) and sortable:
            column = model.sort_column()
            _key, descending = model.sort_state
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(max(column, 0), order)
            header.setSortIndicatorShown(True)
            header.setSectionsClickable(True)
            header.sortIndicatorChanged.connect(self._on_sort)
        self.restore_layout()
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self.save_layout)
        header.sectionResized.connect(lambda *_a: self._save_timer.start())
        self.doubleClicked.connect(self._open_index)
        # A mouse press makes the row current *before* it selects it (QAbstractItemView's order;
        # arrow keys select first), so "current" alone would announce a row that current_id() does
        # not count yet. Announce what current_id() says after either change, once per change.
        self._announced: int | None = None
        self._quiet = False  # select_ids announces once, at the end
        self._by_hand = False  # inside a mouse press or a key press on the table
        sm = self.selectionModel()
        sm.currentRowChanged.connect(self._announce)
        sm.selectionChanged.connect(self._announce)
        model.modelReset.connect(self._announce)
        self._pending: tuple[list[int], int | None] | None = None
        if isinstance(model, IdTableModel):
            model.loaded.connect(self._on_loaded)

    # --- ids ------------------------------------------------------------------------------------
    def _id(self, row: int) -> int | None:
        model = self.model()
        if isinstance(model, IdTableModel):
            return model.id_at(row)
        key = model.key_at(row)  # type: ignore[attr-defined]
        return int(key) if key is not None else None

    def current_id(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self._id(index.row())

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.selectionModel().selectedRows())

    def selected_ids(self) -> list[int]:
        return [rid for rid in (self._id(r) for r in self.selected_rows()) if rid is not None]

    def select_ids(self, ids: list[int], current: int | None = None) -> None:
        model = self.model()
        selection = QItemSelection()
        rows = []
        for rid in ids[:_RESELECT_MAX]:
            row = model.row_of(rid) if isinstance(model, IdTableModel) else self._row_of_key(rid)
            if row >= 0:
                rows.append(row)
                selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        target = rows[0] if rows else -1
        if rows and current is not None:
            row = model.row_of(current) if isinstance(model, IdTableModel) else self._row_of_key(current)
            target = row if row >= 0 else target
        sm = self.selectionModel()
        self._quiet = True
        try:
            sm.clearSelection()
            if rows:
                sm.setCurrentIndex(model.index(target, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
                sm.select(selection, QItemSelectionModel.SelectionFlag.Select)
                self.scrollTo(model.index(target, 0))
        finally:
            self._quiet = False
        # Always announced, even when unchanged: callers select after a reload to show it afresh.
        self._announced = self.current_id()
        self.current_changed.emit(self._announced)

    def _row_of_key(self, key: int) -> int:
        model = self.model()
        for row in range(model.rowCount()):
            if model.key_at(row) == key:  # type: ignore[attr-defined]
                return row
        return -1

    def select_first(self) -> None:
        if self.model().rowCount():
            self.selectRow(0)

    def reload_keeping_selection(self) -> None:
        """Re-run the id query and select the same records again (once loaded) where they still match."""
        model = self.model()
        if not isinstance(model, IdTableModel):
            return
        if self._pending is None:
            ids, current = self.selected_ids(), self.current_id()
            self._pending = (ids, current) if ids else None
        model.reload()

    def select_when_loaded(self, ids: list[int], current: int | None = None) -> None:
        """Select records now, or as soon as the list being loaded arrives."""
        model = self.model()
        if isinstance(model, IdTableModel) and model.loading:
            self._pending = (ids, current)
        else:
            self.select_ids(ids, current)

    def _on_loaded(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self.select_ids(*pending)

    # --- signals ------------------------------------------------------------------------------
    def _on_sort(self, column: int, order: Qt.SortOrder) -> None:
        ids, current = self.selected_ids(), self.current_id()
        if ids and self._pending is None:
            self._pending = (ids, current)
        self.model().sort(column, order)

    def _announce(self, *_args: object) -> None:
        if self._quiet:
            return
        rid = self.current_id()
        if rid != self._announced:
            model = self.model()
            if self._by_hand and isinstance(model, IdTableModel) and model.loading:
                # Chosen by the clerk while the list reloads: select this, not the old rows, once it arrives.
                self._pending = (self.selected_ids(), rid) if rid is not None else None
            self._announced = rid
            self.current_changed.emit(rid)

    def _open_index(self, index: QModelIndex) -> None:
        rid = self._id(index.row()) if index.isValid() else None
        if rid is not None:
            self.open_requested.emit(rid)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._by_hand = True  # see _announce
        try:
            super().mousePressEvent(event)
        finally:
            self._by_hand = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open_index(self.currentIndex())
            return
        self._by_hand = True
        try:
            super().keyPressEvent(event)
        finally:
            self._by_hand = False

    # --- copying --------------------------------------------------------------------------------
    def visible_columns(self) -> list[int]:
        """The model columns shown, in the order the clerk sees them (moved, hidden ones left out)."""
        header = self.horizontalHeader()
        columns = (header.logicalIndex(v) for v in range(header.count()))
        return [c for c in columns if not header.isSectionHidden(c)]

    def headers(self, columns: list[int]) -> list[str]:
        model = self.model()
        return [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]

    def row_texts(self, rows: list[int], columns: list[int]) -> list[list[str]]:
        """The cells as shown (display text) of ``rows``; a lazy model fetches their pages."""
        model = self.model()
        return [[str(model.index(r, c).data() or "") for c in columns] for r in rows]

    def copy_selection(self) -> int:
        """Ctrl+C: the selected rows with the visible headers, as a spreadsheet pastes them."""
        rows = self.selected_rows()
        if not rows:
            return 0
        columns = self.visible_columns()
        QGuiApplication.clipboard().setMimeData(
            mime_data(self.headers(columns), self.row_texts(rows, columns))
        )
        return len(rows)

    # --- layout ---------------------------------------------------------------------------------
    def restore_layout(self) -> None:
        if self._settings is None or not self._layout_key:
            return
        state = self._settings.state(f"table/{self._layout_key}")
        if state is not None:
            header = self.horizontalHeader()
            # The sort lives in the model; restoring the header must not re-sort.
            blocked = header.blockSignals(True)
            indicator = (header.sortIndicatorSection(), header.sortIndicatorOrder())
            header.restoreState(state)
            header.setSortIndicator(*indicator)
            header.blockSignals(blocked)

    def save_layout(self) -> None:
        if self._settings is not None and self._layout_key:
            self._settings.set_state(f"table/{self._layout_key}", self.horizontalHeader().saveState())
