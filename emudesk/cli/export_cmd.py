"""``emudesk export KIND``: official documents as .xlsx or PDF, from the command line.

Usage errors (a kind without that format, an option the kind does not take, a
missing parameter) exit with status 2 before the database is opened; a bad id
or a file that cannot be written exits with 1 and leaves no file behind.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from emudesk.cli.common import SubParsers, UsageError, db_option, open_store, record_id, year
from emudesk.cli.outputs import checked_output, force_option
from emudesk.i18n import _

_OPTION_OF = {
    "campaign": "--campaign",
    "unit": "--unit",
    "status": "--status",
    "decision": "--decision",
    "year": "--year",
    "session": "--session",
}


def register(sub: SubParsers) -> None:
    from emudesk.domain.enums import NominationStatus
    from emudesk.services.exports.documents import KINDS

    lines = [
        f"  {info.kind.value:<12} {info.label} [{', '.join(f.value for f in info.formats)}]"
        for info in KINDS.values()
    ]
    p = sub.add_parser(
        "export",
        parents=[db_option(), force_option()],
        help=_("write an official document (list, report, minutes) as .xlsx or PDF"),
        description=_(
            "Write a document in the layout of Decree 30/2020/NĐ-CP, with the office's header and "
            "signer from the settings. The file appears complete or not at all."
        ),
        epilog=_("Documents:") + "\n" + "\n".join(lines),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from emudesk.cli import paperwork_cmd

    p.add_argument(
        "kind",
        choices=[k.value for k in KINDS] + list(paperwork_cmd.KINDS),
        help=_("which document (see below)"),
    )
    p.add_argument("--campaign", type=record_id, metavar="ID", help=_("the campaign"))
    p.add_argument(
        "--unit", type=record_id, metavar="ID", help=_("only the nominations of this proposing unit")
    )
    p.add_argument(
        "--status",
        choices=[s.value for s in NominationStatus],
        help=_("only nominations in this status (default: those submitted and holding a place)"),
    )
    p.add_argument(
        "--decision", type=record_id, metavar="ID", help=_("the decision (default: the campaign's only one)")
    )
    p.add_argument("--year", type=year, metavar="YYYY", help=_("the year of the summary report"))
    p.add_argument(
        "--session",
        type=record_id,
        metavar="ID",
        help=_("the council session (default: the campaign's only one)"),
    )
    p.add_argument(
        "--date", type=_date, metavar="DD/MM/YYYY", help=_("the date printed in the header (default: today)")
    )
    p.add_argument("--format", choices=("xlsx", "pdf"), help=_("file format (default: from the file name)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the file to write"))
    paperwork_cmd.add_options(p)
    p.epilog = (p.epilog or "") + "\n" + paperwork_cmd.epilog()
    p.set_defaults(handler=cmd_export)


def _date(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(_("“{text}” is not a date; write DD/MM/YYYY.").format(text=text))


def cmd_export(args: argparse.Namespace) -> int:
    from emudesk.cli import paperwork_cmd
    from emudesk.domain.enums import NominationStatus
    from emudesk.domain.errors import ValidationError
    from emudesk.services.exports.documents import (
        ExportFormat,
        ExportParams,
        Param,
        export_document,
        kind_info,
    )

    if args.kind in paperwork_cmd.KINDS:
        return paperwork_cmd.cmd_paperwork(args)
    paperwork_cmd.refuse_options(args)
    info = kind_info(args.kind)
    target = Path(args.output)
    suffix = target.suffix.lower().lstrip(".")
    if args.format is None and suffix not in ("xlsx", "pdf"):
        raise UsageError(_("Give --format xlsx|pdf or a file name ending in .xlsx or .pdf."))
    fmt = ExportFormat(args.format or suffix)
    if not info.supports(fmt):
        raise UsageError(
            _("“{kind}” comes only as {formats}, not {format}.").format(
                kind=info.kind.value, formats=" / ".join(f.value for f in info.formats), format=fmt.value
            )
        )
    if suffix in ("xlsx", "pdf") and suffix != fmt.value:
        raise UsageError(
            _("The file name ends in .{suffix} but the format is {format}.").format(
                suffix=suffix, format=fmt.value
            )
        )
    if not suffix:
        target = target.with_name(f"{target.name}.{fmt.value}")
    for param in Param:
        if getattr(args, param.value) is not None and param not in info.params:
            raise UsageError(
                _("{option} does not apply to “{kind}”.").format(
                    option=_OPTION_OF[param.value], kind=info.kind.value
                )
            )
    params = ExportParams(
        campaign_id=args.campaign,
        unit_id=args.unit,
        status=NominationStatus(args.status) if args.status else None,
        decision_id=args.decision,
        year=args.year,
        session_id=args.session,
        issued_on=args.date,
    )
    try:
        info.check(params)
    except ValidationError as exc:  # a missing parameter is bad usage, like a missing argument
        raise UsageError(str(exc)) from None
    target = checked_output(args, target, kind=fmt.value)
    store = open_store(args)
    try:
        written = export_document(store, info.kind, params, target, fmt)
    finally:
        store.close()
    print(_("Written: {path}").format(path=written))
    return 0
