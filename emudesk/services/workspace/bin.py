"""The restorable bin: deleting moves records there (``deleted_at``), restoring takes them back.

Undo of a delete, like undo of any change, is ``emudesk.services.workspace.undo``.
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
        use_case: the right that deleting and restoring it needs (``services/core/rights.py``).
    """

    key: str
    title: str
    delete: Apply
    restore: Apply
    changes: Changes
    use_case: str


KINDS: dict[str, BinKind] = {
    k.key: k
    for k in (
        BinKind(
            "individuals",
            N_("Individuals"),
            individuals.delete_individual,
            individuals.restore_individual,
            Changes(individuals=True, units=True),
            "register.edit",
        ),
        BinKind(
            "households",
            N_("Households"),
            households.delete_household,
            households.restore_household,
            Changes(households=True),
            "register.edit",
        ),
        BinKind(
            "units", N_("Units"), units.delete_unit, units.restore_unit, Changes(units=True), "register.edit"
        ),
        BinKind(
            "campaigns",
            N_("Campaigns"),
            campaigns.delete_campaign,
            campaigns.restore_campaign,
            Changes(campaigns=True, nominations=True),
            "campaigns.edit",
        ),
        BinKind(
            "achievements",
            N_("Achievements"),
            achievements.delete_achievement,
            achievements.restore_achievement,
            Changes(achievements=True),
            "achievements.edit",
        ),
        BinKind(
            "nominations",
            N_("Nominations"),
            nominations.delete_nomination,
            nominations.restore_nomination,
            Changes(nominations=True),
            "nominations.edit",
        ),
        BinKind(
            "awards",
            N_("Awards"),
            awards.delete_award,
            awards.restore_award,
            Changes(awards=True),
            "register.edit",
        ),
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


def describe(kind: str, n: int, *, deleted: bool, name: str = "") -> str:
    """The Edit menu's name for a delete or restore of ``n`` records ("xóa cá nhân (3)"); one
    record is named when ``name`` is given ("xóa cá nhân “Lê Văn Tám”")."""
    what = _(KINDS[kind].title).lower()
    if n == 1 and name:
        if deleted:
            return _("delete {what} “{name}”").format(what=what, name=name)
        return _("restore {what} “{name}”").format(what=what, name=name)
    if deleted:
        return _("delete {what} ({n})").format(what=what, n=n)
    return _("restore {what} ({n})").format(what=what, n=n)
