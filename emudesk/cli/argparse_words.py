"""argparse's own words ("usage:", "options", "error:") through emudesk's catalogue.

argparse asks ``gettext`` for them, which finds no compiled catalogue (emudesk reads its ``.po``
sources directly, see ``emudesk.i18n``); pointing argparse's ``_`` and ``ngettext`` at emudesk's
makes them follow ``--lang`` like every other message.
"""

from __future__ import annotations

import argparse

from emudesk.i18n import N_, _

# The messages of argparse (Python 3.11 to 3.13) a user may see, named here so that the catalogue
# check (``scripts/i18n.py``) asks for their translations and keeps them.
MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("expected %s argument"),  # and "… arguments": argparse's ngettext, see _ngettext
)


def _ngettext(singular: str, plural: str, n: int) -> str:
    # Vietnamese has one form, so the catalogue keeps the singular's; English picks by number.
    translated = _(singular)
    if translated != singular:
        return translated
    return singular if n == 1 else plural


def translate_argparse() -> None:
    """From now on argparse words its help and errors in the language of ``emudesk.i18n``."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
