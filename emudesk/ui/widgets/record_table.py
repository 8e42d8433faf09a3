"""A table view for records: keeps selection by id across reloads, remembers its column widths,
the columns shown and the text of its column filters."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import (
    SIGNAL,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from emudesk.domain.text import has_words
from emudesk.i18n import _
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.models.id_table_model import IdTableModel
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.widgets.filter_header import FilterHeader
from emudesk.ui.widgets.table_copy import mime_data

FILTER_ROW_KEYS = QKeySequence("Ctrl+Shift+L")  # Excel's and LibreOffice's own filter toggle
_RESELECT_MAX = 500  # restoring a huge selection by id would cost more than it helps


class RecordTable(QTableView):
    """Rows are records; Enter or a double click opens one.

    Signals:
        current_changed(object): the id of the current row once it is selected, or None when the
            current row is not selected (nothing chosen, a reload, a search that hid it).
            ``current_id()`` already answers the same inside the slot.
        open_requested(int): Enter/double click on a row (or Open on its menu).

    Attributes:
        view_actions: the screen's own actions (New, Edit, workflow moves), at the foot of the
            row menu.
        export_rows: writes the given ids' rows to a file (the row menu's export), if set.
        open_subject: opens what the row is about (a nomination's nominee), if set; given the
            row's id, it returns False when the row has none.
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
        self.view_actions: list[QAction] = []
        self.export_rows: Callable[[list[int]], None] | None = None
        self.open_subject: Callable[[int], bool] | None = None
        self.filter_header: FilterHeader | None = None
        if isinstance(model, IdTableModel) and any(model.filter_keys):
            # The filter texts go to the list's service filter (the view's current_filter reads
            # column_filters()): the list is narrowed in SQL, never by hiding loaded rows.
            self.filter_header = FilterHeader(self, model.filter_keys)
            self.setHorizontalHeader(self.filter_header)
        elif isinstance(model, ListTableModel):
            # A short list held in memory: its filter row hides the rows that do not match. Hidden
            # until asked for (header menu, Ctrl+Shift+L as in Excel, "Filter by this value").
            self.filter_header = FilterHeader(self, [str(c) for c in range(model.columnCount())])
            self.filter_header.show_row(False)
            self.setHorizontalHeader(self.filter_header)
        self.setModel(model)
        if isinstance(model, ListTableModel):
            model.modelReset.connect(self._hide_unmatched)  # after the view's own reset, which unhides
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
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_row_menu)
        self._filter_timer = QTimer(self, singleShot=True, interval=250)  # typing: one query per pause
        self._filter_timer.timeout.connect(self._filters_changed)
        if self.filter_header is not None:
            self.filter_header.changed.connect(self._filter_timer.start)
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
        """The selected rows the clerk can see (a filter's hidden rows stay out of copies and exports)."""
        return sorted(i.row() for i in self.selectionModel().selectedRows() if not self.isRowHidden(i.row()))

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
        shown = (r for r in range(self.model().rowCount()) if not self.isRowHidden(r))
        first = next(shown, None)
        if first is not None:
            self.selectRow(first)

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
        if self.filter_header is not None and QKeySequence(event.keyCombination()) == FILTER_ROW_KEYS:
            self.show_filter_row(not self.filter_header.row_shown())
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
        if isinstance(model, IdTableModel) and rows:
            model.id_at(rows[-1])  # rows past a first page: their ids arrive now, not blank cells
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

    # --- the row menu ---------------------------------------------------------------------------
    def row_menu(self, pos: QPoint | None = None) -> QMenu:
        """The menu of the rows (right click or Shift+F10): open, copy, export, filter, the view's actions.

        ``pos``: where in the viewport it was asked for (the cell whose value "filter by this
        value" takes); None for the current cell (the keyboard).
        """
        menu = QMenu(self)
        index = self.indexAt(pos) if pos is not None else self.currentIndex()
        rid = self.current_id()
        if self.receivers(SIGNAL("open_requested(int)")):  # a table whose rows open at all
            opened = menu.addAction(_("Open"))
            opened.setShortcut(QKeySequence(Qt.Key.Key_Return))
            opened.setEnabled(rid is not None)
            if rid is not None:
                opened.triggered.connect(lambda _c=False: self.open_requested.emit(rid))
        if self.open_subject is not None:
            subject = menu.addAction(_("Open the subject"))
            subject.setEnabled(rid is not None)
            fn = self.open_subject
            if rid is not None:
                subject.triggered.connect(lambda _c=False: fn(rid))
        menu.addSeparator()
        rows = self.selected_rows()
        copy = menu.addAction(_("Copy rows"))
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setEnabled(bool(rows))
        copy.triggered.connect(lambda _c=False: self.copy_selection())
        if self.export_rows is not None:
            export = menu.addAction(_("Export the selected rows…"))
            export.setEnabled(bool(rows))
            write = self.export_rows
            export.triggered.connect(lambda _c=False: write(self.selected_ids()))
        if self.filter_header is not None:
            column = index.column() if index.isValid() else -1
            value = str(index.data() or "") if index.isValid() else ""
            narrow = menu.addAction(_("Filter by this value"))
            narrow.setEnabled(bool(value.strip()) and self.filter_header.filterable(column))
            narrow.triggered.connect(lambda _c=False: self.set_column_filter(column, value))
        if self.view_actions:
            menu.addSeparator()
            menu.addActions(self.view_actions)
        return menu

    def _show_row_menu(self, pos: QPoint) -> None:
        menu = self.row_menu(pos)
        menu.exec(self.viewport().mapToGlobal(pos))
        menu.deleteLater()  # built afresh each time

    # --- column filters and columns shown ----------------------------------------------------------
    def column_filters(self) -> tuple[tuple[str, str], ...]:
        """(key, text) for the list's service filter (``columns=``); empty without a filter row."""
        return self.filter_header.filters() if self.filter_header is not None else ()

    def set_column_filter(self, column: int, text: str) -> bool:
        """Put ``text`` in a column's filter box (shown if it was not); False if it has none."""
        box = self.filter_header.box(column) if self.filter_header is not None else None
        if box is None or self.filter_header is None:
            return False
        if not self.filter_header.row_shown():
            self.filter_header.show_row(True)
        box.setText(text)
        return True

    def clear_column_filters(self, *, reload: bool = True) -> None:
        """Empty every filter box; ``reload=False`` when the caller reloads the list itself."""
        if self.filter_header is None:
            return
        blocked = self.filter_header.blockSignals(not reload)
        self.filter_header.set_texts({})
        self.filter_header.blockSignals(blocked)
        if not reload:
            self._save_filters()

    def _filters_changed(self) -> None:
        self._save_filters()
        if isinstance(self.model(), ListTableModel):
            self._hide_unmatched()
        else:
            self.reload_keeping_selection()

    def _hide_unmatched(self) -> None:
        """An in-memory list: show only the rows whose cells hold every word typed under their column."""
        model = self.model()
        wanted = [(int(key), text) for key, text in self.column_filters()]
        for row in range(model.rowCount()):
            keep = all(has_words(str(model.index(row, c).data() or ""), text) for c, text in wanted)
            self.setRowHidden(row, not keep)
        current = self.currentIndex()
        if current.isValid() and self.isRowHidden(current.row()):
            self.selectionModel().clearSelection()

    def header_menu(self) -> QMenu:
        """The header's menu: the columns shown (ticked), the filter row, clearing the filters."""
        menu = QMenu(self)
        header = self.horizontalHeader()
        model = self.model()
        shown = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
        for column in range(model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(column in shown)
            action.setEnabled(not (column in shown and len(shown) == 1))  # the last one stays
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
        if self.filter_header is not None:
            menu.addSeparator()
            row = menu.addAction(_("Filter row"))
            row.setShortcut(FILTER_ROW_KEYS)
            row.setCheckable(True)
            row.setChecked(self.filter_header.row_shown())
            row.toggled.connect(self.show_filter_row)
            clear = menu.addAction(_("Clear column filters"))
            clear.setEnabled(bool(self.column_filters()))
            clear.triggered.connect(lambda _c=False: self.clear_column_filters())
        return menu

    def _show_header_menu(self, pos: QPoint) -> None:
        menu = self.header_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()  # built afresh each time

    def show_column(self, column: int, shown: bool) -> None:
        had_filter = bool(self.column_filters())
        self.horizontalHeader().setSectionHidden(column, not shown)
        if self.filter_header is not None:
            self.filter_header.place()  # hiding a section does not announce a resize
        self.save_layout()
        if self.filter_header is not None and self.filter_header.filterable(column) and had_filter:
            self._filter_timer.start()  # a hidden column's filter no longer applies

    def show_filter_row(self, shown: bool) -> None:
        if self.filter_header is not None:
            self.filter_header.show_row(shown)
            if not shown and isinstance(self.model(), ListTableModel):
                self.clear_column_filters()  # as Excel's filter toggle: no row hidden by an unseen box
            self.save_layout()

    def _save_filters(self) -> None:
        if self._settings is not None and self._layout_key and self.filter_header is not None:
            texts = json.dumps(self.filter_header.texts(), ensure_ascii=False)
            self._settings.set_value(f"table/{self._layout_key}/filters", texts)

    def _restore_filters(self) -> None:
        if self._settings is None or not self._layout_key or self.filter_header is None:
            return
        try:
            texts = json.loads(self._settings.value(f"table/{self._layout_key}/filters") or "{}")
        except ValueError:
            texts = {}
        if isinstance(texts, dict) and not isinstance(
            self.model(), ListTableModel
        ):  # short lists start whole
            self.filter_header.set_texts({str(k): str(v) for k, v in texts.items()})
        default = "0" if isinstance(self.model(), ListTableModel) else "1"
        row = self._settings.value(f"table/{self._layout_key}/filter_row", default)
        self.filter_header.show_row(row != "0")

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
        self._restore_filters()

    def save_layout(self) -> None:
        if self._settings is not None and self._layout_key:
            self._settings.set_state(f"table/{self._layout_key}", self.horizontalHeader().saveState())
            if self.filter_header is not None:
                shown = "1" if self.filter_header.row_shown() else "0"
                self._settings.set_value(f"table/{self._layout_key}/filter_row", shown)
