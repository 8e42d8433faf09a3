"""Who may do what on a shared server: five roles, each with its own duties.

A login has exactly one role. Everyone may read; writing is split by duty, so a clerk cannot
approve and a leader cannot edit the register. On an SQLite file there is one user (the
computer's login) who may do everything. The server enforces the same split with GRANTs
(``db/roles.py``); services check first so the refusal is a sentence, not an SQL error.
"""

from __future__ import annotations

from emudesk.domain.enums import LabelledEnum, register_labels
from emudesk.i18n import N_


class Role(LabelledEnum):
    """The roles, from least to most trusted with the office's set-up (CLI order)."""

    VIEWER = "viewer"
    CLERK = "clerk"
    SECRETARY = "secretary"
    APPROVER = "approver"
    ADMIN = "admin"


register_labels(
    [
        (Role.VIEWER, N_("Viewer")),
        (Role.CLERK, N_("Data entry")),
        (Role.SECRETARY, N_("Council secretary")),
        (Role.APPROVER, N_("Leader")),
        (Role.ADMIN, N_("Administrator")),
    ]
)

# What each duty is, as a refusal names it.
DUTIES: dict[Role, str] = {
    Role.VIEWER: N_("reading"),
    Role.CLERK: N_("the register, achievements and draft nominations"),
    Role.SECRETARY: N_("council sessions, tallies and minutes"),
    Role.APPROVER: N_("appraising, approving and issuing decisions"),
    Role.ADMIN: N_("users, rules, the catalogue and settings"),
}

# Which roles may move a nomination into each status (the server's trigger and the services' map
# both read this).
STATUS_ROLES: dict[str, tuple[Role, ...]] = {
    "draft": (Role.CLERK,),
    "submitted": (Role.CLERK,),
    "withdrawn": (Role.CLERK,),
    "appraised": (Role.APPROVER,),
    "voted": (Role.SECRETARY,),
    "approved": (Role.APPROVER,),
    "rejected": (Role.APPROVER, Role.SECRETARY),
    "returned": (Role.APPROVER, Role.SECRETARY),
}

# Roles whose logins hold the exchange right: importing a package writes the records it carries
# (the register, files, votes, decisions) whatever duty each would need when typed here, with
# every rule still checked. The server gives them a group for it (``db/roles.py``).
EXCHANGE_ROLES: tuple[Role, ...] = (Role.ADMIN,)
