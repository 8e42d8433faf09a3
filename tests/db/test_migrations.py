"""Migrations: from empty, from the previous revision with data kept, in sync with the models,
and the safety rules around opening old, newer, foreign and broken databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from emudesk.db.base import Base
from emudesk.db.engine import to_url
from emudesk.db.migrate import alembic_config, head_revision, known_revisions, open_database, upgrade
from emudesk.domain.errors import StorageError
from emudesk.services.core.store import Store


def test_revisions_form_one_linear_chain() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    # The fast header reader used at start-up agrees with Alembic.
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
    for rev in revisions:
        assert rev.down_revision is None or isinstance(rev.down_revision, str)


def test_upgrade_from_empty_matches_the_models(tmp_path: Path) -> None:
    url = to_url(tmp_path / "fresh.sqlite3")
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_on_postgresql_matches_the_models(pg_store: Store) -> None:
    engine = pg_store.db.engine
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_upgrade_from_previous_revision_keeps_data_and_backs_up(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    url = to_url(path)
    upgrade(url, "0001")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO unit_kinds (id, uuid, created_at, updated_at, code, name, tier, historical, sort_order)"
        " VALUES (100, 'u-100', '2024-01-01', '2024-01-01', 'own', 'Loại riêng', 'other', 0, 0)"
    )
    con.commit()
    con.close()
    notices: list[Path] = []
    db = open_database(path, on_backup=notices.append)
    with db.read() as s:
        assert s.execute(text("SELECT name FROM unit_kinds WHERE id = 100")).scalar() == "Loại riêng"
        assert s.execute(text("SELECT count(*) FROM award_forms")).scalar() > 10  # catalogue from 0002
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    db.dispose()
    assert len(notices) == 1 and notices[0].exists()
    backup = sqlite3.connect(notices[0])
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    backup.close()


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Store.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(StorageError, match="phiên bản emudesk mới hơn"):
        open_database(path)


def test_foreign_and_corrupt_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(StorageError, match="không phải cơ sở dữ liệu emudesk"):
        open_database(other)
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("hello", encoding="utf-8")
    with pytest.raises(StorageError, match="không phải tệp SQLite"):
        open_database(text_file)
    broken = tmp_path / "broken.sqlite3"
    Store.open(broken, create=True).close()
    data = bytearray(broken.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page
    broken.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        open_database(broken)
    with pytest.raises(StorageError, match="Không có tệp"):
        open_database(tmp_path / "missing.sqlite3")


def test_failed_upgrade_leaves_the_file_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "half.sqlite3"
    upgrade(to_url(path), "0001")
    before = path.read_bytes()
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "m0002",
        Path(alembic_config().get_main_option("script_location") or "") / "versions" / "0002_catalogue.py",
    )
    assert spec is not None
    # Make the catalogue migration fail half-way by feeding it a bad unit kind row.
    from alembic import op

    real = op.bulk_insert
    calls = {"n": 0}

    def failing_bulk_insert(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "bulk_insert", failing_bulk_insert)
    with pytest.raises(StorageError, match="disk on fire"):
        open_database(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("SELECT count(*) FROM unit_kinds").fetchone()[0] == 0
    con.close()
    assert len(before) > 0
