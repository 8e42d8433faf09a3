"""The nomination workflow: which status may follow which, and which hold a quota place."""

from __future__ import annotations

from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.errors import ConflictError
from emudesk.i18n import _

# A returned file goes back to draft for more documents, or straight back in.
TRANSITIONS: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.APPRAISED, S.RETURNED, S.REJECTED, S.WITHDRAWN}),
    S.APPRAISED: frozenset({S.VOTED, S.APPROVED, S.RETURNED, S.REJECTED, S.WITHDRAWN}),
    S.VOTED: frozenset({S.APPROVED, S.REJECTED, S.RETURNED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.DRAFT, S.SUBMITTED, S.WITHDRAWN}),
    S.APPROVED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# Statuses that take a quota place. Withdrawn, returned and rejected files free theirs;
# a draft takes none until it is submitted.
HOLDS_PLACE: frozenset[S] = frozenset({S.SUBMITTED, S.APPRAISED, S.VOTED, S.APPROVED})

# Moving into one of these re-checks the quotas inside the same transaction.
QUOTA_CHECKED: frozenset[S] = frozenset({S.SUBMITTED, S.APPROVED})

EDITABLE: frozenset[S] = frozenset({S.DRAFT, S.RETURNED})


def check_transition(current: S, target: S, *, label: str) -> None:
    """Raise ConflictError unless ``current`` may move to ``target``."""
    if target not in TRANSITIONS[current]:
        raise ConflictError(
            _("{label}: cannot go from “{current}” to “{target}”.").format(
                label=label, current=current.label, target=target.label
            )
        )


def takes_new_place(current: S, target: S) -> bool:
    """True when a move makes the nomination hold a place it did not hold before."""
    return target in HOLDS_PLACE and current not in HOLDS_PLACE
