"""GUI timings in a process of their own, printed as JSON (run by benchmarks/bench_ops.py).

    python benchmarks/gui_probe.py startup --db FILE --t0 EPOCH
    python benchmarks/gui_probe.py floor-startup --db FILE --t0 EPOCH
    python benchmarks/gui_probe.py session --db FILE --repeat N

``startup`` is emudesk's cold start to the individuals list painted with data (the parent
passes the time it launched the process, so interpreter start-up and imports count);
``floor-startup`` is a bare PySide6 window with an empty table plus a raw sqlite3 query.
``session`` opens the window once and times the list operations, the detail panel, the unit
tree and peak memory, with an in-process bare-window floor.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _painted(widget: object, trigger: object = None, *, timeout: float = 30.0, until: object = None) -> float:
    """Run ``trigger``, then wait in an event loop until ``widget`` has painted (and ``until()`` holds).

    Waits in ``QEventLoop.exec`` rather than spinning ``processEvents``: a busy GUI thread would
    starve the reader thread of the GIL and inflate what is measured. Returns the ms taken.
    """
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    state = {"painted": False}
    loop = QEventLoop()

    def check() -> None:
        if state["painted"] and (until is None or until()):  # type: ignore[operator]
            loop.quit()
        elif state["painted"]:
            state["painted"] = False  # wait for the paint that shows the awaited state
            widget.update()  # type: ignore[attr-defined]

    class Watch(QObject):
        def eventFilter(self, _obj: object, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                state["painted"] = True
                QTimer.singleShot(0, check)
            return False

    watch = Watch()
    widget.installEventFilter(watch)  # type: ignore[attr-defined]
    guard = QTimer(singleShot=True, interval=int(timeout * 1000))
    guard.timeout.connect(loop.quit)
    poll = QTimer(interval=20)  # until() may turn true without a new paint (a model signal)
    poll.timeout.connect(check)
    start = time.perf_counter()
    if callable(trigger):
        trigger()
    widget.update()  # type: ignore[attr-defined]
    guard.start()
    poll.start()
    loop.exec()
    elapsed = (time.perf_counter() - start) * 1000
    poll.stop()
    guard.stop()
    widget.removeEventFilter(watch)  # type: ignore[attr-defined]
    return elapsed


def startup(db: str, t0: float) -> dict[str, float]:
    import tempfile

    from PySide6.QtWidgets import QApplication

    from emudesk.services.store import Store
    from emudesk.ui.app_settings import AppSettings
    from emudesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = Store.open(db)
    window = MainWindow(store, settings=AppSettings(Path(tempfile.mkdtemp()) / "ui.ini"))
    window.resize(1366, 768)
    view = window.show_view("individuals")
    window.show()
    model = view.model  # type: ignore[attr-defined]
    _painted(view.table.viewport(), until=lambda: model.rowCount() > 0)  # type: ignore[attr-defined]
    done = time.time()
    app.processEvents()
    return {"ms": (done - t0) * 1000}


def floor_startup(db: str, t0: float) -> dict[str, float]:
    import sqlite3

    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows = (
        sqlite3.connect(db)
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
    _painted(table.viewport())
    done = time.time()
    app.processEvents()
    assert rows
    return {"ms": (done - t0) * 1000}


def session(db: str, repeat: int) -> dict[str, list[float] | float]:
    import resource
    import sqlite3
    import tempfile

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    from emudesk.domain.text import like_pattern
    from emudesk.services.store import Store
    from emudesk.ui.app_settings import AppSettings
    from emudesk.ui.main_window import MainWindow
    from emudesk.ui.views.individuals_view import IndividualsView

    QApplication.instance() or QApplication(sys.argv[:1])
    out: dict[str, list[float] | float] = {}

    # Floor: a bare window with an empty table, painted (same process, warm).
    bare: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        bare_window = QMainWindow()
        bare_table = QTableView(bare_window)
        bare_table.setModel(QStandardItemModel(0, 6, bare_window))
        bare_window.setCentralWidget(bare_table)
        bare_window.resize(1366, 768)
        bare_window.show()
        _painted(bare_table.viewport())
        bare.append((time.perf_counter() - start) * 1000)
        bare_window.close()
    out["bare_window"] = bare

    store = Store.open(db)
    window = MainWindow(store, settings=AppSettings(Path(tempfile.mkdtemp()) / "ui.ini"))
    window.resize(1366, 768)
    window.show()
    window.show_view("overview")
    _painted(window)

    # The individuals list first painted with data: a fresh view each time.
    first: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        view = IndividualsView(window.ctx, window.stack)
        window.stack.addWidget(view)
        window.stack.setCurrentWidget(view)
        _painted(view.table.viewport(), until=lambda v=view: v.model.rowCount() > 0)
        first.append((time.perf_counter() - start) * 1000)
        window.stack.removeWidget(view)
        view.deleteLater()
    out["list_first_paint"] = first

    view = window.show_view("individuals")
    _painted(view.table.viewport(), until=lambda: view.model.rowCount() > 0)  # type: ignore[attr-defined]
    model = view.model  # type: ignore[attr-defined]
    table = view.table  # type: ignore[attr-defined]

    scroll: list[float] = []
    for _ in range(repeat):
        table.scrollToTop()
        _painted(table.viewport())
        scroll.append(_painted(table.viewport(), table.scrollToBottom))
    out["scroll_to_end"] = scroll

    def wait_loaded(trigger: object) -> float:
        seen: list[bool] = []
        model.loaded.connect(lambda: seen.append(True))
        ms = _painted(table.viewport(), trigger, until=lambda: bool(seen))
        model.loaded.disconnect()
        return ms

    sort: list[float] = []
    for i in range(repeat):
        order = Qt.SortOrder.DescendingOrder if i % 2 == 0 else Qt.SortOrder.AscendingOrder
        sort.append(wait_loaded(lambda o=order: model.sort(0, o)))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    out["sort_by_name"] = sort

    text = "nguyen van duc"
    keys: list[float] = []
    raw = sqlite3.connect(db)
    raw_keys: list[float] = []
    sql = (
        "SELECT id FROM individuals WHERE deleted_at IS NULL AND name_fold LIKE ? ESCAPE '\\' "
        "ORDER BY sort_key, id"
    )
    for _ in range(max(1, repeat // 3)):
        view.search.setText("")  # type: ignore[attr-defined]
        wait_loaded(view.refresh)  # type: ignore[attr-defined]
        for i in range(len(text)):
            prefix = text[: i + 1]
            blocked = view.search.blockSignals(True)  # type: ignore[attr-defined]
            view.search.setText(prefix)  # type: ignore[attr-defined]
            view.search.blockSignals(blocked)  # type: ignore[attr-defined]
            # The view's debounce waits for a pause in typing; this times the work after it.
            keys.append(wait_loaded(view.refresh))  # type: ignore[attr-defined]
            start = time.perf_counter()
            raw.execute(sql, (like_pattern(prefix),)).fetchall()
            raw_keys.append((time.perf_counter() - start) * 1000)
    out["search_keystroke"] = keys
    out["search_keystroke_raw"] = raw_keys

    detail: list[float] = []
    busiest = raw.execute(
        "SELECT individual_id FROM award_records WHERE individual_id IS NOT NULL GROUP BY individual_id "
        "ORDER BY count(*) DESC LIMIT 20"
    ).fetchall()
    for (pid,) in busiest[:repeat]:
        start = time.perf_counter()
        view.detail.show_individual(pid)  # type: ignore[attr-defined]
        _painted(view.detail)  # type: ignore[attr-defined]
        detail.append((time.perf_counter() - start) * 1000)
    out["detail_open"] = detail

    units = window.show_view("units")
    tree = units.tree  # type: ignore[attr-defined]
    expand: list[float] = []
    for _ in range(max(1, repeat // 3)):
        units.refresh()  # type: ignore[attr-defined]
        _painted(tree.viewport())

        def expand_all() -> None:
            for i in range(tree.topLevelItemCount()):
                top = tree.topLevelItem(i)
                top.setExpanded(True)
                for j in range(top.childCount()):
                    top.child(j).setExpanded(True)

        expand.append(_painted(tree.viewport(), expand_all))
    out["unit_tree_expand"] = expand

    for key in ("households", "awards", "nominations", "individuals"):
        v = window.show_view(key)
        table_of = getattr(v, "table", None)
        if table_of is not None:
            _painted(table_of.viewport())
            table_of.scrollToBottom()
            _painted(table_of.viewport())
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
