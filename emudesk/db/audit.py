"""The audit log: every ORM change to a register record is written with who, when, before and after.

Hooked on ``after_flush``, where the session still knows what was new, changed
or deleted, so no write path can forget it. Bulk Core inserts (the demo
generator) bypass it on purpose and log one summary entry instead. Both append
through ``audit_chain``, which chains each entry's hash to the one before.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from emudesk.db import audit_chain
from emudesk.db.base import Record, utcnow
from emudesk.db.models import AuditEntry

# Derived or bookkeeping columns that would only add noise to the log.
_SKIPPED = frozenset(
    {
        "name_fold",
        "sort_key",
        "search_fold",
        "created_at",
        "updated_at",
        "status_changed_at",
        # What the move's history row records (db/status_events.py).
        "status_changed_by",
        "status_event_note",
        "status_moves",
    }
)


def _jsonable(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return None
    return value


def _snapshot(obj: object) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED:
            continue
        out[attr.key] = _jsonable(state.dict.get(attr.key))
    return out


def _changes(obj: object) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            before[attr.key] = _jsonable(hist.deleted[0]) if hist.deleted else None
            after[attr.key] = _jsonable(hist.added[0]) if hist.added else None
    return before, after


def _describe(obj: object) -> str:
    for name in ("full_name", "name", "title", "label", "head_name", "award_name", "number", "code"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    actor = str(session.info.get("actor", ""))
    at = utcnow()
    rows: list[dict[str, Any]] = []

    def add(obj: object, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        if not isinstance(obj, Record) or isinstance(obj, AuditEntry):
            return
        rows.append(
            {
                "at": at,
                "actor": actor,
                "action": action,
                "table_name": obj.__tablename__,  # type: ignore[attr-defined]
                "record_id": obj.id,
                "record_uuid": obj.uuid,
                "summary": _describe(obj)[:200],
                "before": before,
                "after": after,
            }
        )

    for obj in session.new:
        add(obj, "create", None, _snapshot(obj))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if after:
                add(obj, "update", before, after)
    for obj in session.deleted:
        add(obj, "delete", _snapshot(obj), None)
    if rows:
        audit_chain.append(session.connection(), rows)


def install(session_class: type[Session]) -> None:
    """Attach the audit hook to sessions of ``session_class``."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)


def log_summary(session: Session, action: str, table_name: str, summary: str) -> None:
    """Record a bulk operation that bypassed the ORM (demo data, large imports)."""
    audit_chain.append(
        session.connection(),
        [
            {
                "at": utcnow(),
                "actor": str(session.info.get("actor", "")),
                "action": action,
                "table_name": table_name,
                "summary": summary[:200],
            }
        ],
    )
