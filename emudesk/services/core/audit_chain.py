"""Verifying the audit log's hash chain (db/audit_chain.py): where was it altered, cut or added to?

The log is read in id order, a batch at a time, so a province's log is checked without holding
it in memory. Each entry is checked twice: its own hash (does it still hold what was written?)
and its link (does it follow the entry before it?). Which of the two fails, and whether the
next entry still links to the entry before, tells an altered entry from missing or added ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.audit_chain import FIELDS, GENESIS, audit_table, entry_hash

_BATCH = 2000


class BreakKind(StrEnum):
    ALTERED = "altered"  # the entry no longer holds what was written
    MISSING = "missing"  # entries before this one were removed
    INSERTED = "inserted"  # the entry was added outside the chain


@dataclass(frozen=True)
class ChainEntry:
    """The entry a break is named by: its number, when, who, and which record it is about."""

    id: int
    at: datetime | None
    actor: str
    action: str
    table_name: str
    record_id: int | None
    summary: str


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain stops holding.

    Attributes:
        kind: what happened.
        entry: the altered or added entry; for MISSING, the first entry after the gap.
        previous: the last good entry before it (None at the start of the log).
    """

    kind: BreakKind
    entry: ChainEntry
    previous: ChainEntry | None


@dataclass(frozen=True)
class ChainReport:
    """The outcome of one pass over the log.

    Attributes:
        entries: how many entries were read.
        breaks: every place the chain does not hold, in id order (the first is what to look at).
        head_id, head_hash: the last entry and its hash; noted down elsewhere (on paper, in a
            backup's name), it shows later whether the log was rewritten up to that point.
        noted_found: whether an entry still holds the hash noted earlier (None: none given).
    """

    entries: int
    breaks: list[ChainBreak]
    head_id: int | None
    head_hash: str | None
    noted_found: bool | None = None

    @property
    def ok(self) -> bool:
        return not self.breaks


_PREV = len(FIELDS)  # where a row read by _rows holds its prev_hash; entry_hash follows
_HASH = _PREV + 1
_ID, _AT, _ACTOR, _ACTION, _TABLE, _RECORD, _UUID, _SUMMARY = range(8)
Row = tuple[Any, ...]


def _rows(session: Session) -> Iterator[Row]:
    """The log in id order, a batch at a time: FIELDS, then prev_hash and entry_hash."""
    columns = [audit_table.c[name] for name in (*FIELDS, "prev_hash", "entry_hash")]
    last: int | None = None
    while True:
        query = select(*columns).order_by(audit_table.c.id).limit(_BATCH)
        if last is not None:
            query = query.where(audit_table.c.id > last)
        batch = [tuple(row) for row in session.execute(query)]
        if not batch:
            return
        yield from batch
        last = batch[-1][_ID]


def _entry(row: Row) -> ChainEntry:
    return ChainEntry(
        id=row[_ID],
        at=row[_AT],
        actor=row[_ACTOR] or "",
        action=row[_ACTION] or "",
        table_name=row[_TABLE] or "",
        record_id=row[_RECORD],
        summary=row[_SUMMARY] or "",
    )


def verify_chain(session: Session, noted: str | None = None) -> ChainReport:
    """Check every entry's hash and link, in id order.

    ``noted``: a hash noted earlier (``head_hash`` of a past check, or its first characters).
    Someone who rewrites the log from an entry onwards can make a chain that verifies, but not
    one in which an entry after that point keeps its hash.
    """
    breaks: list[ChainBreak] = []
    count = 0
    noted = noted.lower() if noted else None
    noted_found = False
    # The last two entries that belong to the chain: (row, its hash). The one before the last
    # tells an added entry that copied a good link from the entry it pretends to follow.
    good: list[tuple[Row | None, str]] = [(None, GENESIS)]
    rows = _rows(session)
    row = next(rows, None)
    head: Row | None = None
    while row is not None:
        following = next(rows, None)
        count += 1
        head = row
        expected_row, expected = good[-1]
        stored, prev = row[_HASH], row[_PREV] or GENESIS
        self_ok = stored is not None and entry_hash(row[:_PREV], prev) == stored
        linked = prev == expected and stored is not None
        next_links_back = following is not None and (following[_PREV] or GENESIS) == expected
        if noted and self_ok and stored.startswith(noted):
            noted_found = True
        if self_ok and linked:
            good = [good[-1], (row, stored)]
            row = following
            continue
        previous = _entry(expected_row) if expected_row is not None else None
        if stored is None or (not linked and next_links_back):
            # Not part of the chain: the next entry follows the one before it.
            breaks.append(ChainBreak(BreakKind.INSERTED, _entry(row), previous))
        elif linked:
            breaks.append(ChainBreak(BreakKind.ALTERED, _entry(row), previous))
            good = [good[-1], (row, stored)]
        elif self_ok and len(good) == 2 and prev == good[0][1]:
            # It follows the entry before the last good one: that last one was slipped in.
            slipped = good[-1][0]
            assert slipped is not None
            if breaks and breaks[-1].entry.id == slipped[_ID]:
                breaks.pop()  # first read as altered (a made-up hash); now known to be added
            before = _entry(good[0][0]) if good[0][0] is not None else None
            breaks.append(ChainBreak(BreakKind.INSERTED, _entry(slipped), before))
            good = [good[0], (row, stored)]
        elif self_ok:
            breaks.append(ChainBreak(BreakKind.MISSING, _entry(row), previous))
            good = [good[-1], (row, stored)]
        else:
            # Neither its content nor its link holds, yet later entries follow it: altered (and
            # perhaps entries before it removed); the first is what the message names.
            breaks.append(ChainBreak(BreakKind.ALTERED, _entry(row), previous))
            good = [good[-1], (row, stored)]
        row = following
    return ChainReport(
        entries=count,
        breaks=breaks,
        head_id=head[_ID] if head is not None else None,
        head_hash=head[_HASH] if head is not None else None,
        noted_found=noted_found if noted else None,
    )
