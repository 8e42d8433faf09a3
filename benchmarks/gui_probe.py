"""GUI timings in a process of their own, printed as JSON (run by benchmarks/bench_ops.py).

    python benchmarks/gui_probe.py startup --db FILE --t0 EPOCH
    python benchmarks/gui_probe.py floor-startup --db FILE --t0 EPOCH
    python benchmarks/gui_probe.py session --db FILE --repeat N

``startup`` is emudesk's cold start to the individuals list painted with data (the parent
passes the time it launched the process, so interpreter start-up and imports count);
``floor-startup`` is a bare PySide6 window with an empty table plus a raw query (sqlite3 on a
file, psycopg on a server: ``--db`` is a path or a postgresql:// URL).
Both report their peak RSS too. ``session`` opens the window once and times the list
operations, the detail panel, the unit tree and peak memory, each beside an in-process floor,
and the statements each operation sent (``round_trips``: the most over its runs).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEARCH = "nguyen van duc"
LIST_SQL = "SELECT id FROM individuals WHERE deleted_at IS NULL ORDER BY sort_key, id"
SEARCH_SQL = (
    "SELECT id FROM individuals WHERE deleted_at IS NULL AND name_fold LIKE ? ESCAPE '\\' "
    "ORDER BY sort_key, id"
)


class _Frame:
    """The widget being watched, what its painted frame must show, and when that frame ended."""

    def __init__(self, widget: Any, until: Callable[[], bool] | None, loop: Any) -> None:
        self.widget = widget
        self.until = until
        self.loop = loop
        self.end: float | None = None


_FRAMES: list[_Frame] = []


def _hook_paint() -> None:
    """Time the end of paints: wrap paintEvent of the widget classes the probes watch.

    An event filter only sees a paint begin, and anything it posts from there is delivered after
    the work the app deferred past the paint; the wrapper records the moment painting finished.
    The floors go through the same wrappers.
    """
    from PySide6.QtWidgets import QLabel, QTableView, QTreeView, QTreeWidget

    if _FRAMES or getattr(_hook_paint, "done", False):
        return
    _hook_paint.done = True  # type: ignore[attr-defined]
    for cls in (QTableView, QTreeView, QTreeWidget, QLabel):
        original = cls.paintEvent

        def paint(self: Any, event: Any, _original: Any = original) -> None:
            frame = next((f for f in _FRAMES if f.end is None and f.widget is self), None)
            shows = frame is not None and (frame.until is None or frame.until())
            _original(self, event)
            if frame is not None and shows:
                frame.end = time.perf_counter()
                frame.loop.quit()

        cls.paintEvent = paint  # type: ignore[method-assign]


def _painted(
    widget: Any, trigger: object = None, *, timeout: float = 30.0, until: Callable[[], bool] | None = None
) -> float:
    """Run ``trigger``, then wait until ``widget`` has painted a frame in which ``until()`` holds.

    ``widget`` is a table, tree or label (see ``_hook_paint``); ``until`` is checked as its paint
    starts, and the time is taken as the paint ends. The wait is ``QEventLoop.exec`` with no forced
    repaints: a GUI thread kept busy would starve the reader thread of the GIL and inflate what is
    measured. Returns the ms taken.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    _hook_paint()
    loop = QEventLoop()
    frame = _Frame(widget, until, loop)

    def poll() -> None:
        # The awaited state may arrive without a repaint of its own (nothing visible changed).
        if frame.end is None and (until is None or until()):
            widget.viewport().update() if hasattr(widget, "viewport") else widget.update()

    guard = QTimer(singleShot=True, interval=int(timeout * 1000))
    guard.timeout.connect(loop.quit)
    ticker = QTimer(interval=10)
    ticker.timeout.connect(poll)
    _FRAMES.append(frame)
    start = time.perf_counter()
    if callable(trigger):
        trigger()
    poll()
    guard.start()
    ticker.start()
    if frame.end is None:
        loop.exec()
    elapsed = ((frame.end or time.perf_counter()) - start) * 1000
    ticker.stop()
    guard.stop()
    _FRAMES.remove(frame)
    return elapsed


