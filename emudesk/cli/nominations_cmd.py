"""Moving nominations headless, through the same service and with the same messages as the window.

emudesk nominations move 12 13 --to appraised [--override-reason TEXT]
emudesk nominations move 14 --to returned --reason "Thiếu báo cáo thành tích"
emudesk nominations move 15 --to approved --decision 15/QĐ-UBND --decision-date 2026-01-20
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from emudesk.cli.common import DATE_METAVAR, SubParsers, UsageError, day, db_option, open_store, record_id
from emudesk.domain.enums import NominationStatus
from emudesk.i18n import _


def _votes(text: str) -> tuple[int, int, int, int]:
    try:
        parts = tuple(int(x) for x in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        raise argparse.ArgumentTypeError(_("write the votes as FOR,AGAINST,INVALID,MEMBERS (e.g. 12,1,0,13)"))
    return parts[0], parts[1], parts[2], parts[3]


def register(sub: SubParsers) -> None:
    db = db_option()
    p = sub.add_parser("nominations", parents=[db], help=_("move nominations through the workflow"))
    actions = p.add_subparsers(dest="nominations_command", metavar="ACTION", required=True)
    q = actions.add_parser(
        "move",
        parents=[db],
        help=_("move nominations to a status, all or none"),
        description=_(
            "Move nominations to a status, all or none, with the checks of the window: a refusal "
            "prints the reason, writes nothing and exits with status 1."
        ),
    )
    q.add_argument("ids", nargs="+", type=record_id, metavar="ID", help=_("see: emudesk list nominations"))
    q.add_argument(
        "--to",
        required=True,
        choices=[s.value for s in NominationStatus],
        metavar="STATUS",
        help=_("target status"),
    )
    q.add_argument("--reason", metavar="TEXT", help=_("why (required to return or reject)"))
    q.add_argument(
        "--override-reason",
        metavar="TEXT",
        help=_("why a file judged not eligible goes on anyway (appraised, voted, approved)"),
    )
    q.add_argument("--decision", metavar="NUMBER", help=_("decision number, to approve"))
    q.add_argument("--decision-date", type=day, metavar=DATE_METAVAR, help=_("decision date, to approve"))
    q.add_argument(
        "--submission",
        metavar="NUMBER",
        help=_("the submission (tờ trình) approved against, e.g. 15/TTr-SNV"),
    )
    q.add_argument("--submission-date", type=day, metavar=DATE_METAVAR, help=_("the submission's date"))
    q.add_argument(
        "--submission-by", metavar="TEXT", help=_("who sent the submission (default: the office's head)")
    )
    q.add_argument(
        "--votes", type=_votes, metavar="F,A,I,N", help=_("ballots for, against, invalid, members")
    )
    q.set_defaults(handler=cmd_move)


def cmd_move(args: argparse.Namespace) -> int:
    from emudesk.services.nominations import workflow
    from emudesk.services.nominations.moves import NEEDS_REASON, done_message

    target = NominationStatus(args.to)
    note = (args.reason or "").strip() or None
    if target in NEEDS_REASON and note is None:
        raise UsageError(
            _("--reason is required to move nominations to “{status}”").format(status=target.label)
        )
    decision = None
    submission = (args.submission, args.submission_date, args.submission_by)
    if any(v is not None for v in submission) and not (target is NominationStatus.APPROVED and args.decision):
        raise UsageError(_("--submission goes with --to approved and --decision."))
    if target is NominationStatus.APPROVED and args.decision:
        decision = workflow.DecisionInput(
            args.decision,
            args.decision_date or date.today(),
            submission_number=args.submission or "",
            submission_date=args.submission_date,
            submission_by=args.submission_by or "",
        )
    votes = workflow.Votes(*args.votes) if args.votes else None
    store = open_store(args)
    try:
        with store.write() as session:
            result = workflow.transition(
                session,
                list(dict.fromkeys(args.ids)),
                target,
                note=note,
                decision=decision,
                votes=votes,
                override_reason=args.override_reason,
            )
    finally:
        store.close()
    for warning in result.warnings:
        print(_("warning: {message}").format(message=warning), file=sys.stderr)
    print(done_message(target, len(result.changed)))
    return 0
