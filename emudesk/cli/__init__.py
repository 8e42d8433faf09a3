"""The command line: one parser for every subcommand, Qt-free.

``emudesk.app`` (the composition root) runs the GUI commands (no command,
``screenshot``); everything else runs here, headless, through the services.
Exit status: 0 success, 1 failure (reason on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from emudesk import __version__
from emudesk.cli.common import UsageError, db_option, file_error
from emudesk.cli.terminal import escaped_output
from emudesk.i18n import _

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    # Imported here so that importing ``emudesk.cli`` (or one of its modules) loads no command group.
    from emudesk.cli import (
        backups_cmd,
        campaign_cmd,
        core,
        exchange_cmd,
        export_cmd,
        gui_args,
        import_cmd,
        location_cmd,
        nominations_cmd,
        office_cmd,
        reminders_cmd,
        rules_cmd,
        statistics_cmd,
        transfer_cmd,
        users_cmd,
    )
    from emudesk.cli.argparse_words import translate_argparse

    translate_argparse()
    parser = argparse.ArgumentParser(
        prog="emudesk",
        description=_("Emulation and commendation office: register, campaigns, nominations, awards."),
        parents=[db_option(top_level=True)],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"emudesk {__version__}",
        help=_("show program's version number and exit"),  # argparse 3.11 does not translate its own
    )
    parser.add_argument("--lang", choices=("vi", "en"), help=_("language of messages (default: Vietnamese)"))
    parser.add_argument(
        "--demo", action="store_true", help=_("open the demo database (created on first use) in the window")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Registration order is the order of the commands in ``emudesk --help``.
    for group in (
        core,
        backups_cmd,
        transfer_cmd,
        location_cmd,
        gui_args,
        export_cmd,
        import_cmd,
        exchange_cmd,
        rules_cmd,
        campaign_cmd,
        nominations_cmd,
        reminders_cmd,
        statistics_cmd,
        office_cmd,
        users_cmd,
    ):
        group.register(sub)
    return parser


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run a headless subcommand; user-facing errors become exit status 1 with a message."""
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    with escaped_output():
        return _run(handler, args, parser)


def _run(handler: Handler, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from emudesk.domain.errors import EmudeskError

    try:
        return handler(args)
    except UsageError as exc:
        parser.error(str(exc))  # exits 2
        return 2
    except EmudeskError as exc:
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``emudesk list … | head``): stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except UnicodeEncodeError as exc:
        # An argument with bytes that are not UTF-8 (the shell passes them on as lone surrogates),
        # which no database driver can encode.
        text = exc.object if isinstance(exc.object, str) else ""
        shown = text.encode("utf-8", "replace").decode("utf-8")[:80]
        print(_("error: “{text}” is not valid text (UTF-8).").format(text=shown), file=sys.stderr)
        return 1
    except OSError as exc:
        # A file named on the command line that cannot be read or written: a missing folder, a
        # name too long, no permission, a full disk. Commands check what they can first; this is
        # the last line, so that no such case ends in a traceback.
        print(_("error: {message}").format(message=file_error(exc)), file=sys.stderr)
        return 1
