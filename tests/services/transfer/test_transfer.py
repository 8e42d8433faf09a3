"""``transfer``: a whole database to another file or server and back, verified; refusals and
failures leave the destination as it was."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text

from emudesk.db.engine import to_url
from emudesk.db.models import Achievement, Unit
from emudesk.domain.errors import RightsError, StorageError
from emudesk.services.campaigns import achievements
from emudesk.services.core.audit_chain import verify_chain
from emudesk.services.core.outputs import SEEDED, database_holds_data
from emudesk.services.core.store import Store
from emudesk.services.transfer import copying
from emudesk.services.transfer.copying import TransferCancelledError, transfer
from tests import factories
from tests.pg import _free_port
from tests.services.transfer.sources import small_source
from tests.snapshot import Snapshot, snapshot


@pytest.fixture
def demo_db(sqlite_demo_db: Path) -> Path:
    """The demo as an SQLite file: where these transfers start (the server is the other end)."""
    return sqlite_demo_db


def whole(target: str | Path) -> tuple[Snapshot, list[tuple[Any, ...]]]:
    """Every row (the audit log too), as the driver returns it."""
    engine = create_engine(to_url(target))
    try:
        with engine.connect() as conn:
            audit = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM audit_log ORDER BY id")]
            return snapshot(conn), audit
    finally:
        engine.dispose()


def tables_of(url: str) -> set[str]:
    engine = create_engine(to_url(url))
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def attach(store: Store, tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "bien-ban.pdf"
    source.write_bytes(content)
    with store.write() as s:
        first = s.scalars(select(Achievement.id).order_by(Achievement.id)).first()
        assert first is not None
        achievements.add_evidence(s, first, source)


def evidence(target: str | Path) -> list[bytes]:
    """The content of every evidence file of a database."""
    store = Store.open(target)
    try:
        with store.read() as s:
            return [bytes(b) for (b,) in s.execute(text("SELECT data FROM evidence_blobs"))]
    finally:
        store.close()


def chain_holds(target: str | Path) -> int:
    store = Store.open(target)
    try:
        with store.read() as s:
            report = verify_chain(s)
        assert not report.breaks
        return report.entries
    finally:
        store.close()


def test_demo_to_server_and_back_gives_the_same_rows_and_files(
    demo_db: Path, empty_pg_url: str, tmp_path: Path
) -> None:
    store = Store.open(demo_db)
    attach(store, tmp_path, b"%PDF-1.4 bien ban")
    store.close()
    before = whole(demo_db)
    seen: list[tuple[int, int]] = []
    said: set[str] = set()

    def progress(done: int, total: int, label: str) -> None:
        seen.append((done, total))
        said.add(label)

    there = transfer(demo_db, empty_pg_url, progress=progress)

    assert there.files == 1 and there.rows == sum(len(r) for r in before[0].values()) + len(before[1])
    assert seen[-1][0] == seen[-1][1] > 0  # the progress reached its end
    # The clerk reads what is being copied in words, not the tables' names.
    assert {"Đang chép Cá nhân", "Đang chép Nhật ký"} <= said, said
    assert not [s for s in said if "_" in s]
    server = Store.open(empty_pg_url)
    # The sequences are past the copied ids: a new record goes in after them.
    with server.write() as s:
        new_id = factories.unit(s, "Phòng Mới Sau Chuyển")
    assert new_id > max(k[0] for k in before[0]["units"])
    server.close()
    assert chain_holds(empty_pg_url) > 0
    assert evidence(empty_pg_url) == [b"%PDF-1.4 bien ban"]

    back = tmp_path / "back.sqlite3"
    transfer(empty_pg_url, back)

    rows, audit = whole(back)
    assert rows["units"].pop((new_id,))[0] is not None
    assert rows == before[0]  # every row of every table, ids included, as the driver stored it
    assert audit[:-1] == before[1] and audit[-1][4] == "units"
    assert evidence(back) == [b"%PDF-1.4 bien ban"]
    assert chain_holds(back) == len(before[1]) + 1  # the new unit's entry


def test_a_link_to_a_later_row_of_the_same_table_goes_over(sqlite_store: Store, empty_pg_url: str) -> None:
    with sqlite_store.write() as s:
        child = factories.unit(s, "Phòng Con")
        parent = factories.unit(s, "Sở Mẹ", kind="so_nganh")
        s.get_one(Unit, child).parent_id = parent
    assert sqlite_store.path is not None
    transfer(sqlite_store.path, empty_pg_url)
    server = Store.open(empty_pg_url)
    with server.read() as s:
        assert s.get_one(Unit, child).parent_id == parent
    server.close()


def test_a_new_database_holds_no_data_only_its_seeded_catalogue(store: Store) -> None:
    with store.read() as s:
        filled = {
            name
            for name in inspect(s.connection()).get_table_names()
            if name != "alembic_version" and s.execute(text(f'SELECT count(*) FROM "{name}"')).scalar()
        }
    assert filled == SEEDED
    assert not database_holds_data(store.db.url)
    with store.write() as s:
        factories.unit(s, "Phòng Một")
    assert database_holds_data(store.db.url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def holding(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A destination that already holds data: a small database of its own."""
    store: Store = request.getfixturevalue("sqlite_store" if request.param == "sqlite" else "pg_store")
    with store.write() as s:
        factories.unit(s, "Phòng Đã Có")
    store.close()  # an SQLite file another connection holds is refused (see test_a_destination_in_use…)
    if store.path is not None:
        return str(store.path)
    return store.db.url.render_as_string(hide_password=False)


