"""The selected decision in the Khen thưởng view: what it is, its recipients with sổ vàng numbers and
cash, the decisions correcting or revoking it, and the clerk's actions (draft, issue, correct, revoke)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from emudesk.domain.enums import AwardStatus
from emudesk.domain.rules import DecisionKind
from emudesk.i18n import _
from emudesk.services.core.formats import day
from emudesk.services.decisions import cash as rewards
from emudesk.services.decisions import lists as decision_lists
from emudesk.services.decisions.lists import DecisionDetail
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.operations import decision_ops
from emudesk.ui.views.common import action_button, shows_nothing_if_gone
from emudesk.ui.views.decisions.decision_dialogs import (
    FIELD_LABELS,
    CorrectionDialog,
    DecisionDraftDialog,
    RecipientsDialog,
    RevocationDialog,
)
from emudesk.ui.widgets.detail import SmallTable, title_label


def state_label(issued: bool) -> str:
    return _("Decision issued") if issued else _("Draft decision")


class DecisionPanel(QWidget):
    """Actions on the decisions list, then the selected decision in full.

    Signals:
        created(int): a new decision (draft, correction, revocation) was saved: select it in the list.
    """

    created = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: DecisionDetail | None = None
        self.new_button = action_button(self, _("Draft a decision…"), self.draft_new, needs="decisions.edit")
        self.edit_button = action_button(self, _("Edit the draft…"), self.edit_draft, needs="decisions.edit")
        self.add_button = action_button(
            self, _("Add recipients…"), self.add_recipients, needs="decisions.edit"
        )
        self.issue_button = action_button(self, _("Issue…"), self.issue, needs="decisions.edit")
        self.correct_button = action_button(self, _("Correct…"), self.correct, needs="decisions.edit")
        self.revoke_button = action_button(self, _("Revoke or annul…"), self.revoke, needs="decisions.edit")
        self.export_button = action_button(self, _("Export the list…"), self.export)
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.add_button,
            self.issue_button,
            self.correct_button,
            self.revoke_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.title = title_label(self, 1.05)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipients = SmallTable(
            [_("Golden book no."), _("Recipient"), _("Kind"), _("Award"), _("Cash"), _("Status")],
            self,
            widths=(90, 220, 70, 260, 110),
            numeric=(0, 4),
        )
        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addWidget(self.recipients, 1)
        layout.addWidget(self.totals)
        self.show_decision(None)

    # --- showing ----------------------------------------------------------------------------------
    @shows_nothing_if_gone
    def show_decision(self, decision_id: int | None) -> None:
        if decision_id is None:
            self.detail = None
            self.title.setText(_("No decision selected"))
            self.info.setText("")
            self.recipients.set_rows([])
            self.totals.setText("")
            self._update_buttons()
            return
        with self.ctx.store.read() as session:
            d = decision_lists.detail(session, decision_id)
        self.detail = d
        r = d.row
        self.title.setText(
            f"{r.number} – {day(r.signed_on)} – {r.kind.label} ({state_label(r.issued).lower()})"
        )
        lines = [escape(" · ".join(x for x in (r.issuer, r.signer) if x))]
        if r.summary:
            lines.append(escape(r.summary))
        others = [c for c in d.chain if c.id != r.id]
        if others:
            chain = "; ".join(f"{c.kind.label}: {c.number} ({day(c.signed_on)})" for c in others)
            lines.append(escape(_("Related decisions: {list}").format(list=chain)))
        for c in d.changes:
            lines.append(
                escape(
                    _("Corrects {what}: “{old}” → “{new}”").format(
                        what=_(FIELD_LABELS.get(c.field, c.field)).lower(), old=c.old_value, new=c.new_value
                    )
                )
            )
        for a in d.affected:
            lines.append(
                escape(
                    _("{status}: {name} – {award}").format(
                        status=a.status.label, name=a.recipient_name, award=a.award_name
                    )
                )
            )
        if not r.issued:
            lines.append(
                "<i>"
                + escape(_("A draft: issuing it numbers the recipients in the sổ vàng and fixes the cash."))
                + "</i>"
            )
        self.info.setText("<br>".join(lines))
        cash = {line.award_record_id: line.amount for line in d.cash.lines} if d.cash else {}
        # A revocation has no list of its own: it shows the awards it took back.
        people = d.recipients or d.affected
        self.recipients.set_rows(
            [
                (
                    p.golden_book_no or "",
                    p.recipient_name,
                    p.subject_kind.label,
                    p.award_name,
                    rewards.money(
                        p.cash_amount if p.cash_amount is not None else cash.get(p.award_record_id)
                    ),
                    p.status.label + (f" ({p.status_decision})" if p.status_decision else ""),
                )
                for p in people
            ],
            [p.award_record_id for p in people],
        )
        self.totals.setText(self._totals(d))
        self._update_buttons()

    def _totals(self, d: DecisionDetail) -> str:
        if not d.recipients:
            return ""
        if d.cash is None:
            return escape(d.cash_problem)
        standing = sum(1 for p in d.recipients if p.status is AwardStatus.VALID)
        parts = [
            _("{n} recipients, {standing} standing").format(n=len(d.recipients), standing=standing),
            "<b>"
            + escape(_("Total: {total}").format(total=rewards.money(d.cash.total)))
            + "</b>"
            + f" ({escape(rewards.in_words(d.cash.total))})",
            _("base salary {amount} from {day}").format(
                amount=rewards.money(d.cash.base_salary.amount), day=day(d.cash.base_salary.effective_from)
            ),
        ]
        if d.cash.recovered:
            parts.append(_("To be recovered: {amount}").format(amount=rewards.money(d.cash.recovered)))
        if d.cash.without_amount:
            parts.append(_("{n} without a cash amount in the sources").format(n=d.cash.without_amount))
        return " · ".join(parts)

    def _update_buttons(self) -> None:
        d = self.detail
        draft = d is not None and not d.row.issued
        award = d is not None and d.row.issued and d.row.kind is DecisionKind.AWARD
        self.edit_button.defaultAction().setEnabled(draft)
        self.add_button.defaultAction().setEnabled(draft)
        self.issue_button.defaultAction().setEnabled(draft)
        self.correct_button.defaultAction().setEnabled(award)
        self.revoke_button.defaultAction().setEnabled(
            award and d is not None and any(p.status is AwardStatus.VALID for p in d.recipients)
        )
        self.export_button.defaultAction().setEnabled(d is not None and bool(d.recipients))

    def text(self) -> str:
        """Everything shown above the list, as plain text (tests)."""
        return "\n".join((self.title.text(), self.info.text(), self.totals.text()))

    # --- actions ----------------------------------------------------------------------------------
    def _saved(self, dialog: DecisionDraftDialog | CorrectionDialog | RevocationDialog) -> None:
        if dialog.exec() and dialog.saved_id is not None:
            self.created.emit(dialog.saved_id)

    def draft_new(self) -> None:
        self._saved(DecisionDraftDialog(self.ctx, self))

    def edit_draft(self) -> None:
        if self.detail is not None and not self.detail.row.issued:
            self._saved(DecisionDraftDialog(self.ctx, self, decision_id=self.detail.row.id))

    def add_recipients(self) -> None:
        if self.detail is not None and not self.detail.row.issued:
            RecipientsDialog(self.ctx, self, self.detail.row.id, self.detail.campaign_id).exec()

    def issue(self) -> None:
        d = self.detail
        if d is None or d.row.issued:
            return
        if dialogs.ask(
            self,
            _(
                "Issue decision {number} with {n} recipient(s)? They are numbered in the sổ vàng, the cash "
                "is fixed, and the decision can no longer be edited, only corrected or revoked by another."
            ).format(number=d.row.number, n=len(d.recipients)),
        ):
            decision_ops.issue(
                self.ctx, self, d.row.id, d.row.number, on_done=lambda _c: self.show_decision(d.row.id)
            )

    def correct(self) -> None:
        if self.detail is not None and self.detail.row.issued:
            self._saved(CorrectionDialog(self.ctx, self, self.detail))

    def revoke(self) -> None:
        if self.detail is not None and self.detail.row.issued:
            self._saved(RevocationDialog(self.ctx, self, self.detail))

    def export(self) -> None:
        from emudesk.ui.export_dialog import open_export_dialog

        if self.detail is not None:
            open_export_dialog(self, self.ctx.store, kind="decision", decision_id=self.detail.row.id)
