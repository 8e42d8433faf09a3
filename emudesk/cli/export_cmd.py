"""``emudesk export KIND``: official documents as .xlsx or PDF, and the papers an office signs
(decision, submission, achievement report, minutes) as Word (.docx) or PDF from its templates.

Usage errors (a kind without that format, an option the kind does not take, a
missing parameter) exit with status 2 before the database is opened; a bad id
or a file that cannot be written exits with 1 and leaves no file behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from emudesk.cli.common import (
    DATE_METAVAR,
    SubParsers,
    UsageError,
    day,
    db_option,
    open_store,
    record_id,
    year,
)
from emudesk.cli.outputs import checked_output, force_option
from emudesk.i18n import _

_OPTION_OF = {
    "campaign": "--campaign",
    "unit": "--unit",
    "status": "--status",
    "decision": "--decision",
    "year": "--year",
    "session": "--session",
    "nomination": "--nomination",
}

# The papers from Word templates, and the options each takes (the first one is required).
_PAPER_OPTIONS: dict[str, tuple[str, ...]] = {
    "decision-document": ("decision",),
    "submission": ("campaign", "unit", "status"),
    "achievement-report": ("nomination",),
    "minutes": ("session", "campaign"),  # the campaign's only session when no --session
}


def register(sub: SubParsers) -> None:
    from emudesk.domain.enums import NominationStatus
    from emudesk.services.exports.documents import KINDS
    from emudesk.services.exports.paperwork import PAPERS

    lines = [
        # The minutes' PDF is the template Biên bản (listed with the papers); the list is only .xlsx.
        f"  {info.kind.value:<12} {info.label} "
        f"[{'xlsx' if info.kind.value == 'minutes' else ', '.join(f.value for f in info.formats)}]"
        for info in KINDS.values()
    ]
    lines += [f"  {kind.value:<12} {_(label)} [docx, pdf]" for kind, (_template, label) in PAPERS.items()]
    kinds = [k.value for k in KINDS] + [k.value for k in PAPERS if k.value not in {i.value for i in KINDS}]
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

    p.add_argument("kind", choices=kinds + list(paperwork_cmd.KINDS), help=_("which document (see below)"))
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
    p.add_argument(
        "--nomination", type=record_id, metavar="ID", help=_("the nomination (achievement report)")
    )
    p.add_argument("--year", type=year, metavar="YYYY", help=_("the year of the summary report"))
    p.add_argument(
        "--session",
        type=record_id,
        metavar="ID",
        help=_("the council session (default: the campaign's only one)"),
    )
    p.add_argument(
        "--date", type=day, metavar=DATE_METAVAR, help=_("the date printed in the header (default: today)")
    )
    p.add_argument(
        "--recipient",
        action="append",
        metavar="TEXT",
        help=_(
            "a “Nơi nhận” line of the summary report, the decision document or the submission; "
            "repeat for each (default: the document's own)"
        ),
    )
    p.add_argument(
        "--format", choices=("xlsx", "pdf", "docx"), help=_("file format (default: from the file name)")
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the file to write"))
    paperwork_cmd.add_options(p)
    p.epilog = (p.epilog or "") + "\n" + paperwork_cmd.epilog()
    p.set_defaults(handler=cmd_export)


def _exists_but_not_a_file(path: Path) -> bool:
    try:
        return path.exists() and not path.is_file()
    except OSError:
        return False  # a name too long and the like: the output check says so


def cmd_export(args: argparse.Namespace) -> int:
    from emudesk.cli import paperwork_cmd
    from emudesk.domain.enums import NominationStatus
    from emudesk.domain.errors import ValidationError
    from emudesk.services.exports.documents import (
        DocumentKind,
        ExportFormat,
        ExportParams,
        Param,
        export_document,
        kind_info,
    )

    if args.kind in paperwork_cmd.KINDS:
        return paperwork_cmd.cmd_paperwork(args)
    paperwork_cmd.refuse_options(args)
    target = Path(args.output)
    suffix = target.suffix.lower().lstrip(".")
    # The minutes are the template Biên bản in Word and PDF, as the window prints them; only the
    # workbook (.xlsx) is still the list-style export.
    if args.kind in _PAPER_OPTIONS and (
        args.kind != "minutes"
        or args.format in ("docx", "pdf")
        or (args.format is None and suffix in ("docx", "pdf"))
    ):
        return _cmd_paper(args, target, suffix)
    if args.nomination is not None:
        raise UsageError(
            _("{option} does not apply to “{kind}”.").format(option="--nomination", kind=args.kind)
        )
    if args.format == "docx" or suffix == "docx":
        raise UsageError(
            _("“{kind}” is a list, not a Word paper; write it as .xlsx or .pdf.").format(kind=args.kind)
        )
    info = kind_info(args.kind)
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
        if _exists_but_not_a_file(target):
            # A folder or a device (/dev/null) is not a name to add ".xlsx" to: refused as given.
            checked_output(args, target, kind=fmt.value)
        target = target.with_name(f"{target.name}.{fmt.value}")
    if args.recipient and info.kind is not DocumentKind.SUMMARY:
        raise UsageError(
            _("{option} does not apply to “{kind}”.").format(option="--recipient", kind=args.kind)
        )
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
        recipients=tuple(args.recipient or ()),
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


def _cmd_paper(args: argparse.Namespace, target: Path, suffix: str) -> int:
    """A paper from the office's Word template: .docx, or PDF drawn from that .docx."""
    from emudesk.domain.enums import NominationStatus
    from emudesk.services.exports.paperwork import TAKES_RECIPIENTS, PaperParams, export_paper

    if args.format is None and suffix not in ("docx", "pdf"):
        raise UsageError(_("Give --format docx|pdf or a file name ending in .docx or .pdf."))
    fmt = args.format or suffix
    if fmt == "xlsx":
        raise UsageError(_("“{kind}” comes only as docx / pdf, not xlsx.").format(kind=args.kind))
    if suffix in ("docx", "pdf", "xlsx") and suffix != fmt:
        raise UsageError(
            _("The file name ends in .{suffix} but the format is {format}.").format(suffix=suffix, format=fmt)
        )
    if not suffix:
        target = target.with_name(f"{target.name}.{fmt}")
    allowed = _PAPER_OPTIONS[args.kind]
    for name, option in _OPTION_OF.items():
        if getattr(args, name) is not None and name not in allowed:
            raise UsageError(_("{option} does not apply to “{kind}”.").format(option=option, kind=args.kind))
    needed = allowed[0]
    if all(getattr(args, name) is None for name in allowed[: 2 if args.kind == "minutes" else 1]):
        raise UsageError(_("“{kind}” needs {option} ID.").format(kind=args.kind, option=_OPTION_OF[needed]))
    if args.recipient and args.kind not in {k.value for k in TAKES_RECIPIENTS}:
        raise UsageError(
            _("{option} does not apply to “{kind}”.").format(option="--recipient", kind=args.kind)
        )
    params = PaperParams(
        recipients=tuple(args.recipient or ()),
        decision_id=args.decision,
        campaign_id=args.campaign,
        unit_id=args.unit,
        status=NominationStatus(args.status) if args.status else None,
        nomination_id=args.nomination,
        session_id=args.session,
        issued_on=args.date,
    )
    target = checked_output(args, target, kind=fmt)
    store = open_store(args)
    try:
        written = export_paper(store, args.kind, params, target, fmt)
    finally:
        store.close()
    print(_("Written: {path}").format(path=written))
    return 0
