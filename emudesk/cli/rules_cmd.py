"""Rules, eligibility, suggestions, council minutes and decisions on the command line.

emudesk eligibility --subject individual:12 --award CSTD_TINH [--date 2025-12-05] [--json]
emudesk eligibility --nomination 42 [--json]
emudesk suggest --award LDTT --year 2025 [--all] [--json] [--create-drafts --campaign 3]
emudesk rules show ND_152_2025 | import FILE.json | export CODE
emudesk minutes SESSION_ID
emudesk decision ID [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from emudesk.cli.common import (
    DATE_METAVAR,
    SubParsers,
    UsageError,
    count,
    day,
    db_option,
    open_store,
    print_rows,
    record_id,
    year,
)
from emudesk.i18n import _


def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def register(sub: SubParsers) -> None:
    db = db_option()
    p = sub.add_parser(
        "eligibility",
        parents=[db],
        help=_("judge whether a subject may receive an award, with every reason"),
        description=_(
            "Judge a subject for an award by the rules in force on a day (the day the file is received), "
            "and print every reason with the article it comes from."
        ),
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--subject", metavar="KIND:ID", help=_("individual:ID, unit:ID or household:ID"))
    target.add_argument(
        "--nomination", type=record_id, metavar="ID", help=_("judge a nomination on its filing day")
    )
    p.add_argument("--award", metavar="CODE", help=_("award form code (see: emudesk list award-forms)"))
    p.add_argument(
        "--date", type=day, metavar=DATE_METAVAR, help=_("the day whose rules apply (default: today)")
    )
    p.add_argument(
        "--year", type=year, metavar="YYYY", help=_("the year of the achievements (default: that of --date)")
    )
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_eligibility)

    p = sub.add_parser(
        "suggest",
        parents=[db],
        help=_("list everyone in the register eligible for an award in a year"),
        description=_("Judge the whole register for an award and list who may receive it, with the reasons."),
    )
    p.add_argument(
        "--award", required=True, metavar="CODE", help=_("award form code (see: emudesk list award-forms)")
    )
    p.add_argument("--year", required=True, type=year, metavar="YYYY", help=_("the year of the achievements"))
    p.add_argument(
        "--date",
        type=day,
        metavar=DATE_METAVAR,
        help=_("the day whose rules apply (default: 31/12 of the year)"),
    )
    p.add_argument("--all", action="store_true", help=_("also list those a person must still judge"))
    p.add_argument("--limit", type=count, metavar="N", help=_("list at most N subjects"))
    p.add_argument(
        "--create-drafts", action="store_true", help=_("create draft nominations for those listed")
    )
    p.add_argument(
        "--campaign", type=record_id, metavar="ID", help=_("the campaign of the draft nominations")
    )
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_suggest)

    p = sub.add_parser("rules", parents=[db], help=_("show, import or export rule sets"))
    rules_sub = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    q = rules_sub.add_parser("show", parents=[db], help=_("the rules of a set"))
    q.add_argument("code", help=_("rule set code (see: emudesk list rules)"))
    q.add_argument("--json", action="store_true", help=_("JSON output"))
    q.set_defaults(handler=cmd_rules_show)
    q = rules_sub.add_parser("list", parents=[db], help=_("list the rule sets"))
    q.add_argument("--json", action="store_true", help=_("JSON output"))
    q.set_defaults(handler=cmd_rules_list)
    q = rules_sub.add_parser("import", parents=[db], help=_("add a rule set from a JSON file"))
    q.add_argument("file", type=Path, help=_("JSON file (the format of: emudesk rules export)"))
    q.set_defaults(handler=cmd_rules_import)
    q = rules_sub.add_parser("export", parents=[db], help=_("write a rule set as JSON"))
    q.add_argument("code", help=_("rule set code"))
    q.add_argument("--json", action="store_true", help=_("JSON output (the only format of a rule set)"))
    q.set_defaults(handler=cmd_rules_export)

    p = sub.add_parser("minutes", parents=[db], help=_("print the minutes of a council session"))
    p.add_argument("session", type=record_id, metavar="SESSION_ID", help=_("see: emudesk list sessions"))
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_minutes)

    p = sub.add_parser("decision", parents=[db], help=_("show a decision: recipients, sổ vàng numbers, cash"))
    p.add_argument("decision", type=record_id, metavar="ID", help=_("see: emudesk list decisions"))
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_decision)


def cmd_eligibility(args: argparse.Namespace) -> int:
    from emudesk.services.core.common import SubjectRef
    from emudesk.services.core.lookup import require
    from emudesk.services.eligibility import judge

    store = open_store(args)
    try:
        with store.read() as session:
            if args.nomination is not None:
                verdict = judge.evaluate_nomination(session, args.nomination)
            else:
                if not args.award:
                    raise UsageError(_("--award is required with --subject"))
                ref = SubjectRef.parse(args.subject)
                require(session, [(ref.kind.value, ref.id)])
                verdict = judge.evaluate(session, ref, args.award, args.date or date.today(), year=args.year)
    finally:
        store.close()
    if args.json:
        _dump(judge.reasons_json(verdict))
    else:
        print("\n".join(judge.explain(verdict)))
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from emudesk.services.eligibility.suggest import suggest
    from emudesk.services.nominations.drafts import create_drafts

    if args.create_drafts and args.campaign is None:
        raise UsageError(_("--create-drafts needs --campaign ID"))
    store = open_store(args)
    try:
        with store.read() as session:
            result = suggest(
                session, args.award, args.year, on=args.date, include_open=args.all, limit=args.limit
            )
        created: tuple[int, ...] = ()
        skipped: tuple[Any, ...] = ()
        if args.create_drafts:
            with store.write() as session:
                drafts = create_drafts(
                    session,
                    args.campaign,
                    args.award,
                    args.year,
                    [s.subject for s in result.items],
                    filed_on=None,
                )
            created, skipped = drafts.created, drafts.skipped
    finally:
        store.close()
    rows = [
        {
            "subject": str(s.subject),
            "name": s.name,
            "outcome": s.verdict.outcome.label,
            "reasons": [
                {"text": r.text, "citation": r.citation, "passed": r.passed, "informational": r.informational}
                for r in s.verdict.reasons
            ],
        }
        for s in result.items
    ]
    counts = {o.value: n for o, n in result.counts.items()}
    if args.json:
        _dump(
            {
                "award": result.award_code,
                "award_name": result.award_name,
                "year": result.year,
                "date": result.on.isoformat(),
                "rule_set": result.rule_set,
                "counts": counts,
                "notes": list(result.notes),
                "items": rows,
                "created_nominations": list(created),
                "skipped": [{"subject": str(ref), "reason": why} for ref, why in skipped],
            }
        )
        return 0
    print(
        _("{award} ({year}), rules of {day}: {rules}").format(
            award=result.award_name,
            year=result.year,
            day=result.on.strftime("%d/%m/%Y"),
            rules=result.rule_set,
        )
    )
    print(
        _("{eligible} eligible, {open} to judge, {not_eligible} not eligible.").format(
            eligible=counts["eligible"], open=counts["needs_judgement"], not_eligible=counts["not_eligible"]
        )
    )
    for note in result.notes:
        print(note)
    for s in result.items:
        deciding = [r for r in s.verdict.reasons if not r.informational]
        summary = "; ".join(f"{r.mark} {r.text}" for r in deciding)
        print(f"{s.subject}  {s.name}  [{s.verdict.outcome.label}]  {summary}")
    if args.create_drafts:
        print(_("{n} draft nominations created.").format(n=len(created)))
        for ref, why in skipped:
            print(_("skipped {subject}: {reason}").format(subject=ref, reason=why), file=sys.stderr)
    return 0


def cmd_rules_show(args: argparse.Namespace) -> int:
    from emudesk.services.rules import rulebook

    store = open_store(args)
    try:
        with store.read() as session:
            rows = rulebook.rules_of(session, args.code)
    finally:
        store.close()
    if args.json:
        _dump(rows)
        return 0
    for r in rows:
        flag = "" if r["confirmed"] else " ⚠ " + _("unconfirmed")
        active = "" if r["active"] else " (" + _("inactive") + ")"
        print(f"{r['code']} [{r['kind']}] v{r['version']}{flag}{active} — {r['citation']}")
        print(f"    {r['text']}")
        print(
            "    "
            + _("forms: {forms}; subjects: {subjects}").format(forms=r["awards"], subjects=r["subjects"])
        )
        print("    " + json.dumps(r["params"], ensure_ascii=False))
        if r["note"]:
            print(f"    {r['note']}")
    return 0


def cmd_rules_list(args: argparse.Namespace) -> int:
    """The rule sets, as ``emudesk list rules`` shows them."""
    from emudesk.services.rules import rulebook

    store = open_store(args)
    try:
        with store.read() as session:
            rows = rulebook.list_rows(session)
    finally:
        store.close()
    print_rows(rows, as_json=args.json)
    return 0


def cmd_rules_import(args: argparse.Namespace) -> int:
    from emudesk.services.rules import rulebook, schema

    data = schema.read_file(args.file)  # before opening the database: a bad file writes nothing
    store = open_store(args)
    try:
        with store.write() as session:
            set_id = rulebook.import_rule_set(session, data)
    finally:
        store.close()
    print(_("Rule set #{id} added.").format(id=set_id))
    return 0


def cmd_rules_export(args: argparse.Namespace) -> int:
    from emudesk.services.rules import rulebook

    store = open_store(args)
    try:
        with store.read() as session:
            data = rulebook.export_rule_set(session, args.code)
    finally:
        store.close()
    _dump(data)
    return 0


def cmd_minutes(args: argparse.Namespace) -> int:
    from emudesk.services.council import screens

    store = open_store(args)
    try:
        with store.read() as session:
            lines = screens.minutes(session, args.session)
    finally:
        store.close()
    if args.json:
        _dump({"session": args.session, "lines": lines})
    else:
        print("\n".join(lines))
    return 0


def cmd_decision(args: argparse.Namespace) -> int:
    from emudesk.services.decisions import cash as rewards
    from emudesk.services.decisions import issuing as decisions
    from emudesk.services.decisions import lists as decision_lists

    store = open_store(args)
    try:
        with store.read() as session:
            chain = decision_lists.related(session, args.decision)
            people = decisions.recipients(session, args.decision)
            cash = rewards.compute(session, args.decision)
            # What the exported list prints: fixed on issue, else coefficient × lương cơ sở.
            amounts = rewards.line_amounts(session, args.decision)
    finally:
        store.close()
    head = next(d for d in chain if d.id == args.decision)
    if args.json:
        _dump(
            {
                "id": head.id,
                "number": head.number,
                "signed_on": head.signed_on.isoformat(),
                "kind": head.kind.value,
                "issuer": head.issuer,
                "signer": head.signer,
                "issued": head.issued,
                "summary": head.summary,
                "submission": {
                    "number": head.submission_number,
                    "date": head.submission_date.isoformat() if head.submission_date else None,
                    "by": head.submission_by,
                }
                if head.submission_number
                else None,
                "related": [
                    {
                        "id": d.id,
                        "number": d.number,
                        "signed_on": d.signed_on.isoformat(),
                        "kind": d.kind.value,
                    }
                    for d in chain
                    if d.id != head.id
                ],
                "base_salary": cash.base_salary.amount,
                "recipients": [
                    {
                        "golden_book_no": r.golden_book_no,
                        "name": r.recipient_name,
                        "subject_kind": r.subject_kind.value,
                        "award": r.award_name,
                        "cash_amount": amounts.get(r.award_record_id),
                        "status": r.status.value,
                        "status_decision": r.status_decision,
                    }
                    for r in people
                ],
                "total": cash.total,
                "total_in_words": rewards.in_words(cash.total),
                "recovered": cash.recovered,
            }
        )
        return 0
    state = _("issued") if head.issued else _("draft")
    print(f"{head.number} — {head.signed_on.strftime('%d/%m/%Y')} — {head.kind.label} ({state})")
    if head.issuer:
        print(_("Issued by: {issuer}").format(issuer=head.issuer))
    if head.signer:
        print(_("Signed by: {signer}").format(signer=head.signer))
    if head.summary:
        print(head.summary)
    if head.submission_number:
        line = (
            _("Answers submission {number} of {day}").format(
                number=head.submission_number, day=f"{head.submission_date:%d/%m/%Y}"
            )
            if head.submission_date
            else _("Answers submission {number}").format(number=head.submission_number)
        )
        print(line + (f" ({head.submission_by})" if head.submission_by else ""))
    for d in chain:
        if d.id != head.id:
            print("  " + _("{kind}: {number} of {day}").format(
                kind=d.kind.label, number=d.number, day=d.signed_on.strftime("%d/%m/%Y")
            ))  # fmt: skip
    print(
        _("Base salary {amount} (from {day}).").format(
            amount=rewards.money(cash.base_salary.amount),
            day=cash.base_salary.effective_from.strftime("%d/%m/%Y"),
        )
    )
    print_rows(
        [
            {
                _("Golden book no."): r.golden_book_no,
                _("Recipient"): r.recipient_name,
                _("Award"): r.award_name,
                _("Cash"): rewards.money(amounts.get(r.award_record_id)),
                _("Status"): r.status.label + (f" ({r.status_decision})" if r.status_decision else ""),
            }
            for r in people
        ],
        as_json=False,
    )
    print(_("Total: {total}").format(total=rewards.money(cash.total)))
    print(_("In words: {words}").format(words=rewards.in_words(cash.total)))
    if cash.recovered:
        print(_("To be recovered: {amount}").format(amount=rewards.money(cash.recovered)))
    return 0
