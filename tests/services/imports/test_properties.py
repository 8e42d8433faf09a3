"""Random cells in random shapes: planning never writes; a commit writes exactly the plan, or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from emudesk.db.base import Base
from emudesk.importer import KINDS, parse_file
from emudesk.importer.kinds import kind_spec
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, ImportResult, OnMatch, commit_import, plan_import
from tests.factories import SNN_2023, seed_campaign
from tests.services.imports.builders import make_office, staff_list, staff_rows

WORDS = [
    "Nguyễn Văn An", "Ông Trần Văn Bình", "Bà Lê Thị Cúc", "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch",
    "UBND huyện Vũ Thư", "Nam", "Nữ", "HTXSNV", "Giấy khen", "Chiến sĩ thi đua cơ sở", "BK_TINH",
    "Bằng khen của Chủ tịch UBND tỉnh", "/KH-SNNPTNT", "Cá nhân", "Tập thể", "Hộ gia đình", "12/07/1985",
    "31/02/1980", "1979", "034085000123", "034190000456", "15/QĐ-UBND", "Phòng", "UBND xã", "Thôn",
    "=1+1", "", "  ", "x", "Có", "Không", "2023", "năm 2022", "'001085000001", "N/A",
]  # fmt: skip

cells = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)


# The table each kind's "create" rows add to.
TABLES = {
    "units": "units",
    "individuals": "individuals",
    "households": "households",
    "ratings": "annual_ratings",
    "awards": "award_records",
    "achievements": "achievements",
    "nominations": "nominations",
}
SUBJECTS = ("individuals", "households")  # where people named in a file are added to the register
# Rows written along with the records: the audit trail, a person's post in a unit, a household's
# members, a unit's place in the tree, a nomination's history.
SIDE_TABLES = {"audit_log", "memberships", "household_members", "unit_links", "nomination_events"}


@dataclass(frozen=True)
class Snapshot:
    """Every row of every table, hashed (equal means nothing was written), and the row counts."""

    digest: str
    counts: Counter[str]


def snapshot(store: Store) -> Snapshot:
    # Plain sqlite3 on the file: a new engine per example would compile every SELECT again, which
    # costs more than the import under test. WAL readers see exactly what was committed.
    assert store.db.path is not None
    digest = hashlib.sha256()
    counts: Counter[str] = Counter()
    con = sqlite3.connect(store.db.path)
    try:
        for table in Base.metadata.sorted_tables:
            order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
            rows = con.execute(f'SELECT * FROM "{table.name}" ORDER BY {order}').fetchall()
            digest.update(f"{table.name}:{rows!r}".encode())
            counts[table.name] = len(rows)
    finally:
        con.close()
    return Snapshot(digest.hexdigest(), counts)


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """The office and the 2023 seed campaign, built once; every example starts from a copy."""
    path = tmp_path_factory.mktemp("prop") / "seeded.sqlite3"
    shutil.copy(sqlite_template, path)
    store = Store.open(path)
    try:
        make_office(store)
        with store.write() as s:
            seed_campaign(s, SNN_2023)
    finally:
        store.close()
    return path


@contextmanager
def fresh_store(tmp_path_factory: pytest.TempPathFactory, template: Path) -> Iterator[tuple[Store, Path]]:
    """A database of its own for one example (hypothesis runs every example in the same test call,
    so a function-scoped fixture would carry one example's writes into the next)."""
    folder = tmp_path_factory.mktemp("example")
    path = folder / "db.sqlite3"
    shutil.copy(template, path)
    store = Store.open(path)
    try:
        yield store, folder
    finally:
        store.close()
    # Reached only when the example passed (a failing one's files stay to look at): 70 copies of
    # the database would otherwise pile up in every run's temporary folder.
    shutil.rmtree(folder)


def check(store: Store, path: Path, kind: str, on_match: OnMatch) -> ImportResult:
    """Plan and commit ``path``; assert planning writes nothing and the commit is all or nothing."""
    before = snapshot(store)
    parsed = parse_file(path, kind)
    with store.read() as s:
        plan = plan_import(s, parsed, on_match=on_match)
    assert snapshot(store) == before, "planning wrote to the database"
    planned = plan.counts()
    assert sum(planned.values()) == len(plan.rows)
    result = commit_import(store, plan)
    after = snapshot(store)
    event(f"{kind}: {'committed' if result.committed else 'refused'}")
    if not result.committed:
        assert not result.dry_run
        assert not plan.ok and plan.all_errors(), "a commit was refused without saying why"
        assert after == before, "a refused commit left rows behind"
        return result
    assert plan.ok
    # Exactly the planned creations: one new record per "create" row in the kind's table, and
    # the people or households the rows named added to the register; nothing else created.
    assert result.created == planned[Action.CREATE]
    assert result.updated <= planned[Action.UPDATE]
    grown = after.counts - before.counts
    assert grown[TABLES[kind]] - (result.subjects_added if kind in SUBJECTS else 0) == result.created
    if kind not in SUBJECTS:
        assert sum(grown[t] for t in SUBJECTS) == result.subjects_added
    else:
        assert result.subjects_added == 0
    assert not before.counts - after.counts, "a commit deleted rows"
    assert set(grown) <= {TABLES[kind], *SUBJECTS, *SIDE_TABLES}, f"unexpected rows: {grown}"
    # The same file again: every record it describes is now there, so nothing is created twice.
    with store.read() as s:
        again = plan_import(s, parse_file(path, kind), on_match=OnMatch.SKIP)
    assert again.counts()[Action.CREATE] == 0
    assert snapshot(store) == after
    return result


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(sorted(KINDS)),
    header=st.data(),
    rows=st.lists(st.lists(cells, max_size=9), max_size=8),
    title_rows=st.integers(0, 3),
    on_match=st.sampled_from(list(OnMatch)),
)
@pytest.mark.sqlite_only(
    "cost: a fresh copy per hypothesis example; import writes run on both engines elsewhere"
)
def test_random_sheets(
    tmp_path_factory: pytest.TempPathFactory,
    seeded_template: Path,
    kind: str,
    header: st.DataObject,
    rows: list[list[object]],
    title_rows: int,
    on_match: OnMatch,
) -> None:
    spec = kind_spec(kind)
    known = [f.header for f in spec.fields]
    columns = header.draw(
        st.lists(st.sampled_from([*known, "Cột lạ", "Ghi chú khác"]), min_size=1, max_size=9, unique=True)
    )
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for i in range(title_rows):
        ws.append([f"DANH SÁCH {i}"])
    ws.append(columns)
    for row in rows:
        ws.append(row)
    with fresh_store(tmp_path_factory, seeded_template) as (store, folder):
        path = folder / "random.xlsx"
        wb.save(path)
        check(store, path, kind, on_match)


@settings(max_examples=30, deadline=None)
@example(changes=[], on_match=OnMatch.SKIP)
@given(
    changes=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 7), cells), max_size=6),
    on_match=st.sampled_from(list(OnMatch)),
)
@pytest.mark.sqlite_only(
    "cost: a fresh copy per hypothesis example; import writes run on both engines elsewhere"
)
def test_staff_lists_with_random_cells(
    tmp_path_factory: pytest.TempPathFactory,
    seeded_template: Path,
    changes: list[tuple[int, int, object]],
    on_match: OnMatch,
) -> None:
    rows = staff_rows()
    for r, c, value in changes:
        rows[r][c] = value
    with fresh_store(tmp_path_factory, seeded_template) as (store, folder):
        path = staff_list(folder / "ds.xlsx", rows)
        result = check(store, path, "individuals", on_match)
    if not changes:
        # The untouched list is clean: its four people go in, whatever is chosen for matches.
        assert result.committed and result.created == 4
