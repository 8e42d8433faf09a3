"""The audit log's hash chain: a fresh log verifies; an entry altered, removed or slipped in with
plain SQL is found and named; concurrent writers on PostgreSQL still make one chain."""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from emudesk.db import audit_chain
from emudesk.db.audit_chain import GENESIS, entry_hash
from emudesk.db.models import AuditEntry
from emudesk.domain.errors import StorageError
from emudesk.services.core.audit_chain import BreakKind, verify_chain
from emudesk.services.core.store import Store
from emudesk.services.register import individuals
from tests.factories import person, unit


def _note(session: Session, pid: int, note: str) -> None:
    data = individuals.individual_input(session, pid)
    individuals.update_individual(session, pid, replace(data, note=note))


def _write_log(store: Store) -> list[int]:
    """A few transactions of creates and edits; the audit entries' ids in order."""
    with store.write(actor="thu.ky") as s:
        uid = unit(s, "Phòng Tổng hợp")
        pids = [person(s, name, uid) for name in ("Lê Thị Hoa", "Trần Văn Bình", "Nguyễn Văn Đức")]
    for pid in pids:
        with store.write(actor="truong.phong") as s:
            _note(s, pid, f"Ghi chú {pid}")
    with store.read() as s:
        return list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def _entry(store: Store, entry_id: int) -> AuditEntry:
    with store.read() as s:
        row = s.get(AuditEntry, entry_id)
        assert row is not None
        return row


def _sql(store: Store, statement: str, **params: object) -> None:
    with store.write() as s:
        s.execute(text(statement), params)


def test_a_fresh_log_verifies_and_each_entry_links_to_the_one_before(store: Store) -> None:
    ids = _write_log(store)
    assert len(ids) >= 7
    with store.read() as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        report = verify_chain(s)
    assert report.ok and report.breaks == [] and report.entries == len(ids)
    assert rows[0].prev_hash == GENESIS
    for before, after in pairwise(rows):
        assert after.prev_hash == before.entry_hash
    assert len({r.entry_hash for r in rows}) == len(rows)
    assert report.head_id == ids[-1] and report.head_hash == rows[-1].entry_hash


def test_the_hash_covers_what_is_stored_not_how_it_was_typed() -> None:
    at = datetime(2026, 12, 6, 10, 15, 2, 5)
    entry = {
        "id": 7,
        "at": at,
        "actor": "thu.ky",
        "action": "update",
        "table_name": "individuals",
        "record_id": 3,
        "record_uuid": None,
        "summary": "Nguyễn Văn Đức",
        "before": {"note": None, "unit_id": 2},
        "after": {"unit_id": 5, "note": "Đã chuyển"},
    }
    digest = entry_hash(entry, "abc")
    nfd = {
        **entry,
        "summary": unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
        "after": {"note": unicodedata.normalize("NFD", "Đã chuyển"), "unit_id": 5},
        "at": at.replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=7))),
    }
    assert entry_hash(nfd, "abc") == digest
    for changed in (
        {"record_id": 4},
        {"after": {"unit_id": 6, "note": "Đã chuyển"}},
        {"at": at.replace(microsecond=6)},
    ):
        assert entry_hash({**entry, **changed}, "abc") != digest, changed
    assert entry_hash(entry, "abd") != digest


