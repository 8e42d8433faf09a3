"""A lazy table model: an ordered id list from SQL, rows fetched a page at a time.

After Anki's browser table model: ``rowCount`` is the length of the id list,
``data`` reads a cache keyed by id and fills misses in pages, so a 100,000-row
table costs one id query and a page of rows. Sorting and filtering re-run the
id query in the database; no proxy model, no ORM objects.

The id query may run on the reader thread (``runner``): ``ids_fn`` is called on
the GUI thread, reads the filters there, and returns a query closure; the list
is swapped in when it arrives, and a result overtaken by a newer reload is
dropped. ``loaded`` fires after every swap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from emudesk.ui.roles import ID_ROLE

PAGE = 200

Query = Callable[[], list[int]]
IdsFn = Callable[[str, bool], Query]  # (sort, descending) -> a query to run, on any thread
RowsFn = Callable[[list[int]], dict[int, tuple[Any, ...]]]
Runner = Callable[[Query, Callable[[list[int]], None]], None]
# (cells of the row, column) -> True when the row should look muted (dissolved, in the bin…)
MutedFn = Callable[[tuple[Any, ...]], bool]

_MUTED = QBrush(QColor(120, 120, 120))


class IdTableModel(QAbstractTableModel):
    """Rows are ids; cells come from ``rows_fn`` for a page of ids at a time.

    Args:
        headers: column titles (already translated).
        sort_keys: for each column, the sort name ``ids_fn`` understands, or None if not sortable.
        ids_fn: (sort, descending) -> a query returning the ordered ids (filter and sort in SQL).
        rows_fn: ids -> {id: cells}; cells may carry hidden values after the shown columns.
        numeric: columns aligned right (counts, years).
        muted: rows drawn in grey.
        runner: runs the id query off the GUI thread (``TaskManager.read``); None runs it inline.

    Signals:
        loaded: a new id list is in place.
    """

    loaded = Signal()

    def __init__(
        self,
        headers: Sequence[str],
        sort_keys: Sequence[str | None],
        ids_fn: IdsFn,
        rows_fn: RowsFn,
        parent: Any = None,
        *,
        numeric: Iterable[int] = (),
        muted: MutedFn | None = None,
        default_sort: tuple[str, bool] | None = None,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._sort_keys = list(sort_keys)
        self._ids_fn = ids_fn
        self._rows_fn = rows_fn
        self._numeric = frozenset(numeric)
        self._muted = muted
        self._ids: list[int] = []
        self._cache: dict[int, tuple[Any, ...]] = {}
        sort, descending = default_sort or (next((k for k in sort_keys if k), "id"), False)
        self._sort = sort
        self._descending = descending
        self._runner = runner
        self._generation = 0
        self._loading = False

    # --- data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-run the id query (after a filter change or an edit); cached rows are dropped."""
        query = self._ids_fn(self._sort, self._descending)
        self._generation += 1
        if self._runner is None:
            self._apply(query())
            return
        generation = self._generation
        self._loading = True

        def current_query() -> list[int] | None:
            # Typing queues a query per pause; one overtaken before it starts is skipped.
            return query() if generation == self._generation else None

        def arrived(ids: list[int] | None) -> None:
            if ids is not None and generation == self._generation:  # a newer reload overtook this one
                self._apply(ids)

        self._runner(current_query, arrived)  # type: ignore[arg-type]

    @property
    def loading(self) -> bool:
        return self._loading

    def _apply(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._cache.clear()
        self.endResetModel()
        self._loading = False
        self.loaded.emit()

    def clear(self) -> None:
        self._generation += 1
        self._apply([])

    def set_ids_fn(self, ids_fn: IdsFn) -> None:
        self._ids_fn = ids_fn
        self.reload()

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def cells(self, row: int) -> tuple[Any, ...]:
        """Every value of a row, hidden ones included."""
        return self._row(row)

    def cached_rows(self) -> int:
        return len(self._cache)

    @property
    def sort_state(self) -> tuple[str, bool]:
        return self._sort, self._descending

    def sort_column(self) -> int:
        return self._sort_keys.index(self._sort) if self._sort in self._sort_keys else -1

    def _row(self, row: int) -> tuple[Any, ...]:
        rid = self._ids[row]
        cells = self._cache.get(rid)
        if cells is None:
            start = (row // PAGE) * PAGE
            page = [i for i in self._ids[start : start + PAGE] if i not in self._cache]  # a fresh list
            self._cache.update(self._rows_fn(page))
            cells = self._cache.get(rid, ("",) * len(self._headers))
        return cells

    # --- Qt overrides -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self._row(index.row())[index.column()]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None:
            rid = self._ids[index.row()]
            cells = self._cache.get(rid)  # only cached rows: painting must not query
            if cells is not None and self._muted(cells):
                return _MUTED
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # Cheap on purpose: selecting all rows must not fetch them.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._sort_keys[column] if 0 <= column < len(self._sort_keys) else None
        if key is None:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
