"""Campaigns on the command line: a plan's text read into a campaign draft.

emudesk campaign draft FILE [--json] [--spans] [-o campaign.xlsx] [--repair | --no-repair]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from emudesk.cli.common import SubParsers, db_option, open_store
from emudesk.i18n import _


def register(sub: SubParsers) -> None:
    db = db_option()
    campaign = sub.add_parser("campaign", help=_("campaigns: read a plan into a draft"))
    act = campaign.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)
    p = act.add_parser(
        "draft",
        parents=[db],
        help=_("read a plan (.docx, .pdf, .txt, .md) into a campaign draft"),
        description=_(
            "Read a Kế hoạch into a campaign draft and print what was found; nothing is saved. "
            "--json prints the campaign definition in the format of the seed plans."
        ),
    )
    p.add_argument("file", type=Path, metavar="FILE", help=_("the plan: .docx, .pdf, .txt or .md"))
    p.add_argument("--json", action="store_true", help=_("print the campaign definition as JSON"))
    p.add_argument(
        "--spans",
        action="store_true",
        help=_("with --json: also every value with the characters of the plan it came from"),
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE.xlsx", help=_("also write a campaign workbook"))
    repair = p.add_mutually_exclusive_group()
    repair.add_argument(
        "--repair", dest="repair", action="store_true", default=None, help=_("repair OCR errors")
    )
    repair.add_argument("--no-repair", dest="repair", action="store_false", help=_("never repair OCR errors"))
    p.set_defaults(handler=cmd_draft)


def cmd_draft(args: argparse.Namespace) -> int:
    from emudesk.cli.outputs import checked_output
    from emudesk.services.campaigns.drafts import draft_from_file

    target = checked_output(args, args.output, inputs=[args.file], kind="xlsx") if args.output else None
    draft = draft_from_file(args.file, repair_ocr=args.repair)
    if target is not None:
        from emudesk.services.campaigns.workbook import write_definition_workbook

        store = open_store(args)
        try:
            with store.read() as session:
                write_definition_workbook(session, draft.definition, target)
        finally:
            store.close()
    if args.json:
        data: dict[str, Any] = draft.to_json()
        if args.spans:
            data = {
                "definition": data,
                "fields": [vars(f) for f in draft.fields],
                "unheld": draft.unheld,
                "repairs": [vars(r) for r in draft.repairs],
                "warnings": draft.warnings,
            }
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        _print_summary(draft)
    if target is not None:
        print(_("Written: {path}").format(path=target))
    return 0


def _print_summary(draft: Any) -> None:
    d = draft.definition
    print(f"{d.plan_ref or '?'} — {d.title or '?'}")
    print(
        _("Issued by {body}, {place} {date}").format(
            body=d.issuing_body or "?", place=d.place, date=d.issued.short() if d.issued else "?"
        )
    )
    print(_("Period: {label}").format(label=d.period_label or "?"))
    # Dates as the plan gives them ("Quý IV/2024"); a step the plan does not date shows "—".
    for m in d.milestones:
        print(f"  {m.due.short() if m.due else '—':<11}  {m.kind.value:<15} {m.title}")
    for th in d.themes:
        print("  " + _("Theme: {name}").format(name=th.name))
        for t in d.targets:
            if t.theme == th.name:
                print(f"    {t.amount.text():<14} {t.description}")
    for t in d.targets:
        if t.theme is None:
            print(f"  {t.amount.text():<16} {t.description}")
    for f in d.award_forms:
        print(f"  {f.code} ({f.kind_of})  {f.name}")
    for q in d.quotas:
        print(f"  ≤ {q.limit}  {'/'.join(q.forms)}  {q.label}")
    unsure = sum(1 for f in draft.fields if not f.sure)
    print(
        _("{n} values found, {unsure} to check; use --json for the definition.").format(
            n=len(draft.fields), unsure=unsure
        )
    )
    for w in draft.warnings:
        print(_("note: {message}").format(message=w))
