"""Forms for decisions: a draft (from a council session or approved nominations), more recipients,
a correction (đính chính) and a revocation or annulment (thu hồi, hủy bỏ) of an issued decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from emudesk.i18n import N_, _
from emudesk.services.core.formats import day
from emudesk.services.decisions import lists as decision_lists
from emudesk.services.decisions import signing
from emudesk.services.decisions.issuing import Correction, DecisionDraft, Recipient
from emudesk.services.decisions.lists import DecisionDetail
from emudesk.services.decisions.signing import SignerBlock, Signing, compose_title, split_title
from emudesk.ui.context import AppContext
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.operations import decision_ops
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.fields import DateField
from emudesk.ui.widgets.record_table import RecordTable

# What a correction may change on an award it refers to (services.decisions.CORRECTABLE).
FIELD_LABELS = {
    "recipient_name": N_("Recipient's name"),
    "award_name": N_("Award's name"),
    "golden_book_no": N_("Golden book no."),
}


class _DecisionForm(RecordDialog):
    """The fields every decision has: number, date, issuer, signer and what it is about (trích yếu).

    The issuer and signature block come from the authority of the award forms
    (``services.decisions.signing``); "Who signs" switches between the head and a deputy signing
    for the head, and every field stays editable.
    """

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        title: str,
        *,
        issuer: bool = True,
        submission: bool = False,
    ) -> None:
        super().__init__(ctx, parent, title)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("e.g. 150/QĐ-UBND"))
        self.signed_on = DateField()
        self.signed_on.set_date(date.today())
        self.issuer = QLineEdit()
        self.signed_as = QComboBox()
        self.signer_authority = QLineEdit()
        self.signer_authority.setPlaceholderText(_("e.g. TM. ỦY BAN NHÂN DÂN or KT. CHỦ TỊCH"))
        self.signer_title = QLineEdit()
        self.signer_name = QLineEdit()
        self.summary = QLineEdit()
        self._choices: tuple[SignerBlock, ...] = ()
        self._filled: tuple[str, ...] | None = None
        self._with_issuer = issuer
        r = self.rows
        r.add("number", _("Decision no."), self.number, required=True)
        r.add("signed_on", _("Signed on"), self.signed_on, required=True)
        if issuer:
            r.add("issuer", _("Issued by"), self.issuer)
        r.add("signed_as", _("Who signs"), self.signed_as)
        r.add("signer_authority", _("Signing authority"), self.signer_authority)
        r.add("signer_title", _("Signer's title"), self.signer_title)
        r.add("signer_name", _("Signer's name"), self.signer_name)
        r.add("summary", _("About (trích yếu)"), self.summary)
        # An award decision answers a tờ trình; its Căn cứ cites it (a correction's does not).
        self.submission_number = QLineEdit()
        self.submission_number.setPlaceholderText(_("e.g. 15/TTr-SNV"))
        self.submission_date = DateField()
        self.submission_by = QLineEdit()
        self.submission_by.setPlaceholderText(_("e.g. Giám đốc Sở Nội vụ (empty: the office)"))
        self._with_submission = submission
        if submission:
            r.add("submission_number", _("Submission no."), self.submission_number)
            r.add("submission_date", _("Submission date"), self.submission_date)
            r.add("submission_by", _("Submitted by"), self.submission_by)
            self.watch(self.submission_number, self.submission_date, self.submission_by)
        self.signed_as.activated.connect(self._choose)
        self.watch(
            self.number,
            self.signed_on,
            self.issuer,
            self.signer_authority,
            self.signer_title,
            self.signer_name,
            self.summary,
        )

    def _signer_fields(self) -> tuple[str, ...]:
        return (
            self.issuer.text(),
            self.signer_authority.text(),
            self.signer_title.text(),
            self.signer_name.text(),
        )

    def offer(self, found: Signing, *, fill: bool = True) -> None:
        """List the ways to sign; with ``fill``, put the default in the fields."""
        self._choices = found.choices
        self.signed_as.clear()
        for block in found.choices:
            self.signed_as.addItem(block.label)
        if found.other_forms:
            self.signed_as.setToolTip(
                _("Also in this decision, granted by another authority: {forms}").format(
                    forms=", ".join(found.other_forms)
                )
            )
        if fill and found.choices:
            self._fill(found.choices[0], issuer=self._with_issuer)

    def _fill(self, block: SignerBlock, *, issuer: bool) -> None:
        if issuer:
            self.issuer.setText(block.issuer)
        self.signer_authority.setText(block.authority)
        self.signer_title.setText(block.position)
        self.signer_name.setText(block.name)
        self._filled = self._signer_fields()

    def untouched(self) -> bool:
        """True while the signer fields still hold what was filled in automatically."""
        return self._filled is None or self._filled == self._signer_fields()

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self._choices):
            self._fill(self._choices[index], issuer=self._with_issuer and not self.issuer.text().strip())

    def _same_signer(self, original: DecisionDetail) -> None:
        """A correction or revocation comes from the authority that issued the original (Luật
        TĐKT Điều 93): its signer is offered first."""
        with self.ctx.store.read() as session:
            self.offer(signing.signing_for_decision(session, original.row.id), fill=False)
        self.show_signer(original.signer_title, original.signer_name)

    def show_signer(self, title: str, name: str) -> None:
        """A stored signer: "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH" back into its two lines."""
        authority, position = split_title(title)
        self.signer_authority.setText(authority)
        self.signer_title.setText(position)
        self.signer_name.setText(name)

    def draft(self) -> DecisionDraft:
        return DecisionDraft(
            number=self.number.text().strip(),
            signed_on=self.signed_on.date_value() or date.today(),
            issuer=self.issuer.text().strip(),
            signer_title=compose_title(self.signer_authority.text(), self.signer_title.text()),
            signer_name=self.signer_name.text().strip(),
            summary=self.summary.text().strip(),
            submission_number=self.submission_number.text().strip() if self._with_submission else "",
            submission_date=self.submission_date.date_value() if self._with_submission else None,
            submission_by=self.submission_by.text().strip() if self._with_submission else "",
        )

    def fields_snapshot(self) -> Any:
        return (self.draft(), self.signed_on.text())

    def snapshot(self) -> Any:
        return self.fields_snapshot()

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.number.text().strip():
            found["number"] = _("A decision needs its number.")
        if wrong := self.signed_on.problem():
            found["signed_on"] = wrong
        elif self.signed_on.date_value() is None:
            found["signed_on"] = _("Required")
        elif (self.signed_on.date_value() or date.today()) > date.today():
            found["signed_on"] = _("The decision date is in the future.")
        if self._with_submission:
            if wrong := self.submission_date.problem():
                found["submission_date"] = wrong
            elif (
                (when := self.submission_date.date_value())
                and (signed := self.signed_on.date_value())
                and when > signed
            ):
                found["submission_date"] = _("The submission is dated after the decision ({day}).").format(
                    day=day(signed)
                )
            if (self.submission_date.date_value() or self.submission_by.text().strip()) and not (
                self.submission_number.text().strip()
            ):
                found["submission_number"] = _("A submission's date or sender needs its number.")
        return found


def awaiting_table(parent: QWidget, rows: list[decision_lists.Awaiting]) -> RecordTable:
    model = ListTableModel(
        ["#", _("Nominee"), _("Award form"), _("Proposing unit"), _("Council session")], parent, numeric=(0,)
    )
    model.set_rows(
        [
            (
                a.nomination_id,
                a.subject_name,
                a.award_name,
                a.proposing_unit,
                f"{day(a.held_on)} {a.session_title}",
            )
            for a in rows
        ],
        [a.nomination_id for a in rows],
    )
    table = RecordTable(model, parent, widths=(45, 200, 220, 180), sortable=False)
    table.setMinimumHeight(180)
    table.selectAll()
    return table


class DecisionDraftDialog(_DecisionForm):
    """A draft decision: everything a closed session approved, chosen approved nominations, or an edit."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        *,
        session_id: int | None = None,
        decision_id: int | None = None,
        campaign_id: int | None = None,
    ) -> None:
        super().__init__(
            ctx,
            parent,
            _("Edit the draft decision") if decision_id is not None else _("Draft a decision"),
            submission=True,
        )
        self.session_id = session_id
        self.decision_id = decision_id
        self.table: RecordTable | None = None
        if decision_id is not None:
            with ctx.store.read() as session:
                d = decision_lists.detail(session, decision_id)
                self.offer(signing.signing_for_decision(session, decision_id), fill=False)
            self.number.setText(d.row.number)
            self.signed_on.set_date(d.row.signed_on)
            self.issuer.setText(d.row.issuer)
            self.show_signer(d.signer_title, d.signer_name)
            self.summary.setText(d.row.summary)
            self.submission_number.setText(d.row.submission_number or "")
            self.submission_date.set_date(d.row.submission_date)
            self.submission_by.setText(d.row.submission_by or "")
            self._campaign = d.campaign_id
        elif session_id is not None:
            intro = QLabel(_("Every nomination the session approved becomes a recipient of this draft."))
            intro.setWordWrap(True)
            self.form.insertRow(0, intro)
            with ctx.store.read() as session:
                self.offer(signing.signing_for_session(session, session_id))
        else:
            with ctx.store.read() as session:
                self.waiting = decision_lists.awaiting(session, campaign_id)
            self.table = awaiting_table(self, self.waiting)
            self.rows.add("nominations", _("Approved nominations"), self.table, required=True)
            self.table.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
            self._signing_for(self.table.selected_ids())
        self.resize(760 if self.table is not None else 560, 560 if self.table is not None else 360)
        self.mark_clean()

    def _signing_for(self, nomination_ids: list[int]) -> None:
        with self.ctx.store.read() as session:
            self.offer(signing.signing_for_nominations(session, nomination_ids), fill=self.untouched())

    def _chosen(self) -> None:
        """Other nominations chosen: the issuer follows their forms unless the user typed one."""
        assert self.table is not None
        if self.table.selected_ids():
            self._signing_for(self.table.selected_ids())
        self.changed()

    def snapshot(self) -> Any:
        chosen = tuple(self.table.selected_ids()) if self.table is not None else ()
        return (self.fields_snapshot(), chosen)

    def problems(self) -> dict[str, str]:
        found = super().problems()
        if self.table is not None and not self.table.selected_ids():
            found["nominations"] = (
                _("Select the approved nominations the decision grants.")
                if self.table.model().rowCount()
                else _("No nomination approved by the council waits for a decision.")
            )
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        data = self.draft()
        if self.decision_id is not None:
            data.campaign_id = self._campaign
            decision_ops.update_draft(
                self.ctx, self, self.decision_id, data, on_saved=on_saved, on_failure=on_failure
            )
        elif self.session_id is not None:
            decision_ops.draft_from_session(
                self.ctx, self, self.session_id, data, on_saved=on_saved, on_failure=on_failure
            )
        else:
            assert self.table is not None
            chosen = set(self.table.selected_ids())
            campaigns = {a.campaign_id for a in self.waiting if a.nomination_id in chosen}
            # One campaign's recipients: the decision belongs to it (exports find it there).
            data.campaign_id = campaigns.pop() if len(campaigns) == 1 else None
            decision_ops.draft_from_nominations(
                self.ctx, self, self.table.selected_ids(), data, on_saved=on_saved, on_failure=on_failure
            )