def _wait(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Run the event loop until ``condition()`` holds, polling it every 5 ms without spinning."""
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return
    loop = QEventLoop()
    end = time.perf_counter() + timeout

    def check() -> None:
        if condition() or time.perf_counter() > end:
            loop.quit()

    ticker = QTimer(interval=5)
    ticker.timeout.connect(check)
    ticker.start()
    loop.exec()
    ticker.stop()


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def startup(db: str, t0: float) -> dict[str, float]:
    import tempfile

    from PySide6.QtWidgets import QApplication

    from emudesk.services.core.store import Store
    from emudesk.ui.app_settings import AppSettings
    from emudesk.ui.entry import settle
    from emudesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = Store.open(db)
    settings = AppSettings(Path(tempfile.mkdtemp()) / "ui.ini")
    settings.set_value("window/view", "individuals")  # the window opens on the list, as after a day's work
    window = MainWindow(store, settings=settings)
    window.resize(1366, 768)
    window.show()
    settle(window)  # as emudesk.ui.entry.run does
    view = window.show_view("individuals")
    model = view.model  # type: ignore[attr-defined]
    _painted(view.table, until=lambda: model.rowCount() > 0)  # type: ignore[attr-defined]
    done = time.time()
    app.processEvents()
    return {"ms": (done - t0) * 1000, "rss_mb": _rss_mb()}


def floor_startup(db: str, t0: float) -> dict[str, float]:
    from harness import Raw
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows = (
        Raw(db)
        .execute(
            "SELECT id, full_name FROM individuals WHERE deleted_at IS NULL ORDER BY sort_key, id LIMIT 50"
        )
        .fetchall()
    )
    window = QMainWindow()
    table = QTableView(window)
    table.setModel(QStandardItemModel(0, 6, window))
    window.setCentralWidget(table)
    window.resize(1366, 768)
    window.show()
    _painted(table)
    done = time.time()
    app.processEvents()
    assert rows
    return {"ms": (done - t0) * 1000, "rss_mb": _rss_mb()}


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def session(db: str, repeat: int) -> dict[str, Any]:
    import tempfile
    from datetime import date

    from harness import Raw, TripCounter
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTreeWidget, QTreeWidgetItem

    from emudesk.domain.text import like_pattern
    from emudesk.services.core.store import Store
    from emudesk.ui.app_settings import AppSettings
    from emudesk.ui.entry import settle
    from emudesk.ui.main_window import MainWindow
    from emudesk.ui.views.register.individuals_view import IndividualsView

    QApplication.instance() or QApplication(sys.argv[:1])
    out: dict[str, Any] = {}
    raw = Raw(db)

    # Floor: a bare window with an empty table, painted (same process, warm), and the same
    # window showing the list's first rows from one raw query.
    bare: list[float] = []
    bare_list: list[float] = []
    for i in range(repeat * 2):
        start = time.perf_counter()
        bare_window = QMainWindow()
        bare_table = QTableView(bare_window)
        bare_model = QStandardItemModel(0, 6, bare_window)
        if i % 2:
            from PySide6.QtGui import QStandardItem

            for row in raw.execute(
                "SELECT full_name, gender, birth_year, position, unit_id, id_number FROM individuals "
                "WHERE deleted_at IS NULL ORDER BY sort_key, id LIMIT 50"
            ):
                bare_model.appendRow([QStandardItem("" if v is None else str(v)) for v in row])
        bare_table.setModel(bare_model)
        bare_window.setCentralWidget(bare_table)
        bare_window.resize(1366, 768)
        bare_window.show()
        _painted(bare_table)
        (bare_list if i % 2 else bare).append((time.perf_counter() - start) * 1000)
        bare_window.close()
        bare_window.deleteLater()
    out["bare_window"] = bare
    out["bare_window_rows"] = bare_list

    # Floor for scrolling: a bare table over an empty 100,000-row model, scrolled to its end.
    long_window = QMainWindow()
    long_table = QTableView(long_window)
    long_table.setModel(QStandardItemModel(100_000, 6, long_window))
    long_window.setCentralWidget(long_table)
    long_window.resize(1366, 768)
    long_window.show()
    _painted(long_table)
    scroll_floor: list[float] = []
    for _ in range(repeat):
        long_table.scrollToTop()
        _painted(long_table)
        scroll_floor.append(_painted(long_table, long_table.scrollToBottom))
    long_window.close()
    long_window.deleteLater()
    out["scroll_floor"] = scroll_floor

    store = Store.open(db)
    counter = TripCounter(store.db.engine)
    trips: dict[str, list[int]] = {}
    window = MainWindow(store, settings=AppSettings(Path(tempfile.mkdtemp()) / "ui.ini"))
    window.resize(1366, 768)
    window.show()
    settle(window)  # as emudesk.ui.entry.run does after showing the window
    window.show_view("overview")
    _wait(lambda: window.ctx.tasks.idle)

    # The individuals list first painted with data: a fresh view each time.
    first: list[float] = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        # The first view also fills the filters' choice lists, once per window: not counted.
        with counter.during(trips.setdefault("list_first_paint" if i else "other", [])):
            fresh = IndividualsView(window.ctx, window.stack)
            window.stack.addWidget(fresh)
            window.stack.setCurrentWidget(fresh)
            _painted(fresh.table, until=lambda v=fresh: v.model.rowCount() > 0)
            first.append((time.perf_counter() - start) * 1000)
            _wait(lambda v=fresh: not v.model.loading and window.ctx.tasks.idle)
        window.stack.removeWidget(fresh)
        fresh.deleteLater()
    out["list_first_paint"] = first[1:]  # the first one also imports the view's modules

    view: Any = window.show_view("individuals")
    model = view.model
    table = view.table
    _painted(table, until=lambda: model.rowCount() > 0)
    _wait(lambda: not model.loading)

    scroll: list[float] = []
    for _ in range(repeat):
        table.scrollToTop()
        _painted(table)
        with counter.during(trips.setdefault("scroll_to_end", [])):
            scroll.append(_painted(table, table.scrollToBottom))
            _wait(lambda: window.ctx.tasks.idle)
    out["scroll_to_end"] = scroll
    table.scrollToTop()

    def reload_timed(trigger: Callable[[], object], count: str | None = None) -> tuple[float, float]:
        """(ms to the first rows painted, ms to the whole id list in place); ``count``: the
        operation whose statements (first page and whole list, the detail of the current row)
        this reload adds to."""
        with counter.during(trips.setdefault(count or "other", [])):
            timed = _reload_timed(trigger)
            _wait(lambda: window.ctx.tasks.idle)
        return timed

    def _reload_timed(trigger: Callable[[], object]) -> tuple[float, float]:
        shown: list[float] = []
        complete: list[float] = []
        start = time.perf_counter()

        def on_first() -> None:
            shown.append(time.perf_counter())

        def on_loaded() -> None:
            complete.append(time.perf_counter())

        model.first_rows.connect(on_first)
        model.loaded.connect(on_loaded)
        ms = _painted(table, trigger, until=lambda: bool(shown))
        _wait(lambda: bool(complete))
        model.first_rows.disconnect(on_first)
        model.loaded.disconnect(on_loaded)
        return ms, ((complete[0] if complete else time.perf_counter()) - start) * 1000

    sort: list[float] = []
    sort_complete: list[float] = []
    sort_raw: list[float] = []
    for i in range(repeat):
        order = Qt.SortOrder.DescendingOrder if i % 2 == 0 else Qt.SortOrder.AscendingOrder
        shown_ms, complete_ms = reload_timed(lambda o=order: model.sort(0, o), "sort_by_name")
        sort.append(shown_ms)
        sort_complete.append(complete_ms)
        direction = "DESC" if order == Qt.SortOrder.DescendingOrder else ""
        sort_raw.append(
            _timed(
                lambda d=direction: raw.execute(
                    f"SELECT id FROM individuals WHERE deleted_at IS NULL ORDER BY sort_key {d}, id {d}"
                ).fetchall()
            )
        )
    if model.sort_state[1]:
        reload_timed(lambda: model.sort(0, Qt.SortOrder.AscendingOrder))
    out["sort_by_name"] = sort
    out["sort_by_name_complete"] = sort_complete
    out["sort_by_name_raw"] = sort_raw

    def clear_search() -> None:
        # Without the view's debounced reload: it would fire later, inside the next operation counted.
        blocked = view.search.blockSignals(True)
        view.search.setText("")
        view.search.blockSignals(blocked)

    keys: list[float] = []
    keys_complete: list[float] = []
    raw_keys: list[float] = []
    for _ in range(max(2, repeat // 2)):
        clear_search()
        reload_timed(view.refresh)
        for i in range(len(SEARCH)):
            prefix = SEARCH[: i + 1]
            blocked = view.search.blockSignals(True)
            view.search.setText(prefix)
            view.search.blockSignals(blocked)
            # The view's debounce waits for a pause in typing; this times the work after it.
            shown_ms, complete_ms = reload_timed(view.refresh, "search_keystroke")
            keys.append(shown_ms)
            keys_complete.append(complete_ms)
            raw_keys.append(_timed(lambda p=prefix: raw.execute(SEARCH_SQL, (like_pattern(p),)).fetchall()))
    out["search_keystroke"] = keys
    out["search_keystroke_complete"] = keys_complete
    out["search_keystroke_raw"] = raw_keys
    clear_search()
    reload_timed(view.refresh)

    # An individual's detail: the people with the longest award history.
    busiest = [
        pid
        for (pid,) in raw.execute(
            "SELECT individual_id FROM award_records WHERE individual_id IS NOT NULL "
            "GROUP BY individual_id ORDER BY count(*) DESC LIMIT 40"
        )
    ]
    detail: list[float] = []
    detail_raw: list[float] = []
    for pid in busiest[: repeat * 2]:
        with counter.during(trips.setdefault("detail_open", [])):
            detail.append(_painted(view.detail.title, lambda p=pid: view.detail.show_individual(p)))
            _wait(lambda: window.ctx.tasks.idle)

        def raw_detail(p: int = pid) -> None:
            raw.execute("SELECT * FROM individuals WHERE id = ?", (p,)).fetchall()
            raw.execute("SELECT * FROM award_records WHERE individual_id = ? ORDER BY year", (p,)).fetchall()
            raw.execute("SELECT year, rating FROM annual_ratings WHERE individual_id = ?", (p,)).fetchall()
            raw.execute("SELECT * FROM memberships WHERE individual_id = ?", (p,)).fetchall()

        detail_raw.append(_timed(raw_detail))
    out["detail_open"] = detail
    out["detail_open_raw"] = detail_raw

    # The unit tree: every branch under the top level opened, from a freshly loaded tree.
    units: Any = window.show_view("units")
    tree = units.tree
    expand: list[float] = []
    items = 0
    for _ in range(max(2, repeat // 2)):
        tree.collapseAll()  # refresh() re-opens the branches that were open
        units.refresh()
        _painted(tree)

        def expand_all() -> None:
            for i in range(tree.topLevelItemCount()):
                top = tree.topLevelItem(i)
                top.setExpanded(True)
                for j in range(top.childCount()):
                    top.child(j).setExpanded(True)

        with counter.during(trips.setdefault("unit_tree_expand", [])):
            expand.append(_painted(tree, expand_all))
            _wait(lambda: window.ctx.tasks.idle)
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        items += 1
        stack.extend(item.child(i) for i in range(item.childCount()))
    out["unit_tree_expand"] = expand
    out["unit_tree_items"] = items

    # Floor: a bare QTreeWidget given the same two levels from one raw query.
    tree_floor: list[float] = []
    for _ in range(max(2, repeat // 2)):
        bare_tree = QTreeWidget()
        bare_tree.setColumnCount(4)
        bare_tree.setUniformRowHeights(True)
        bare_tree.resize(700, 600)
        bare_tree.show()
        _painted(bare_tree)

        def fill(t: QTreeWidget = bare_tree) -> None:
            rows = raw.execute(
                "SELECT u.id, u.parent_id, u.name, k.name, u.valid_to FROM units u "
                "JOIN unit_kinds k ON k.id = u.kind_id WHERE u.deleted_at IS NULL "
                "AND (u.valid_to IS NULL OR u.valid_to >= ?) ORDER BY u.sort_key",
                (date.today(),),
            ).fetchall()
            children: dict[Any, list[Any]] = {}
            for r in rows:
                children.setdefault(r[1], []).append(r)
            for top in children.get(None, []):
                top_item = QTreeWidgetItem([top[2], top[3], "", ""])
                t.addTopLevelItem(top_item)
                for mid in children.get(top[0], []):
                    mid_item = QTreeWidgetItem([mid[2], mid[3], "", ""])
                    top_item.addChild(mid_item)
                    for leaf in children.get(mid[0], []):
                        mid_item.addChild(QTreeWidgetItem([leaf[2], leaf[3], "", ""]))
                    mid_item.setExpanded(True)
                top_item.setExpanded(True)

        tree_floor.append(_painted(bare_tree, fill))
        bare_tree.close()
        bare_tree.deleteLater()
    out["unit_tree_expand_floor"] = tree_floor

    # Memory: every main list shown and scrolled to its end.
    for key in ("households", "awards", "nominations", "individuals"):
        v: Any = window.show_view(key)
        table_of = getattr(v, "table", None)
        if table_of is not None:
            _painted(table_of)
            _wait(lambda: window.ctx.tasks.idle)
            table_of.scrollToBottom()
            _painted(table_of)
    out["peak_rss_mb"] = _rss_mb()
    out["round_trips"] = {k: max(v) for k, v in trips.items() if v and k != "other"}
    window.close()
    store.close()
    return out


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("startup", "floor-startup", "session"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--t0", type=float, default=0.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.mode == "startup":
        result: object = startup(args.db, args.t0)
    elif args.mode == "floor-startup":
        result = floor_startup(args.db, args.t0)
    else:
        result = session(args.db, args.repeat)
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown: not part of what is measured


if __name__ == "__main__":
    raise SystemExit(main())
