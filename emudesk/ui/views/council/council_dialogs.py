"""Forms of the Hội đồng view: a council, a member, a session, absence, the agenda, the tally, the outcome,
the signed minutes. Each validates as you type and saves through ``operations.council_ops``."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.domain.errors import EmudeskError
from emudesk.domain.rules import AgendaOutcome, CouncilRole
from emudesk.i18n import _
from emudesk.services.core.formats import day
from emudesk.services.council.members import CouncilInput, MemberInput
from emudesk.services.council.screens import ItemView
from emudesk.services.council.sessions import Attendance, Candidate, SessionInput, agenda_candidates
from emudesk.services.council.tallies import ballot_cap, preview_tally
from emudesk.ui.context import AppContext
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.operations import council_ops
from emudesk.ui.views.choices import award_form_choices, campaign_choices, subject_search, unit_choices
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.fields import ERROR_COLOR, DateField, IntField
from emudesk.ui.widgets.pickers import EnumCombo, SubjectPicker, UnitPicker, set_combo_value
from emudesk.ui.widgets.record_table import RecordTable

_PASSED_COLOR = "#2e7d32"


def _text_box(height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMaximumHeight(height)
    return box


def _date_problems(found: dict[str, str], **fields: tuple[DateField, bool]) -> None:
    """A wrong date, or a required one left empty, is said next to its field."""
    for name, (field, needed) in fields.items():
        if wrong := field.problem():
            found[name] = wrong
        elif needed and field.date_value() is None:
            found[name] = _("Required")


class CouncilDialog(RecordDialog):
    """A council (Hội đồng Thi đua - Khen thưởng) and its term."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(ctx, parent, _("New council"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Hội đồng Thi đua - Khen thưởng tỉnh Hưng Yên"))
        self.unit = UnitPicker(unit_choices(ctx), none_text=_("(none)"), include_dissolved=False)
        self.unit.set_unit_id(None)
        self.term_start = DateField()
        self.term_end = DateField()
        self.established_by = QLineEdit()
        self.established_by.setPlaceholderText(_("e.g. Quyết định số 1520/QĐ-UBND ngày 15/7/2025"))
        self.note = _text_box()
        r = self.rows
        r.add("name", _("Name"), self.name, required=True)
        r.add("unit_id", _("Agency"), self.unit)
        r.add("term_start", _("Term from"), self.term_start)
        r.add("term_end", _("Term until"), self.term_end)
        r.add("established_by", _("Established by"), self.established_by)
        r.add("note", _("Note"), self.note)
        self.watch(self.name, self.unit, self.term_start, self.term_end, self.established_by, self.note)
        self.resize(560, 380)
        self.mark_clean()

    def collect(self) -> CouncilInput:
        return CouncilInput(
            name=self.name.text().strip(),
            unit_id=self.unit.unit_id(),
            term_start=self.term_start.date_value(),
            term_end=self.term_end.date_value(),
            established_by=self.established_by.text().strip(),
            note=self.note.toPlainText().strip() or None,
        )

    def snapshot(self) -> Any:
        return (self.collect(), self.term_start.text(), self.term_end.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.name.text().strip():
            found["name"] = _("Required")
        _date_problems(found, term_start=(self.term_start, False), term_end=(self.term_end, False))
        start, end = self.term_start.date_value(), self.term_end.date_value()
        if start and end and end < start and "term_end" not in found:
            found["term_end"] = _("Before the start date")
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        council_ops.create_council(self.ctx, self, self.collect(), on_saved=on_saved, on_failure=on_failure)


class MemberDialog(RecordDialog):
    """A member with their post; their unit and their own record let the app flag recusals."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, council_id: int, term_start: date | None
    ) -> None:
        super().__init__(ctx, parent, _("Add a council member"))
        self.council_id = council_id
        self.full_name = QLineEdit()
        self.role = EnumCombo()
        self.role.set_members(list(CouncilRole))
        set_combo_value(self.role, CouncilRole.MEMBER)
        self.office = QLineEdit()
        self.office.setPlaceholderText(_("e.g. Giám đốc Sở Nội vụ"))
        self.unit = UnitPicker(unit_choices(ctx), none_text=_("(none)"), include_dissolved=False)
        self.unit.set_unit_id(None)
        self.person = SubjectPicker(subject_search(ctx), kind=SubjectKind.INDIVIDUAL)
        self.voting = QCheckBox(_("Votes on awards"))
        self.voting.setChecked(True)
        self.start_date = DateField()
        self.start_date.set_date(term_start)
        self.end_date = DateField()
        r = self.rows
        r.add("full_name", _("Full name"), self.full_name, required=True)
        r.add("role", _("Role on the council"), self.role)
        r.add("office", _("Post held"), self.office)
        r.add("unit_id", _("Own unit (for recusal)"), self.unit)
        r.add("individual_id", _("In the register as"), self.person)
        r.add("voting", "", self.voting)
        r.add("start_date", _("Member from"), self.start_date)
        r.add("end_date", _("Member until"), self.end_date)
        self.role.currentIndexChanged.connect(self._on_role)
        self.watch(
            self.full_name, self.role, self.office, self.unit, self.voting, self.start_date, self.end_date
        )
        self.person.subject_changed.connect(self.changed)
        self.resize(560, 420)
        self.mark_clean()

    def _on_role(self) -> None:
        # The secretary keeps the minutes and, by default, does not vote.
        self.voting.setChecked(self.role.currentData() is not CouncilRole.SECRETARY)

    def collect(self) -> MemberInput:
        return MemberInput(
            full_name=self.full_name.text().strip(),
            role=self.role.currentData(),
            office=self.office.text().strip(),
            individual_id=self.person.subject_id(),
            unit_id=self.unit.unit_id(),
            voting=self.voting.isChecked(),
            start_date=self.start_date.date_value(),
            end_date=self.end_date.date_value(),
        )

    def snapshot(self) -> Any:
        return (self.collect(), self.person.text(), self.start_date.text(), self.end_date.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.full_name.text().strip():
            found["full_name"] = _("Required")
        if self.person.text().strip() and self.person.subject_id() is None:
            found["individual_id"] = _("Choose the person from the list, or leave it empty.")
        _date_problems(found, start_date=(self.start_date, False), end_date=(self.end_date, False))
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        council_ops.add_member(
            self.ctx, self, self.council_id, self.collect(), on_saved=on_saved, on_failure=on_failure
        )


class DateDialog(RecordDialog):
    """One required date (a member's last day)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, title: str, label: str, intro: str, initial: date
    ) -> None:
        super().__init__(ctx, parent, title)
        self.save_button.setText(_("OK"))
        text = QLabel(intro)
        text.setWordWrap(True)
        self.form.addRow(text)
        self.day = DateField()
        self.day.set_date(initial)
        self.rows.add("day", label, self.day, required=True)
        self.watch(self.day)
        self.resize(440, 200)
        self.mark_clean()

    def snapshot(self) -> Any:
        return self.day.text()

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        _date_problems(found, day=(self.day, True))
        return found

    def value(self) -> date:
        chosen = self.day.date_value()
        assert chosen is not None
        return chosen

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        on_saved(0)  # the caller runs the operation with ``value()``


class SessionDialog(RecordDialog):
    """Open a session: every member serving that day is listed as present until told otherwise."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, council_id: int) -> None:
        super().__init__(ctx, parent, _("Open a council session"))
        self.council_id = council_id
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("e.g. Phiên họp xét khen thưởng tổng kết năm 2025"))
        self.held_on = DateField()
        self.held_on.set_date(date.today())
        self.place = QLineEdit()
        self.campaign = QComboBox()
        self.campaign.addItem(_("(none)"), None)
        for c in campaign_choices(ctx):
            self.campaign.addItem(f"{c.label} – {c.status.label.lower()}", c.id)
        self.chair = QLineEdit()
        self.chair.setPlaceholderText(_("the chair on the members' list"))
        self.secretary = QLineEdit()
        self.secretary.setPlaceholderText(_("the secretary on the members' list"))
        r = self.rows
        r.add("title", _("Title"), self.title, required=True)
        r.add("held_on", _("Held on"), self.held_on, required=True)
        r.add("place", _("Place of the session"), self.place)
        r.add("campaign_id", _("Campaign"), self.campaign)
        r.add("chair_name", _("Chaired by"), self.chair)
        r.add("secretary_name", _("Minutes kept by"), self.secretary)
        self.watch(self.title, self.held_on, self.place, self.campaign, self.chair, self.secretary)
        self.resize(600, 360)
        self.mark_clean()

    def collect(self) -> SessionInput:
        held = self.held_on.date_value() or date.today()
        return SessionInput(
            title=self.title.text().strip(),
            held_on=held,
            place=self.place.text().strip(),
            campaign_id=self.campaign.currentData(),
            chair_name=self.chair.text().strip(),
            secretary_name=self.secretary.text().strip(),
        )

    def snapshot(self) -> Any:
        return (self.collect(), self.held_on.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.title.text().strip():
            found["title"] = _("Required")
        _date_problems(found, held_on=(self.held_on, True))
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        council_ops.open_session(
            self.ctx, self, self.council_id, self.collect(), on_saved=on_saved, on_failure=on_failure
        )


class AbsenceDialog(RecordDialog):
    """Members absent from the session, with the written opinion they sent (it goes into the minutes)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, session_id: int, members: list[tuple[int, str]]
    ) -> None:
        super().__init__(ctx, parent, _("Absent members"))
        self.session_id = session_id
        self.member_ids = [m for m, _name in members]
        intro = QLabel(_("Absent: {names}").format(names=", ".join(name for _m, name in members)))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.opinion = _text_box(100)
        self.opinion.setPlaceholderText(_("Leave empty if the member sent no written opinion."))
        self.received_on = DateField()
        self.rows.add("written_opinion", _("Written opinion"), self.opinion)
        self.rows.add("received_on", _("Opinion received on"), self.received_on)
        self.watch(self.opinion, self.received_on)
        self.resize(520, 300)
        self.mark_clean()

    def snapshot(self) -> Any:
        return (self.opinion.toPlainText(), self.received_on.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        _date_problems(found, received_on=(self.received_on, False))
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        opinion = self.opinion.toPlainText().strip() or None
        council_ops.set_attendance(
            self.ctx,
            self,
            self.session_id,
            self.member_ids,
            present=False,
            written_opinion=opinion,
            received_on=self.received_on.date_value() if opinion else None,
            on_done=lambda _r: on_saved(self.session_id),
            on_failure=on_failure,
        )


class AgendaDialog(RecordDialog):
    """Pick nominations of a campaign for the agenda; submitted ones are appraised on the way."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, session_id: int, campaign_id: int | None
    ) -> None:
        super().__init__(ctx, parent, _("Add nominations to the agenda"))
        self.save_button.setText(_("Add to the agenda"))
        self.session_id = session_id
        self.candidates: list[Candidate] = []
        self.campaign = QComboBox()
        for c in campaign_choices(ctx):
            self.campaign.addItem(f"{c.label} – {c.status.label.lower()}", c.id)
        self.campaign.setCurrentIndex(max(self.campaign.findData(campaign_id), 0))
        self.model = ListTableModel(
            ["#", _("Nominee"), _("Kind"), _("Award form"), _("Proposing unit"), _("Status")],
            self,
            numeric=(0,),
        )
        self.table = RecordTable(self.model, self, widths=(45, 220, 70, 230, 200), sortable=False)
        self.table.setMinimumHeight(380)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rows.add("campaign_id", _("Campaign"), self.campaign)
        self.rows.add("nominations", _("Nominations"), self.table, required=True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.buttons), self.summary)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.changed())
        self.campaign.currentIndexChanged.connect(lambda _i: self._load())
        self._load()
        self.resize(900, 560)
        self.mark_clean()

    def _load(self) -> None:
        cid = self.campaign.currentData()
        with self.ctx.store.read() as session:
            self.candidates = agenda_candidates(session, self.session_id, cid) if cid else []
        self.model.set_rows(
            [
                (
                    c.nomination_id,
                    c.subject_name,
                    c.subject_kind.label,
                    c.award_name,
                    c.proposing_unit,
                    c.status.label,
                )
                for c in self.candidates
            ],
            [c.nomination_id for c in self.candidates],
        )
        self.table.selectAll()
        self.changed()

    def selected(self) -> list[int]:
        return self.table.selected_ids()

    def submitted(self) -> list[int]:
        wanted = set(self.selected())
        return [
            c.nomination_id
            for c in self.candidates
            if c.nomination_id in wanted and c.status is NominationStatus.SUBMITTED
        ]

    def snapshot(self) -> Any:
        return tuple(self.selected())

    def problems(self) -> dict[str, str]:
        ids, submitted = self.selected(), self.submitted()
        text = _("{n} selected.").format(n=len(ids))
        if submitted:
            text += " " + _("{n} of them are submitted and will be marked appraised first.").format(
                n=len(submitted)
            )
        self.summary.setText(text)
        if not self.candidates:
            return {
                "nominations": _(
                    "The campaign has no submitted or appraised nomination left for this agenda."
                )
            }
        return {} if ids else {"nominations": _("Select the nominations to add.")}

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        council_ops.add_to_agenda(
            self.ctx,
            self,
            self.session_id,
            self.selected(),
            appraise_first=self.submitted(),
            on_done=lambda items: on_saved(items[0] if items else 0),
            on_failure=on_failure,
        )


class TallyDialog(RecordDialog):
    """The paper-ballot count of one item; the service judges it against the dated threshold as you type."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, item: ItemView, attendance: Attendance
    ) -> None:
        super().__init__(ctx, parent, _("Enter the ballots"))
        self.item = item
        with ctx.store.read() as session:
            # Recused members cast no ballot on this item: the cap is the item's, not the session's.
            self.cap = ballot_cap(session, item.id)
        intro = QLabel(
            _(
                "{subject} – {award}. The share is counted over all {members} voting members of the council; "
                "this item can have {cap}."
            ).format(
                subject=item.subject_name,
                award=item.award_name,
                members=attendance.members,
                cap=self.cap.text,
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.votes_for = IntField()
        self.votes_against = IntField()
        self.votes_invalid = IntField()
        for field in (self.votes_for, self.votes_against, self.votes_invalid):
            field.set_int(0)
        if item.votes is not None:
            self.votes_for.set_int(item.votes[0])
            self.votes_against.set_int(item.votes[1])
            self.votes_invalid.set_int(item.votes[2])
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.rows.add("votes_for", _("For (đồng ý)"), self.votes_for, required=True)
        self.rows.add("votes_against", _("Against (không đồng ý)"), self.votes_against)
        self.rows.add("votes_invalid", _("Invalid (không hợp lệ)"), self.votes_invalid)
        # The service's verdict gets the dialog's full width, above the buttons.
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.buttons), self.verdict)
        self.watch(self.votes_for, self.votes_against, self.votes_invalid)
        self.resize(560, 340)
        self.mark_clean()
        self.votes_for.setFocus()
        self.votes_for.selectAll()

    def votes(self) -> tuple[int, int, int]:
        return (
            self.votes_for.int_value() or 0,
            self.votes_against.int_value() or 0,
            self.votes_invalid.int_value() or 0,
        )

    def snapshot(self) -> Any:
        return (self.votes_for.text(), self.votes_against.text(), self.votes_invalid.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, field in (
            ("votes_for", self.votes_for),
            ("votes_against", self.votes_against),
            ("votes_invalid", self.votes_invalid),
        ):
            if field.problem() or field.int_value() is None:
                found[name] = _("Write a whole number.")
        if found:
            self.verdict.setText("")
            return found
        try:
            with self.ctx.store.read() as session:
                result = preview_tally(session, self.item.id, *self.votes())
        except EmudeskError as exc:  # the service's own refusal, e.g. more ballots than members
            self.verdict.setText("")
            return {"votes_for": exc.message}
        if result.passed is None:
            color, verdict = "black", ""
        else:
            color = _PASSED_COLOR if result.passed else ERROR_COLOR
            verdict = (_("passed") if result.passed else _("not passed")) + ": "
        cite = (
            f"<br><small style='color:gray'>{result.reason.citation}</small>"
            if result.reason.citation
            else ""
        )
        self.verdict.setText(f"<b style='color:{color}'>{verdict}</b>{result.reason.text}{cite}")
        return {}

    def verdict_text(self) -> str:
        return self.verdict.text()

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        council_ops.record_tally(
            self.ctx,
            self,
            self.item.id,
            self.votes(),
            on_done=lambda _r: on_saved(self.item.id),
            on_failure=on_failure,
        )


# The outcomes the council chooses from, in the order of the minutes' conclusions.
OUTCOMES = (
    AgendaOutcome.APPROVED,
    AgendaOutcome.APPROVED_OTHER_LEVEL,
    AgendaOutcome.DEFERRED,
    AgendaOutcome.RETURNED,
    AgendaOutcome.REJECTED,
)


class OutcomeDialog(RecordDialog):
    """The council's conclusion on one item; a refusal (failed vote, no quorum…) leaves the form open."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, item: ItemView, eligibility: str) -> None:
        super().__init__(ctx, parent, _("The council's outcome"))
        self.save_button.setText(_("Record the outcome"))
        self.item = item
        intro = QLabel(
            f"<b>{item.subject_name} – {item.award_name}</b><br>"
            + _("Ballots: {tally}").format(tally=item.tally_text)
            + (f"<br>{eligibility}" if eligibility else "")
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.outcome = EnumCombo()
        self.outcome.set_members(list(OUTCOMES))
        self.other_form = QComboBox()
        self.other_form.addItem(_("(choose the form)"), None)
        for f in award_form_choices(ctx):
            if f.active and f.code != item.award_code:
                self.other_form.addItem(f.name, f.code)
        self.note = _text_box(90)
        self.note.setPlaceholderText(
            _("The council's reasons; needed to approve what the rules find not eligible.")
        )
        self.rows.add("outcome", _("Council's outcome"), self.outcome, required=True)
        self.rows.add("award_code", _("Form approved instead"), self.other_form)
        self.rows.add("note", _("Council's note"), self.note)
        self.outcome.currentIndexChanged.connect(self._on_outcome)
        self.watch(self.outcome, self.other_form, self.note)
        self._on_outcome()
        self.resize(660, 400)
        self.mark_clean()

    def _on_outcome(self) -> None:
        self.other_form.setEnabled(self.outcome.currentData() is AgendaOutcome.APPROVED_OTHER_LEVEL)

    def snapshot(self) -> Any:
        return (self.outcome.currentData(), self.other_form.currentData(), self.note.toPlainText())

    def problems(self) -> dict[str, str]:
        if (
            self.outcome.currentData() is AgendaOutcome.APPROVED_OTHER_LEVEL
            and self.other_form.currentData() is None
        ):
            return {"award_code": _("Choose the form the council approves instead.")}
        return {}

    def choose(self, outcome: AgendaOutcome, note: str = "", award_code: str | None = None) -> None:
        """Fill the form (tests and keyboard macros)."""
        set_combo_value(self.outcome, outcome)
        if award_code is not None:
            self.other_form.setCurrentIndex(max(self.other_form.findData(award_code), 0))
        self.note.setPlainText(note)

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        outcome: AgendaOutcome = self.outcome.currentData()
        council_ops.decide(
            self.ctx,
            self,
            self.item.id,
            outcome,
            note=self.note.toPlainText().strip() or None,
            award_code=self.other_form.currentData()
            if outcome is AgendaOutcome.APPROVED_OTHER_LEVEL
            else None,
            on_done=lambda _r: on_saved(self.item.id),
            on_failure=on_failure,
        )


class SignDialog(RecordDialog):
    """The signed minutes (biên bản): number and date; the session becomes read-only."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, session_id: int, held_on: date) -> None:
        super().__init__(ctx, parent, _("Sign the minutes"))
        self.save_button.setText(_("Sign the minutes now"))
        self.session_id = session_id
        intro = QLabel(
            _("Once the minutes are signed, the session is read-only. Held on {day}.").format(
                day=day(held_on)
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("e.g. 01/BB-HĐTĐKT"))
        self.signed_on = DateField()
        self.signed_on.set_date(max(date.today(), held_on))
        self.rows.add("minutes_number", _("Minutes no."), self.number, required=True)
        self.rows.add("signed_on", _("Signed on"), self.signed_on, required=True)
        self.watch(self.number, self.signed_on)
        self.resize(480, 240)
        self.mark_clean()

    def snapshot(self) -> Any:
        return (self.number.text(), self.signed_on.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.number.text().strip():
            found["minutes_number"] = _("Required")
        _date_problems(found, signed_on=(self.signed_on, True))
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        signed = self.signed_on.date_value()
        assert signed is not None
        council_ops.sign_minutes(
            self.ctx,
            self,
            self.session_id,
            self.number.text().strip(),
            signed,
            on_done=lambda _r: on_saved(self.session_id),
            on_failure=on_failure,
        )


class _ClockField(QWidget):
    """A wall-clock time, or none ("not recorded") while its box is unticked."""

    def __init__(self, label: str, value: datetime | None) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.recorded = QCheckBox(label)
        self.edit = QTimeEdit()
        self.edit.setDisplayFormat("HH:mm")
        self.edit.setTime(QTime(value.hour, value.minute) if value else QTime(8, 0))
        self.recorded.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.recorded.toggled.connect(self.edit.setEnabled)
        row.addWidget(self.recorded)
        row.addWidget(self.edit, 1)

    def value(self) -> time | None:
        if not self.recorded.isChecked():
            return None
        t = self.edit.time()
        return time(t.hour(), t.minute())


class SessionTimesDialog(RecordDialog):
    """When the meeting opened and closed, as the biên bản prints them; the secretary corrects them."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        session_id: int,
        held_on: date,
        opened_at: datetime | None,
        closed_at: datetime | None,
    ) -> None:
        super().__init__(ctx, parent, _("Session times"))
        self.session_id = session_id
        self.held_on = held_on
        intro = QLabel(
            _("Held on {day}. Untick a time that was not recorded: the minutes leave it blank.").format(
                day=day(held_on)
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.opened = _ClockField(_("recorded"), opened_at)
        self.closed = _ClockField(_("recorded"), closed_at)
        self.rows.add("opened_at", _("Opened at"), self.opened)
        self.rows.add("closed_at", _("Closed at"), self.closed)
        self.watch(self.opened.recorded, self.closed.recorded)
        for field in (self.opened, self.closed):
            field.edit.timeChanged.connect(self.changed)
        self.resize(420, 220)
        self.mark_clean()

    def snapshot(self) -> Any:
        return (self.opened.value(), self.closed.value())

    def problems(self) -> dict[str, str]:
        opened, closed = self.opened.value(), self.closed.value()
        if opened is not None and closed is not None and closed < opened:
            return {"closed_at": _("The session cannot close before it opened.")}
        return {}

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        def moment(t: time | None) -> datetime | None:
            return datetime.combine(self.held_on, t) if t is not None else None  # the office's wall clock

        council_ops.set_session_times(
            self.ctx,
            self,
            self.session_id,
            moment(self.opened.value()),
            moment(self.closed.value()),
            on_done=lambda _r: on_saved(self.session_id),
            on_failure=on_failure,
        )