class RecipientsDialog(RecordDialog):
    """More recipients for a draft: nominations the council approved that wait for a decision."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, decision_id: int, campaign_id: int | None
    ) -> None:
        super().__init__(ctx, parent, _("Add recipients to the draft"))
        self.save_button.setText(_("Add the recipients"))
        self.decision_id = decision_id
        with ctx.store.read() as session:
            waiting = decision_lists.awaiting(session, campaign_id)
        self.table = awaiting_table(self, waiting)
        self.rows.add("nominations", _("Approved nominations"), self.table, required=True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.changed())
        self.resize(760, 420)
        self.mark_clean()

    def snapshot(self) -> Any:
        return tuple(self.table.selected_ids())

    def problems(self) -> dict[str, str]:
        if self.table.selected_ids():
            return {}
        if not self.table.model().rowCount():
            return {"nominations": _("No nomination approved by the council waits for a decision.")}
        return {"nominations": _("Select the approved nominations the decision grants.")}

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        decision_ops.add_recipients(
            self.ctx,
            self,
            self.decision_id,
            self.table.selected_ids(),
            on_done=lambda _r: on_saved(self.decision_id),
            on_failure=on_failure,
        )


def _recipient_label(r: Recipient) -> str:
    book = _("no. {n}").format(n=r.golden_book_no) + " – " if r.golden_book_no else ""
    return f"{book}{r.recipient_name} – {r.award_name}"


class CorrectionDialog(_DecisionForm):
    """A correcting decision (đính chính): its own number and date, and the values it corrects."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, original: DecisionDetail) -> None:
        super().__init__(
            ctx, parent, _("Correct decision {number}").format(number=original.row.number), issuer=False
        )
        self.original = original
        self._same_signer(original)
        self.summary.setText(
            _("Correction of decision {number} of {day}").format(
                number=original.row.number, day=day(original.row.signed_on)
            )
        )
        self.recipient = QComboBox()
        for r in original.recipients:
            self.recipient.addItem(_recipient_label(r), r.award_record_id)
        self.field = QComboBox()
        for key, label in FIELD_LABELS.items():
            self.field.addItem(_(label), key)
        self.value = QLineEdit()
        add = QPushButton(_("Add this change"))
        add.clicked.connect(self.add_change)
        picker = QWidget()
        row = QHBoxLayout(picker)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.recipient, 3)
        row.addWidget(self.field, 1)
        row.addWidget(self.value, 2)
        row.addWidget(add)
        self.changes: list[Correction] = []
        self.changes_model = ListTableModel([_("Award"), _("What"), _("Now reads"), _("Will read")], self)
        self.changes_table = RecordTable(self.changes_model, self, widths=(240, 120, 160), sortable=False)
        self.changes_table.setMinimumHeight(110)
        self.rows.add("change", _("Value to correct"), picker)
        self.rows.add("changes", _("Corrected values"), self.changes_table, required=True)
        self.recipient.currentIndexChanged.connect(lambda _i: self._prefill())
        self.field.currentIndexChanged.connect(lambda _i: self._prefill())
        self._prefill()
        self.resize(860, 560)
        self.mark_clean()

    def _current(self, award_record_id: int, field: str) -> str:
        r = next(r for r in self.original.recipients if r.award_record_id == award_record_id)
        return str(getattr(r, field) or "")

    def _prefill(self) -> None:
        rid = self.recipient.currentData()
        self.value.setText(self._current(rid, self.field.currentData()) if rid is not None else "")

    def add_change(self) -> None:
        rid, field, new = self.recipient.currentData(), self.field.currentData(), self.value.text().strip()
        if rid is None or not new:
            return
        self.changes = [c for c in self.changes if (c.award_record_id, c.field) != (rid, field)]
        self.changes.append(Correction(int(rid), field, new))
        labels = {r.award_record_id: _recipient_label(r) for r in self.original.recipients}
        self.changes_model.set_rows(
            [
                (
                    labels[c.award_record_id],
                    _(FIELD_LABELS[c.field]),
                    self._current(c.award_record_id, c.field),
                    c.new_value,
                )
                for c in self.changes
            ]
        )
        self.changed()

    def snapshot(self) -> Any:
        return (self.fields_snapshot(), tuple(self.changes))

    def problems(self) -> dict[str, str]:
        found = super().problems()
        if not self.changes:
            found["changes"] = _("A correction must change at least one value.")
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        decision_ops.correct(
            self.ctx,
            self,
            self.original.row.id,
            self.draft(),
            self.changes,
            on_saved=on_saved,
            on_failure=on_failure,
        )


