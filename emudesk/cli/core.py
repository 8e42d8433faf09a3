"""Core subcommands: init, demo, check, list (backups: ``backups_cmd``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from emudesk import paths
from emudesk.cli.common import SubParsers, UsageError, db_option, open_store, print_rows, record_id, year
from emudesk.i18n import _


def register(sub: SubParsers) -> None:
    from emudesk.services.workspace.listing import KINDS

    db = db_option()
    p = sub.add_parser("init", parents=[db], help=_("create (or upgrade) a database"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser(
        "demo",
        parents=[db],
        help=_("build the demo database"),
        description=_(
            "Build a realistic demo database: a merged province, its people, "
            "award history, the seed campaign plans and nominations in every status."
        ),
    )
    p.add_argument("--size", choices=_sizes(), default="demo", help=_("how large a data set"))
    p.add_argument("--seed", type=int, default=2025, help=_("random seed (same seed, same data)"))
    p.add_argument(
        "--office",
        choices=("province", "district"),
        default="province",
        help=_(
            "province: the demo office; district: a commune below it that shares its campaigns "
            "and trusts it (to try exchange)"
        ),
    )
    p.add_argument(
        "--upper",
        metavar="PATH",
        help=_("with --office district: the province demo database (default: the demo database)"),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=_("replace an existing database (a copy of one holding data goes to the backups folder)"),
    )
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("check", parents=[db], help=_("check integrity and rule consistency"))
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.add_argument(
        "--audit-head",
        metavar="HASH",
        type=_audit_hash,
        help=_("the audit log's last hash as an earlier check printed it (at least its first 12 characters)"),
    )
    p.add_argument(
        "--prune-evidence",
        action="store_true",
        help=_(
            "first remove stored evidence files no achievement uses any more (close the window "
            "first: its undo may still need them)"
        ),
    )
    p.add_argument(
        "--evidence-from",
        metavar="FOLDER",
        help=_(
            "first store evidence files the database lacks from an older version's files folder "
            "(on a server, each computer's own)"
        ),
    )
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "list", parents=[db], help=_("list records"), description=_("List records, id and name first.")
    )
    p.add_argument("kind", choices=KINDS + _extra_list_kinds(), help=_("what to list"))
    p.add_argument(
        "--campaign", type=record_id, metavar="ID", help=_("only this campaign (individuals, nominations)")
    )
    p.add_argument(
        "--search",
        metavar="TEXT",
        help=_("only individuals whose name matches, as the search box of the window finds them"),
    )
    p.add_argument(
        "--year",
        type=year,
        metavar="YYYY",
        help=_("awards: those decided in this year (undated: of this year)"),
    )
    p.add_argument("--half", type=int, choices=(1, 2), help=_("awards: only this half of the year"))
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_list)


def _sizes() -> tuple[str, ...]:
    from emudesk.services.demo.base import SIZES

    return tuple(SIZES)


def _list_rules(session: Any, _args: argparse.Namespace) -> list[dict[str, Any]]:
    from emudesk.services.rules import rulebook

    return rulebook.list_rows(session)


def _list_decisions(session: Any, _args: argparse.Namespace) -> list[dict[str, Any]]:
    from emudesk.services.decisions import lists as decision_lists

    return decision_lists.list_rows(session)


def _list_awards(session: Any, args: argparse.Namespace) -> list[dict[str, Any]]:
    from emudesk.services.exports import statistics

    return [
        {
            "id": line.id,
            "name": line.recipient,
            "kind": line.kind.label,
            "award": line.form_code or "",
            "level": line.level.value if line.level else "",
            "award_name": line.form_name or "",
            "year": line.year,
            "decision": line.decision_number,
            "decision_date": line.decision_date.isoformat() if line.decision_date else "",
            "category": line.category.value if line.category else "",
            "method": line.method.value,
        }
        for line in statistics.award_lines(session, statistics.Period(args.year, args.half))
    ]


def _list_sessions(session: Any, _args: argparse.Namespace) -> list[dict[str, Any]]:
    from emudesk.services.council.sessions import sessions

    return sessions(session)


# The kinds ``list`` takes beyond those of ``services.workspace.listing``.
LIST_EXTENSIONS: dict[str, Callable[[Any, argparse.Namespace], list[dict[str, Any]]]] = {
    "rules": _list_rules,
    "decisions": _list_decisions,
    "awards": _list_awards,
    "sessions": _list_sessions,
}


def _extra_list_kinds() -> tuple[str, ...]:
    return tuple(LIST_EXTENSIONS)


def cmd_init(args: argparse.Namespace) -> int:
    from emudesk.services.core.rights import may
    from emudesk.services.exchange import office

    store = open_store(args, create=True)
    try:
        # Every database is an office (exchange signs with its key), named later by ``office init``;
        # only the administrator may make it, so another login's ``init`` leaves that to them.
        if store.read_only_reason is None:
            with store.write() as session:
                if may(session, "settings.edit"):
                    office.ensure_office(session)
        print(_("Database ready: {db}").format(db=store.display_name))
    finally:
        store.close()
    return 0


def demo_database_path() -> Path:
    return paths.data_dir() / "demo.sqlite3"


def cmd_demo(args: argparse.Namespace) -> int:
    from emudesk.cli.server_password import signed_in
    from emudesk.services.core.outputs import prepare_replacement
    from emudesk.services.core.store import Store
    from emudesk.services.demo import dataset as demo

    if args.office == "district":
        return _demo_district(args)
    target = getattr(args, "db", None) or str(demo_database_path())
    if args.force:
        kept = prepare_replacement(target)
        if kept is not None:
            print(_("A copy of the previous database is in {path}").format(path=kept), file=sys.stderr)
    store = signed_in(target, lambda url: Store.open(url, create=True))
    try:

        def progress(done: int, total: int, label: str) -> None:
            print(f"[{done}/{total}] {label}", file=sys.stderr)

        with store.write() as session:
            summary = demo.generate(session, size=args.size, seed=args.seed, progress=progress)
        counts = ", ".join(f"{k}: {v}" for k, v in summary.counts.items())
        print(_("Demo database ready: {db} ({counts})").format(db=store.display_name, counts=counts))
    finally:
        store.close()
    return 0


def _demo_district(args: argparse.Namespace) -> int:
    from emudesk.services.core.outputs import prepare_replacement
    from emudesk.services.core.store import Store
    from emudesk.services.demo.district import build_district

    target = getattr(args, "db", None) or str(paths.data_dir() / "district.sqlite3")
    upper_path = Path(args.upper) if args.upper else demo_database_path()
    if not upper_path.is_file():
        print(
            _("The province demo {path} does not exist; build it first (emudesk demo).").format(
                path=upper_path
            ),
            file=sys.stderr,
        )
        return 1
    if args.force:
        kept = prepare_replacement(target)
        if kept is not None:
            print(_("A copy of the previous database is in {path}").format(path=kept), file=sys.stderr)
    upper = Store.open(upper_path)
    lower = Store.open(target, create=True)
    try:
        summary = build_district(upper, lower)
    finally:
        lower.close()
        upper.close()
    for note in summary.notes:
        print(note, file=sys.stderr)
    print(
        _(
            "District demo ready: {db}, the office “{office}” below {upper} ({campaigns} campaigns received, "
            "{people} people, {nominations} nominations voted and ready to send: emudesk exchange export)."
        ).format(
            db=target,
            office=summary.office,
            upper=upper_path,
            campaigns=summary.campaigns,
            people=summary.people,
            nominations=summary.nominations,
        )
    )
    return 0


def _audit_hash(text: str) -> str:
    value = text.strip().lower()
    if not (12 <= len(value) <= 64 and all(c in "0123456789abcdef" for c in value)):
        raise argparse.ArgumentTypeError(_("a hash is 12 to 64 characters 0-9 and a-f"))
    return value


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from emudesk.domain.errors import StorageError
    from emudesk.services.workspace.check import CheckReport, run_checks

    try:
        # verify: every page is read before anything may write, so a damaged file is reported as is.
        store = open_store(args, verify=True)
    except StorageError as exc:
        if not args.json:
            raise
        report = CheckReport(errors=[exc.message])
        database = getattr(args, "db", None) or paths.configured_database()
    else:
        try:
            if args.evidence_from:
                _fill_evidence(store, Path(args.evidence_from))
            pruned = _prune_evidence(store) if args.prune_evidence else None
            with store.read() as session:
                report = run_checks(session, is_sqlite=store.is_sqlite, audit_head=args.audit_head)
        finally:
            store.close()
        database = store.display_name
        if pruned is not None:
            report.counts["evidence_files_removed"] = pruned
    if args.json:
        result = {"database": database, "ok": report.ok, **vars(report)}
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    for warning in report.warnings:
        print(_("warning: {message}").format(message=warning), file=sys.stderr)
    if not report.ok:
        for error in report.errors:
            print(_("error: {message}").format(message=error), file=sys.stderr)
        return 1
    counts = ", ".join(f"{k}: {v}" for k, v in report.counts.items())
    print(_("{db}: no problems found ({counts}).").format(db=database, counts=counts))
    _print_audit_head(report.audit_chain)
    return 0


def _fill_evidence(store: Any, folder: Path) -> None:
    from emudesk.domain.errors import StorageError
    from emudesk.services.campaigns.achievements import fill_missing_from

    if not folder.is_dir():
        raise StorageError(_("{path} is not a folder.").format(path=folder))
    with store.write() as session:
        stored, missing = fill_missing_from(session, folder)
    print(
        _("Stored {n} evidence files from {path}; {missing} still missing.").format(
            n=stored, path=folder, missing=missing
        ),
        file=sys.stderr,
    )


def _prune_evidence(store: Any) -> int:
    from emudesk.services.campaigns.achievements import prune_unused_blobs

    with store.write() as session:
        return prune_unused_blobs(session)


def _print_audit_head(chain: dict[str, Any]) -> None:
    """The last audit entry's hash, for the office to note: a log rewritten later will not hold it."""
    if chain.get("head_id") is None:
        return
    print(
        _("Audit log: {n} entries, chain intact; last entry #{id}, hash {hash}.").format(
            n=chain["entries"], id=chain["head_id"], hash=chain["head_hash"]
        )
    )


