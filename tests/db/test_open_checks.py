"""Opening compares the database's tables and columns with the models', on either engine; the first
write to an SQLite file reads all of it first (issue 19, item 5)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from emudesk.db.models import Setting
from emudesk.domain.errors import DamagedDatabaseError
from emudesk.services.core.store import Store
from tests.damage import damage, fingerprint


def test_a_table_dropped_on_any_engine_is_found(store: Store) -> None:
    with store.write() as s:
        s.execute(text("DROP TABLE evidence_files"))
    target = str(store.path) if store.path else store.db.url.render_as_string(hide_password=False)
    with pytest.raises(DamagedDatabaseError, match="thiếu evidence_files"):
        Store.open(target)


def test_the_first_write_reads_the_file_and_refuses_damage(demo_db: Path) -> None:
    store = Store.open(demo_db)  # opening reads the header and the list of tables only
    try:
        damage(demo_db, "index_page")
        before = fingerprint(demo_db)
        with pytest.raises(DamagedDatabaseError, match="chưa ghi gì vào tệp"), store.write() as s:
            s.add(Setting(key="test.place", value="Hưng Yên"))
        assert fingerprint(demo_db) == before
    finally:
        store.close()


def test_a_whole_file_takes_writes(demo_db: Path) -> None:
    store = Store.open(demo_db)
    try:
        with store.write() as s:
            s.add(Setting(key="test.place", value="Hưng Yên"))
        with store.write() as s:  # checked once per open
            s.get(Setting, "test.place").value = "Thái Bình"  # type: ignore[union-attr]
    finally:
        store.close()
    con = sqlite3.connect(demo_db)
    value = con.execute("SELECT value FROM settings WHERE key = 'test.place'").fetchone()[0]
    assert json.loads(value) == "Thái Bình"
    con.close()
