"""The window's undo and redo stacks: what each committed change did, row by row, with a label.

``Store.write`` fills it when a history is attached to the store (the window attaches one per
open database; the command line never does). The rows come from
``emudesk.db.changes_capture``; applying them back is ``emudesk.services.workspace.undo``.
The stacks are Qt-free and safe to touch from the database worker and the GUI thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from emudesk.db.changes_capture import ChangeSet, RowChange
from emudesk.i18n import N_, _
from emudesk.services.core.changes import Changes

# Which screens show a table, and how a user calls one of its rows.
_TABLES: dict[str, tuple[str, Changes]] = {
    "units": (N_("unit"), Changes(units=True)),
    "unit_links": (N_("unit"), Changes(units=True)),
    "individuals": (N_("individual"), Changes(individuals=True, units=True)),
    "memberships": (N_("individual"), Changes(individuals=True, units=True)),
    "annual_ratings": (N_("annual rating"), Changes(individuals=True, units=True)),
    "discipline_records": (N_("individual"), Changes(individuals=True)),
    "households": (N_("household"), Changes(households=True)),
    "household_members": (N_("household"), Changes(households=True)),
    "campaigns": (N_("campaign"), Changes(campaigns=True, nominations=True)),
    "achievements": (N_("achievement"), Changes(achievements=True)),
    "evidence_files": (N_("achievement"), Changes(achievements=True)),
    "achievement_criteria": (N_("achievement"), Changes(achievements=True)),
    "initiatives": (N_("achievement"), Changes(achievements=True, individuals=True)),
    "nominations": (N_("nomination"), Changes(nominations=True)),
    "nomination_events": (N_("nomination"), Changes(nominations=True)),
    "award_records": (N_("award"), Changes(awards=True)),
    "decisions": (N_("decision"), Changes(nominations=True, awards=True)),
    "decision_corrections": (N_("decision"), Changes(nominations=True, awards=True)),
    "settings": (N_("setting"), Changes(settings=True)),
    "award_forms": (N_("award form"), Changes(catalogue=True)),
    "unit_kinds": (N_("unit kind"), Changes(catalogue=True, units=True)),
}
_FOLLOWERS = frozenset(
    {
        "memberships",
        "nomination_events",
        "household_members",
        "evidence_files",
        "achievement_criteria",
        "unit_links",
        "quota_forms",
        "quota_base_forms",
    }
)
_CAMPAIGN_PARTS = ("campaign_", "criteria", "quota", "milestones")
_NAME_COLUMNS = ("full_name", "name", "title", "head_name", "award_name", "number", "label", "key")


def table_title(table: str) -> str:
    """How a user calls a row of ``table`` ("cá nhân")."""
    if table in _TABLES:
        return _(_TABLES[table][0])
    if table.startswith(_CAMPAIGN_PARTS):
        return _("campaign")
    return _("record")


def changes_of(change_set: ChangeSet) -> Changes:
    """The screens to refresh after ``change_set`` was applied (or undone)."""
    out = Changes()
    for table in change_set.tables():
        if table in _TABLES:
            out |= _TABLES[table][1]
        elif table.startswith(_CAMPAIGN_PARTS):
            out |= Changes(campaigns=True, nominations=True)
        else:
            out |= Changes(database=True)
    return out


def row_name(row: RowChange) -> str:
    """The record as a user would name it: "cá nhân “Nguyễn Văn An”", else its table and id."""
    data = row.after or row.before or {}
    for column in _NAME_COLUMNS:
        value = data.get(column)
        if isinstance(value, str) and value.strip():
            return _("{what} “{name}”").format(what=table_title(row.table), name=value.strip())
    return _("{what} #{id}").format(what=table_title(row.table), id=", ".join(str(k) for k in row.key))


def describe(change_set: ChangeSet) -> str:
    """A label for a change nobody named: what happened to the first kind of record it touched."""
    if not change_set.rows:
        return _("change")
    # Name the record the user acted on, not the rows that follow it (its events, memberships…).
    main = next((r.table for r in change_set.rows if r.table not in _FOLLOWERS), change_set.rows[0].table)
    rows = [r for r in change_set.rows if r.table == main]
    if all(r.before is None for r in rows):
        verb = N_("add")
    elif all(r.after is None for r in rows):
        verb = N_("delete")
    elif all(
        r.before and r.after and r.before.get("deleted_at") is None and r.after.get("deleted_at")
        for r in rows
    ):
        verb = N_("move to the bin")
    elif all(
        r.before and r.after and r.before.get("deleted_at") and r.after.get("deleted_at") is None
        for r in rows
    ):
        verb = N_("restore")
    else:
        verb = N_("edit")
    if len(rows) == 1:
        return _("{verb} {record}").format(verb=_(verb), record=row_name(rows[0]))
    return _("{verb} {what} ({n})").format(verb=_(verb), n=group_digits(len(rows)), what=table_title(main))


def group_digits(n: int) -> str:
    """1240 → "1.240" (Vietnamese groups thousands with dots)."""
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class UndoEntry:
    """One change on a stack.

    Attributes:
        label: what the Edit menu says ("Nhập danh sách cá nhân (1.240 dòng)").
        change_set: the rows as the change left them (undo checks they are still so).
    """

    label: str
    change_set: ChangeSet

    @property
    def undoable(self) -> bool:
        return not self.change_set.irreversible

    @property
    def changes(self) -> Changes:
        return changes_of(self.change_set)


class UndoHistory:
    """The changes made in this window to one open database, newest last.

    A refused undo or redo leaves both stacks as they were: the service moves an entry only
    after its transaction committed.
    """

    def __init__(self, limit: int = 100) -> None:
        self._limit = limit
        self._undo: list[UndoEntry] = []
        self._redo: list[UndoEntry] = []
        self._lock = threading.Lock()

    def record(self, entry: UndoEntry) -> None:
        """A new change: it goes on top, and what could be redone is forgotten."""
        with self._lock:
            self._undo.append(entry)
            del self._undo[: -self._limit]
            self._redo.clear()

    def next_undo(self) -> UndoEntry | None:
        with self._lock:
            return self._undo[-1] if self._undo else None

    def next_redo(self) -> UndoEntry | None:
        with self._lock:
            return self._redo[-1] if self._redo else None

    def undone(self, entry: UndoEntry, inverse: UndoEntry) -> None:
        """``entry`` was undone by the change ``inverse`` (which redo undoes in turn)."""
        with self._lock:
            if self._undo and self._undo[-1] is entry:
                self._undo.pop()
                self._redo.append(inverse)

    def redone(self, entry: UndoEntry, inverse: UndoEntry) -> None:
        with self._lock:
            if self._redo and self._redo[-1] is entry:
                self._redo.pop()
                self._undo.append(inverse)

    def clear(self) -> None:
        with self._lock:
            self._undo.clear()
            self._redo.clear()
