"""When to make an automatic backup, which ones to keep, and when to warn that there is none.

Rotation as restic's ``forget --keep-daily/--keep-weekly/--keep-monthly`` does it: for each
rule, the newest backup of each of the N most recent days (ISO weeks, months) that have a
backup is kept; a backup kept by any rule stays. So a PC switched off for a fortnight still
keeps seven daily backups, not the few that fall within the last seven calendar days.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

# An automatic backup is made at most once a day while the window stays open.
AUTOMATIC_INTERVAL = timedelta(days=1)
# The overview warns when the last good backup is older than this.
STALE_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Rotation:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def _period_keys() -> dict[str, Callable[[datetime], Hashable]]:
    return {
        "daily": lambda t: t.date(),
        "weekly": lambda t: t.isocalendar()[:2],
        "monthly": lambda t: (t.year, t.month),
    }


def to_keep(stamps: Iterable[datetime], rotation: Rotation = Rotation()) -> set[datetime]:
    """The backup times to keep; every other one may be deleted.

    The newest backup is always kept (it is the newest of its day).
    """
    ordered = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set()
    for rule, key in _period_keys().items():
        limit = getattr(rotation, rule)
        seen: set[Hashable] = set()
        for stamp in ordered:
            if len(seen) >= limit:
                break
            period = key(stamp)
            if period not in seen:
                seen.add(period)
                keep.add(stamp)
    return keep


def automatic_due(last: datetime | None, now: datetime) -> bool:
    """True when the window should make its daily automatic backup now."""
    return last is None or now - last >= AUTOMATIC_INTERVAL or last > now


def is_stale(last: datetime | None, now: datetime) -> bool:
    """True when there has been no good backup for more than ``STALE_AFTER``."""
    return last is None or now - last > STALE_AFTER
