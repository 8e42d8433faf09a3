"""File ▸ Export: one entry per kind of document, opening the export dialog on it, then one per
paper from a Word template (decision, submission, achievement report, minutes).

A view that knows what is selected (a campaign, a proposing unit, a decision) may define
``export_context() -> dict`` with any of ``campaign_id``, ``unit_id``, ``status``,
``decision_id``, ``session_id``; the dialog then opens with those chosen.
"""

from __future__ import annotations

from typing import Any

from emudesk.i18n import _
from emudesk.services.exports.documents import KINDS, DocumentKind
from emudesk.services.exports.paperwork import PAPERS, PaperKind
from emudesk.ui.menu_entry import MenuEntry


def _opener(kind: DocumentKind) -> Any:
    def run(window: Any) -> None:
        from emudesk.ui.export_dialog import open_export_dialog

        view = window.current_view() if hasattr(window, "current_view") else None
        context = getattr(view, "export_context", None)
        choices = dict(context() or {}) if callable(context) else {}
        open_export_dialog(window, window.store, kind=kind, **choices)

    return run


def _paper_opener(kind: PaperKind) -> Any:
    def run(window: Any) -> None:
        from emudesk.ui.paper_dialog import open_paper_dialog

        view = window.current_view() if hasattr(window, "current_view") else None
        context = getattr(view, "export_context", None)
        choices = dict(context() or {}) if callable(context) else {}
        open_paper_dialog(window, window.store, kind, **choices)

    return run


def menu_entries() -> list[MenuEntry]:
    lists = [
        MenuEntry("export", info.label + "…", _opener(info.kind), order=10 + order)
        for order, info in enumerate(KINDS.values())
    ]
    papers = [
        MenuEntry(
            "export", _("{paper} (Word, PDF)…").format(paper=_(label)), _paper_opener(kind), order=50 + order
        )
        for order, (kind, (_template, label)) in enumerate(PAPERS.items())
    ]
    return lists + papers
