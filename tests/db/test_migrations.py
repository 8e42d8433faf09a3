"""Migrations: from empty, from the previous revision with data kept, in sync with the models,
and the safety rules around opening old, newer, foreign and broken databases."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from emudesk.db.base import Base
from emudesk.db.engine import to_url
from emudesk.db.migrate import (
    _revision_graph,
    alembic_config,
    head_revision,
    known_revisions,
    open_database,
    upgrade,
)
from emudesk.db.search import outside_models
from emudesk.domain.errors import StorageError
from emudesk.services.core.store import Store

SIDECARS = ("-wal", "-shm", "-journal")


FILE_UPGRADE = "upgrading an SQLite file: its copy before the upgrade, journal modes, foreign files"


def file_state(path: Path) -> dict[str, str | None]:
    """SHA-256 of a database file and of each SQLite sidecar file (None when absent)."""
    state: dict[str, str | None] = {}
    for name in (path.name, *(path.name + suffix for suffix in SIDECARS)):
        candidate = path.with_name(name)
        state[name] = hashlib.sha256(candidate.read_bytes()).hexdigest() if candidate.exists() else None
    return state


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


@pytest.mark.sqlite_only(FILE_UPGRADE)
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
    # The trigram indexes (0010_pg_search) are the server's extra, outside the models.
    opts = {"compare_type": True, "include_object": outside_models}
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []


@pytest.mark.sqlite_only(FILE_UPGRADE)
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


@pytest.mark.sqlite_only(FILE_UPGRADE)
def test_an_upgrade_sweeps_the_part_copies_a_killed_upgrade_left(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    upgrade(to_url(path), "0008_name_fold_words")
    stale = tmp_path / ".old.before-upgrade-0008_name_fold_words-20261101-080000.sqlite3.partial"
    fresh = tmp_path / ".old.before-upgrade-0008_name_fold_words-20261206-080000.sqlite3.partial"
    other = tmp_path / ".older.before-upgrade-0008_name_fold_words-20261101-080000.sqlite3.partial"
    for leftover in (stale, fresh, other):
        leftover.write_bytes(b"SQLite format 3\x00 cut short")
    long_ago = time.time() - 7 * 3600
    os.utime(stale, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    open_database(path).dispose()
    # The hours-old leftover of this file goes; one being written now, or another file's, stays.
    assert not stale.exists() and fresh.exists() and other.exists()


@pytest.mark.sqlite_only(FILE_UPGRADE)
def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Store.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = file_state(path)
    with pytest.raises(StorageError, match="phiên bản emudesk mới hơn"):
        open_database(path)
    assert file_state(path) == before


@pytest.mark.sqlite_only(FILE_UPGRADE)
def test_foreign_and_corrupt_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    before = file_state(other)
    with pytest.raises(StorageError, match="không phải cơ sở dữ liệu emudesk"):
        open_database(other)
    assert file_state(other) == before
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


@pytest.mark.sqlite_only(FILE_UPGRADE)
@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_failed_upgrade_leaves_the_file_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, journal_mode: str
) -> None:
    path = tmp_path / "half.sqlite3"
    upgrade(to_url(path), "0001")
    # Files the app has opened are in WAL mode; files fresh from an old migration are not.
    con = sqlite3.connect(path)
    assert con.execute(f"PRAGMA journal_mode={journal_mode}").fetchone()[0] == journal_mode
    con.close()
    before = file_state(path)
    assert before[path.name] is not None
    # Make the catalogue migration fail half-way: the second bulk insert raises after the
    # first one has written its rows inside the upgrade's transaction.
    from alembic import op

    real = op.bulk_insert
    calls = {"n": 0}

    def failing_bulk_insert(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "bulk_insert", failing_bulk_insert)
    notices: list[Path] = []
    with pytest.raises(StorageError, match="disk on fire"):
        open_database(path, on_backup=notices.append)
    assert calls["n"] == 2
    # Byte for byte, sidecar files included: not one page of the half-done upgrade stayed behind.
    assert file_state(path) == before
    # The file is its own backup after a failed attempt: the copy taken before it is removed,
    # or each retry would leave another full copy (issue 19, item 6).
    assert notices == [] and sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("SELECT count(*) FROM unit_kinds").fetchone()[0] == 0
    con.close()


@pytest.mark.sqlite_only(FILE_UPGRADE)
def test_an_old_file_that_fails_to_upgrade_says_so_without_sql_and_leaves_no_copies(tmp_path: Path) -> None:
    """A file stamped older than its tables: every attempt fails the same way (issue 19, item 6)."""
    path = tmp_path / "old.sqlite3"
    Store.open(path, create=True).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0005'")
    con.commit()
    con.close()
    before = file_state(path)
    for _attempt in range(3):
        with pytest.raises(StorageError) as caught:
            open_database(path)
        message = str(caught.value)
        assert "không nâng cấp được" in message and "để nguyên tệp như cũ" in message, message
        assert "SQL" not in message and "ALTER" not in message and "sqlalche.me" not in message
    assert file_state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.sqlite_only(FILE_UPGRADE)
def test_one_backup_per_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "prev.sqlite3"
    previous = _revision_graph()[head_revision()]
    assert previous is not None
    upgrade(to_url(path), previous)
    notices: list[Path] = []
    for _attempt in range(2):
        open_database(path, on_backup=notices.append).dispose()
    assert len(notices) == 1
    backups = [p for p in tmp_path.iterdir() if ".before-upgrade-" in p.name]
    assert backups == notices


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables yet, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "old.sqlite3")
        return
    import uuid

    admin_url = request.getfixturevalue("pg_admin_url")
    admin = create_engine(to_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"emudesk_m_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield to_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_chains_the_audit_entries_already_written(empty_url: str) -> None:
    """0009 hashes the log a file already holds, across batches, the same on both engines."""
    from emudesk.services.core.audit_chain import BreakKind, verify_chain

    url = to_url(empty_url)
    upgrade(url, "0008_name_fold_words")
    engine = create_engine(url)
    n = 5003  # more than one batch of the migration (5,000) and of the check (2,000)
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    rows = [
        {
            "id": i,
            "at": datetime(2024, 1, 1, 8, 0) + timedelta(seconds=i, microseconds=i),
            "actor": "thu.ky" if i % 2 else "",
            "action": ("create", "update", "delete")[i % 3],
            "table_name": "individuals",
            "record_id": i if i % 5 else None,
            "record_uuid": None,
            "summary": f"{nfd} {i}",
            "before": None if i % 3 == 0 else json.dumps({"note": nfd, "unit_id": i}),
            "after": json.dumps({"note": f"Ghi chú {i}", "rank": 1.5, "tags": [1, "Đ"]}),
        }
        for i in range(1, n + 1)
    ]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (id, at, actor, action, table_name, record_id, record_uuid, summary,"
                " before, after) VALUES (:id, :at, :actor, :action, :table_name, :record_id, :record_uuid,"
                " :summary, :before, :after)"
            ),
            rows,
        )
    engine.dispose()
    store = Store.open(empty_url)
    try:
        with store.read() as s:
            report = verify_chain(s)
            first_prev = s.scalar(text("SELECT prev_hash FROM audit_log WHERE id = 1"))
            unhashed = s.scalar(text("SELECT count(*) FROM audit_log WHERE entry_hash IS NULL"))
        assert report.ok and report.entries == n and unhashed == 0
        assert first_prev == "" and report.head_id == n and report.head_hash
        # New writes continue the migrated chain, and the migrated hashes mean something.
        with store.write(actor="thu.ky") as s:
            s.execute(text("UPDATE audit_log SET summary = 'sửa' WHERE id = 4000"))
            from tests.factories import unit

            unit(s, "Phòng Tổng hợp")
        with store.read() as s:
            report = verify_chain(s)
        assert [(b.kind, b.entry.id) for b in report.breaks] == [(BreakKind.ALTERED, 4000)]
        assert report.entries == n + 1
    finally:
        store.close()


def test_upgrade_moves_the_evidence_folder_into_the_database(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0011_evidence_blobs reads the files an older version kept beside the SQLite file (on a server,
    in this computer's data folder), each checked against its row's checksum; a file missing or
    changed is named in a notice, and the folder is left as it was."""
    from emudesk import paths
    from emudesk.db.migrate import downgrade
    from emudesk.domain.enums import SubjectKind
    from emudesk.services.campaigns import achievements
    from emudesk.services.core.common import SubjectRef
    from emudesk.services.workspace.check import run_checks
    from tests.factories import unit

    monkeypatch.setenv("EMUDESK_HOME", str(tmp_path / "home"))
    contents = {
        "Biên bản.pdf": b"%PDF bien ban",
        "Ảnh chụp.jpg": b"\xff\xd8 anh",
        "Mất.pdf": b"%PDF mat",
        "Sửa.pdf": b"%PDF sua",
    }
    (tmp_path / "in").mkdir()
    store = Store.open(empty_url, create=True)
    with store.write() as s:
        uid = unit(s, "Phòng Nội vụ")
        aid = achievements.create_achievement(
            s, achievements.AchievementInput(subject=SubjectRef(SubjectKind.UNIT, uid), title="Đạt chuẩn")
        )
        ids: dict[str, int] = {}
        for name, data in contents.items():
            (tmp_path / "in" / name).write_bytes(data)
            ids[name] = achievements.add_evidence(s, aid, tmp_path / "in" / name)
        twice = achievements.add_evidence(s, aid, tmp_path / "in" / "Biên bản.pdf")
    path = store.path
    store.close()
    # Back to the schema of the older version: on SQLite its downgrade writes the folder back.
    downgrade(to_url(empty_url), "0010_pg_search")
    folder = path.with_name(path.stem + "-files") if path else paths.data_dir() / "files" / "server"
    sha = {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}
    if path is None:
        for name, data in contents.items():
            (folder / sha[name][:2]).mkdir(parents=True, exist_ok=True)
            (folder / sha[name][:2] / f"{sha[name]}.bin").write_bytes(data)
    (folder / sha["Mất.pdf"][:2] / f"{sha['Mất.pdf']}.bin").unlink()
    (folder / sha["Sửa.pdf"][:2] / f"{sha['Sửa.pdf']}.bin").write_bytes(b"%PDF changed")
    left = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert len(left) == 3

    notices: list[str] = []
    open_database(empty_url, on_notice=notices.append).dispose()

    assert len(notices) == 1 and "2 tệp minh chứng không chuyển được" in notices[0], notices
    assert "Mất.pdf" in notices[0] and "Sửa.pdf" in notices[0] and "Biên bản" not in notices[0]
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == left
    store = Store.open(empty_url)
    try:
        for name in ("Biên bản.pdf", "Ảnh chụp.jpg"):
            out = tmp_path / f"out-{ids[name]}"
            out.mkdir()
            with store.read() as s:
                assert achievements.extract_evidence(s, ids[name], out).read_bytes() == contents[name]
        out = tmp_path / "out-twice"
        out.mkdir()
        with store.read() as s:
            assert achievements.extract_evidence(s, twice, out).read_bytes() == contents["Biên bản.pdf"]
            stored = s.scalar(text("SELECT count(*) FROM evidence_blobs"))
            report = run_checks(s, is_sqlite=store.is_sqlite)
        assert stored == 2
        errors = " ".join(report.errors)
        assert "2 tệp minh chứng không có nội dung" in errors and "Mất.pdf" in errors, report.errors
    finally:
        store.close()