def test_one_field_changed_with_sql_names_that_entry(store: Store) -> None:
    ids = _write_log(store)
    target = ids[len(ids) // 2]
    original = _entry(store, target)
    _sql(store, "UPDATE audit_log SET actor = 'ke.gian' WHERE id = :id", id=target)
    with store.read() as s:
        report = verify_chain(s)
    assert [(b.kind, b.entry.id) for b in report.breaks] == [(BreakKind.ALTERED, target)]
    found = report.breaks[0]
    assert found.entry.table_name == original.table_name and found.entry.record_id == original.record_id
    assert found.entry.at == original.at and found.entry.actor == "ke.gian"
    assert found.previous is not None and found.previous.id == ids[ids.index(target) - 1]
    # The JSON of what changed is covered too.
    _sql(store, "UPDATE audit_log SET actor = :a WHERE id = :id", a=original.actor, id=target)
    with store.read() as s:
        assert verify_chain(s).ok
    last = ids[-1]
    _sql(store, "UPDATE audit_log SET after = :v WHERE id = :id", v='{"note": "Ghi chú khác"}', id=last)
    with store.read() as s:
        assert [(b.kind, b.entry.id) for b in verify_chain(s).breaks] == [(BreakKind.ALTERED, last)]


def test_a_removed_entry_is_found_after_the_one_before_it(store: Store) -> None:
    ids = _write_log(store)
    gone = ids[3]
    _sql(store, "DELETE FROM audit_log WHERE id = :id", id=gone)
    with store.read() as s:
        report = verify_chain(s)
    assert [(b.kind, b.entry.id) for b in report.breaks] == [(BreakKind.MISSING, ids[4])]
    assert report.breaks[0].previous is not None and report.breaks[0].previous.id == ids[2]
    # The very first entry removed: missing before the first one left.
    _sql(store, "DELETE FROM audit_log WHERE id = :id", id=ids[0])
    with store.read() as s:
        first = verify_chain(s).breaks[0]
    assert (first.kind, first.entry.id, first.previous) == (BreakKind.MISSING, ids[1], None)


def test_a_row_inserted_with_sql_is_found_and_later_writes_still_chain(store: Store) -> None:
    ids = _write_log(store)
    forged = ids[-1] + 1
    _sql(
        store,
        "INSERT INTO audit_log (id, at, actor, action, table_name, record_id, summary)"
        " VALUES (:id, :at, 'thu.ky', 'delete', 'individuals', 2, 'Trần Văn Bình')",
        id=forged,
        at=datetime(2026, 12, 6, 9, 0),
    )
    with store.write(actor="thu.ky") as s:
        unit(s, "Phòng Pháp chế")  # a real change after the forged row
    with store.read() as s:
        report = verify_chain(s)
        newest = s.scalar(select(func.max(AuditEntry.id)))
    assert [(b.kind, b.entry.id) for b in report.breaks] == [(BreakKind.INSERTED, forged)]
    assert report.breaks[0].entry.summary == "Trần Văn Bình"
    assert report.head_id == newest and newest is not None and newest > forged


def test_a_row_slipped_into_a_gap_with_a_borrowed_link_is_named_as_added(store: Store) -> None:
    ids = _write_log(store)
    # A gap in the ids: an entry put in by hand and taken out again.
    gap = ids[-1] + 1
    _sql(
        store,
        "INSERT INTO audit_log (id, at, actor, action, table_name, summary) "
        "VALUES (:id, :at, '', 'create', 'units', '')",
        id=gap,
        at=datetime(2026, 12, 6, 9, 0),
    )
    with store.write(actor="thu.ky") as s:
        unit(s, "Phòng Pháp chế")
    _sql(store, "DELETE FROM audit_log WHERE id = :id", id=gap)
    with store.read() as s:
        assert verify_chain(s).ok
    head = _entry(store, ids[-1]).entry_hash
    for made_up in ("0" * 64, None):
        forged = {
            "id": gap,
            "at": datetime(2026, 12, 6, 9, 30),
            "actor": "thu.ky",
            "action": "delete",
            "table_name": "nominations",
            "record_id": 12,
            "summary": "Hồ sơ bị xoá",
        }
        digest = made_up or entry_hash(forged, head or "")
        _sql(
            store,
            "INSERT INTO audit_log (id, at, actor, action, table_name, record_id, summary, prev_hash,"
            " entry_hash) VALUES (:id, :at, :actor, :action, :table_name, :record_id, :summary,"
            " :prev, :digest)",
            **forged,
            prev=head,
            digest=digest,
        )
        with store.read() as s:
            report = verify_chain(s)
        assert [(b.kind, b.entry.id) for b in report.breaks] == [(BreakKind.INSERTED, gap)], made_up
        assert report.breaks[0].previous is not None and report.breaks[0].previous.id == ids[-1]
        _sql(store, "DELETE FROM audit_log WHERE id = :id", id=gap)


@pytest.mark.pg
def test_concurrent_writers_on_postgresql_make_one_chain(pg_store: Store) -> None:
    with pg_store.write() as s:
        uid = unit(s, "Phòng Tổng hợp")
    rounds = 15
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            barrier.wait()
            for i in range(rounds):
                with pg_store.write(actor=tag) as s:
                    pid = person(s, f"Nguyễn Văn {tag}{i}", uid)
                    s.flush()
                    _note(s, pid, f"{tag} {i}")
        except BaseException as exc:  # handed to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with pg_store.read() as s:
        report = verify_chain(s)
        actors = list(s.scalars(select(AuditEntry.actor).order_by(AuditEntry.id)))
    assert report.ok, report.breaks
    assert actors.count("A") >= rounds and actors.count("B") >= rounds
    # The writers really ran side by side: their entries interleave.
    switches = sum(1 for a, b in pairwise(actors) if a != b)
    assert switches >= 2, actors


@pytest.mark.pg
def test_a_writer_waiting_too_long_for_another_is_told_the_database_is_busy(
    pg_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_chain, "LOCK_WAIT", "200ms")
    with pg_store.write() as first:
        unit(first, "Phòng Tổng hợp")
        first.flush()
        with pytest.raises(StorageError, match="đang bận"), pg_store.write() as second:
            unit(second, "Phòng Pháp chế")
    with pg_store.read() as s:
        assert verify_chain(s).ok
        assert s.scalar(text("SELECT count(*) FROM units WHERE name = 'Phòng Pháp chế'")) == 0


def test_a_long_write_keeps_the_head_and_a_savepoint_rolled_back_forgets_it(store: Store) -> None:
    """An exchange import appends thousands of times in one transaction (``keeping_head``): on
    SQLite each append starts from the head the one before left; a record refused in its savepoint
    takes its entries back, and the next append must not chain to them."""
    reads: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "FROM audit_log ORDER BY audit_log.id DESC" in statement:
            reads.append(statement)

    with store.write(actor="thu.ky") as s:
        uid = unit(s, "Phòng Tổng hợp")
        conn = s.connection()
        event.listen(conn.engine, "before_cursor_execute", count)
        try:
            with audit_chain.keeping_head(conn):
                first = person(s, "Lê Thị Hoa", uid)
                person(s, "Trần Văn Bình", uid)
                with pytest.raises(RuntimeError), s.begin_nested():
                    person(s, "Phạm Văn Cường", uid)
                    raise RuntimeError("refused")
                person(s, "Nguyễn Văn Đức", uid)
                # A move of files reads the head ahead with its own rows; the append after it
                # starts from the kept head, and the one read ahead is stale from then on.
                audit_chain.prime_head(conn, conn.execute(select(*audit_chain.head_columns(conn))).one())
                person(s, "Hoàng Thị Lan", uid)
            if not store.is_sqlite:
                # The id sequence is past the ids as the block ends (for anything inserting by its
                # default), though the kept head never read it.
                sequence = s.scalar(text("SELECT last_value FROM audit_log_id_seq"))
                assert sequence == s.scalar(select(func.max(AuditEntry.id)))
            _note(s, first, "Đã đối chiếu")  # one entry: the kind of append a head read ahead serves
        finally:
            event.remove(conn.engine, "before_cursor_execute", count)
    with store.read() as s:
        report = verify_chain(s)
        names = set(s.scalars(select(AuditEntry.summary).where(AuditEntry.table_name == "individuals")))
    assert report.ok and report.breaks == []
    assert names == {"Lê Thị Hoa", "Trần Văn Bình", "Nguyễn Văn Đức", "Hoàng Thị Lan"}
    # The head read once, once more after the rollback, once ahead and once after the block.
    assert len(reads) == 4
