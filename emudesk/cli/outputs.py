"""The ``--force`` option and the output check every command that writes a file makes first.

The rules themselves live in ``services.core.outputs`` (Qt-free, shared with any other caller).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from emudesk.i18n import _


def force_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--force",
        action="store_true",
        help=_("replace an existing file that emudesk did not write"),
    )
    return parent


def checked_output(
    args: argparse.Namespace,
    target: str | Path,
    *,
    inputs: Iterable[str | Path] = (),
    kind: str | None = None,
    make_folder: bool = False,
) -> Path:
    """``target`` once it is known not to be the database, an input, or a file to keep (StorageError).

    ``kind`` ("xlsx", "pdf") lets an earlier file of that kind written by emudesk be replaced.
    """
    from emudesk.services.core.outputs import check_output, database_path

    return check_output(
        target,
        database=database_path(getattr(args, "db", None)),
        inputs=inputs,
        force=bool(getattr(args, "force", False)),
        kind=kind,
        make_folder=make_folder,
    )
