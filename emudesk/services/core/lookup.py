"""Whether the records a command names by id exist: one check, one message for every caller."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from emudesk.db.base import Binnable
from emudesk.db.models import (
    Campaign,
    Decision,
    Household,
    Individual,
    Nomination,
    ReviewSession,
    Unit,
)
from emudesk.domain.errors import NotFoundError
from emudesk.i18n import N_, _

# Kind of record → its model and its name in a message ("không tìm thấy phong trào #999").
KINDS: dict[str, tuple[type[object], str]] = {
    "campaign": (Campaign, N_("campaign")),
    "decision": (Decision, N_("decision")),
    "household": (Household, N_("household")),
    "individual": (Individual, N_("individual")),
    "nomination": (Nomination, N_("nomination")),
    "session": (ReviewSession, N_("council session")),
    "unit": (Unit, N_("unit")),
}


def not_found(kind: str, record_id: int | str) -> NotFoundError:
    """The error for a record that does not exist (or is in the bin), naming it."""
    what = _(KINDS[kind][1]) if kind in KINDS else kind
    return NotFoundError(_("not found: {what} #{id}").format(what=what, id=record_id))


def require(session: Session, wanted: Iterable[tuple[str, int]]) -> None:
    """Raise :func:`not_found` for the first (kind, id) that is not a live record."""
    for kind, record_id in wanted:
        model = KINDS[kind][0]
        obj = session.get(model, record_id)
        if obj is None or (isinstance(obj, Binnable) and obj.deleted_at is not None):
            raise not_found(kind, record_id)