def counts(target: str | Path) -> dict[str, int]:
    rows, audit = whole(target)
    return {"audit_log": len(audit)} | {name: len(found) for name, found in rows.items()}


def leftovers(target: str) -> list[str]:
    if "://" in target:
        return []
    folder = Path(target).parent
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_destination_holding_data_is_refused_without_replace(
    holding: str, tmp_path: Path, sqlite_template: Path
) -> None:
    source = small_source(tmp_path, sqlite_template)
    before = whole(holding)
    with pytest.raises(StorageError, match="đã có dữ liệu"):
        transfer(source, holding)
    assert whole(holding) == before
    transfer(source, holding, replace=True)
    assert counts(holding) == counts(source)
    assert "Phòng Đã Có" not in str(whole(holding)[0]["units"])
    assert leftovers(holding) == []


def test_a_failure_in_the_middle_leaves_the_destination_as_it_was(
    holding: str, tmp_path: Path, sqlite_template: Path
) -> None:
    source = small_source(tmp_path, sqlite_template)
    before = whole(holding)

    def fail_halfway(done: int, total: int, _label: str) -> None:
        if done > total // 3:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        transfer(source, holding, replace=True, progress=fail_halfway)
    assert whole(holding) == before
    assert leftovers(holding) == []


def test_cancel_leaves_the_destination_as_it_was(holding: str, tmp_path: Path, sqlite_template: Path) -> None:
    source = small_source(tmp_path, sqlite_template)
    before = whole(holding)
    cancel = threading.Event()

    def cancel_halfway(done: int, total: int, _label: str) -> None:
        if done > total // 2:
            cancel.set()

    with pytest.raises(TransferCancelledError, match="Đã hủy"):
        transfer(source, holding, replace=True, progress=cancel_halfway, cancel=cancel)
    assert whole(holding) == before
    assert leftovers(holding) == []


