"""The main window's views, named once so the GUI and the CLI agree on them.

Qt-free on purpose: ``emudesk screenshot --help`` lists these names without
starting Qt.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a title for translation (a local marker: this module imports nothing from emudesk)."""
    return message


@dataclass(frozen=True)
class ViewInfo:
    key: str
    title: str  # an N_() marked msgid; translate with _() when shown


VIEWS: tuple[ViewInfo, ...] = (
    ViewInfo("overview", N_("Overview")),
    ViewInfo("units", N_("Units")),
    ViewInfo("individuals", N_("Individuals")),
    ViewInfo("households", N_("Households")),
    ViewInfo("campaigns", N_("Campaigns")),
    ViewInfo("achievements", N_("Achievements")),
    ViewInfo("nominations", N_("Nominations")),
    ViewInfo("council", N_("Council")),
    ViewInfo("awards", N_("Awards")),
    ViewInfo("catalogue", N_("Catalogue")),
    ViewInfo("audit", N_("Audit log")),
    ViewInfo("exchange", N_("Data exchange")),
)

VIEW_KEYS: tuple[str, ...] = tuple(v.key for v in VIEWS)
