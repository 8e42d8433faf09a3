"""Council votes of the demo's past years, written as history rather than through a session.

The workflow records a vote only from a council session's agenda item
(``council.tallies.decide``), which the demo builds once, for this year's session
(``demo/council.py``). The earlier votes the demo shows belong to councils it does not
model, so they are seeded the way ``demo/province.py`` seeds its bulk history: the row
is written directly and the status trigger keeps the file's history.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from emudesk.db.base import utcnow
from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus
from emudesk.domain.workflow import check_transition
from emudesk.services.nominations.workflow import Votes


def seed_votes(session: Session, ids: Sequence[int], votes: Votes, *, note: str | None = None) -> None:
    """Move appraised files to "voted" with ``votes``, as a past council decided them."""
    for nid in ids:
        n = session.get(Nomination, nid)
        assert n is not None
        check_transition(n.status, NominationStatus.VOTED, label=f"#{nid}")
        n.status = NominationStatus.VOTED
        n.status_changed_at = utcnow()
        n.status_note = note
        n.status_changed_by = str(session.info.get("actor", ""))
        n.status_event_note = note
        n.status_moves = (n.status_moves or 0) + 1
        n.votes_for, n.votes_against = votes.votes_for, votes.votes_against
        n.votes_invalid, n.council_size = votes.votes_invalid, votes.council_size
    session.flush()
