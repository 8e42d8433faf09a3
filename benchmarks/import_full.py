"""End-to-end import of a 10,000-row staff list, next to the least any import can do.

    python benchmarks/import_full.py [ROWS]

Prints, on a fresh SQLite database each time:
  floor     calamine reading the sheet + one SQLAlchemy Core executemany of the same people
            (no checks, no audit, no memberships);
  import    what ``emudesk import individuals FILE`` does: read and check every cell, resolve the
            units, find matches, then write every row through ``individuals.create_individual`` in
            one transaction (validation, duplicate check, membership, audit log);
  + preview the same with the GUI's rehearsal first (every write tried in a savepoint and rolled
            back, so the preview shows what the services refuse), as the wizard does.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

import python_calamine as pc
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.import_floor import UNITS, make_staff_file
from emudesk.db.models import Individual
from emudesk.domain.enums import Gender
from emudesk.domain.text import fold, name_sort_key
from emudesk.importer import parse_file
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import commit_import, plan_import
from emudesk.services.register import units


def make_database(path: Path) -> None:
    store = Store.open(path, create=True)
    with store.write() as s:
        district = units.create_unit(s, units.UnitInput(name="UBND huyện Vũ Thư", kind_code="ubnd_huyen"))
        for name in UNITS:
            units.create_unit(
                s, units.UnitInput(name=name, kind_code="don_vi_truc_thuoc", parent_id=district)
            )
    store.close()


def floor(path: Path, db: Path) -> int:
    """Read with calamine, insert with Core: the same columns an import fills, nothing checked."""
    book = pc.CalamineWorkbook.from_path(str(path))
    grid = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    store = Store.open(db)
    rows = []
    for row in grid[4:]:
        if not row[1]:
            continue
        family, *middle, given = str(row[1]).split(" ")
        born = row[3] if isinstance(row[3], dt.date) else dt.datetime.strptime(str(row[3]), "%d/%m/%Y").date()
        full = str(row[1])
        rows.append(
            {
                "family_name": family,
                "middle_name": " ".join(middle),
                "given_name": given,
                "full_name": full,
                "gender": Gender.FEMALE if row[2] == "Nữ" else Gender.MALE,
                "birth_date": born,
                "birth_year": born.year,
                "id_number": str(int(row[4])).zfill(12),
                "ethnicity": "Kinh",
                "position": row[6],
                "name_fold": fold(full),
                "sort_key": name_sort_key(family, " ".join(middle), given),
            }
        )
    with store.write() as s:
        s.execute(insert(Individual), rows)
    store.close()
    return len(rows)


def full_import(path: Path, db: Path, *, rehearse: bool) -> int:
    store = Store.open(db)
    parsed = parse_file(path, "individuals")
    with store.read() as s:
        plan = plan_import(s, parsed, rehearse_writes=rehearse)
    assert plan.ok, [str(e) for e in plan.all_errors()[:3]]
    result = commit_import(store, plan)
    assert result.committed, result.summary()
    store.close()
    return result.created


def timed(fn, *args, **kwargs) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU) seconds; CPU time is the fairer figure on a busy machine (SQLite runs in-process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 10_000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = make_staff_file(root / "staff.xlsx", rows)
        template = root / "empty.sqlite3"
        make_database(template)

        def fresh(name: str) -> Path:
            target = root / name
            shutil.copy(template, target)
            return target

        full_import(path, fresh("warm.sqlite3"), rehearse=False)  # warm-up: imports, translations
        t_floor = min(timed(floor, path, fresh(f"floor{i}.sqlite3")) for i in range(3))
        t_import = min(timed(full_import, path, fresh(f"imp{i}.sqlite3"), rehearse=False) for i in range(2))
        t_preview = timed(full_import, path, fresh("prev.sqlite3"), rehearse=True)
    print(f"{rows} staff rows, SQLite                    wall        CPU")
    for label, (wall, cpu) in (
        ("floor: calamine + Core executemany", t_floor),
        ("emudesk import (read, plan, commit)", t_import),
        ("  with the wizard's rehearsal", t_preview),
    ):
        ratio = "" if label.startswith("floor") else f"   ({cpu / t_floor[1]:.1f} x floor CPU)"
        print(f"{label:<37} {wall * 1000:7.0f} ms {cpu * 1000:7.0f} ms{ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
