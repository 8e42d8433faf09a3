"""``transfer``: copy a whole database to another SQLite file or PostgreSQL server, verified."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from emudesk import paths
from emudesk.cli.common import SubParsers
from emudesk.i18n import _

_BAR = 30


def register(sub: SubParsers) -> None:
    p = sub.add_parser(
        "transfer",
        help=_("copy a whole database (with its evidence files) to another file or a server"),
        description=_(
            "Copy every table of a database, its audit log and its evidence files to an SQLite file "
            "or a PostgreSQL server (postgresql://user@host/database), and check the copy table by "
            "table. A destination that already holds data is refused unless --replace is given; if "
            "anything fails, the destination is left as it was."
        ),
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="SOURCE",
        help=_("the database to copy: file or URL (default: --db, or the per-user database)"),
    )
    p.add_argument(
        "--to", dest="destination", metavar="DEST", required=True, help=_("file or URL to copy to")
    )
    p.add_argument(
        "--replace", action="store_true", help=_("replace everything in a destination that holds data")
    )
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_transfer)


class TerminalProgress:
    """A bar on a terminal, rewritten in place; elsewhere (a log) a line every tenth."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int, label: str) -> None:
        percent = 100 * done // total if total else 0
        if self.tty:
            if percent == self.shown and done < total:
                return
            filled = _BAR * percent // 100
            self.stream.write(f"\r[{'#' * filled}{'.' * (_BAR - filled)}] {percent:3d}% {label[:40]:<40}")
            self.stream.flush()
        elif percent // 10 != self.shown // 10 or self.shown < 0:
            print(f"{percent:3d}% {label}", file=self.stream)
        self.shown = percent

    def finish(self) -> None:
        if self.tty and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()


def _with_password(location: str) -> str:
    """``location`` with the password its server asks for (from the keyring or the terminal)."""
    from emudesk.cli.server_password import signed_in
    from emudesk.services.core.server_login import check_login

    def attempt(url: str) -> str:
        check_login(url)
        return url

    return signed_in(location, attempt)


def cmd_transfer(args: argparse.Namespace) -> int:
    from emudesk.services.transfer.copying import transfer

    source = args.source or getattr(args, "db", None) or str(paths.configured_database())
    # Each server's password first, so that no question interrupts the bar.
    source, destination = _with_password(str(source)), _with_password(args.destination)
    bar = TerminalProgress(sys.stderr)
    try:
        result = transfer(source, destination, replace=args.replace, progress=bar)
    finally:
        bar.finish()
    if args.json:
        doc = {
            "source": result.source,
            "destination": result.destination,
            "rows": result.rows,
            "files": result.files,
            "seconds": round(result.seconds, 2),
            "tables": [{"name": t.name, "rows": t.rows, "checksum": t.checksum} for t in result.tables],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(result.summary())
    return 0