class RevocationDialog(_DecisionForm):
    """A decision revoking (thu hồi) or annulling (hủy bỏ) awards of an issued one (Luật TĐKT Điều 93)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, original: DecisionDetail) -> None:
        super().__init__(
            ctx,
            parent,
            _("Revoke or annul awards of decision {number}").format(number=original.row.number),
            issuer=False,
        )
        self.original = original
        self._same_signer(original)
        self.revoke = QRadioButton(_("Revoke (thu hồi)"))
        self.annul = QRadioButton(_("Annul (hủy bỏ)"))
        self.revoke.setChecked(True)
        kind = QWidget()
        row = QHBoxLayout(kind)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.revoke)
        row.addWidget(self.annul)
        row.addStretch(1)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(80)
        standing = [r for r in original.recipients if r.status.value == "valid"]
        self.model = ListTableModel([_("Golden book no."), _("Recipient"), _("Award")], self)
        self.model.set_rows(
            [(r.golden_book_no or "", r.recipient_name, r.award_name) for r in standing],
            [r.award_record_id for r in standing],
        )
        self.table = RecordTable(self.model, self, widths=(90, 220), sortable=False)
        self.table.setMinimumHeight(140)
        self.rows.add("kind", _("What the decision does"), kind)
        self.rows.add("reason", _("Reason"), self.reason, required=True)
        self.rows.add("awards", _("Awards concerned"), self.table, required=True)
        self.summary.setText(
            _("Revocation of awards granted by decision {number} of {day}").format(
                number=original.row.number, day=day(original.row.signed_on)
            )
        )
        self.watch(self.revoke, self.reason)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.changed())
        self.resize(760, 600)
        self.mark_clean()

    def snapshot(self) -> Any:
        return (
            self.fields_snapshot(),
            self.annul.isChecked(),
            self.reason.toPlainText(),
            tuple(self.table.selected_ids()),
        )

    def problems(self) -> dict[str, str]:
        found = super().problems()
        if not self.reason.toPlainText().strip():
            found["reason"] = _("Give the reason for the revocation.")
        if not self.table.selected_ids():
            found["awards"] = (
                _("Select the awards concerned.")
                if self.model.rowCount()
                else _("Nothing left to revoke in decision {number}.").format(number=self.original.row.number)
            )
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        decision_ops.revoke(
            self.ctx,
            self,
            self.original.row.id,
            self.draft(),
            reason=self.reason.toPlainText().strip(),
            award_record_ids=self.table.selected_ids(),
            annul=self.annul.isChecked(),
            on_saved=on_saved,
            on_failure=on_failure,
        )
