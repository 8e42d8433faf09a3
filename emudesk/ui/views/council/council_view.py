"""Hội đồng: the council and its members, its review sessions from agenda to signed minutes.

One place for a session: attendance and the quorum the service computes, the
agenda with recusal flags, per item the engine's verdict with its articles and
the paper-ballot tally judged against the dated threshold, the council's
outcome, closing, signing, the biên bản export, the projector and the decision
that follows. A session whose minutes are signed is read-only.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.rules import AgendaOutcome, SessionStatus
from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.core.formats import day
from emudesk.services.council import members, screens, sessions
from emudesk.services.council.members import CouncilRow
from emudesk.services.council.screens import ItemView, SessionView
from emudesk.services.council.sessions import SessionRow
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.operations import council_ops
from emudesk.ui.views.base import View
from emudesk.ui.views.common import action_button
from emudesk.ui.views.council.council_dialogs import (
    AbsenceDialog,
    AgendaDialog,
    CouncilDialog,
    DateDialog,
    MemberDialog,
    OutcomeDialog,
    SessionDialog,
    SessionTimesDialog,
    SignDialog,
    TallyDialog,
)
from emudesk.ui.views.nominations.eligibility_panel import EligibilityPanel
from emudesk.ui.widgets.detail import title_label
from emudesk.ui.widgets.fields import ERROR_COLOR
from emudesk.ui.widgets.flow_layout import FlowLayout
from emudesk.ui.widgets.record_table import RecordTable

_GREEN = "#2e7d32"
_AMBER = "#b26a00"


def _term(c: CouncilRow) -> str:
    if not c.term_start and not c.term_end:
        return ""
    return _("term {start} – {end}").format(start=day(c.term_start) or "…", end=day(c.term_end) or "…")


def _ballots(item: ItemView) -> str:
    """ "12/0/0 – passed": for, against, invalid, then the verdict against the threshold."""
    if item.votes is None:
        return ""
    counts = "/".join(str(n) for n in item.votes)
    if item.passed is None:
        return counts
    return f"{counts} – " + (_("passed") if item.passed else _("not passed"))


def _colored(text: str, color: str, *, bold: bool = False) -> str:
    body = f"<b>{escape(text)}</b>" if bold else escape(text)
    return f"<span style='color:{color}'>{body}</span>"


class ItemPanel(QWidget):
    """The selected agenda item: tally against the threshold, outcome, recusals, and the engine's verdict."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title_label(self, 1.05)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QHBoxLayout()
        self.eligibility = EligibilityPanel(ctx, self)  # the nominations view's panel, reused
        caption = QLabel("<b>" + escape(_("Eligibility by the rules in force")) + "</b>", self)
        # On a low screen (1366×768 at 125 %) the item's facts and the verdict do not both fit:
        # the panel scrolls rather than cut the facts short or lay them over the buttons.
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(self.buttons)
        layout.addWidget(caption)
        layout.addWidget(self.eligibility, 1)
        self.eligibility.setMinimumHeight(120)
        self.body_area = QScrollArea(self)
        self.body_area.setWidget(content)
        self.body_area.setWidgetResizable(True)
        self.body_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.body_area)
        self.show_item(None)

    def show_item(self, item: ItemView | None) -> None:
        if item is None:
            self.title.setText(_("No agenda item selected"))
            self.facts.setText("")
            self.eligibility.show_nomination(None)
            return
        self.title.setText(f"{item.position}. {item.subject_name} – {item.award_name}")
        lines = []
        if item.proposing_unit:
            lines.append(escape(_("Proposed by: {unit}").format(unit=item.proposing_unit)))
        tally = _("Ballots: {tally}").format(tally=item.tally_text)
        color = {True: _GREEN, False: ERROR_COLOR, None: "black"}[item.passed] if item.votes else "black"
        lines.append(_colored(tally, color))
        outcome = item.outcome.label
        if item.outcome_award_name:
            outcome += f": {item.outcome_award_name}"
        if item.outcome_note:
            outcome += f" ({item.outcome_note})"
        lines.append("<b>" + escape(_("Outcome: {text}").format(text=outcome)) + "</b>")
        if item.recused:
            flagged = _("Members flagged for recusal: {names}").format(names=", ".join(item.recused))
            lines.append(_colored(flagged, _AMBER))
        self.facts.setText("<br>".join(lines))
        self._fit_facts()
        self.eligibility.show_nomination(item.nomination_id)

    def _fit_facts(self) -> None:
        # A wrapped label inside a scroll area gets no height for its width from its layout.
        self.facts.setMinimumHeight(0)  # a label's height for a width is never below its minimum
        width = self.body_area.viewport().width()
        if self.facts.text() and width > 50:
            self.facts.setMinimumHeight(self.facts.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_facts()

    def text(self) -> str:
        return "\n".join((self.title.text(), self.facts.text(), self.eligibility.outcome_text()))


class CouncilView(View):
    """Top: the council. Tab 1: its sessions, one at a time in full. Tab 2: its members and their terms."""

    watched = ("nominations", "awards", "campaigns", "catalogue", "units", "individuals")
    edits = "council.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.councils: list[CouncilRow] = []
        self.session_list: list[SessionRow] = []
        self.current: SessionView | None = None
        self.projector: QWidget | None = None
        # The agenda item and members selected before a refresh: reloading the session list resets
        # every table, and the clerk expects to stay on the item they just counted or decided.
        self._keep_item: int | None = None
        self._keep_members: list[int] = []

        self.council_combo = QComboBox(self)
        self.council_combo.setMinimumContentsLength(30)
        self.council_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.council_info = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Council:"), self))
        top.addWidget(self.council_combo, 2)
        top.addWidget(self.council_info, 1)
        top.addWidget(action_button(self, _("New council…"), self.new_council, needs="council.edit"))

        # --- sessions -----------------------------------------------------------------------------
        self.sessions_model = ListTableModel([_("Held on"), _("Council session"), _("Status")], self)
        self.sessions = RecordTable(
            self.sessions_model,
            self,
            settings=ctx.settings,
            layout_key="council_sessions",
            widths=(80, 170),
            sortable=False,
            multi=False,
        )
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.sessions, 1)
        left_layout.addWidget(action_button(self, _("Open a session…"), self.new_record, needs=self.edits))

        self.session_title = title_label(self, 1.15)
        self.session_info = QLabel(self)
        self.session_info.setWordWrap(True)
        self.session_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quorum = QLabel(self)
        self.quorum.setWordWrap(True)
        self.quorum.setTextFormat(Qt.TextFormat.RichText)
        self.add_button = action_button(
            self, _("Add to the agenda…"), self.add_to_agenda, needs="council.edit"
        )
        self.close_button = action_button(
            self, _("Close the session"), self.close_session, needs="council.edit"
        )
        self.times_button = action_button(self, _("Session times…"), self.edit_times, needs="council.edit")
        self.sign_button = action_button(
            self, _("Sign the minutes…"), self.sign_minutes, needs="council.edit"
        )
        self.decision_button = action_button(
            self, _("Draft the decision…"), self.draft_decision, needs="decisions.edit"
        )
        self.export_button = action_button(self, _("Export the minutes…"), self.export_minutes)
        self.projector_button = action_button(self, _("Show on the projector"), self.open_projector)
        actions = FlowLayout()  # seven buttons: two lines on a narrow window, none cut short
        for button in (
            self.add_button,
            self.close_button,
            self.times_button,
            self.sign_button,
            self.decision_button,
            self.export_button,
            self.projector_button,
        ):
            actions.addWidget(button)

        self.agenda_model = ListTableModel(
            ["#", _("Nominee"), _("Award form"), _("Ballot count"), _("Council's outcome")],
            self,
            numeric=(0,),
        )
        self.agenda = RecordTable(
            self.agenda_model,
            self,
            settings=ctx.settings,
            layout_key="council_agenda",
            widths=(28, 170, 140, 100),
            sortable=False,
            multi=False,
        )
        self.item_panel = ItemPanel(ctx, self)
        self.tally_button = action_button(
            self, _("Enter the ballots…"), self.enter_tally, needs="council.edit"
        )
        self.decide_button = action_button(self, _("Decide…"), self.decide_item, needs="council.edit")
        self.item_panel.buttons.addWidget(self.tally_button)
        self.item_panel.buttons.addWidget(self.decide_button)
        self.item_panel.buttons.addStretch(1)
        agenda_split = QSplitter(Qt.Orientation.Horizontal, self)
        agenda_split.addWidget(self.agenda)
        agenda_split.addWidget(self.item_panel)
        agenda_split.setStretchFactor(0, 3)
        agenda_split.setStretchFactor(1, 2)
        agenda_split.setSizes([540, 380])
        self.remember_splitter("council_agenda", agenda_split)

        self.attendance_model = ListTableModel(
            [
                _("Council member"),
                _("Post held"),
                _("Role on the council"),
                _("Attendance at the session"),
                _("Written opinion"),
            ],
            self,
        )
        self.attendance = RecordTable(
            self.attendance_model,
            self,
            settings=ctx.settings,
            layout_key="council_attendance",
            widths=(170, 260, 160, 190),
            sortable=False,
        )
        self.present_button = action_button(
            self, _("Present at the session"), self.mark_present, needs="council.edit"
        )
        self.absent_button = action_button(self, _("Absent…"), self.mark_absent, needs="council.edit")
        attendance_page = QWidget(self)
        attendance_buttons = QHBoxLayout()
        attendance_buttons.addWidget(QLabel(_("Mark the selected members:"), self))
        attendance_buttons.addWidget(self.present_button)
        attendance_buttons.addWidget(self.absent_button)
        attendance_buttons.addStretch(1)
        attendance_layout = QVBoxLayout(attendance_page)
        attendance_layout.setContentsMargins(0, 0, 0, 0)
        attendance_layout.addLayout(attendance_buttons)
        attendance_layout.addWidget(self.attendance, 1)

        self.session_tabs = QTabWidget(self)
        self.session_tabs.addTab(agenda_split, _("Agenda of the session"))
        self.session_tabs.addTab(attendance_page, _("Attendance at the session"))
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.session_title)
        right_layout.addWidget(self.session_info)
        right_layout.addWidget(self.quorum)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.session_tabs, 1)
        sessions_split = QSplitter(Qt.Orientation.Horizontal, self)
        sessions_split.addWidget(left)
        sessions_split.addWidget(right)
        sessions_split.setStretchFactor(1, 1)
        sessions_split.setSizes([190, 960])
        self.remember_splitter("council_sessions", sessions_split)

        # --- members ------------------------------------------------------------------------------
        self.members_model = ListTableModel(
            [
                "#",
                _("Council member"),
                _("Role on the council"),
                _("Post held"),
                _("Voting member"),
                _("Member from"),
                _("Member until"),
            ],
            self,
            numeric=(0,),
        )
        self.members = RecordTable(
            self.members_model,
            self,
            settings=ctx.settings,
            layout_key="council_members",
            widths=(30, 190, 160, 360, 80, 130, 130),
            sortable=False,
            multi=False,
        )
        members_page = QWidget(self)
        member_buttons = QHBoxLayout()
        self.members_info = QLabel(self)
        self.members_info.setWordWrap(True)
        member_buttons.addWidget(self.members_info, 1)
        member_buttons.addWidget(
            action_button(self, _("Add a member…"), self.add_member, needs="council.edit")
        )
        self.end_button = action_button(self, _("End membership…"), self.end_member, needs="council.edit")
        member_buttons.addWidget(self.end_button)
        members_layout = QVBoxLayout(members_page)
        members_layout.addLayout(member_buttons)
        members_layout.addWidget(self.members, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(sessions_split, _("Council sessions"))
        self.tabs.addTab(members_page, _("Members and terms"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.council_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.sessions.current_changed.connect(lambda _id: self.show_session())
        self.agenda.current_changed.connect(lambda _id: self._show_item())
        # A role that may not decide opens no form (Decide… is greyed out for it).
        self.agenda.open_requested.connect(
            lambda _id: self.ctx.permissions.may("council.edit") and self.decide_item()
        )
        self.attendance.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.members.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.refresh()

    # --- data -------------------------------------------------------------------------------------
    def council_id(self) -> int | None:
        value = self.council_combo.currentData()
        return int(value) if value is not None else None

    def council_row(self) -> CouncilRow | None:
        cid = self.council_id()
        return next((c for c in self.councils if c.id == cid), None)

    def session_id(self) -> int | None:
        return self.sessions.current_id()

    def refresh(self) -> None:
        with self.ctx.store.read() as session:
            self.councils = members.councils(session)
        current = self.council_id()
        blocked = self.council_combo.blockSignals(True)
        self.council_combo.clear()
        for c in self.councils:
            self.council_combo.addItem(c.name, c.id)
        self.council_combo.setCurrentIndex(max(self.council_combo.findData(current), 0))
        self.council_combo.blockSignals(blocked)
        row = self.council_row()
        self.council_info.setText(_term(row) if row else _("No council yet: add one to hold sessions."))
        self._fill_members(row)
        keep = self.session_id()
        self._keep_item = self.agenda.current_id() or self._keep_item
        self._keep_members = self.attendance.selected_ids() or self._keep_members
        with self.ctx.store.read() as session:
            self.session_list = sessions.session_rows(session, row.id) if row else []
        self.sessions_model.set_rows(
            [(day(s.held_on), s.title, s.status.label) for s in self.session_list],
            [s.id for s in self.session_list],
        )
        if keep is not None and any(s.id == keep for s in self.session_list):
            self.sessions.select_ids([keep])
        elif self.session_list:
            self.sessions.selectRow(0)
        else:
            self.show_session()

    def _fill_members(self, row: CouncilRow | None) -> None:
        keep = self.members.current_id()
        members = row.members if row else ()
        today = date.today()
        self.members_model.set_rows(
            [
                (
                    m.position,
                    m.full_name,
                    m.role.label,
                    m.office,
                    "✓" if m.voting else "",
                    day(m.start_date),
                    day(m.end_date),
                )
                for m in members
            ],
            [m.id for m in members],
        )
        if keep is not None:
            self.members.select_ids([keep])
        if row is None:
            self.members_info.setText("")
            return
        serving = [m for m in members if m.serving_on(today)]
        parts = [
            _("{n} members serving today, {voting} of them voting.").format(
                n=len(serving), voting=sum(1 for m in serving if m.voting)
            )
        ]
        if row.established_by:
            parts.append(_("Established by {document}.").format(document=row.established_by))
        if row.unit_name:
            parts.append(row.unit_name)
        self.members_info.setText(" ".join(parts))

    def show_session(self) -> None:
        """Read the selected session again and show it, keeping the selected agenda item."""
        sid = self.session_id()
        keep_item = self.agenda.current_id() or self._keep_item
        keep_members = self.attendance.selected_ids() or self._keep_members
        if sid is None:
            self.current = None
            self.session_title.setText(_("No session selected") if self.council_row() else "")
            for label in (self.session_info, self.quorum):
                label.setText("")
            self.agenda_model.set_rows([])
            self.attendance_model.set_rows([])
            self._show_item()
            self._update_buttons()
            return
        with self.ctx.store.read() as session:
            v = screens.view(session, sid)
            people = sessions.attendance_rows(session, sid)
        self.current = v
        self.session_title.setText(v.title)
        info = [day(v.held_on)]
        times = self._session_row()
        if times is not None:
            info.append(
                _("opened {opened}, closed {closed}").format(
                    opened=f"{times.opened_at:%H:%M}" if times.opened_at else "--:--",
                    closed=f"{times.closed_at:%H:%M}" if times.closed_at else "--:--",
                )
            )
        if v.place:
            info.append(v.place)
        if v.chair_name:
            info.append(_("Chaired by {name}").format(name=v.chair_name))
        if v.secretary_name:
            info.append(_("Minutes kept by {name}").format(name=v.secretary_name))
        info.append(v.status.label)
        if v.signed_on:
            info.append(_("minutes {number} of {day}").format(number=v.minutes_number, day=day(v.signed_on)))
        self.session_info.setText(" · ".join(info))
        self.quorum.setText(self._quorum_text(v))
        self.agenda_model.set_rows(
            [
                (
                    i.position,
                    i.subject_name,
                    i.award_name,
                    _ballots(i),
                    i.outcome.label,
                )
                for i in v.items
            ],
            [i.id for i in v.items],
        )
        self.attendance_model.set_rows(
            [
                (
                    p.full_name,
                    p.office,
                    p.role.label + ("" if p.voting else " – " + _("does not vote")),
                    _("Present at the session")
                    if p.present
                    else (
                        _("Absent, with a written opinion")
                        if p.written_opinion
                        else _("Absent from the session")
                    ),
                    p.written_opinion,
                )
                for p in people
            ],
            [p.member_id for p in people],
        )
        self._keep_item, self._keep_members = None, []
        if keep_item is not None and any(i.id == keep_item for i in v.items):
            self.agenda.select_ids([keep_item])
        elif v.items:
            self.agenda.selectRow(0)
        if keep_members:
            self.attendance.select_ids(keep_members)
        self._show_item()
        self._update_buttons()

    def _quorum_text(self, v: SessionView) -> str:
        att = v.attendance
        text = v.quorum_text or (
            att.quorum.text + (f" — {att.quorum.citation}" if att.quorum.citation else "")
        )
        color = {True: _GREEN, False: ERROR_COLOR, None: _AMBER}[att.quorum_met]
        mark = {True: "✓", False: "✗", None: "?"}[att.quorum_met]
        line = _colored(f"{mark} " + _("Quorum: {text}").format(text=text), color)
        if v.status is SessionStatus.SIGNED:
            line += "<br>" + _colored(_("The minutes are signed: this session is read-only."), "gray")
        return line

    def current_item(self) -> ItemView | None:
        iid = self.agenda.current_id()
        if self.current is None or iid is None:
            return None
        return next((i for i in self.current.items if i.id == iid), None)

    def _show_item(self) -> None:
        self.item_panel.show_item(self.current_item())
        self._update_buttons()

    def _update_buttons(self) -> None:
        status = self.current.status if self.current else None
        is_open = status is SessionStatus.OPEN
        item = self.current_item()
        pending = item is not None and item.outcome is AgendaOutcome.PENDING
        self.add_button.defaultAction().setEnabled(is_open)
        self.close_button.defaultAction().setEnabled(is_open)
        self.sign_button.defaultAction().setEnabled(status in (SessionStatus.OPEN, SessionStatus.CLOSED))
        self.times_button.defaultAction().setEnabled(status in (SessionStatus.OPEN, SessionStatus.CLOSED))
        self.decision_button.defaultAction().setEnabled(
            status in (SessionStatus.CLOSED, SessionStatus.SIGNED)
        )
        self.export_button.defaultAction().setEnabled(status is not None)
        self.projector_button.defaultAction().setEnabled(status is not None)
        self.tally_button.defaultAction().setEnabled(is_open and pending)
        self.decide_button.defaultAction().setEnabled(is_open and pending)
        chosen = bool(self.attendance.selected_ids())
        self.present_button.defaultAction().setEnabled(is_open and chosen)
        self.absent_button.defaultAction().setEnabled(is_open and chosen)
        self.end_button.defaultAction().setEnabled(self.members.current_id() is not None)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        self.refresh()

    # --- council and members ----------------------------------------------------------------------
    def new_council(self) -> bool:
        dialog = CouncilDialog(self.ctx, self)
        if dialog.exec() and dialog.saved_id is not None:
            self.refresh()
            self.council_combo.setCurrentIndex(max(self.council_combo.findData(dialog.saved_id), 0))
        return True

    def add_member(self) -> bool:
        row = self.council_row()
        if row is None:
            dialogs.info(self, _("Add the council first."))
            return True
        MemberDialog(self.ctx, self, row.id, row.term_start).exec()
        return True

    def end_member(self) -> bool:
        mid = self.members.current_id()
        row = self.council_row()
        member = next((m for m in row.members if m.id == mid), None) if row else None
        if member is None:
            return False
        dialog = DateDialog(
            self.ctx,
            self,
            _("End membership"),
            _("Last day on the council"),
            _("{name} leaves the council. Sessions already held keep their attendance.").format(
                name=member.full_name
            ),
            date.today(),
        )
        if dialog.exec():
            council_ops.end_member(self.ctx, self, member.id, member.full_name, dialog.value())
        return True

    # --- sessions ---------------------------------------------------------------------------------
    def new_record(self) -> bool:
        """Ctrl+N: open a session of the council shown."""
        row = self.council_row()
        if row is None:
            dialogs.info(self, _("Add the council first."))
            return True
        dialog = SessionDialog(self.ctx, self, row.id)
        if dialog.exec() and dialog.saved_id is not None:
            self.tabs.setCurrentIndex(0)
            self.refresh()
            self.sessions.select_ids([dialog.saved_id])
        return True

    def _session_row(self) -> SessionRow | None:
        sid = self.session_id()
        return next((s for s in self.session_list if s.id == sid), None)

    def add_to_agenda(self) -> bool:
        row = self._session_row()
        if row is None:
            return False
        AgendaDialog(self.ctx, self, row.id, row.campaign_id).exec()
        self.session_tabs.setCurrentIndex(0)
        return True

    def mark_present(self) -> bool:
        sid, ids = self.session_id(), self.attendance.selected_ids()
        if sid is None or not ids:
            return False
        council_ops.set_attendance(self.ctx, self, sid, ids, present=True)
        return True

    def mark_absent(self) -> bool:
        sid, ids = self.session_id(), self.attendance.selected_ids()
        if sid is None or not ids:
            return False
        names = [str(self.attendance_model.row_values(r)[0]) for r in self.attendance.selected_rows()]
        AbsenceDialog(self.ctx, self, sid, list(zip(ids, names, strict=True))).exec()
        return True

    def enter_tally(self) -> bool:
        item = self.current_item()
        if item is None or self.current is None:
            return False
        TallyDialog(self.ctx, self, item, self.current.attendance).exec()
        return True

    def decide_item(self) -> bool:
        item = self.current_item()
        if item is None or self.current is None or self.current.status is not SessionStatus.OPEN:
            return False
        OutcomeDialog(self.ctx, self, item, self.item_panel.eligibility.outcome_text()).exec()
        return True

    def edit_current(self) -> bool:
        """F2: the outcome of the selected item."""
        return self.decide_item()

    def close_session(self) -> bool:
        sid = self.session_id()
        if sid is None or self.current is None:
            return False
        if dialogs.ask(
            self,
            _("Close the session “{title}”? No item can be added, counted or decided afterwards.").format(
                title=self.current.title
            ),
        ):
            council_ops.close_session(self.ctx, self, sid)
        return True

    def edit_times(self) -> bool:
        """The opening and closing times the biên bản prints, as the secretary noted them."""
        row = self._session_row()
        if row is None:
            return False
        SessionTimesDialog(self.ctx, self, row.id, row.held_on, row.opened_at, row.closed_at).exec()
        return True

    def sign_minutes(self) -> bool:
        if self.current is None:
            return False
        SignDialog(self.ctx, self, self.current.id, self.current.held_on).exec()
        return True

    def draft_decision(self) -> bool:
        from emudesk.ui.views.decisions.decision_dialogs import DecisionDraftDialog

        if self.current is None:
            return False
        dialog = DecisionDraftDialog(self.ctx, self, session_id=self.current.id)
        if dialog.exec() and dialog.saved_id is not None:
            self.navigate.emit("awards", ("decision", dialog.saved_id))
        return True

    def export_minutes(self) -> bool:
        """The Biên bản from the office's template, in Word or PDF (as File ▸ Xuất and the CLI print it)."""
        from emudesk.services.exports.paperwork import PaperKind
        from emudesk.ui.paper_dialog import open_paper_dialog

        row = self._session_row()
        if row is None:
            return False
        choices = {"session_id": row.id}
        if row.campaign_id is not None:
            choices["campaign_id"] = row.campaign_id  # the dialog lists that campaign's sessions
        open_paper_dialog(self, self.ctx.store, PaperKind.MINUTES, **choices)
        return True

    def open_projector(self) -> bool:
        from emudesk.ui.views.council.projector_view import ProjectorView

        sid = self.session_id()
        if sid is None:
            return False
        if self.projector is not None:
            self.projector.close()
        # A window of its own (the secretary drags it to the projector's screen, F11: full screen),
        # parented to this view so it closes with the database.
        projector = ProjectorView(self.ctx.store, sid, self)
        projector.setWindowFlag(Qt.WindowType.Window)
        projector.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        projector.destroyed.connect(lambda *_a: setattr(self, "projector", None))
        projector.resize(1280, 800)
        projector.show()
        projector.setFocus()
        self.projector = projector
        return True

    # --- View -------------------------------------------------------------------------------------
    def open_item(self, item: object) -> None:
        if isinstance(item, int):
            for c in self.councils:
                with self.ctx.store.read() as session:
                    if any(s.id == item for s in sessions.session_rows(session, c.id)):
                        self.council_combo.setCurrentIndex(max(self.council_combo.findData(c.id), 0))
                        break
            self.tabs.setCurrentIndex(0)
            self.sessions.select_ids([item])

    def prepare_screenshot(self) -> None:
        # The newest session with the most items shows the most: the demo's signed session.
        if self.session_list:
            best = max(self.session_list, key=lambda s: (s.items, s.held_on))
            self.sessions.select_ids([best.id])
        self.tabs.setCurrentIndex(0)
        self.session_tabs.setCurrentIndex(0)
        if self.current is not None and self.current.items:
            self.agenda.select_ids([self.current.items[0].id])
        self.agenda.setFocus()

    def session_text(self) -> str:
        """What the session's header shows, as plain text (for tests)."""
        return "\n".join((self.session_title.text(), self.session_info.text(), self.quorum.text()))
