"""A move's history row is written by the database with the UPDATE that moves the file
(db/status_events.py), on SQLite and PostgreSQL: once per move, with who, when and why; never by a
status changed by hand in SQL; undo takes it away and redo brings it back, once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from emudesk.db import status_events
from emudesk.db.engine import to_url
from emudesk.db.migrate import upgrade
from emudesk.db.models import Nomination, NominationEvent
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.enums import SubjectKind
from emudesk.services.core.history import UndoHistory
from emudesk.services.core.store import Store
from emudesk.services.nominations.workflow import transition
from emudesk.services.workspace import undo
from tests.factories import nominate, snn_department

IND = SubjectKind.INDIVIDUAL


def _draft(store: Store) -> int:
    with store.write() as s:
        d = snn_department(s)
        return nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)


def _events(store: Store, nid: int) -> list[Any]:
    with store.read() as s:
        return list(
            s.execute(
                select(
                    NominationEvent.from_status,
                    NominationEvent.to_status,
                    NominationEvent.actor,
                    NominationEvent.note,
                    NominationEvent.at,
                )
                .where(NominationEvent.nomination_id == nid)
                .order_by(NominationEvent.id)
            )
        )


def test_a_move_writes_one_history_row_with_who_when_and_why(store: Store) -> None:
    nid = _draft(store)
    with store.write() as s:
        actor = str(s.info.get("actor", ""))
        transition(s, [nid], S.SUBMITTED, note="Hồ sơ đủ thành phần")
    with store.write() as s:
        transition(s, [nid], S.RETURNED, note="Thiếu báo cáo thành tích")
    events = _events(store, nid)
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.RETURNED),
    ]
    assert [e.note for e in events[1:]] == ["Hồ sơ đủ thành phần", "Thiếu báo cáo thành tích"]
    assert actor and {e.actor for e in events[1:]} == {actor}
    with store.read() as s:
        n = s.get(Nomination, nid)
        assert n is not None and n.status is S.RETURNED and events[-1].at == n.status_changed_at


def test_a_status_changed_by_hand_in_sql_writes_no_history_row(store: Store) -> None:
    nid = _draft(store)
    with store.write() as s:
        s.execute(text("UPDATE nominations SET status = 'withdrawn' WHERE id = :id"), {"id": nid})
    assert [(e.from_status, e.to_status) for e in _events(store, nid)] == [(None, S.DRAFT)]


def test_undo_and_redo_of_a_submit_keep_one_history_row_per_move(store: Store) -> None:
    nid = _draft(store)
    history = UndoHistory()
    store.history = history
    with store.write() as s:
        transition(s, [nid], S.SUBMITTED)
    moved = _events(store, nid)
    entry = history.next_undo()
    assert entry is not None and "nomination_events" in entry.change_set.tables()
    undo.undo(store, entry)
    assert [(e.from_status, e.to_status) for e in _events(store, nid)] == [(None, S.DRAFT)]
    again = history.next_redo()
    assert again is not None
    undo.redo(store, again)
    assert _events(store, nid) == moved  # the same row back, not a second one
    with store.read() as s:
        n = s.get(Nomination, nid)
        assert n is not None and n.status is S.SUBMITTED


@pytest.mark.sqlite_only("only SQLite drops a table's triggers when a migration rebuilds the table")
def test_an_upgrade_puts_back_the_trigger_a_rebuilt_table_lost(tmp_path: Path) -> None:
    """SQLite drops a table's triggers when a migration rebuilds it (Alembic's batch mode)."""
    url = to_url(tmp_path / "rebuilt.sqlite3")
    upgrade(url)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            status_events.drop_trigger(conn)  # as a later migration rebuilding nominations would
            assert not status_events.has_trigger(conn)
        upgrade(url)
        with engine.connect() as conn:
            assert status_events.has_trigger(conn)
    finally:
        engine.dispose()
