"""The rotation of automatic backups (7 daily, 4 weekly, 12 monthly), when one is due, when to warn."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emudesk.domain.backups import Rotation, automatic_due, is_stale, to_keep


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_one_backup_a_day_for_a_year_keeps_7_days_4_weeks_12_months() -> None:
    start = at("2026-01-01 17:00")
    stamps = [start + timedelta(days=n) for n in range(365)]
    keep = to_keep(stamps)
    last = stamps[-1]  # 2026-12-31, a Thursday
    daily = {last - timedelta(days=n) for n in range(7)}
    assert daily <= keep
    # The newest of each of the 4 most recent ISO weeks: Thu 31/12, then Sundays 27/12, 20/12, 13/12.
    # The last day of each month, January to November (December's is the newest backup).
    month_ends = {at(f"2026-{m:02d}-01 17:00") - timedelta(days=1) for m in range(2, 13)}
    assert month_ends <= keep
    weekly = {at("2026-12-27 17:00"), at("2026-12-20 17:00"), at("2026-12-13 17:00")}
    assert keep == daily | weekly | month_ends


@pytest.mark.parametrize(
    ("stamps", "kept"),
    [
        ([], []),
        (["2026-03-02 08:00"], ["2026-03-02 08:00"]),
        # Several on one day: only the newest of that day.
        (
            ["2026-03-02 08:00", "2026-03-02 12:00", "2026-03-02 17:30"],
            ["2026-03-02 17:30"],
        ),
        # A PC off for a fortnight still keeps its last 7 days that had a backup.
        (
            [f"2026-03-{d:02d} 17:00" for d in (1, 2, 3, 4, 5, 6, 7, 8, 20)],
            # daily: 20, 8, 7, 6, 5, 4, 3; weekly adds 1/3 (the newest of ISO week 9); monthly: 20/3.
            [f"2026-03-{d:02d} 17:00" for d in (1, 3, 4, 5, 6, 7, 8, 20)],
        ),
    ],
)
def test_rotation_table(stamps: list[str], kept: list[str]) -> None:
    assert to_keep([at(s) for s in stamps]) == {at(s) for s in kept}


def test_a_smaller_rotation() -> None:
    stamps = [at("2026-05-01 09:00") + timedelta(days=n) for n in range(10)]
    assert to_keep(stamps, Rotation(daily=2, weekly=0, monthly=0)) == set(stamps[-2:])


stamps_strategy = st.lists(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)), max_size=200
)


@given(stamps_strategy)
def test_rotation_properties(stamps: list[datetime]) -> None:
    keep = to_keep(stamps)
    assert keep <= set(stamps)
    if stamps:
        assert max(stamps) in keep  # the newest is never deleted
    assert len(keep) <= 7 + 4 + 12
    days = {s.date() for s in stamps}
    assert len({s.date() for s in keep}) >= min(7, len(days))
    assert to_keep(keep) == keep  # rotating again deletes nothing more


def test_automatic_backup_is_due_once_a_day() -> None:
    now = at("2026-06-10 10:00")
    assert automatic_due(None, now)
    assert not automatic_due(now - timedelta(hours=23), now)
    assert automatic_due(now - timedelta(days=1), now)
    assert automatic_due(now + timedelta(hours=2), now)  # the clock was put back


def test_stale_after_seven_days() -> None:
    now = at("2026-06-10 10:00")
    assert is_stale(None, now)
    assert not is_stale(now - timedelta(days=7), now)
    assert is_stale(now - timedelta(days=7, minutes=1), now)
