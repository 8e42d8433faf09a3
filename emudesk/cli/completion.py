"""Tab completion in bash and zsh, where argcomplete is installed (``pip install emudesk[completion]``).

Turn it on once: ``eval "$(register-python-argcomplete emudesk)"`` in ``~/.bashrc``. argcomplete
runs the program with ``_ARGCOMPLETE`` set, so the module is imported only then: an ordinary
start pays nothing for it, and without argcomplete everything else works the same.
"""

from __future__ import annotations

import argparse
import os


def offer_completion(parser: argparse.ArgumentParser) -> None:
    """When the shell asks for completions, print them and exit (argcomplete's protocol)."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    try:
        import argcomplete
    except ImportError:
        return
    argcomplete.autocomplete(parser)
