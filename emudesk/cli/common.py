"""What every command group shares: the ``--db`` option, usage errors, opening the store, printing rows.

Command modules import this, never one another, so none imports one that imports it back.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

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


def open_store(args: argparse.Namespace, *, create: bool = False, verify: bool = False) -> Any:
    """The store ``--db`` names (default: the per-user database); its notices go to stderr."""
    from emudesk.services.core.store import Store

    store = Store.open(getattr(args, "db", None), create=create, verify=verify)
    for notice in store.notices:
        print(notice, file=sys.stderr)
    return store


def print_rows(rows: list[dict[str, Any]], *, as_json: bool) -> None:
    """Rows as JSON, or as a plain table whose columns are the first row's keys."""
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        print(_("(nothing)"))
        return
    keys = list(rows[0])
    table = [[_cell(r.get(k)) for k in keys] for r in rows]
    widths = [min(max(len(k), *(len(row[i]) for row in table)), 60) for i, k in enumerate(keys)]
    print("  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True)).rstrip())
    for row in table:
        print("  ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value).replace("\n", " ")
