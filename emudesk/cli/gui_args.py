"""Arguments of the commands that need Qt; ``emudesk.app`` runs them."""

from __future__ import annotations

import argparse

from emudesk.cli.common import SubParsers, db_option
from emudesk.cli.outputs import force_option
from emudesk.i18n import _
from emudesk.navigation import VIEW_KEYS


def register(sub: SubParsers) -> None:
    p = sub.add_parser(
        "screenshot",
        parents=[db_option(), force_option()],
        help=_("render the main window offscreen to a PNG and exit"),
        description=_("Render the main window (one view) offscreen to a PNG file and exit."),
    )
    p.add_argument("--view", choices=VIEW_KEYS, default="individuals", help=_("the view to show"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.png", help=_("where to write the picture"))
    p.add_argument("--size", default="1366x768", metavar="WxH", help=_("window size (default 1366x768)"))
    # SUPPRESS: without --demo here, the top level's `emudesk --demo screenshot` still counts.
    p.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("use the demo database (created on first use)"),
    )
    p.set_defaults(gui_command="screenshot")
