"""What every command group shares: the ``--db`` option, usage errors, opening the store, printing rows.

Command modules import this, never one another, so none imports one that imports it back.
"""

from __future__ import annotations

import argparse
import errno
import json
import re
import sys
from datetime import date, datetime
from typing import Any

from emudesk.domain.rules import fmt
from emudesk.domain.text import escape_controls
from emudesk.i18n import _

SubParsers = argparse._SubParsersAction


class UsageError(Exception):
    """Bad usage detected after parsing (e.g. a kind without that format); exits with status 2."""


def db_option(*, top_level: bool = False) -> argparse.ArgumentParser:
    """The ``--db`` option every subcommand takes (before or after the command name)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        # Subcommands must not reset a --db given before the command name.
        default=None if top_level else argparse.SUPPRESS,
        help=_("database file or SQLAlchemy URL (default: the per-user database)"),
    )
    return parent


def record_id(text: str) -> int:
    """An argparse type: a record's id, a whole number the database can hold."""
    from emudesk.services.core.common import MAX_ID

    value = _whole_number(text)
    if value is None or not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not an id; write a whole number from 1 to {max}.").format(
                text=_shorten(text), max=MAX_ID
            )
        )
    return value


# Years of achievements and awards: the register's records start after 1900.
YEARS = range(1900, 2101)


def year(text: str) -> int:
    """An argparse type: a year of achievements or awards."""
    value = _whole_number(text)
    if value is None or value not in YEARS:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a year; write one from {first} to {last}.").format(
                text=_shorten(text), first=YEARS[0], last=YEARS[-1]
            )
        )
    return value


def count(text: str) -> int:
    """An argparse type: how many (at least 1)."""
    value = _whole_number(text)
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a number of items; write a whole number from 1.").format(text=_shorten(text))
        )
    return value


# What a date argument may look like: the Vietnamese way, and ISO as scripts write it.
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
DATE_METAVAR = "DD/MM/YYYY"


def day(text: str) -> date:
    """An argparse type: a day written DD/MM/YYYY or YYYY-MM-DD (anything else is bad usage)."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        _("“{text}” is not a date; write DD/MM/YYYY or YYYY-MM-DD.").format(text=_shorten(text))
    )


def _whole_number(text: str) -> int | None:
    digits = text.strip()
    # Length first: int() refuses over 4,300 digits with a ValueError of its own.
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        return None
    return int(digits)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def file_error(exc: OSError) -> str:
    """One line telling which file could not be used and why, in the user's language."""
    reasons = {
        errno.ENOENT: _("the file or its folder does not exist"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.ENAMETOOLONG: _("the file name is too long"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.EROFS: _("the disk is read-only"),
        errno.ENOSPC: _("the disk is full"),
        errno.EISDIR: _("it is a folder"),
    }
    reason = reasons.get(exc.errno or 0) or exc.strerror or str(exc)
    if exc.filename is None:
        return _("cannot use a file: {reason}").format(reason=reason)
    return _("cannot use {path}: {reason}").format(path=_shorten(str(exc.filename), 120), reason=reason)


def open_store(args: argparse.Namespace, *, create: bool = False, verify: bool = False) -> Any:
    """The store ``--db`` names (default: the per-user database); its notices go to stderr.

    A server that asks for the login's password gets it from the keyring or the terminal.
    """
    from emudesk import paths
    from emudesk.cli.server_password import signed_in
    from emudesk.services.core.store import Store

    location = getattr(args, "db", None) or paths.configured_database()
    store = signed_in(str(location), lambda url: Store.open(url, create=create, verify=verify))
    for notice in store.notices:
        print(notice, file=sys.stderr)
    wanted = named_records(args)
    if wanted:
        from emudesk.services.core.lookup import require

        try:
            with store.read() as session:
                require(session, wanted)
        except BaseException:
            store.close()
            raise
    return store


# The options and arguments that name a record by id (``type=record_id``), by their ``dest``:
# ``open_store`` checks that each exists, so a missing one exits 1 with "không tìm thấy …" the
# same way in every command. ``tests/cli/test_conventions.py`` holds every such argument to this.
ID_ARGUMENTS = {
    "campaign": "campaign",
    "unit": "unit",
    "decision": "decision",
    "nomination": "nomination",
    "session": "session",
    "ids": "nomination",  # emudesk nominations ACTION ID…
}


def named_records(args: argparse.Namespace) -> list[tuple[str, int]]:
    """The (kind, id) pairs the command line names, in the order of ``ID_ARGUMENTS``."""
    wanted: list[tuple[str, int]] = []
    for dest, kind in ID_ARGUMENTS.items():
        value = getattr(args, dest, None)
        values = value if isinstance(value, list) else [value]
        wanted.extend((kind, v) for v in values if isinstance(v, int) and not isinstance(v, bool))
    return wanted


def print_rows(rows: list[dict[str, Any]], *, as_json: bool) -> None:
    """Rows as JSON (keyed as given), or as a plain table headed in the user's language."""
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        print(_("(nothing)"))
        return
    from emudesk.cli.headers import header

    keys = list(rows[0])
    heads = [header(k) for k in keys]
    table = [[_cell(r.get(k)) for k in keys] for r in rows]
    widths = [min(max(len(h), *(len(row[i]) for row in table)), 60) for i, h in enumerate(heads)]
    print("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip())
    for row in table:
        print("  ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


# The rows are the --json rows, with ISO days; a table for people prints them as the office writes them.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:  # text shaped like a day that is none ("2025-13-01"): printed as it is
            pass
        else:
            return fmt.day(moment.date()) + (moment.strftime(" %H:%M") if len(value) > 10 else "")
    return escape_controls(str(value).replace("\n", " "))  # widths must count the escaped text
