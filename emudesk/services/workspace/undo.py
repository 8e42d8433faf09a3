"""Undo and redo of any change made in the window, in one new write transaction.

A change is the set of rows one transaction changed (``emudesk.db.changes_capture``). Undoing
it puts every row back as it was before, through the ORM so derived columns and the audit log
are written as for any edit, after checking that nobody changed those rows since; then the
rules the use cases enforce are checked again on what it touched (quota places, the
eligibility gate of appraised/voted/approved files, the database's unique keys).
Any refusal rolls the whole undo back with the services' own message. Redo is the undo of the
undo: its own captured rows, put back the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper, Session

from emudesk.db.base import Base
from emudesk.db.changes_capture import Capture, ChangeSet, Key, RowChange, read_rows, table_named
from emudesk.db.models import Nomination, Quota
from emudesk.domain.errors import ConflictError
from emudesk.domain.rules import Outcome, RuleKind
from emudesk.domain.workflow import HOLDS_PLACE
from emudesk.i18n import _
from emudesk.services.campaigns import quotas
from emudesk.services.core import rights
from emudesk.services.core.changes import Changes
from emudesk.services.core.history import UndoEntry, row_name
from emudesk.services.core.store import Store
from emudesk.services.eligibility.judge import evaluate_nomination
from emudesk.services.nominations import gate
from emudesk.services.nominations.workflow import label as nomination_label
from emudesk.services.rules import rulebook


def undo(store: Store, entry: UndoEntry) -> Changes:
    """Undo ``entry`` (the top of ``store.history``'s undo stack); returns the screens to refresh.

    Raises:
        ConflictError: it cannot be undone, a row was changed since, or a rule refuses the result
            (a full quota raises QuotaExceededError). Nothing is written then.
        RightsError: the signed-in login's role may not make this change, nor so undo it.
    """
    return _apply(store, entry, redo=False)


def redo(store: Store, entry: UndoEntry) -> Changes:
    """Redo ``entry`` (the top of the redo stack); refusals as for ``undo``."""
    return _apply(store, entry, redo=True)


def _apply(store: Store, entry: UndoEntry, *, redo: bool) -> Changes:
    if not entry.undoable:
        raise ConflictError(_("“{what}” cannot be undone.").format(what=entry.label))
    capture = Capture()
    with store.write_captured(capture) as session:
        revert(session, entry.change_set, redo=redo)
    assert capture.result is not None
    inverse = UndoEntry(entry.label, capture.result)
    history = store.history
    if history is not None:
        (history.redone if redo else history.undone)(entry, inverse)
    return entry.changes | inverse.changes


def revert(session: Session, change_set: ChangeSet, *, redo: bool = False) -> None:
    """Put every row of ``change_set`` back as it was before, in the caller's transaction.

    Raises:
        RightsError: the signed-in login's role may not make such a change (nor undo it).
    """
    rows = change_set.rows
    rights.require_rows(session, rows)
    _check_unchanged(session, rows, redo=redo)
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    back = [r for r in rows if r.before is not None and r.after is None]
    edited = [r for r in rows if r.before is not None and r.after is not None]
    added = [r for r in rows if r.before is None and r.after is not None]
    try:
        # Parents before children when rows come back, children before parents when they go.
        for table in sorted({r.table for r in back}, key=order.__getitem__):
            _insert(
                session,
                table_named(table),
                _parents_first(table_named(table), [r for r in back if r.table == table]),
            )
        for table in sorted({r.table for r in edited}, key=order.__getitem__):
            _update(session, table_named(table), [r for r in edited if r.table == table])
        for table in sorted({r.table for r in added}, key=order.__getitem__, reverse=True):
            ours = _parents_first(table_named(table), [r for r in added if r.table == table])
            _delete(session, table_named(table), list(reversed(ours)))
    except IntegrityError as exc:
        raise ConflictError(
            _("This change cannot be undone: the records it brings back clash with records entered since.")
        ) from exc
    _check_rules(session, rows)


# --- conflicts ----------------------------------------------------------------------------------


def _check_unchanged(session: Session, rows: Sequence[RowChange], *, redo: bool) -> None:
    conn = session.connection()
    by_table: dict[str, list[Key]] = {}
    for r in rows:
        by_table.setdefault(r.table, []).append(r.key)
    now: dict[tuple[str, Key], dict[str, Any]] = {}
    for name, keys in by_table.items():
        # Locked, so nobody changes them between this check and the write.
        for key, row in read_rows(conn, table_named(name), keys, lock=True).items():
            now[(name, key)] = row
    for r in rows:
        if now.get((r.table, r.key)) != r.after:
            text = (
                _("{record} was changed after this change; it cannot be redone.")
                if redo
                else _("{record} was changed after this change; it cannot be undone.")
            )
            raise ConflictError(text.format(record=_capitalised(row_name(r))))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- writing ------------------------------------------------------------------------------------


def _mapper(table: Table) -> Mapper[Any] | None:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table and not mapper.inherits:
            return mapper
    return None


def _attrs(mapper: Mapper[Any], table: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {mapper.get_property_by_column(c).key: row[c.name] for c in table.columns}


def _pk_where(table: Table, key: Key) -> Any:
    return and_(*(c == v for c, v in zip(table.primary_key.columns, key, strict=True)))


def _load(session: Session, mapper: Mapper[Any], table: Table, keys: Sequence[Key]) -> dict[Key, Any]:
    """The ORM objects of these rows, loaded a few hundred at a time."""
    cls = mapper.class_
    pk = list(table.primary_key.columns)
    out: dict[Key, Any] = {}
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        where: Any
        if len(pk) == 1:
            where = pk[0].in_([k[0] for k in chunk])
        else:
            where = or_(*(_pk_where(table, k) for k in chunk))
        for obj in session.scalars(select(cls).where(where)):
            out[tuple(mapper.primary_key_from_instance(obj))] = obj
    return out


def _insert(session: Session, table: Table, rows: Sequence[RowChange]) -> None:
    mapper = _mapper(table)
    if mapper is None:
        session.flush()
        session.connection().execute(insert(table), [dict(r.before or {}) for r in rows])
        return
    for r in rows:
        assert r.before is not None
        session.add(mapper.class_(**_attrs(mapper, table, r.before)))
    session.flush()


def _update(session: Session, table: Table, rows: Sequence[RowChange]) -> None:
    mapper = _mapper(table)
    if mapper is None:
        session.flush()
        for r in rows:
            session.connection().execute(
                update(table).where(_pk_where(table, r.key)).values(**(r.before or {}))
            )
        return
    objects = _load(session, mapper, table, [r.key for r in rows])
    for r in rows:
        assert r.before is not None and r.after is not None
        obj = objects[r.key]
        for c in table.columns:
            if r.before[c.name] != r.after[c.name]:
                setattr(obj, mapper.get_property_by_column(c).key, r.before[c.name])
    session.flush()


def _delete(session: Session, table: Table, rows: Sequence[RowChange]) -> None:
    mapper = _mapper(table)
    if mapper is None:
        session.flush()
        for r in rows:
            session.connection().execute(delete(table).where(_pk_where(table, r.key)))
        return
    objects = _load(session, mapper, table, [r.key for r in rows])
    for r in rows:
        obj = objects.get(r.key)
        if obj is not None:  # the ORM may have deleted it already with its parent
            session.delete(obj)
    session.flush()


def _parents_first(table: Table, rows: Sequence[RowChange]) -> list[RowChange]:
    """Rows of a table that points at itself (units.parent_id), each after the row it points at."""
    own = [fk for fk in table.foreign_keys if fk.column.table is table]
    if not own or len(rows) < 2:
        return list(rows)
    pending = {r.key: r for r in rows}
    out: list[RowChange] = []
    while pending:
        ready = [
            r
            for r in pending.values()
            if not any(
                ((r.before or r.after or {}).get(fk.parent.name),) in pending
                and ((r.before or r.after or {}).get(fk.parent.name),) != r.key
                for fk in own
            )
        ]
        if not ready:  # a cycle cannot be written in any order; let the database say so
            ready = list(pending.values())
        for r in ready:
            out.append(r)
            del pending[r.key]
    return out


# --- the rules the use cases enforce ------------------------------------------------------------


def _holds(row: dict[str, Any] | None) -> bool:
    return row is not None and row.get("status") in HOLDS_PLACE and row.get("deleted_at") is None


_PLACE_FIELDS = ("status", "campaign_id", "award_form_id", "phase_id", "year", "proposing_unit_id", "unit_id")


def _check_rules(session: Session, rows: Sequence[RowChange]) -> None:
    """Raise the use cases' own errors when the rows as put back break a rule."""
    session.flush()
    # A nomination that takes a place again (or another one) must find the place free.
    taking = [
        r.key[0]
        for r in rows
        if r.table == "nominations"
        and _holds(r.before)
        and (
            not _holds(r.after)
            or any((r.after or {}).get(f) != (r.before or {}).get(f) for f in _PLACE_FIELDS)
        )
    ]
    campaigns = _quota_campaigns(session, rows)
    if campaigns:
        # A quota put back as it was must still hold every place taken under it.
        taking.extend(
            session.scalars(
                select(Nomination.id).where(
                    Nomination.campaign_id.in_(campaigns),
                    Nomination.status.in_(HOLDS_PLACE),
                    Nomination.deleted_at.is_(None),
                )
            )
        )
    if taking:
        found = {n.id: n for n in session.scalars(select(Nomination).where(Nomination.id.in_(taking)))}
        quotas.lock(session, {n.campaign_id for n in found.values()})
        for nid in dict.fromkeys(taking):
            n = found[nid]
            quotas.enforce(session, n, candidate_label=nomination_label(session, n))
    _check_gate(session, [r for r in rows if r.table == "nominations" and _enters_gate(r)])


def _enters_gate(r: RowChange) -> bool:
    """Put back, the nomination stands at a gated step it did not stand at just before."""
    if r.before is None or r.before.get("deleted_at") is not None:
        return False
    status = r.before.get("status")
    if status not in gate.GATED or r.before.get("override_reason"):
        return False
    return r.after is None or r.after.get("status") != status or r.after.get("deleted_at") is not None


def _check_gate(session: Session, rows: Sequence[RowChange]) -> None:
    """A file brought back to appraised, voted or approved must still be eligible, as the move there
    required (or carry the override it had): the data it was judged on may have changed since."""
    if not rows:
        return
    votes = frozenset(r.code for r in rulebook.load(session).rules if r.kind is RuleKind.VOTE_THRESHOLD)
    failing: list[gate.Ineligible] = []
    status = None
    for r in rows:
        n = session.get(Nomination, r.key[0])
        assert n is not None
        verdict = evaluate_nomination(session, n.id)
        if verdict.outcome is Outcome.NOT_ELIGIBLE:
            reasons = gate.failed_reasons(verdict, votes)
            if reasons:
                failing.append(gate.Ineligible(n.id, nomination_label(session, n), reasons))
                status = status or n.status
    if failing and status is not None:
        raise gate.IneligibleError(failing, status)


def _quota_campaigns(session: Session, rows: Iterable[RowChange]) -> set[int]:
    out: set[int] = set()
    quota_ids: set[int] = set()
    for r in rows:
        data = r.before or r.after or {}
        if r.table == "quotas":
            out.add(int(data["campaign_id"]))
        elif r.table in ("quota_forms", "quota_base_forms"):
            quota_ids.add(int(data["quota_id"]))
    if quota_ids:
        out |= set(session.scalars(select(Quota.campaign_id).where(Quota.id.in_(quota_ids))))
    return out
