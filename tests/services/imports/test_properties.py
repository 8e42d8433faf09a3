"""Random cells in random shapes: planning never crashes, and a commit writes everything or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import select

from emudesk.db.base import Base
from emudesk.importer import KINDS, parse_file
from emudesk.importer.kinds import kind_spec
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, OnMatch, commit_import, plan_import
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


def fingerprint(store: Store) -> str:
    """Every row of every table, hashed: equal before and after means nothing was written."""
    digest = hashlib.sha256()
    with store.read() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def check(store: Store, path: Path, kind: str, on_match: OnMatch) -> None:
    parsed = parse_file(path, kind)
    with store.read() as s:
        plan = plan_import(s, parsed, on_match=on_match)
    assert all(r.action in Action for r in plan.rows)
    plan.summary()
    before = fingerprint(store)
    result = commit_import(store, plan)
    if not result.committed:
        assert fingerprint(store) == before
    else:
        assert plan.ok
        result.summary()


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[dict[str, Store]]:
    """One database per test, shared by its examples (each example starts where the last left it)."""
    made: dict[str, Store] = {}
    yield made
    for store in made.values():
        store.close()


def _store(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Store:
    import shutil

    path = tmp_path_factory.mktemp("prop") / "db.sqlite3"
    shutil.copy(sqlite_template, path)
    store = Store.open(path)
    make_office(store)
    with store.write() as s:
        seed_campaign(s, SNN_2023)
    return store


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(sorted(KINDS)),
    header=st.data(),
    rows=st.lists(st.lists(cells, max_size=9), max_size=8),
    title_rows=st.integers(0, 3),
    on_match=st.sampled_from(list(OnMatch)),
)
def test_random_sheets(
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    stores: dict[str, Store],
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
    if kind not in stores:
        stores[kind] = _store(tmp_path_factory, sqlite_template)
    store = stores[kind]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for i in range(title_rows):
        ws.append([f"DANH SÁCH {i}"])
    ws.append(columns)
    for row in rows:
        ws.append(row)
    path = tmp_path_factory.mktemp("f") / "random.xlsx"
    wb.save(path)
    check(store, path, kind, on_match)


@settings(max_examples=30, deadline=None)
@given(
    changes=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 7), cells), max_size=6),
    on_match=st.sampled_from(list(OnMatch)),
)
def test_staff_lists_with_random_cells(
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    stores: dict[str, Store],
    changes: list[tuple[int, int, object]],
    on_match: OnMatch,
) -> None:
    if "staff" not in stores:
        stores["staff"] = _store(tmp_path_factory, sqlite_template)
    store = stores["staff"]
    rows = staff_rows()
    for r, c, value in changes:
        rows[r][c] = value
    path = staff_list(tmp_path_factory.mktemp("f") / "ds.xlsx", rows)
    check(store, path, "individuals", on_match)
