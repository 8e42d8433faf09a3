"""What the undo stack costs on a large import, and how long Ctrl+Z takes to take it back.

    python benchmarks/undo_import.py [ROWS]

On a fresh SQLite database each time (the same staff list as ``import_full.py``):
  import            ``commit_import`` with no undo history (the command line);
  import + capture  the same with the window's history attached (every row noted for undo);
  undo              the import undone (rows checked unchanged, then deleted, audit written);
  redo              the import written again from what the undo captured.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.import_floor import make_staff_file
from benchmarks.import_full import make_database
from emudesk.importer import parse_file
from emudesk.services.core.history import UndoHistory
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import commit_import, plan_import
from emudesk.services.workspace import undo


def timed(fn: Callable[..., Any], *args: Any) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 5_000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = make_staff_file(root / "staff.xlsx", rows)
        template = root / "empty.sqlite3"
        make_database(template)
        parsed = parse_file(path, "individuals")
        results: dict[str, float] = {}
        for kept in (False, True):
            target = root / f"db{int(kept)}.sqlite3"
            shutil.copy(template, target)
            store = Store.open(target)
            history = UndoHistory() if kept else None
            store.history = history
            with store.read() as s:
                plan = plan_import(s, parsed)
            results["import + capture" if kept else "import"] = timed(commit_import, store, plan)
            if history is not None:
                entry = history.next_undo()
                assert entry is not None
                results["undo"] = timed(undo.undo, store, entry)
                again = history.next_redo()
                assert again is not None
                results["redo"] = timed(undo.redo, store, again)
            store.close()
    print(f"{rows} staff rows, SQLite")
    for label, seconds in results.items():
        print(f"{label:<18} {seconds * 1000:8.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
