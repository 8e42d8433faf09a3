"""The banner a window shows when a file opens with deadlines near: non-blocking, dismissed with ×.

It names what is due within ``WINDOW_DAYS`` (overdue first), offers the overview, and stays closed
for that file once dismissed until the window opens a file again.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from emudesk.i18n import _
from emudesk.services.campaigns.reminders import Reminder

# Deadlines this close are announced when a file opens (a file takes about two weeks to gather).
WINDOW_DAYS = 14


def due_text(r: Reminder) -> str:
    if r.days_left < 0:
        left = _("{n} days overdue").format(n=-r.days_left)
    elif r.days_left == 0:
        left = _("today")
    elif r.days_left == 1:
        left = _("tomorrow")
    else:
        left = _("in {n} days").format(n=r.days_left)
    return f"{r.due_date:%d/%m/%Y} ({left})"


class ReminderBar(QFrame):
    """ "2 deadlines within 14 days: 09/12/2026 (in 3 days) Hạn nộp hồ sơ …" [Overview] [×]."""

    open_overview = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#reminderBar { background: #e8f0fe; border-bottom: 1px solid #a8c7fa; }")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.overview_button = QPushButton(_("Open the overview"), self)
        self.overview_button.clicked.connect(self.open_overview.emit)
        self.close_button = QPushButton("×", self)
        self.close_button.setFlat(True)
        self.close_button.setToolTip(_("Dismiss"))
        self.close_button.setAccessibleName(_("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self.message, 1)
        row.addWidget(self.overview_button)
        row.addWidget(self.close_button)
        self.setAccessibleName(_("Reminders"))
        self.hide()

    def show_reminders(self, items: list[Reminder]) -> None:
        """Show what is due (or overdue) within ``WINDOW_DAYS``; hide when nothing is."""
        near = [r for r in items if r.days_left <= WINDOW_DAYS]
        if not near:
            self.hide()
            return
        head = _("{n} deadlines within {days} days:").format(n=len(near), days=WINDOW_DAYS)
        lines = [
            f"<b>{due_text(r)}</b> {html.escape(r.kind.label)}: {html.escape(r.title)}"
            f" — <i>{html.escape(r.campaign_title)}</i>"
            for r in near[:3]
        ]
        if len(near) > 3:
            lines.append(_("and {n} more.").format(n=len(near) - 3))
        self.message.setText(f"{head}<br>" + "<br>".join(lines))
        self.show()
