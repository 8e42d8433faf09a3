"""What a move of nominations is called once done, worded alike in the window and on the command line."""

from __future__ import annotations

from emudesk.domain.enums import NominationStatus
from emudesk.i18n import N_, _

# What a move to each status is called on buttons and in messages.
MOVE_DONE: dict[NominationStatus, str] = {
    NominationStatus.SUBMITTED: N_("Submitted {n} nomination(s)."),
    NominationStatus.APPRAISED: N_("Appraised {n} nomination(s)."),
    NominationStatus.VOTED: N_("Recorded the vote for {n} nomination(s)."),
    NominationStatus.APPROVED: N_("Approved {n} nomination(s); the awards are in the history."),
    NominationStatus.REJECTED: N_("Rejected {n} nomination(s)."),
    NominationStatus.RETURNED: N_("Returned {n} nomination(s) for completion."),
    NominationStatus.WITHDRAWN: N_("Withdrew {n} nomination(s)."),
    NominationStatus.DRAFT: N_("Moved {n} nomination(s) back to draft."),
}

# Moves that the window asks a reason for; the command line asks the same.
NEEDS_REASON: frozenset[NominationStatus] = frozenset({NominationStatus.RETURNED, NominationStatus.REJECTED})


def done_message(target: NominationStatus, n: int) -> str:
    return _(MOVE_DONE[target]).format(n=n)
