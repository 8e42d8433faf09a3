"""A council session's opening and closing times: stamped when it is opened and closed on the day it is
held (not when keyed in afterwards), corrected by the secretary, checked, frozen once signed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from emudesk.db.base import utcnow
from emudesk.db.models import ReviewSession
from emudesk.domain.errors import ConflictError, ValidationError
from emudesk.domain.rules import CouncilRole
from emudesk.services.core.store import Store
from emudesk.services.council import sessions
from emudesk.services.council.members import CouncilInput, MemberInput, add_member, create_council


def _board(s: Session) -> int:
    board = create_council(s, CouncilInput("Hội đồng Thi đua - Khen thưởng Sở", term_start=date(2025, 1, 1)))
    add_member(s, board, MemberInput("Trần Văn Hải", CouncilRole.CHAIR))
    add_member(s, board, MemberInput("Ngô Thị Thư", CouncilRole.SECRETARY, voting=False))
    return board


def _times(store: Store, sid: int) -> tuple[datetime | None, datetime | None]:
    with store.read() as s:
        row = s.get(ReviewSession, sid)
        assert row is not None
        return row.opened_at, row.closed_at


def test_a_session_held_today_is_stamped_when_opened_and_closed(store: Store) -> None:
    today = sessions.local_time(utcnow())
    assert today is not None
    before = utcnow().replace(microsecond=0)
    with store.write() as s:
        board = _board(s)
        today_id = sessions.open_session(s, board, sessions.SessionInput("Phiên họp hôm nay", today.date()))
        earlier = sessions.open_session(
            s, board, sessions.SessionInput("Phiên họp tháng 12", date(2025, 12, 20))
        )
    opened, closed = _times(store, today_id)
    assert opened is not None and before <= opened <= utcnow() and closed is None
    assert _times(store, earlier) == (None, None)  # keyed in afterwards: typing time is not the meeting's
    with store.write() as s:
        sessions.close_session(s, today_id)
        sessions.close_session(s, earlier)
    opened_after, closed = _times(store, today_id)
    assert opened_after == opened and closed is not None and opened <= closed <= utcnow()
    assert _times(store, earlier) == (None, None)


def test_the_secretary_corrects_the_times_and_bad_ones_are_refused(store: Store) -> None:
    held = date(2025, 12, 20)
    with store.write() as s:
        sid = sessions.open_session(s, _board(s), sessions.SessionInput("Phiên họp tháng 12", held))
        # Naive is the office's wall clock.
        sessions.set_session_times(s, sid, datetime(2025, 12, 20, 8, 30), datetime(2025, 12, 20, 11, 5))
    opened, closed = _times(store, sid)
    assert sessions.local_time(opened) == datetime(2025, 12, 20, 8, 30).astimezone()
    assert sessions.local_time(closed) == datetime(2025, 12, 20, 11, 5).astimezone()
    with store.read() as s:
        row = next(r for r in sessions.session_rows(s) if r.id == sid)
    assert (f"{row.opened_at:%H:%M}", f"{row.closed_at:%H:%M}") == ("08:30", "11:05")
    for opened_at, closed_at, message in (
        (datetime(2025, 12, 20, 11, 0), datetime(2025, 12, 20, 8, 0), "không thể kết thúc trước khi bắt đầu"),
        (datetime(2025, 12, 19, 8, 0), None, "20/12/2025"),
        (None, datetime(2025, 12, 19, 8, 0), "20/12/2025"),
    ):
        with store.write() as s, pytest.raises(ValidationError, match=message):
            sessions.set_session_times(s, sid, opened_at, closed_at)
        assert _times(store, sid) == (opened, closed)  # nothing written
    with store.write() as s:
        sessions.set_session_times(s, sid, None, None)  # not recorded after all
    assert _times(store, sid) == (None, None)
    with store.write() as s:
        sessions.set_session_times(s, sid, datetime(2025, 12, 20, 14, 0), None)
        sessions.sign_minutes(s, sid, "07/BB-HĐTĐKT", held + timedelta(days=1))
    signed = _times(store, sid)
    with store.write() as s, pytest.raises(ConflictError, match="đã ký"):
        sessions.set_session_times(s, sid, datetime(2025, 12, 20, 9, 0), None)
    assert _times(store, sid) == signed
