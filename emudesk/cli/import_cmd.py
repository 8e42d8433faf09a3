"""``emudesk import``, ``emudesk template`` and ``emudesk repair-text``: spreadsheets in, blank
templates out, and names an earlier import stored in an old Vietnamese encoding repaired.

Exit status: 0 when every row was imported (or, with --dry-run, would be), 1 when
anything is in error (nothing is written), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from emudesk.cli.common import SubParsers, UsageError, db_option, open_store, record_id
from emudesk.cli.outputs import checked_output, force_option
from emudesk.i18n import _

_MAX_LINES = 200


def register(sub: SubParsers) -> None:
    from emudesk.services.imports.importing import IMPORT_KINDS

    db = db_option()
    p = sub.add_parser(
        "import",
        parents=[db, force_option()],
        help=_("import a spreadsheet (staff list, award history, campaign workbook…)"),
        description=_(
            "Check every row of a spreadsheet against the database, then import all of it in one "
            "transaction, or nothing when any row is wrong. Rows matching a record already recorded "
            "(same ID number, or same name, birth date and unit) are skipped, updated or created again "
            "as --on-match says."
        ),
    )
    p.add_argument("kind", choices=IMPORT_KINDS, help=_("what the file holds"))
    p.add_argument("file", help=_("the .xlsx, .xls, .ods or .csv file"))
    p.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (default: the first with data)"))
    p.add_argument("--dry-run", action="store_true", help=_("check everything but write nothing"))
    p.add_argument(
        "--on-match",
        choices=("update", "skip", "create"),
        default="skip",
        help=_("what to do with rows matching a record already recorded (default: skip)"),
    )
    p.add_argument(
        "--report", metavar="FILE.xlsx", help=_("write the error report (the file with an error column)")
    )
    p.add_argument(
        "--campaign",
        type=record_id,
        metavar="ID",
        help=_("campaign of the nominations or achievements when the file has no campaign column"),
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "template",
        parents=[db, force_option()],
        help=_("write a blank import template"),
        description=_(
            "Write a blank workbook with Vietnamese headers, a help sheet and drop-down lists "
            "(kinds of unit, units and award forms from the database)."
        ),
    )
    p.add_argument("kind", choices=IMPORT_KINDS, help=_("what the template is for"))
    p.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help=_("where to write it"))
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser(
        "repair-text",
        parents=[db],
        help=_("repair names stored in an old Vietnamese encoding (TCVN3, VNI, VIQR)"),
        description=_(
            "List the names of people, units and households that were stored as typed in an old "
            "Vietnamese font (TCVN3/ABC, VNI) or in VIQR, with their Unicode reading. Nothing is "
            "written unless --apply is given; then every repair is written in one transaction and "
            "recorded in the audit log. Names that read as Vietnamese in more than one way are "
            "listed for a person to correct, never repaired."
        ),
    )
    p.add_argument("--apply", action="store_true", help=_("write the repairs listed"))
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_repair_text)


def _xlsx(path: str) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(_("{path}: the file name must end in .xlsx").format(path=path))
    return target


def cmd_import(args: argparse.Namespace) -> int:
    from emudesk.domain.errors import EmudeskError
    from emudesk.services.imports.importing import (
        OnMatch,
        commit_import,
        error_lines,
        plan_import,
        read_file,
        write_report,
    )

    report = _xlsx(args.report) if args.report else None
    if args.sheet and args.kind == "campaign":
        raise UsageError(_("--sheet does not apply to a campaign workbook (its sheets are found by name)"))
    if report is not None:  # before anything is read or committed: a bad path must cost nothing
        report = checked_output(args, report, inputs=[args.file], kind="xlsx")
    parsed = read_file(args.file, args.kind, sheet=args.sheet)
    store = open_store(args)
    try:
        with store.read() as session:
            # A dry run rehearses the writes now; a real run lets the commit find every refusal in one pass.
            plan = plan_import(
                session,
                parsed,
                on_match=OnMatch(args.on_match),
                campaign_id=args.campaign,
                rehearse_writes=args.dry_run,
            )
        result = None
        if plan.ok and not args.dry_run:
            result = commit_import(store, plan)
    finally:
        store.close()
    for note in plan.notes:
        print(_("note: {message}").format(message=note), file=sys.stderr)
    for line in error_lines(plan, _MAX_LINES):
        print(_("error: {message}").format(message=line), file=sys.stderr)
    warnings = plan.all_warnings()
    for w in warnings[:_MAX_LINES]:
        print(_("warning: {message}").format(message=w), file=sys.stderr)
    print(plan.summary(), file=sys.stderr)
    if report is not None:
        try:
            write_report(plan, report, source=args.file)
        except EmudeskError as exc:
            if result is not None and result.committed:
                print(result.summary(), file=sys.stderr)
                print(
                    _("The import succeeded; only the report could not be written: {reason}").format(
                        reason=exc
                    ),
                    file=sys.stderr,
                )
                return 1
            raise
        print(_("Report written to {path}").format(path=report), file=sys.stderr)
    if not plan.ok:
        print(
            _("Nothing was imported: correct the rows in error and import the file again."), file=sys.stderr
        )
        return 1
    if result is None:
        print(_("Trial run: everything can be imported; nothing was written."), file=sys.stderr)
        return 0
    print(result.summary(), file=sys.stderr)
    return 0 if result.committed else 1


def cmd_template(args: argparse.Namespace) -> int:
    from emudesk.services.imports.importing import save_template

    target = checked_output(args, _xlsx(args.output), kind="xlsx")
    store = open_store(args)
    try:
        save_template(store, args.kind, target)
    finally:
        store.close()
    print(_("Template written to {path}").format(path=target))
    return 0


def cmd_repair_text(args: argparse.Namespace) -> int:
    import json

    from emudesk.services.workspace.repair_text import apply_repairs, find_garbled

    store = open_store(args)
    try:
        with store.read() as session:
            plan = find_garbled(session)
        written = 0
        if args.apply and plan.repairs:
            with store.write() as session:
                written = apply_repairs(session, plan.repairs)
    finally:
        store.close()
    if args.json:
        result = {
            "applied": bool(args.apply),
            "records": written if args.apply else plan.records,
            "repairs": [
                {
                    "table": r.table,
                    "id": r.record_id,
                    "field": r.field,
                    "before": r.before,
                    "after": r.after,
                    "encoding": str(r.encoding),
                    "restored_u": r.restored_u,
                }
                for r in plan.repairs
            ],
            "undecided": [
                {
                    "table": u.table,
                    "id": u.record_id,
                    "field": u.field,
                    "text": u.text,
                    "readings": [{"encoding": str(e), "text": t} for e, t in u.readings],
                }
                for u in plan.undecided
            ],
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for r in plan.repairs:
        line = _("{table} #{id}, {field}: “{before}” → “{after}” (from {encoding})").format(
            table=r.table, id=r.record_id, field=r.field, before=r.before, after=r.after, encoding=r.encoding
        )
        if r.restored_u:
            line += " " + _("[ư put back: it was lost when the name was stored]")
        print(line)
    for u in plan.undecided:
        readings = "; ".join(f"{e}: “{t}”" for e, t in u.readings)
        print(
            _("{table} #{id}, {field}: “{text}” cannot be decided ({readings}); correct it by hand.").format(
                table=u.table, id=u.record_id, field=u.field, text=u.text, readings=readings
            ),
            file=sys.stderr,
        )
    if not plan.repairs:
        print(_("No name stored in an old Vietnamese encoding was found."), file=sys.stderr)
    elif args.apply:
        print(_("Repaired {n} records.").format(n=written), file=sys.stderr)
    else:
        print(
            _("{n} records can be repaired; run again with --apply to write the repairs.").format(
                n=plan.records
            ),
            file=sys.stderr,
        )
    return 0
