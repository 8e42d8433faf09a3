"""``emudesk copy-local``: copy a database off a network share to this computer."""

from __future__ import annotations

import argparse

from emudesk.cli.common import SubParsers, db_option
from emudesk.cli.outputs import force_option
from emudesk.i18n import _


def register(sub: SubParsers) -> None:
    p = sub.add_parser(
        "copy-local",
        parents=[db_option(), force_option()],
        help=_("copy a database on a network share to this computer"),
        description=_(
            "Copy the database (on a network share, where emudesk only reads it) and its evidence "
            "files to a file on this computer, where it can be written safely."
        ),
    )
    p.add_argument("destination", metavar="FILE", help=_("the new database file on this computer"))
    p.set_defaults(handler=cmd_copy_local)


def cmd_copy_local(args: argparse.Namespace) -> int:
    from emudesk.domain.errors import StorageError
    from emudesk.services.core.local_copy import copy_to_this_computer
    from emudesk.services.core.outputs import database_path

    # Not opened first: a file of an older version could not be upgraded on the share, and its
    # copy is upgraded when it is first opened here. The copy itself is checked page by page.
    source = database_path(getattr(args, "db", None))
    if source is None:
        raise StorageError(_("A server database is shared already; there is nothing to copy."))
    if not source.is_file():
        raise StorageError(_("Database file {path} does not exist.").format(path=source))
    copy = copy_to_this_computer(source, args.destination, force=args.force)
    print(_("Copied to {path}. Open it with: emudesk --db {path}").format(path=copy.path))
    if copy.files is not None:
        print(_("Evidence files copied to {path}.").format(path=copy.files))
    return 0
