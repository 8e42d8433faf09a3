"""Search as you type: every typed word opens a word of the name, in any order, diacritics ignored.

Runs on SQLite and PostgreSQL (the ``store`` fixture): both get the same SQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from emudesk.db.engine import to_url
from emudesk.db.migrate import downgrade
from emudesk.domain.enums import SubjectKind
from emudesk.services.core.store import Store
from emudesk.services.register import households
from emudesk.services.register.choices import search_subjects
from emudesk.services.register.lists import (
    HouseholdFilter,
    IndividualFilter,
    UnitFilter,
    household_ids,
    individual_ids,
    individual_rows,
    unit_ids,
)
from tests.factories import person, unit

PEOPLE = [
    "Nguyễn Văn Minh Đức",
    "Nguyễn Văn Đức",
    "Đức Thị Nguyên",
    "Trần Văn An",
    "Lê Thị Lan",
    "Đặng Hữu Đạt",
]


def _names(store: Store, text: str) -> list[str]:
    with store.read() as s:
        ids = individual_ids(s, IndividualFilter(search=text), sort="name")
        rows = individual_rows(s, ids)
        return sorted(rows[i][0] for i in ids)


@pytest.fixture
def people(store: Store) -> Store:
    with store.write() as s:
        home = unit(s, "Phòng Tổng hợp")
        for name in PEOPLE:
            person(s, name, home)
    return store


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        # họ + tên with the middle names left out: the issue's own case
        ("nguyen van duc", ["Nguyễn Văn Minh Đức", "Nguyễn Văn Đức"]),
        ("nguyen duc", ["Nguyễn Văn Minh Đức", "Nguyễn Văn Đức", "Đức Thị Nguyên"]),
        # any order
        ("duc van nguyen", ["Nguyễn Văn Minh Đức", "Nguyễn Văn Đức"]),
        ("minh nguyen", ["Nguyễn Văn Minh Đức"]),
        ("nguyen thi", ["Đức Thị Nguyên"]),
        # prefixes of words, and a word typed twice matches once
        ("ng v m d", ["Nguyễn Văn Minh Đức"]),
        ("nguy nguyen van", ["Nguyễn Văn Minh Đức", "Nguyễn Văn Đức"]),
        # đ folds to d, diacritics and case are ignored either way
        ("Đức văn", ["Nguyễn Văn Minh Đức", "Nguyễn Văn Đức"]),
        ("DAT dang", ["Đặng Hữu Đạt"]),
        ("đạt", ["Đặng Hữu Đạt"]),
        # a word must open a name word: "an" is Trần Văn An, not Lan
        ("an", ["Trần Văn An"]),
        ("  tran   an ", ["Trần Văn An"]),
        # nothing matches a word inside a word, or a missing word
        ("guyen", []),
        ("nguyen van duc x", []),
        # LIKE wildcards typed are letters
        ("100%_", []),
        ("%", []),
    ],
)
def test_every_word_opens_a_word_of_the_name(people: Store, typed: str, found: list[str]) -> None:
    assert _names(people, typed) == sorted(found)


def test_pickers_households_and_units_search_by_words(store: Store) -> None:
    with store.write() as s:
        home = unit(s, "Phòng Kế hoạch - Tài chính")
        unit(s, "Chi cục Thủy lợi", short_name="CCTL")
        person(s, "Nguyễn Văn Minh Đức", home)
        households.create_household(s, households.HouseholdInput("Phạm Đức Nguyên", address="Thôn Đông"))
        households.create_household(s, households.HouseholdInput("Lê Văn Tám", address="Thôn Tây"))
    with store.read() as s:
        assert [name for _id, name in search_subjects(s, SubjectKind.INDIVIDUAL, "duc nguyen")] == [
            "Nguyễn Văn Minh Đức (1985, Phòng Kế hoạch - Tài chính)"
        ]
        assert len(household_ids(s, HouseholdFilter(search="nguyen pham"))) == 1
        assert len(household_ids(s, HouseholdFilter(search="tam tay"))) == 1  # head and address words
        assert household_ids(s, HouseholdFilter(search="am")) == []
        assert len(unit_ids(s, UnitFilter(search="thuy chi"))) == 1
        assert len(unit_ids(s, UnitFilter(search="cctl"))) == 1
        assert unit_ids(s, UnitFilter(search="loi thuy x")) == []


def test_the_readme_example_finds_its_person_on_the_demo(demo_db: Path) -> None:
    store = Store.open(demo_db)
    try:
        names = _names(store, "nguyen van duc")
    finally:
        store.close()
    assert "Nguyễn Văn Đức" in names
    assert all(n.startswith("Nguyễn Văn") and n.endswith("Đức") for n in names)


@pytest.mark.sqlite_only("upgrading an old SQLite file")
def test_upgrading_a_database_puts_a_space_before_its_stored_folds(tmp_path: Path) -> None:
    """Schema 0006: folds stored by earlier versions are found by word like new ones."""
    path = tmp_path / "old.sqlite3"
    store = Store.open(path, create=True)
    with store.write() as s:
        person(s, "Nguyễn Văn Minh Đức", unit(s, "Phòng Tổng hợp"))
    store.close()
    downgrade(to_url(path), "0005")  # as an earlier version stored it
    engine = create_engine(to_url(path))
    with engine.connect() as c:
        assert c.scalar(text("SELECT name_fold FROM individuals")) == "nguyen van minh duc"
    engine.dispose()
    store = Store.open(path)
    try:
        assert _names(store, "duc nguyen") == ["Nguyễn Văn Minh Đức"]
        with store.read() as s:
            assert s.scalar(text("SELECT name_fold FROM individuals")) == " nguyen van minh duc"
    finally:
        store.close()
