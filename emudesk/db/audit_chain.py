"""The audit log's hash chain: each entry's hash covers its fields and the previous entry's hash.

Rewriting, deleting or slipping in an entry with plain SQL then breaks the chain where it
happened, and ``emudesk check`` names the spot (``services/core/audit_chain.py``). The chain
runs in id order; ids (the largest so far plus one) are handed out under a lock, so the order
of the chain is the order in which transactions appended to it, whatever ran concurrently:

- SQLite: write transactions start with BEGIN IMMEDIATE (``db/engine.py``), one writer at a time.
- PostgreSQL: a transaction-scoped advisory lock, taken by a write transaction's first statement
  (so it is always the first lock a writer takes and cannot deadlock with row locks) and again on
  every append (for sessions that are not the app's write sessions). The first statement either
  carries it (``try_lock_condition``: a move of nominations, one round trip fewer) or has it
  taken on its own just before it runs (``before_statement``).

A writer holding the lock may read the head ahead with its other reads (``head_columns``); its
next append of one entry then uses it instead of reading it again, unless a savepoint rolled back
since (``forget_head``).

The serialisation (``canonical``) is frozen: changing it means a migration that re-chains the
log, or every existing entry reads as altered.
"""

from __future__ import annotations

import hashlib
import json
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, cast, column, func, insert, select, table, text
from sqlalchemy.engine import Connection

from emudesk.db.base import utcnow
from emudesk.domain.text import nfc

# The first entry's "previous hash".
GENESIS = ""
# The fields an entry's hash covers, in the order they are read.
FIELDS = (
    "id",
    "at",
    "actor",
    "action",
    "table_name",
    "record_id",
    "record_uuid",
    "summary",
    "before",
    "after",
)
# pg_advisory_xact_lock key: "emudesk audit log" folded into a signed 64-bit number.
LOCK_KEY = int.from_bytes(hashlib.sha256(b"emudesk audit log").digest()[:8], "big", signed=True)
# How long a PostgreSQL writer waits for another one before giving up, as SQLite's busy_timeout.
LOCK_WAIT = "10s"

# The table as the chain reads it: plain types, so the migration and the check read the same values.
audit_table = table(
    "audit_log",
    column("id", Integer),
    column("at", DateTime),
    column("actor", String),
    column("action", String),
    column("table_name", String),
    column("record_id", Integer),
    column("record_uuid", String),
    column("summary", String),
    column("before", JSON),
    column("after", JSON),
    column("prev_hash", String),
    column("entry_hash", String),
)


def _timestamp(at: object) -> object:
    if isinstance(at, datetime):
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
        return at.isoformat(sep="T", timespec="microseconds")
    return at


def canonical(values: Sequence[Any], prev_hash: str) -> bytes:
    """Stable bytes for one entry (its FIELDS in order): sorted keys, no spaces, one timestamp
    format, NFC text.

    ``before`` and ``after`` as they read back from the database (``append`` makes them so).
    The text is normalised whole: JSON's own characters are ASCII and never compose with a
    letter, so that is the same as normalising each string, at one call instead of dozens.
    """
    doc = dict(zip(FIELDS, values, strict=True))
    doc["at"] = _timestamp(doc["at"])
    doc["prev"] = prev_hash
    doc["v"] = 1
    out = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if not out.isascii():
        out = unicodedata.normalize("NFC", out)
    return out.encode("utf-8", "surrogatepass")


