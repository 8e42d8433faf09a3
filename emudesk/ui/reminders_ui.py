"""File ▸ Export calendar…: the deadlines of the campaigns under way as an .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _
from emudesk.services.campaigns import reminders
from emudesk.services.core.outputs import check_output
from emudesk.services.core.store import Store
from emudesk.ui import dialogs
from emudesk.ui.errors import show_error


def export_calendar(window: Any, store: Store, chosen: str | None = None) -> Path | None:
    """Ask where (unless ``chosen``), then write every reminder ahead; a few rows, written at once."""
    if chosen is None:
        chosen, _filter = dialogs.save_path(
            window,
            _("Export calendar"),
            "Nhắc việc thi đua khen thưởng",
            _("Calendar (*.ics)"),
            suffix=".ics",
        )
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".ics":
        target = target.with_name(target.name + ".ics")
    if not dialogs.may_replace(window, chosen, target):
        return None
    try:
        # The save dialog has asked about an existing file; the database itself is never one.
        check_output(target, database=store.path, force=True)
        with store.read() as session:
            items = reminders.reminders(session, date.today())
        reminders.write_calendar(items, target, datetime.now(UTC))
    except EmudeskError as exc:
        show_error(window, exc)
        return None
    window.show_status(_("{n} deadlines written to {path}.").format(n=len(items), path=target))
    return target
