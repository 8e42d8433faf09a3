"""Twenty processes race for the last places of one quota, on SQLite and on PostgreSQL.

Each racer is a real process with its own engine and connection (races.py), all released at
once by a barrier. Exactly the free places are taken; every other racer is refused with the
quota message naming the rule, its limit, the count and the files holding the places; the
database ends with the quota full, never over, and ``emudesk check`` passes. A writer kept
waiting past the lock wait is told the database is busy, and nothing of it is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, func, select, text

from emudesk.db import audit_chain
from emudesk.db.models import AwardRecord, Decision, Nomination
from emudesk.domain import quotas as rules
from emudesk.domain.enums import NominationStatus as S
from emudesk.services.campaigns import quotas
from emudesk.services.core.store import Store
from emudesk.services.workspace.check import run_checks
from tests.services.nominations import races

RACERS, PLACES, HELD = 20, 3, 2
APPROVERS = RACERS // len(races.MOVES)  # every fourth racer approves a file holding its place
LIMIT = HELD + APPROVERS + PLACES


def _url(store: Store) -> str:
    return str(store.path) if store.is_sqlite else store.db.url.render_as_string(hide_password=False)


def _holding(store: Store, campaign_id: int) -> list[int]:
    with store.read() as s:
        return list(
            s.scalars(
                select(Nomination.id)
                .where(Nomination.campaign_id == campaign_id, Nomination.status.in_(quotas._HOLDING))
                .order_by(Nomination.id)
            )
        )


def _holders_by_id(store: Store, ids: list[int]) -> dict[int, str]:
    """Each holder's line as a refusal shows it, without its status (an approval may be under way)."""
    with store.read() as s:
        return {
            h.id: rules.holder_line(h, with_form=False).rsplit(" – ", 1)[0]
            for h in quotas.holders(s, ids)
            if h.id is not None
        }


def _check(store: Store) -> None:
    with store.read() as s:
        report = run_checks(s, is_sqlite=store.is_sqlite)
    assert report.ok, report.errors


def test_twenty_racers_for_the_last_three_places_take_exactly_them(store: Store) -> None:
    """Drafts submitted, returned files sent back in, new files filed at once and files holding
    their places approved into one decision, all racing."""
    plan = races.prepare(store, _url(store), racers=RACERS, places=PLACES, held=HELD, mode="mixed")
    # Cold racers on a busy 2-core machine hold the write lock long enough to queue past the
    # app's 10 s wait ("busy" is the last test's matter): give this race all the time it needs.
    result = races.race(plan, races.Options(lock_wait_ms=120_000))

    crashes = [o.message for o in result.outcomes if o.kind not in ("ok", "quota")]
    assert not crashes, crashes[0]
    assert result.kinds() == {"ok": PLACES + APPROVERS, "quota": RACERS - PLACES - APPROVERS}
    assert all(plan.moves[o.racer] != "approve" for o in result.of("quota"))
    held = _holding(store, plan.campaign_id)
    assert len(held) == LIMIT  # full, never over
    winners = {o.nomination_id for o in result.of("ok")}
    assert winners <= set(held)
    with store.read() as s:
        meter = {u.label: u for u in quotas.usage(s, plan.campaign_id)}[races.QUOTA_LABEL]
        assert (meter.used, meter.limit) == (LIMIT, LIMIT)
        # The refused ones wrote nothing: their files are as they were, or (new files) absent.
        kept = dict(s.execute(select(Nomination.status, func.count()).group_by(Nomination.status)).all())
    left = {"submit": S.DRAFT, "resubmit": S.RETURNED}
    expected: dict[S, int] = {S.SUBMITTED: LIMIT - APPROVERS, S.APPROVED: APPROVERS}
    for o in result.of("quota"):
        move = plan.moves[o.racer]
        if move in left:
            expected[left[move]] = expected.get(left[move], 0) + 1
    assert kept == expected

    # Every refusal is the quota's, counted after the winners: the rule, limit, count and holders.
    lines = _holders_by_id(store, held)
    for o in result.of("quota"):
        assert (o.limit, o.count) == (LIMIT, LIMIT)
        assert [line.rsplit(" – ", 1)[0] for line in o.holders] == list(lines.values())
        assert o.message.startswith(f"Vượt chỉ tiêu: “{races.QUOTA_LABEL}”")
        assert f"chỉ cho phép {LIMIT}; đã dùng {LIMIT}." in o.message
        assert "Các đề nghị đang giữ suất:" in o.message
        assert all(f"- {line} – " in o.message for line in lines.values())

    # The approvals went into one decision, written once.
    with store.read() as s:
        decisions = s.scalars(select(Decision.id).where(Decision.number == races.DECISION_NUMBER)).all()
        assert len(decisions) == 1
        awarded = s.scalar(
            select(func.count()).select_from(AwardRecord).where(AwardRecord.decision_id == decisions[0])
        )
        assert awarded == APPROVERS
    _check(store)


@contextmanager
def _writer_holding_the_lock(store: Store) -> Iterator[None]:
    """Another program in the middle of a long write: it holds the write lock until let go."""
    if store.is_sqlite:
        con = sqlite3.connect(str(store.path), isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            yield
            con.execute("ROLLBACK")
        finally:
            con.close()
        return
    engine = create_engine(store.db.url)
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": audit_chain.LOCK_KEY})
            yield
    finally:
        engine.dispose()


def test_a_racer_kept_waiting_past_the_lock_wait_is_told_busy_and_writes_nothing(store: Store) -> None:
    plan = races.prepare(store, _url(store), racers=4, places=2, held=HELD)
    result = races.race(plan, races.Options(lock_wait_ms=200), hold=_writer_holding_the_lock(store))

    assert result.kinds() == {"busy": 4}, [o.message for o in result.outcomes]
    for o in result.outcomes:
        assert o.error == "StorageError"
        if store.is_sqlite:
            assert o.message.startswith("Tệp cơ sở dữ liệu đang được một chương trình khác")
        else:
            assert o.message.startswith("Cơ sở dữ liệu đang bận")
        assert "Traceback" not in o.message
    assert len(_holding(store, plan.campaign_id)) == HELD
    # Once the other writer is done, the same files go through.
    again = races.race(plan)
    assert again.kinds() == {"ok": 2, "quota": 2}
    _check(store)
