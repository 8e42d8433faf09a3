# PYTHON_ARGCOMPLETE_OK (argcomplete's global completion looks for this mark)
"""Composition root: parse the command line, then start the GUI or run a headless command.

The only module outside ``emudesk.ui`` that may start Qt, and it imports
``emudesk.ui`` only when a GUI command is chosen, so headless commands never
load Qt.
"""

from __future__ import annotations

import sys

# Only ``sys`` at import: ``emudesk --version`` must answer before logging, platformdirs, the
# parser and its command groups (which load SQLAlchemy) are imported.

# Options of the top-level parser that may come before ``--version``, and whether they take a value.
_TOP_OPTIONS = {"--lang": True, "--db": True, "--demo": False}


def _asks_version(arguments: list[str]) -> bool:
    """Whether argparse would answer ``--version`` (only top-level options before it)."""
    words = iter(arguments)
    for word in words:
        if word == "--version":
            return True
        name = word.split("=", 1)[0]
        if name not in _TOP_OPTIONS:
            return False
        if _TOP_OPTIONS[name] and "=" not in word:
            next(words, None)
    return False


def _utf8_streams() -> None:
    import contextlib

    # Windows consoles default to a legacy code page; Vietnamese must not crash printing.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    arguments = sys.argv[1:] if argv is None else argv
    if _asks_version(arguments):
        from emudesk import __version__

        print(f"emudesk {__version__}")
        return 0
    import logging

    from emudesk import i18n, log

    # Language first, so --help is already translated.
    lang = None
    if "--lang" in arguments:
        idx = arguments.index("--lang")
        lang = arguments[idx + 1] if idx + 1 < len(arguments) else None
    lang = next((a.split("=", 1)[1] for a in arguments if a.startswith("--lang=")), lang)
    i18n.set_language(lang)
    log.setup()

    from emudesk.cli import build_parser, run
    from emudesk.cli.completion import offer_completion

    parser = build_parser()
    offer_completion(parser)
    args = parser.parse_args(arguments)
    gui_command = getattr(args, "gui_command", None)
    if args.command is None or gui_command is not None:
        try:
            from emudesk.ui import entry
        except ImportError as exc:
            print(i18n._("The window cannot start: {reason}").format(reason=exc), file=sys.stderr)
            return 1
        try:
            return entry.run(args)
        except Exception:
            logging.getLogger("emudesk").exception("GUI failed")
            raise
    return run(args, parser)


if __name__ == "__main__":
    raise SystemExit(main())
