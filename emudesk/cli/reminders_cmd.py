"""``emudesk reminders``: milestones and deadlines due, with the days left; ``--ics`` writes a calendar."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime

from emudesk.cli.common import DATE_METAVAR, SubParsers, UsageError, day, db_option, open_store
from emudesk.cli.outputs import checked_output, force_option
from emudesk.i18n import _


def register(sub: SubParsers) -> None:
    p = sub.add_parser(
        "reminders",
        parents=[db_option(), force_option()],
        help=_("milestones and deadlines due in the campaigns under way, with the days left"),
        description=_(
            "List the milestones not yet done of the campaigns under way (sơ kết, tổng kết, reports, "
            "nomination deadlines; yearly ones at their next date), overdue ones included."
        ),
    )
    p.add_argument(
        "--within", type=_days, metavar="DAYS", help=_("only those due within DAYS days (default: all ahead)")
    )
    p.add_argument(
        "--today",
        type=day,
        metavar=DATE_METAVAR,
        help=_("count the days from this date instead of today (to plan ahead)"),
    )
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.add_argument(
        "--ics",
        metavar="FILE",
        help=_("also write them as a calendar file (.ics) for Outlook or Thunderbird"),
    )
    p.set_defaults(handler=cmd_reminders)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(_("“{text}” is not a number of days.").format(text=text))
    return value


def left_text(days: int) -> str:
    if days < 0:
        return _("{n} days overdue").format(n=-days)
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return _("in {n} days").format(n=days)


def cmd_reminders(args: argparse.Namespace) -> int:
    import json

    from emudesk.services.campaigns import reminders

    target = None
    if args.ics:
        if not args.ics.lower().endswith(".ics"):
            raise UsageError(_("The calendar file name must end in .ics."))
        target = checked_output(args, args.ics, kind="ics")
    today = args.today or date.today()
    store = open_store(args)
    try:
        with store.read() as session:
            items = reminders.reminders(session, today, args.within)
    finally:
        store.close()
    if target is not None:
        reminders.write_calendar(items, target, datetime.now(UTC))
    if args.json:
        print(json.dumps([r.as_dict() for r in items], ensure_ascii=False, indent=2))
    elif not items:
        print(_("Nothing is due."))
    else:
        for r in items:
            when = f"{r.due_date:%d/%m/%Y} ({left_text(r.days_left)})"
            print(f"{when:<28} {r.kind.label}: {r.title} — {r.campaign_title}")
    if target is not None:
        print(
            _("Calendar written: {path}").format(path=target), file=sys.stderr
        )  # stdout stays JSON with --json
    return 0
