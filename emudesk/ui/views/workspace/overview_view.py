"""Tổng quan: open campaigns, their next deadlines, quota use and the files waiting at each step."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain import backups as backup_rules
from emudesk.i18n import _
from emudesk.services.backups import schedule
from emudesk.services.campaigns import reminders
from emudesk.services.core.formats import day
from emudesk.services.workspace import overview as dashboard
from emudesk.services.workspace.overview import CampaignOverview, Deadline
from emudesk.ui.context import AppContext
from emudesk.ui.views.base import View
from emudesk.ui.views.workspace.overview_charts import ChartsPanel
from emudesk.ui.widgets.detail import title_label
from emudesk.ui.widgets.meters import QuotaMeters
from emudesk.ui.widgets.reminder_bar import due_text


def deadline_text(d: Deadline) -> str:
    if d.days_left == 0:
        left = _("today")
    elif d.days_left == 1:
        left = _("tomorrow")
    else:
        left = _("in {n} days").format(n=d.days_left)
    return f"{day(d.due_date)} ({left})"


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class CampaignCard(QGroupBox):
    """One open campaign: deadlines | quota meters | nominations per step."""

    def __init__(self, item: CampaignOverview, view: OverviewView) -> None:
        super().__init__(view)
        self.item = item
        self.setTitle(item.title)
        self.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox QLabel { font-weight: normal; }")
        header = QLabel(" · ".join(p for p in (item.plan_ref, item.issuing_body, item.period) if p), self)
        header.setWordWrap(True)
        header.setStyleSheet("color: #555;")

        deadlines = QVBoxLayout()
        caption = QLabel("<b>" + _("Next deadlines") + "</b>", self)
        deadlines.addWidget(caption)
        if item.next_deadline is None:
            deadlines.addWidget(QLabel(_("No deadline ahead."), self))
        else:
            nxt = item.next_deadline
            label = QLabel(
                f"<b>{deadline_text(nxt)}</b><br>{nxt.kind.label}: {nxt.title}"
                + (f"<br><i>{nxt.when_text}</i>" if nxt.when_text else ""),
                self,
            )
            label.setWordWrap(True)
            if nxt.days_left <= 14:
                label.setStyleSheet("color: #b3261e;")
            deadlines.addWidget(label)
            for d in item.deadlines:
                if d == nxt:
                    continue
                other = QLabel(f"{d.kind.label}: {deadline_text(d)}", self)
                other.setWordWrap(True)
                other.setToolTip(d.title)
                deadlines.addWidget(other)
        deadlines.addStretch(1)

        meters_box = QVBoxLayout()
        meters_box.addWidget(QLabel("<b>" + _("Quota use") + "</b>", self))
        self.meters = QuotaMeters(self)
        self.meters.set_usages(item.meters)
        meters_box.addWidget(self.meters)
        meters_box.addStretch(1)

        steps = QGridLayout()
        steps.addWidget(QLabel("<b>" + _("Nominations waiting") + "</b>", self), 0, 0, 1, 2)
        for row, status in enumerate(dashboard.WAITING, start=1):
            steps.addWidget(QLabel(status.label, self), row, 0)
            count = QLabel(str(item.counts.get(status, 0)), self)
            count.setAlignment(Qt.AlignmentFlag.AlignRight)
            steps.addWidget(count, row, 1)
        decided = sum(item.counts.values()) - item.waiting
        steps.addWidget(QLabel(_("Decided or closed"), self), len(dashboard.WAITING) + 1, 0)
        done = QLabel(str(decided), self)
        done.setAlignment(Qt.AlignmentFlag.AlignRight)
        steps.addWidget(done, len(dashboard.WAITING) + 1, 1)
        open_button = QPushButton(_("Open the nominations"), self)
        open_button.clicked.connect(lambda: view.navigate.emit("nominations", item.id))
        steps.addWidget(open_button, len(dashboard.WAITING) + 2, 0, 1, 2)
        steps.setRowStretch(len(dashboard.WAITING) + 3, 1)

        columns = QHBoxLayout()
        columns.addLayout(deadlines, 3)
        columns.addWidget(_vline(self))
        columns.addLayout(meters_box, 4)
        columns.addWidget(_vline(self))
        columns.addLayout(steps, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(columns)


def _vline(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


# The overview lists what falls due within this many days (the banner announces the nearest).
REMINDER_DAYS = 30


class RemindersBox(QGroupBox):
    """Milestones and deadlines due across the campaigns under way, overdue first, with days left."""

    def __init__(self, items: list[reminders.Reminder], parent: QWidget) -> None:
        super().__init__(_("Reminders: due within {days} days").format(days=REMINDER_DAYS), parent)
        self.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox QLabel { font-weight: normal; }")
        self.rows: list[QLabel] = []
        layout = QVBoxLayout(self)
        if not items:
            layout.addWidget(QLabel(_("Nothing is due."), self))
        for r in items:
            text = (
                f"<b>{due_text(r)}</b> — {html.escape(r.kind.label)}: {html.escape(r.title)}"
                f" <span style='color:#555'>({html.escape(r.campaign_title)})</span>"
            )
            label = QLabel(text, self)
            label.setWordWrap(True)
            if r.recurring:
                label.setToolTip(_("Every year"))
            if r.days_left <= 7:
                label.setStyleSheet("color: #b3261e;")
            layout.addWidget(label)
            self.rows.append(label)


class OverviewView(View):
    """Read-only; rebuilt whenever campaigns or nominations change."""

    watched = ("campaigns", "nominations", "individuals", "units", "households", "awards")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = title_label(self, 1.4)
        self.title.setText(_("Overview"))
        self.counts = QLabel(self)
        self.backup_warning = QLabel(self)
        self.backup_warning.setWordWrap(True)
        self.backup_warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addWidget(self.backup_warning)
        layout.addWidget(scroll, 1)
        self.cards: list[CampaignCard] = []
        self.refresh()

    def check_backups(self) -> None:
        """Warn when this file has had no good backup for more than a week (on this computer)."""
        path = self.ctx.store.path
        last = schedule.last_good_backup(path) if path is not None else None
        if path is None or not backup_rules.is_stale(last, datetime.now(UTC)):
            self.backup_warning.hide()
            return
        if last is None:
            text = _("This database has never been backed up on this computer.")
        else:
            text = _("The last backup of this database was made on {day}, more than 7 days ago.").format(
                day=last.astimezone().strftime("%d/%m/%Y")
            )
        hint = _(
            "Choose a folder for automatic backups in File ▸ Settings…, or use File ▸ Back up the database…."
        )
        self.backup_warning.setText(f"{text} {hint}")
        self.backup_warning.show()

    def refresh(self) -> None:
        self.check_backups()
        with self.ctx.store.read() as session:
            counts = dashboard.register_counts(session)
            today = date.today()
            items = dashboard.overview(session, today)
            due = reminders.reminders(session, today, REMINDER_DAYS)
        self.counts.setText(
            _(
                "Register: {units} units · {people} individuals · {households} households · {awards} awards"
            ).format(
                units=number(counts.units),
                people=number(counts.individuals),
                households=number(counts.households),
                awards=number(counts.awards),
            )
        )
        while self.body_layout.count():
            child = self.body_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.reminders = RemindersBox(due, self.body)
        self.body_layout.addWidget(self.reminders)
        self.cards = [CampaignCard(item, self) for item in items]
        for card in self.cards:
            self.body_layout.addWidget(card)
        if not self.cards:
            empty = QLabel(_("No campaign is under way. Open Campaigns to create one."), self.body)
            self.body_layout.addWidget(empty)
        self.charts = ChartsPanel(self.ctx.store, [(item.id, item.title) for item in items], self.body)
        self.body_layout.addWidget(self.charts)
        self.body_layout.addStretch(1)
