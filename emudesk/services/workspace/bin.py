"""The restorable bin and undo of deletes: Qt-free bookkeeping the GUI renders.

Deleting moves records to the bin (``deleted_at``); undoing a delete restores
them, and undoing a restore deletes them again. ``UndoHistory`` only remembers
steps; applying one happens in a write session like any other use case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from emudesk.i18n import N_, _
from emudesk.services.campaigns import achievements
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.core.changes import Changes
from emudesk.services.nominations import workflow as nominations
from emudesk.services.register import awards, households, individuals, units

Apply = Callable[[Session, int], None]


@dataclass(frozen=True)
class BinKind:
    """A kind of record that goes to the bin.

    Attributes:
        key: "individuals", "units"…
        title: N_() plural title for the bin's list.
    """

    key: str
    title: str
    delete: Apply
    restore: Apply
    changes: Changes


KINDS: dict[str, BinKind] = {
    k.key: k
    for k in (
        BinKind(
            "individuals",
            N_("Individuals"),
            individuals.delete_individual,
            individuals.restore_individual,
            Changes(individuals=True, units=True),
        ),
        BinKind(
            "households",
            N_("Households"),
            households.delete_household,
            households.restore_household,
            Changes(households=True),
        ),
        BinKind("units", N_("Units"), units.delete_unit, units.restore_unit, Changes(units=True)),
        BinKind(
            "campaigns",
            N_("Campaigns"),
            campaigns.delete_campaign,
            campaigns.restore_campaign,
            Changes(campaigns=True, nominations=True),
        ),
        BinKind(
            "achievements",
            N_("Achievements"),
            achievements.delete_achievement,
            achievements.restore_achievement,
            Changes(achievements=True),
        ),
        BinKind(
            "nominations",
            N_("Nominations"),
            nominations.delete_nomination,
            nominations.restore_nomination,
            Changes(nominations=True),
        ),
        BinKind("awards", N_("Awards"), awards.delete_award, awards.restore_award, Changes(awards=True)),
    )
}


def delete(session: Session, kind: str, ids: Sequence[int]) -> None:
    """Move records to the bin, all or none (the caller's transaction)."""
    for record_id in ids:
        KINDS[kind].delete(session, record_id)
    session.flush()


def restore(session: Session, kind: str, ids: Sequence[int]) -> None:
    for record_id in ids:
        KINDS[kind].restore(session, record_id)
    session.flush()


@dataclass(frozen=True)
class UndoStep:
    """One delete or restore the user may undo.

    Attributes:
        deleted: True when the step moved records to the bin (undo restores them).
    """

    kind: str
    ids: tuple[int, ...]
    deleted: bool

    @property
    def description(self) -> str:
        what = _(KINDS[self.kind].title).lower()
        if self.deleted:
            return _("delete {what} ({n})").format(what=what, n=len(self.ids))
        return _("restore {what} ({n})").format(what=what, n=len(self.ids))


def apply_inverse(session: Session, step: UndoStep) -> None:
    """Undo ``step`` inside ``session``."""
    (restore if step.deleted else delete)(session, step.kind, step.ids)


def apply_again(session: Session, step: UndoStep) -> None:
    """Redo ``step`` inside ``session``."""
    (delete if step.deleted else restore)(session, step.kind, step.ids)


class UndoHistory:
    """The last delete/restore steps of this session of the app, newest last.

    The GUI moves steps between the stacks only after the write succeeded, so a
    refused undo leaves both stacks as they were.
    """

    def __init__(self, limit: int = 50) -> None:
        self._limit = limit
        self._undo: list[UndoStep] = []
        self._redo: list[UndoStep] = []

    def record(self, step: UndoStep) -> None:
        self._undo.append(step)
        del self._undo[: -self._limit]
        self._redo.clear()

    def next_undo(self) -> UndoStep | None:
        return self._undo[-1] if self._undo else None

    def next_redo(self) -> UndoStep | None:
        return self._redo[-1] if self._redo else None

    def undone(self, step: UndoStep) -> None:
        if self._undo and self._undo[-1] == step:
            self._redo.append(self._undo.pop())

    def redone(self, step: UndoStep) -> None:
        if self._redo and self._redo[-1] == step:
            self._undo.append(self._redo.pop())

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
