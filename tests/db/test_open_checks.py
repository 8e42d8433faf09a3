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


@pytest.mark.sqlite_only("file damage: pages of the SQLite file")
def test_the_first_write_reads_the_file_and_refuses_damage(sqlite_demo_db: Path) -> None:
    store = Store.open(sqlite_demo_db)  # opening reads the header and the list of tables only
    try:
        damage(sqlite_demo_db, "index_page")
        before = fingerprint(sqlite_demo_db)
        with pytest.raises(DamagedDatabaseError, match="chưa ghi gì vào tệp"), store.write() as s:
            s.add(Setting(key="test.place", value="Hưng Yên"))
        assert fingerprint(sqlite_demo_db) == before
    finally:
        store.close()


@pytest.mark.sqlite_only("file damage: pages of the SQLite file")
def test_a_whole_file_takes_writes(sqlite_demo_db: Path) -> None:
    store = Store.open(sqlite_demo_db)
    try:
        with store.write() as s:
            s.add(Setting(key="test.place", value="Hưng Yên"))
        with store.write() as s:  # checked once per open
            s.get(Setting, "test.place").value = "Thái Bình"  # type: ignore[union-attr]
    finally:
        store.close()
    con = sqlite3.connect(sqlite_demo_db)
    value = con.execute("SELECT value FROM settings WHERE key = 'test.place'").fetchone()[0]
    assert json.loads(value) == "Thái Bình"
    con.close()


@pytest.mark.sqlite_only("SQLite's one write lock on the file: a reader must not queue for it")
def test_opening_reads_the_schema_without_waiting_for_a_writer(sqlite_template: Path, tmp_path: Path) -> None:
    # Twenty programs opening one file at once queued for the write lock just to read the schema,
    # and some gave up as "busy" (issue 13's race trials).
    import emudesk.db.engine as engine_module
    from emudesk.db.engine import to_url
    from emudesk.db.migrate import schema_state

    db = tmp_path / "office.sqlite3"
    db.write_bytes(sqlite_template.read_bytes())
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(engine_module, "BUSY_TIMEOUT_MS", 50)
            state = schema_state(to_url(db))
        assert state.revision is not None and state.has_tables
    finally:
        writer.close()