@pytest.mark.pg
def test_a_failed_copy_to_a_new_server_database_leaves_it_empty(
    tmp_path: Path, sqlite_template: Path, empty_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = copying._copy_table

    def failing(job: Any, src: Any, dst: Any, table: Any) -> str:
        if table.name == "individuals":
            raise StorageError("the server went away")
        return real(job, src, dst, table)

    monkeypatch.setattr(copying, "_copy_table", failing)
    with pytest.raises(StorageError, match="went away"):
        transfer(small_source(tmp_path, sqlite_template), empty_pg_url)
    assert tables_of(empty_pg_url) == set()  # not even the schema: its upgrade was rolled back too


def test_the_source_itself_is_refused(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    with pytest.raises(StorageError, match="chính là nguồn"):
        transfer(demo_db, demo_db.parent / "." / demo_db.name, replace=True)
    assert demo_db.read_bytes() == before


@pytest.mark.pg
def test_the_source_server_itself_is_refused(pg_store: Store) -> None:
    url = pg_store.db.url.render_as_string(hide_password=False)
    with pytest.raises(StorageError, match="chính là nguồn"):
        transfer(url, url.replace("127.0.0.1", "127.0.0.1"), replace=True)


def test_an_unreachable_server_is_refused(store: Store) -> None:
    with pytest.raises(StorageError, match="Không kết nối được"):
        transfer(store, f"postgresql://nobody@127.0.0.1:{_free_port()}/office")


def test_a_destination_of_a_newer_version_is_refused(
    store: Store, tmp_path: Path, sqlite_template: Path
) -> None:
    with store.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    target = str(store.path) if store.path else store.db.url.render_as_string(hide_password=False)
    before = whole(target)
    with pytest.raises(StorageError, match="phiên bản emudesk mới hơn"):
        transfer(small_source(tmp_path, sqlite_template), target, replace=True)
    assert whole(target) == before


def test_a_missing_folder_or_bad_url_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="không tồn tại"):
        transfer(store, tmp_path / "none" / "x.sqlite3")
    with pytest.raises(StorageError, match="URL"):
        transfer(store, "postgresql://a@host:port/x")


@pytest.mark.sqlite_only("another program holding the destination SQLite file")
def test_a_destination_file_in_use_is_refused(
    sqlite_store: Store, tmp_path: Path, sqlite_template: Path
) -> None:
    with sqlite_store.write() as s:
        factories.unit(s, "Phòng Đang Mở")
    assert sqlite_store.path is not None
    target = str(sqlite_store.path)
    before = whole(target)
    with pytest.raises(StorageError, match="chương trình khác"):
        transfer(small_source(tmp_path, sqlite_template), target, replace=True)
    assert whole(target) == before
    assert leftovers(target) == []


@pytest.mark.pg
def test_a_server_that_refuses_to_empty_its_audit_log_is_left_as_it_was(
    holding_server: str, tmp_path: Path, sqlite_template: Path
) -> None:
    before = whole(holding_server)
    with pytest.raises(RightsError, match=r"Chỉ tài khoản sở hữu .*“postgres”.*Chưa có gì được ghi"):
        transfer(small_source(tmp_path, sqlite_template), holding_server, replace=True)
    assert whole(holding_server) == before


@pytest.fixture
def holding_server(pg_store: Store) -> Iterator[str]:
    """A server database whose audit log its login may not empty (as with users and roles)."""
    role = f"emudesk_clerk_{uuid.uuid4().hex[:8]}"
    with pg_store.write() as s:
        factories.unit(s, "Phòng Đã Có")
        s.execute(text(f"CREATE ROLE {role} LOGIN"))
        s.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}"))
        s.execute(text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}"))
        s.execute(text(f"REVOKE DELETE, TRUNCATE ON audit_log FROM {role}"))
    yield pg_store.db.url.set(username=role).render_as_string(hide_password=False)
    with pg_store.write() as s:
        s.execute(text(f"DROP OWNED BY {role}"))
        s.execute(text(f"DROP ROLE {role}"))


@pytest.fixture
def missing_pg_url(pg_admin_url: str) -> Iterator[str]:
    """A database name the test server does not have (dropped afterwards if the test made it)."""
    name = f"emudesk_new_{uuid.uuid4().hex[:10]}"
    yield to_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(to_url(pg_admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def server_has(admin_url: str, name: str) -> bool:
    admin = create_engine(to_url(admin_url))
    try:
        with admin.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            return found is not None
    finally:
        admin.dispose()


@pytest.mark.pg
def test_a_server_database_not_there_is_created_or_on_failure_left_absent(
    missing_pg_url: str,
    pg_admin_url: str,
    tmp_path: Path,
    sqlite_template: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = small_source(tmp_path, sqlite_template)
    name = str(to_url(missing_pg_url).database)

    def failing(*_args: Any) -> str:
        raise StorageError("the server went away")

    with monkeypatch.context() as patched:
        patched.setattr(copying, "_copy_table", failing)
        with pytest.raises(StorageError, match="went away"):
            transfer(source, missing_pg_url)
    assert not server_has(pg_admin_url, name)

    transfer(source, missing_pg_url)
    assert server_has(pg_admin_url, name)
    assert counts(missing_pg_url) == counts(source)
