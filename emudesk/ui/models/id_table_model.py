"""A lazy table model: an ordered id list from SQL, rows fetched a page at a time.

After Anki's browser table model: ``rowCount`` is the length of the id list,
``data`` reads a cache keyed by id and fills misses in pages, so a 100,000-row
table costs one id query and a page of rows. Sorting and filtering re-run the
id query in the database; no proxy model, no ORM objects.

The id query may run on the reader thread (``runner``): ``ids_fn`` is called on
the GUI thread, reads the filters there, and returns a query closure; the list
is swapped in when it arrives, and a result overtaken by a newer reload is
dropped. ``loaded`` fires after every swap.

A query that also offers ``first_page(limit)`` (see ``views.common.deferred``) is
run in two steps. First one page of ids with the length of the whole list (a
LIMIT query and a count, ~10 ms for the 95,000 people whose name contains "n",
where building their whole id list takes ~30 ms more), with the cells of its top
rows; the table shows them at once with its real row count. Then the whole list
arrives behind them without a reset, so scroll position and selection stay.
Until it has, rows past the first page paint blank, and anything that needs
their ids (``id_at``, ``row_of``, ``ids``, ``cells``) runs the rest of the query
there and then. ``first_rows`` fires when the first page is in place,
``loaded`` when the whole list is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from emudesk.ui.roles import ID_ROLE
from emudesk.ui.tasks import after_repaint

PAGE = 200  # rows fetched per page of cells
FIRST = PAGE  # ids in the first step of a two-step load: one page, then the count
TOP = 64  # rows whose cells come with the first step: more than a maximised window shows

# A row's cells: a named tuple from a service's ``*_rows`` (the shown columns, then hidden values).
R = TypeVar("R", bound=tuple[Any, ...])

Query = Callable[[], list[int]]
IdsFn = Callable[[str, bool], Query]  # (sort, descending) -> a query to run, on any thread
RowsFn = Callable[[list[int]], Mapping[int, R]]
Runner = Callable[[Query, Callable[[list[int]], None]], None]
# the cells of a row -> True when the row should look muted (dissolved, in the bin…)
MutedFn = Callable[[R], bool]

_MUTED = QBrush(QColor(120, 120, 120))
# data() runs ~1,000 times per repaint: compare plain ints, not enum members looked up each call.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ID = int(ID_ROLE)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class IdTableModel(QAbstractTableModel, Generic[R]):
    """Rows are ids; cells come from ``rows_fn`` for a page of ids at a time.

    Args:
        headers: column titles (already translated).
        sort_keys: for each column, the sort name ``ids_fn`` understands, or None if not sortable.
        ids_fn: (sort, descending) -> a query returning the ordered ids (filter and sort in SQL).
        rows_fn: ids -> {id: cells}; cells may carry hidden values after the shown columns.
            With a two-step query it also runs on the reader thread (for the top page), so it
            must only read the database.
        numeric: columns aligned right (counts, years).
        muted: rows drawn in grey.
        runner: runs the id query off the GUI thread (``TaskManager.read``); None runs it inline.
        filter_keys: for each column, the key its list's service filter takes in ``columns``
            (see ``services.core.column_filters``), or None when it cannot be filtered.
        cell_index: for each column, the index of its value in the cells (default: the first
            values in order), for a value added to the cells after the hidden ones.

    Signals:
        first_rows: the first page of a new id list is shown (the rest may still be loading).
        loaded: a new id list is in place, complete.
    """

    first_rows = Signal()
    loaded = Signal()

    def __init__(
        self,
        headers: Sequence[str],
        sort_keys: Sequence[str | None],
        ids_fn: IdsFn,
        rows_fn: RowsFn[R],
        parent: Any = None,
        *,
        numeric: Iterable[int] = (),
        muted: MutedFn[R] | None = None,
        default_sort: tuple[str, bool] | None = None,
        runner: Runner | None = None,
        filter_keys: Sequence[str | None] = (),
        cell_index: Sequence[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self._cell_index = tuple(cell_index) if cell_index is not None else tuple(range(len(headers)))
        self._headers = list(headers)
        self._sort_keys = list(sort_keys)
        self.filter_keys: list[str | None] = list(filter_keys)
        self._ids_fn = ids_fn
        self._rows_fn = rows_fn
        self._numeric = frozenset(numeric)
        self._muted = muted
        self._ids: list[int] = []
        self._count = 0  # rows shown; more than len(_ids) while the rest of the list is loading
        # The first page's count stopped at the services' cap: _count is a floor until the rest arrives.
        self._capped = False
        self._rest: Query | None = None  # the query for the whole list, until it has arrived
        self._cache: dict[int, R] = {}  # rows gone meanwhile (deleted by a colleague) have none
        # What data() returns for DisplayRole, built once per row when its page arrives (blank when gone).
        self._text: dict[int, tuple[str, ...]] = {}
        self._blank = ("",) * len(self._headers)
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

        def current(run: Callable[[], list[int]]) -> Callable[[], list[int] | None]:
            # Typing queues a query per pause; one overtaken before it starts is skipped.
            return lambda: run() if generation == self._generation else None

        def arrived(ids: list[int] | None) -> None:
            if ids is not None and generation == self._generation:  # a newer reload overtook this one
                self._apply(ids)

        first_page: Callable[[int], list[int]] | None = getattr(query, "first_page", None)
        if first_page is None:
            self._runner(current(query), arrived)  # type: ignore[arg-type]
            return

        def first_step() -> tuple[list[int], Mapping[int, R]]:
            # The cells of the top page come along, read on the same thread: the GUI thread
            # then only resets and paints.
            ids = first_page(FIRST)
            return ids, self._rows_fn(list(ids[:TOP]))

        def first_arrived(result: tuple[list[int], Mapping[int, R]] | None) -> None:
            if result is None or generation != self._generation:
                return
            ids, rows = result
            total = int(getattr(ids, "total", len(ids)))
            if total <= len(ids):  # the whole list already: one step was enough
                self._apply(list(ids), rows)
                return
            self.beginResetModel()
            self._ids, self._count, self._rest = list(ids), total, query
            self._capped = bool(getattr(ids, "capped", False))
            self._cache.clear()
            self._text.clear()
            self._store_rows(ids[:TOP], rows)
            self.endResetModel()
            self.first_rows.emit()
            # After the first page has painted, not during it: building 100,000 ids on the reader
            # thread holds the GIL the painting needs.
            after_repaint(lambda: self._runner(current(query), rest_arrived))  # type: ignore[misc,arg-type]

        def rest_arrived(ids: list[int] | None) -> None:
            if ids is None or generation != self._generation:
                return
            if self._rest is not None:  # not already completed inline by id_at() & co
                self._settle(ids)
            self._loading = False
            self.loaded.emit()

        self._runner(current(first_step), first_arrived)  # type: ignore[arg-type]

    def _settle(self, ids: list[int]) -> None:
        """The whole list, after its first page: rows past the page get their ids (no reset)."""
        self._rest = None
        shown, counted = len(self._ids), self._count
        fits = len(ids) == counted or (self._capped and len(ids) >= counted)
        self._capped = False
        if fits and ids[:shown] == self._ids:
            self._ids = ids
            if len(ids) > counted:  # past a capped count: the rows beyond it are added, no reset
                self.beginInsertRows(QModelIndex(), counted, len(ids) - 1)
                self._count = len(ids)
                self.endInsertRows()
            if counted > shown:
                last = self.index(counted - 1, len(self._headers) - 1)
                self.dataChanged.emit(self.index(shown, 0), last)  # the blank rows painted so far
        else:  # the data changed between the two steps
            self._reset_to(ids)

    def _complete(self) -> None:
        """Every id now: run the rest of a two-step load here if it has not arrived yet."""
        if self._rest is not None:
            self._settle(self._rest())

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def count_capped(self) -> bool:
        """The row count is the services' cap plus one, a floor, until the whole list arrives."""
        return self._capped

    def _reset_to(self, ids: list[int], rows: Mapping[int, R] | None = None) -> None:
        self.beginResetModel()
        self._ids, self._count, self._rest = ids, len(ids), None
        self._capped = False
        self._cache.clear()
        self._text.clear()
        if rows is not None:
            self._store_rows(ids[:TOP], rows)
        self.endResetModel()

    def _apply(self, ids: list[int], rows: Mapping[int, R] | None = None) -> None:
        self._reset_to(ids, rows)
        self._loading = False
        self.first_rows.emit()
        self.loaded.emit()

    def clear(self) -> None:
        self._generation += 1
        self._apply([])

    def set_ids_fn(self, ids_fn: IdsFn) -> None:
        self._ids_fn = ids_fn
        self.reload()

    @property
    def ids(self) -> list[int]:
        self._complete()
        return list(self._ids)

    def id_at(self, row: int) -> int:
        if row >= len(self._ids):
            self._complete()
        return self._ids[row]

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            if self._rest is None:
                return -1
        self._complete()
        return self.row_of(record_id)

    def fetch_cells(self, ids: Sequence[int]) -> Mapping[int, R]:
        """The cells of any ids, outside the cache (for exporting the whole list on a worker)."""
        return self._rows_fn(list(ids))

    def cells(self, row: int) -> R | None:
        """Every value of a row, hidden ones included; None when the record is gone meanwhile."""
        rid = self.id_at(row)
        if rid not in self._text:
            self._fetch(row)
        return self._cache.get(rid)

    def cached_rows(self) -> int:
        return len(self._text)

    @property
    def sort_state(self) -> tuple[str, bool]:
        return self._sort, self._descending

    def sort_column(self) -> int:
        return self._sort_keys.index(self._sort) if self._sort in self._sort_keys else -1

    def _fetch(self, row: int) -> None:
        """Load the page of ``row``."""
        start = (row // PAGE) * PAGE
        page = [i for i in self._ids[start : start + PAGE] if i not in self._text]  # a fresh list
        self._store_rows(page, self._rows_fn(page))

    def _store_rows(self, page: Sequence[int], fetched: Mapping[int, R]) -> None:
        """Cells for ``cells()`` and display texts for ``data()``, built once per row."""
        self._cache.update(fetched)
        for rid, cells in fetched.items():
            self._text[rid] = tuple("" if (v := cells[i]) is None else str(v) for i in self._cell_index)
        for rid in page:  # gone meanwhile (deleted by a colleague): blank, and not asked again
            if rid not in fetched:
                self._text[rid] = self._blank

    def _texts(self, row: int) -> tuple[str, ...]:
        if row >= len(self._ids):  # the rest of the list is on its way: blank for now
            return self._blank
        rid = self._ids[row]
        texts = self._text.get(rid)
        if texts is None:
            self._fetch(row)
            texts = self._text[rid]
        return texts

    # --- Qt overrides -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # Hot path: the view asks about every visible cell in several roles on each repaint.
        if role in (_DISPLAY, _TOOLTIP):
            row = index.row()
            if row < 0:
                return None
            return self._texts(row)[index.column()]
        if role == _ALIGN:
            return _RIGHT if index.column() in self._numeric else None
        if role == _ID:
            return self.id_at(index.row()) if index.isValid() else None
        if role == _FOREGROUND and self._muted is not None and 0 <= index.row() < len(self._ids):
            cells = self._cache.get(self._ids[index.row()])  # only cached rows: painting must not query
            if cells is not None and self._muted(cells):
                return _MUTED
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # Cheap on purpose: selecting all rows must not fetch them.
        return _FLAGS if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._sort_keys[column] if 0 <= column < len(self._sort_keys) else None
        if key is None:
            return
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