@pytest.mark.sqlite_only("Alembic's batch mode rebuilds SQLite tables; PostgreSQL alters them in place")
def test_an_upgrade_writes_the_same_schema_whatever_the_hash_seed(tmp_path: Path) -> None:
    # A batch copy rebuilt a table from reflected constraints in set order: two upgrades of one
    # file wrote different CREATE TABLE texts (found by the crash trials' "exactly after" check).
    import subprocess
    import sys

    old = tmp_path / "old.sqlite3"
    upgrade(to_url(old), "0006_recusal_reasons")
    script = (
        "import shutil, sqlite3, sys\n"
        "from emudesk.db.migrate import upgrade, to_url\n"
        "shutil.copy(sys.argv[1], sys.argv[2])\n"
        "upgrade(to_url(sys.argv[2]))\n"
        "con = sqlite3.connect(sys.argv[2])\n"
        "print(con.execute('SELECT group_concat(sql, char(10)) FROM "
        "(SELECT sql FROM sqlite_master ORDER BY name)').fetchone()[0])\n"
    )
    schemas = set()
    for seed in ("1", "2", "5", "7"):  # seeds ordering the constraints both ways
        env = {**os.environ, "PYTHONHASHSEED": seed}
        copy = tmp_path / f"seed{seed}.sqlite3"
        done = subprocess.run(
            [sys.executable, "-c", script, str(old), str(copy)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        schemas.add(done.stdout)
    assert len(schemas) == 1
