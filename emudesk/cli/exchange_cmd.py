"""``exchange``: packages between offices, signed, checked whole, imported through the services.

emudesk exchange export -o len-tinh.emx [--to OFFICE] [--campaign ID] [--since last|DD/MM/YYYY]
emudesk exchange import len-tinh.emx [--dry-run] [--json] [--prefer ours|theirs] [--resolve FILE.json]
emudesk exchange list [--json]
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from emudesk.cli.common import SubParsers, UsageError, day, db_option, open_store, print_rows, record_id
from emudesk.cli.outputs import checked_output, force_option
from emudesk.i18n import _


def _since(text: str) -> str | date:
    if text == "last":
        return text
    try:
        return day(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(_("write “last” or a date DD/MM/YYYY or YYYY-MM-DD")) from None


def register(sub: SubParsers) -> None:
    db = db_option()
    p = sub.add_parser(
        "exchange",
        parents=[db],
        help=_("send and receive packages between offices (dossiers up, plans and decisions down)"),
        description=_(
            "A package (.emx) carries nominations with their dossiers to the office above, or "
            "campaign plans and decisions to the offices below, signed by the sender. An import "
            "checks the signature and every checksum first, shows what is new, changed or in "
            "conflict, and writes everything in one transaction through the same checks as typed input."
        ),
    )
    actions = p.add_subparsers(dest="exchange_command", metavar="ACTION", required=True)
    q = actions.add_parser(
        "export", parents=[db, force_option()], help=_("write a package for another office")
    )
    q.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the package to write (.emx)"))
    q.add_argument(
        "--to", metavar="OFFICE", help=_("the receiving office: its name or UUID (default: the only one)")
    )
    q.add_argument("--campaign", type=record_id, metavar="ID", help=_("only this campaign"))
    q.add_argument(
        "--since",
        type=_since,
        metavar="last|DD/MM/YYYY",
        help=_("only what changed since the last package to that office, or since a day"),
    )
    q.add_argument("--json", action="store_true", help=_("JSON output"))
    q.set_defaults(handler=cmd_export)

    q = actions.add_parser(
        "import", parents=[db, force_option()], help=_("check and import a package from another office")
    )
    q.add_argument("file", metavar="FILE", help=_("the package (.emx)"))
    q.add_argument("--dry-run", action="store_true", help=_("show what would happen, write nothing"))
    q.add_argument(
        "--prefer",
        choices=("ours", "theirs"),
        help=_("for every field changed in both offices: keep ours or take theirs"),
    )
    q.add_argument(
        "--resolve",
        metavar="FILE.json",
        help=_('choices per field: {"individuals/UUID": {"position": "ours" | "theirs" | {"value": …}}}'),
    )
    q.add_argument(
        "--receipt",
        metavar="FILE",
        help=_("where to write the receipt for the sender (default: beside the package)"),
    )
    q.add_argument("--json", action="store_true", help=_("JSON output"))
    q.set_defaults(handler=cmd_import)

    q = actions.add_parser("list", parents=[db], help=_("packages sent and received"))
    q.add_argument("--json", action="store_true", help=_("JSON output"))
    q.set_defaults(handler=cmd_list)


def cmd_export(args: argparse.Namespace) -> int:
    from emudesk.services.exchange.exporting import export_package

    target = checked_output(args, args.output, kind=None)
    store = open_store(args)
    try:
        with store.write() as session:
            result = export_package(session, target, to=args.to, campaign_id=args.campaign, since=args.since)
    finally:
        store.close()
    if args.json:
        doc = {
            "path": str(result.path),
            "package": result.package_uuid,
            "to": result.receiver.as_dict(),
            "direction": result.direction,
            "counts": result.counts,
            "evidence_files": result.evidence_files,
            "skipped": list(result.skipped),
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(result.summary())
        for line in result.skipped:
            print(line)
    return 0


def _default_receipt(path: Path) -> Path:
    return path.with_name(f"{path.stem}.receipt{path.suffix or '.emx'}")


def cmd_import(args: argparse.Namespace) -> int:
    from emudesk.services.exchange import importing
    from emudesk.services.exchange.package import KIND_RECORDS, open_package

    path = Path(args.file)
    doc = None
    if args.resolve:
        if args.prefer:
            raise UsageError(_("give --resolve or --prefer, not both"))
        try:
            doc = json.loads(Path(args.resolve).read_text(encoding="utf-8"))
        except ValueError:
            raise UsageError(_("{path} is not JSON").format(path=args.resolve)) from None
    store = open_store(args)
    receipt: Path | None = None
    try:
        with store.write() as session:
            package = open_package(session, path)
            pv = importing.preview(session, package)
            if doc is not None:
                resolution = importing.resolution_from_json(doc)
            elif args.prefer:
                resolution = importing.resolve_all(pv, args.prefer)
            else:
                resolution = {}
            if args.dry_run and importing.unresolved(pv, resolution):
                _show_preview(pv, as_json=args.json)
                return 0
            receipt_target: Path | None = None
            if not (args.dry_run or pv.already_imported) and package.manifest.kind == KIND_RECORDS:
                # Checked before anything is written: a refusal leaves the database as it was.
                receipt_target = checked_output(args, args.receipt or _default_receipt(path), inputs=[path])
            result = importing.apply(session, package, pv, resolution, dry_run=args.dry_run)
            if receipt_target is not None:
                receipt = importing.write_receipt(session, result, receipt_target)
    finally:
        store.close()
    _show_result(result, pv, receipt, as_json=args.json)
    return 0


def _conflicts(record: Any) -> list[dict[str, Any]]:
    return [
        {"field": c.field, "ours": c.ours, "theirs": c.theirs, "base": c.base, "has_base": c.has_base}
        for c in record.conflicts
    ]


def _changes(record: Any) -> list[dict[str, Any]]:
    """The fields the package changes without a conflict: the value here and the one it brings."""
    return [{"field": c.field, "ours": c.ours, "theirs": c.theirs} for c in record.changes]


def _show_preview(pv: Any, *, as_json: bool) -> None:
    from emudesk.services.exchange.importing import readable

    if as_json:
        doc = {
            "package": pv.package_uuid,
            "sender": pv.sender,
            "dry_run": True,
            "counts": pv.counts(),
            "records": [
                {
                    "section": r.section,
                    "uuid": r.uuid,
                    "label": r.label,
                    "state": r.state,
                    "taken": list(r.taken),
                    "changes": _changes(r),
                    "conflicts": _conflicts(r),
                }
                for r in pv.records
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return
    c = pv.counts()
    print(
        _(
            "Package from “{office}”: {new} new, {changed} changed, {unchanged} unchanged, "
            "{conflict} in conflict."
        ).format(office=pv.sender, **c)
    )
    for r in pv.conflicts:
        for conflict in r.conflicts:
            print(
                _("Conflict {section}/{uuid} ({label}) {field}: ours {ours!r}, theirs {theirs!r}").format(
                    section=r.section,
                    uuid=r.uuid,
                    label=r.label,
                    field=conflict.field,
                    ours=readable(conflict.ours),
                    theirs=readable(conflict.theirs),
                )
            )
    print(_("Choose with --prefer ours|theirs or --resolve FILE.json, then import again."))


def _show_result(result: Any, pv: Any, receipt: Path | None, *, as_json: bool) -> None:
    by_key = {(r.section, r.uuid): r for r in pv.records}
    if as_json:
        doc = {
            "package": result.package_uuid,
            "sender": result.sender,
            "dry_run": result.dry_run,
            "already_imported": result.already_imported,
            "counts": result.counts(),
            "receipt": str(receipt) if receipt else None,
            "records": [
                {
                    "section": o.section,
                    "uuid": o.uuid,
                    "label": o.label,
                    "state": o.state,
                    "outcome": o.outcome,
                    "reason": o.reason,
                    "conflicts": _conflicts(by_key[(o.section, o.uuid)])
                    if (o.section, o.uuid) in by_key
                    else [],
                    "changes": _changes(by_key[(o.section, o.uuid)]) if (o.section, o.uuid) in by_key else [],
                }
                for o in result.outcomes
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return
    print(result.summary())
    for o in result.refused:
        print(
            _("Refused {section}/{uuid} ({label}): {reason}").format(
                section=o.section, uuid=o.uuid, label=o.label, reason=o.reason
            )
        )
    if receipt is not None:
        print(_("Receipt for “{office}” written to {path}.").format(office=result.sender, path=receipt))


def cmd_list(args: argparse.Namespace) -> int:
    from emudesk.services.exchange.exporting import package_rows

    store = open_store(args)
    try:
        with store.read() as session:
            rows = package_rows(session)
    finally:
        store.close()
    print_rows(rows, as_json=args.json)
    return 0
