"""Backups: ``backup`` (write one, or ``--list`` them) and ``restore``."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from emudesk.cli.common import SubParsers, db_option, open_store
from emudesk.cli.outputs import checked_output, force_option
from emudesk.i18n import _

if TYPE_CHECKING:
    pass

# A backup named like a database file is written the old way: a bare SQLite copy, without evidence.
BARE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


def register(sub: SubParsers) -> None:
    db = db_option()
    p = sub.add_parser(
        "backup",
        parents=[db, force_option()],
        help=_("write a backup of the database and its evidence files, or list the backups"),
        description=_(
            "Write a verified backup (one .zip file: the database, its evidence files and a manifest). "
            "A FILE ending in .sqlite3 gets a bare copy of the database only."
        ),
    )
    p.add_argument("-o", "--output", metavar="FILE", help=_("backup file (default: in the backups folder)"))
    p.add_argument(
        "--list", action="store_true", help=_("list the backups in the backups folders, newest first")
    )
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore",
        help=_("replace the database with a backup (the current one is kept as a dated copy)"),
        description=_(
            "Check a backup (an emudesk .zip, or a bare .sqlite3 copy) and put it in place of the "
            "database; the database it replaces and its evidence files are kept beside it under a dated name."
        ),
    )
    p.add_argument("backup", metavar="BACKUP", help=_("the backup file"))
    p.add_argument(
        "--db",
        dest="db",
        metavar="TARGET",
        default=argparse.SUPPRESS,
        help=_("the database file to replace (default: the configured database)"),
    )
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_restore)


def local_time(stamp: datetime) -> str:
    return stamp.astimezone().strftime("%d/%m/%Y %H:%M")


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def cmd_backup(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args)
    from emudesk.services.backups import schedule

    target: Path | None = checked_output(args, args.output, make_folder=True) if args.output else None
    store = open_store(args)
    try:
        if target is not None and target.suffix.lower() in BARE_SUFFIXES:
            written = store.backup(target)
            print(_("Backup written to {path}").format(path=written))
            return 0
        info = schedule.make_backup(store, target or schedule.default_target(store))
    finally:
        store.close()
    if args.json:
        print(json.dumps(info.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(_("Backup written to {path}").format(path=info.path) + f" ({info.contents})")
    return 0


def _list(args: argparse.Namespace) -> int:
    from emudesk.services.backups import schedule

    found = schedule.list_backups()
    if args.json:
        print(json.dumps([info.as_dict() for info in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        folders = ", ".join(str(f) for f in schedule.backup_folders())
        print(_("No backups in {folders}.").format(folders=folders))
        return 0
    rows: list[list[str]] = [[_("date"), _("size"), _("schema"), _("contents"), _("file")]]
    for info in found:
        schema = info.schema or "?"
        rows.append(
            [local_time(info.created_at), size_text(info.size), schema, info.contents, str(info.path)]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]]))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from emudesk import paths
    from emudesk.domain.errors import StorageError
    from emudesk.services.backups.restore import restore
    from emudesk.services.core.outputs import database_path

    location = getattr(args, "db", None) or paths.configured_database()
    target = database_path(location)
    if target is None:
        raise StorageError(
            _("A server database is restored on the server (pg_restore); emudesk restores SQLite files.")
        )
    result = restore(Path(args.backup), target)
    if args.json:
        out: dict[str, Any] = {
            "database": str(result.target),
            "backup": result.info.as_dict(),
            "kept": str(result.kept) if result.kept else None,
            "notices": list(result.notices),
            "upgraded_from": result.upgraded_from,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(
        _("Restored {target} from the backup of {when} ({contents}).").format(
            target=result.target, when=local_time(result.info.created_at), contents=result.info.contents
        )
    )
    if result.upgraded_from:
        print(
            _("The backup was made by an older version (schema {rev}); it was upgraded.").format(
                rev=result.upgraded_from
            )
        )
    if result.kept is not None:
        print(_("The database it replaced is kept as {path}").format(path=result.kept))
    for notice in result.notices:
        print(_("warning: {message}").format(message=notice), file=sys.stderr)
    return 0