def _search_individuals(session: Any, args: argparse.Namespace) -> list[dict[str, Any]]:
    """The Cá nhân list of the window for what was typed in its search box: same service, same order."""
    from emudesk.cli.common import UsageError
    from emudesk.services.register.lists import IndividualFilter, individual_ids, individual_rows

    if args.kind != "individuals":
        raise UsageError(_("--search works with: individuals"))
    ids = individual_ids(session, IndividualFilter(search=args.search))
    rows = individual_rows(session, ids)
    cells = ((i, rows[i]._asdict()) for i in ids if i in rows)
    return [{"id": i, "name": row.pop("full_name"), **row} for i, row in cells]


def cmd_list(args: argparse.Namespace) -> int:
    from emudesk.services.workspace.listing import list_kind

    if args.kind == "awards" and args.year is None:
        raise UsageError(
            _("“list awards” needs --year (the awards decided that year, as the statistics count).")
        )
    if args.kind != "awards" and (args.year is not None or args.half is not None):
        raise UsageError(_("--year and --half apply to “list awards” only."))
    store = open_store(args)
    try:
        with store.read() as session:
            if args.search is not None:
                rows = _search_individuals(session, args)
            elif args.kind in LIST_EXTENSIONS:
                rows = LIST_EXTENSIONS[args.kind](session, args)
            else:
                rows = list_kind(session, args.kind, campaign_id=args.campaign)
    finally:
        store.close()
    print_rows(rows, as_json=args.json)
    return 0