def values_of(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(entry.get(name) for name in FIELDS)


def entry_hash(entry: Mapping[str, Any] | Sequence[Any], prev_hash: str) -> str:
    """The hash of an entry given by name (a mapping) or as its FIELDS in order."""
    values = values_of(entry) if isinstance(entry, Mapping) else entry
    return hashlib.sha256(canonical(values, prev_hash)).hexdigest()


def chain(entries: Iterable[Sequence[Any]], prev_hash: str) -> Iterator[tuple[int, str, str]]:
    """(id, prev_hash, entry_hash) for entries (FIELDS in order) in id order, from ``prev_hash``."""
    for values in entries:
        digest = hashlib.sha256(canonical(values, prev_hash)).hexdigest()
        yield int(values[0]), prev_hash, digest
        prev_hash = digest


def pg_writer_lock_sql() -> str:
    """Taken as a PostgreSQL write transaction begins; gives up after LOCK_WAIT, as SQLite does."""
    return (
        "DO $$ DECLARE old text := current_setting('lock_timeout'); BEGIN "
        f"PERFORM set_config('lock_timeout', '{LOCK_WAIT}', true); "
        f"PERFORM pg_advisory_xact_lock({LOCK_KEY}); "
        "PERFORM set_config('lock_timeout', old, true); END $$"
    )


_LOCKED = "audit_chain.writer_locked"


def take_writer_lock(conn: Connection) -> None:
    """Take the PostgreSQL writer lock as a write transaction begins; its appends then need not ask
    again (the mark lasts until the next transaction begins, see ``engine._pg_begin``)."""
    conn.exec_driver_sql(pg_writer_lock_sql())
    lock_taken(conn)


def forget_writer_lock(conn: Connection) -> None:
    """A transaction begins: the lock of an earlier one ended with it (and the head it read)."""
    conn.info.pop(_LOCKED, None)
    conn.info.pop(_LOCKED_AT, None)
    conn.info.pop(_DUE, None)
    forget_head(conn)


# The writer lock is taken by the transaction's first statement: either one that carries it
# (``CARRIES_LOCK``, see ``try_lock_condition``), or, before any other, on its own.
_DUE = "audit_chain.writer_lock_due"
CARRIES_LOCK = "emudesk_carries_writer_lock"


def lock_when_first_sent(conn: Connection) -> None:
    """A PostgreSQL write transaction begins: its first statement takes the writer lock."""
    conn.info[_DUE] = True


def before_statement(conn: Connection, options: Mapping[str, Any]) -> None:
    """Before each statement: a transaction's first one takes the writer lock on its own, unless it
    carries it (its caller then says ``lock_taken`` or takes it with ``take_writer_lock``)."""
    if conn.info.pop(_DUE, None) and not options.get(CARRIES_LOCK):
        take_writer_lock(conn)


def lock_due(conn: Connection) -> bool:
    """Whether the next statement may carry the writer lock (nothing was sent yet)."""
    return bool(conn.info.get(_DUE))


def try_lock_condition() -> Any:
    """A WHERE condition that takes the writer lock if no other writer holds it, without waiting:
    rows come back only once it is held (it is evaluated before them; re-taking it is free).

    No wait, so no lock timeout to set, and no row lock of the same statement taken before it
    (a volatile condition that names no column is checked above every join, before the row is
    returned and its scalar subqueries run).
    """
    return func.pg_try_advisory_xact_lock(LOCK_KEY)


def lock_taken(conn: Connection) -> None:
    """The lock is held (the statement carrying it returned the rows it asked for)."""
    conn.info[_LOCKED] = True
    conn.info[_LOCKED_AT] = time.monotonic()


_LOCKED_AT = "audit_chain.locked_at"


def locked_at(info: Mapping[Any, Any]) -> float | None:
    """When (``time.monotonic``) the transaction of a connection's ``info`` took the writer lock."""
    found = info.get(_LOCKED_AT)
    return float(found) if found is not None else None


def snapshot_column() -> Any:
    """PostgreSQL's snapshot of the statement (which transactions it sees), as text."""
    return cast(func.pg_current_snapshot(), Text)


def stale(first: str | None, later: str | None) -> bool:
    """Whether a transaction completed between two snapshots (``snapshot_column``): a statement that
    took the writer lock read what was committed when it began, which may predate a writer that
    committed and let the lock go meanwhile (READ COMMITTED: each statement sees anew)."""
    if first is None or later is None:
        return False
    _min1, max1, running1 = _parse_snapshot(first)
    _min2, max2, running2 = _parse_snapshot(later)
    if any(x < max2 and x not in running2 for x in running1):
        return True  # running then, over now
    started_since = sum(1 for x in running2 if max1 <= x < max2)
    return max2 - max1 > started_since  # began after the first and over before the second


def _parse_snapshot(text_: str) -> tuple[int, int, set[int]]:
    low, high, running = text_.split(":")
    return int(low), int(high), {int(x) for x in running.split(",") if x}


# The chain's head (last id, last hash) read ahead by a writer holding the lock (``head_columns``).
_HEAD = "audit_chain.head"


def holds_writer_lock(conn: Connection) -> bool:
    """Whether no other writer can append before this transaction ends: SQLite's write transactions
    began with BEGIN IMMEDIATE, a PostgreSQL one took the advisory lock."""
    if conn.dialect.name == "postgresql":
        return bool(conn.info.get(_LOCKED))
    from emudesk.db.engine import is_write_connection  # the engine imports this module

    return conn.dialect.name == "sqlite" and conn.in_transaction() and is_write_connection(conn)


def head_columns(conn: Connection) -> list[Any]:
    """Columns reading the chain's head, for a writer holding the lock to read along with its own
    rows; ``prime_head`` then saves the next ``append`` of one entry its own statement."""
    columns: list[Any] = [
        _last(select(audit_table.c.id)),
        _last(select(audit_table.c.entry_hash).where(audit_table.c.entry_hash.is_not(None))),
    ]
    if conn.dialect.name == "postgresql":
        columns.append(_setval(1))
    return columns


def prime_head(conn: Connection, values: Sequence[Any]) -> None:
    """Keep the head ``head_columns`` read, until the next append (or a rollback) uses or drops it."""
    conn.info[_HEAD] = (values[0], values[1])


def forget_head(conn: Connection) -> None:
    conn.info.pop(_HEAD, None)
    conn.info.pop(_KEPT, None)


def _setval(n: int) -> Any:
    # Keep the sequence past the ids, for anything that still inserts by the column's default.
    return func.setval(
        text("pg_get_serial_sequence('audit_log', 'id')"),
        func.coalesce(_last(select(audit_table.c.id)), 0) + n,
    )


def _last(desc_of: Any) -> Any:
    return desc_of.order_by(audit_table.c.id.desc()).limit(1).scalar_subquery()


# Set by ``keeping_head``: the head each append leaves, for the next one to start from.
_KEEP = "audit_chain.keep_head"
_KEPT = "audit_chain.kept_head"
# The last id the sequence was moved past by a read of the head (PostgreSQL), while keeping it.
_MOVED = "audit_chain.sequence_moved"


@contextmanager
def keeping_head(conn: Connection) -> Iterator[None]:
    """Within the block, each append remembers the head it made and the next starts from it instead
    of reading it again (a long import appends thousands of times in one transaction).

    Only for a writer holding the lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock):
    nothing else can append meanwhile. A savepoint rolled back forgets it (``forget_head``). On
    PostgreSQL the read also moves the id sequence past the ids; with the head kept, that is done
    once as the block ends (unless the last read already did). A block inside another adds nothing.
    """
    if _KEEP in conn.info:
        yield
        return
    keep = holds_writer_lock(conn)
    conn.info[_KEEP] = keep
    try:
        yield
        kept = conn.info.get(_KEPT)
        moved = conn.info.get(_MOVED)
        if kept is not None and conn.dialect.name == "postgresql" and moved != kept[0]:
            sequence = text("pg_get_serial_sequence('audit_log', 'id')")
            conn.execute(select(func.setval(sequence, kept[0])))
    finally:
        conn.info.pop(_KEEP, None)
        conn.info.pop(_KEPT, None)
        conn.info.pop(_MOVED, None)


def _lock_and_ids(conn: Connection, n: int) -> tuple[list[int], str]:
    """Ids for ``n`` new entries and the hash they chain to (the last chained entry's; an unchained
    one is skipped), read in one statement under the lock."""
    kept = conn.info.get(_KEPT)
    head = conn.info.pop(_HEAD, None)  # read ahead before this append: stale after it, either way
    if kept is not None:
        return list(range(kept[0] + 1, kept[0] + 1 + n)), kept[1]
    if head is not None and n == 1:
        # Read ahead under the lock, and nothing appended since: still the head (on PostgreSQL the
        # read moved the sequence past this one id).
        conn.info[_MOVED] = (head[0] or 0) + 1
        return [(head[0] or 0) + 1], head[1] or GENESIS
    postgres = conn.dialect.name == "postgresql"
    if postgres and not conn.info.get(_LOCKED):
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    # SQLite: the caller's transaction holds the write lock (BEGIN IMMEDIATE, or its own writes).
    # After the largest id rather than from PostgreSQL's sequence: a row put in with its own id
    # (a forgery, a hand repair) must not make every later write collide with it.
    last_id = _last(select(audit_table.c.id))
    last_hash = _last(select(audit_table.c.entry_hash).where(audit_table.c.entry_hash.is_not(None)))
    columns: list[Any] = [last_id, last_hash]
    if postgres:
        columns.append(_setval(n))
    row = conn.execute(select(*columns)).one()
    start = (row[0] or 0) + 1
    conn.info[_MOVED] = start + n - 1
    return list(range(start, start + n)), row[1] or GENESIS


def append(conn: Connection, entries: Sequence[Mapping[str, Any]]) -> None:
    """Insert audit entries at the end of the chain, in the order given."""
    if not entries:
        return
    ids, prev_hash = _lock_and_ids(conn, len(entries))
    rows: list[dict[str, Any]] = []
    at = utcnow()
    for entry_id, entry in zip(ids, entries, strict=True):
        row = {name: entry.get(name) for name in FIELDS}
        row.update(id=entry_id, at=row["at"] or at, actor=row["actor"] or "")
        # As the columns store them, so the hash covers what is stored: NFCText summary,
        # JSON written by json.dumps and read by json.loads (int keys come back as text).
        row["summary"] = nfc(str(row["summary"] or ""))
        for name in ("before", "after"):
            if row[name] is not None:
                row[name] = json.loads(json.dumps(row[name]))
        rows.append(row)
    for row, (_id, prev, digest) in zip(rows, chain(map(values_of, rows), prev_hash), strict=True):
        row["prev_hash"] = prev
        row["entry_hash"] = digest
    conn.execute(insert(audit_table), rows)
    if conn.info.get(_KEEP):
        conn.info[_KEPT] = (rows[-1]["id"], rows[-1]["entry_hash"])
