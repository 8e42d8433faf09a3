"""The reads a write makes ahead of its checks (db/batch.py, db/audit_chain.py): typed as the driver
reads them, a head read ahead never used after a savepoint took its entries back, and on
PostgreSQL a move that takes the writer lock itself reads what the writer before it committed."""

from __future__ import annotations

import threading
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from emudesk.db import audit_chain
from emudesk.db.batch import Batch
from emudesk.db.models import Campaign, EvidenceBlob, Individual, Milestone, Nomination, OfferedForm, Quota
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import QuotaExceededError
from emudesk.services.core.audit_chain import verify_chain
from emudesk.services.core.store import Store
from emudesk.services.nominations.workflow import transition
from tests.factories import nominate, snn_department

IND = SubjectKind.INDIVIDUAL


def test_a_batch_reads_every_kind_of_value_as_its_own_statement_would(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        at = datetime(2026, 1, 2, 3, 4, 5, 6)
        s.add(EvidenceBlob(sha256="0" * 64, size=3, data=b"\x00\xff\x10", added_at=at))
    statements = [
        select(*Nomination.__table__.c),
        select(*Individual.__table__.c),
        select(*Campaign.__table__.c),
        select(*Milestone.__table__.c),
        select(*OfferedForm.__table__.c),
        select(*Quota.__table__.c),
        select(*EvidenceBlob.__table__.c),
        select(Individual.id).where(Individual.id < 0),  # no rows
    ]
    with store.read() as s:
        direct = [sorted(map(tuple, s.connection().execute(stmt)), key=repr) for stmt in statements]
        ahead = Batch(s)
        handles = [ahead.add(stmt) for stmt in statements]
        ahead.run()
        batched = [sorted(h.all(), key=repr) for h in handles]
    assert any(direct[:-1]) and direct[-1] == []
    assert batched == direct
    kinds = {type(v) for rows in batched for row in rows for v in row}
    assert {date, datetime, bool, bytes, int, str} <= kinds
    assert all(type(v) is Decimal for row in batched[5] for v in row[10:11] if v is not None)


def test_stale_snapshots_are_told_apart() -> None:
    assert not audit_chain.stale("10:12:10,11", "10:12:10,11")
    assert audit_chain.stale("10:12:10,11", "10:12:11")  # 10 was running and is over
    assert not audit_chain.stale("10:12:", "10:14:12,13")  # 12 and 13 began since, still running
    assert audit_chain.stale("10:12:", "10:14:13")  # 12 began since and is over
    assert not audit_chain.stale(None, "10:12:")


def test_a_head_read_ahead_is_dropped_when_a_savepoint_takes_its_entries_back(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        first = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        second = nominate(s, d.campaign, IND, d.staff[1], "BK_TINH", d.department)
        transition(s, [first], S.SUBMITTED)
    with store.write() as s:
        point = s.begin_nested()
        nominate(s, d.campaign, IND, d.staff[2], "BK_TINH", d.department)  # an entry, then taken back
        with pytest.raises(QuotaExceededError):
            transition(s, [second], S.SUBMITTED)  # read the head ahead, then refused
        point.rollback()
        nominate(s, d.campaign, IND, d.staff[3], "BK_TINH", d.department)
    with store.read() as s:
        report = verify_chain(s)
    assert report.breaks == [] and report.entries > 0


def _waiting_for_writer_lock(store: Store) -> bool:
    with store.db.engine.connect() as conn:
        return bool(
            conn.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            ).scalar()
        )


@pytest.mark.parametrize("stale", [False, True], ids=["waits", "reads-afresh"])
def test_a_move_that_finds_the_writer_lock_taken_counts_what_its_holder_committed(
    pg_store: Store, monkeypatch: pytest.MonkeyPatch, stale: bool
) -> None:
    store = pg_store
    with store.write() as s:
        d = snn_department(s)
        first = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        second = nominate(s, d.campaign, IND, d.staff[1], "BK_TINH", d.department)
    if stale:  # as if a writer had committed between the first look and the lock: read again
        monkeypatch.setattr(audit_chain, "stale", lambda _a, _b: True)
    outcome: list[BaseException | None] = []

    def other() -> None:
        try:
            with store.write() as s:
                transition(s, [second], S.SUBMITTED)
            outcome.append(None)
        except BaseException as exc:  # handed to the test's thread
            outcome.append(exc)

    with store.write() as s:
        transition(s, [first], S.SUBMITTED)  # holds the lock and the quota's last place
        racer = threading.Thread(target=other)
        racer.start()
        deadline = datetime.now().timestamp() + 20
        while not _waiting_for_writer_lock(store) and datetime.now().timestamp() < deadline:
            racer.join(0.01)
        assert racer.is_alive(), outcome
    racer.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], QuotaExceededError), outcome
    with store.read() as s:
        assert s.get(Nomination, second).status is S.DRAFT  # type: ignore[union-attr]
        assert s.get(Nomination, first).status is S.SUBMITTED  # type: ignore[union-attr]
