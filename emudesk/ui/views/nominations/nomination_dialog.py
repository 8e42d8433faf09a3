"""Forms of the nomination workflow: a nomination, the approving decision, the council vote, a note."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import SubjectKind
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import all_settings
from emudesk.services.nominations import workflow as nomination_workflow
from emudesk.services.nominations.workflow import DecisionInput, NominationInput
from emudesk.services.register import choices
from emudesk.services.workspace import form_checks
from emudesk.ui.context import AppContext
from emudesk.ui.operations import workflow
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.views.choices import subject_search, unit_choices
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.fields import DateField, FormRows, IntField, error_banner
from emudesk.ui.widgets.pickers import EnumCombo, SubjectPicker, UnitPicker, fill_enum, set_combo_value


class NominationDialog(RecordDialog):
    """A draft nomination (đề nghị) in a campaign; the plan's offered forms only."""

    needs = "nominations.edit"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, campaign_id: int, nomination_id: int | None = None
    ) -> None:
        super().__init__(ctx, parent, _("New nomination") if nomination_id is None else _("Edit nomination"))
        self.campaign_id = campaign_id
        self.nomination_id = nomination_id
        with ctx.store.read() as session:
            self.offered = choices.offered_forms(session, campaign_id)
            self.phases = choices.phases(session, campaign_id)
            default_year = choices.nomination_year(session, campaign_id, date.today())
        self.kind = EnumCombo()
        fill_enum(self.kind, list(SubjectKind))
        set_combo_value(self.kind, SubjectKind.INDIVIDUAL)
        self.subject = SubjectPicker(subject_search(ctx))
        self.form_combo = QComboBox()
        self.proposer = UnitPicker(unit_choices(ctx), none_text=_("(none)"), include_dissolved=False)
        self.phase = QComboBox()
        self.phase.addItem(_("(whole campaign)"), None)
        for pid, name in self.phases:
            self.phase.addItem(name, pid)
        self.year = IntField()
        self.year.set_int(default_year)
        self.filed_on = DateField()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(90)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        r = self.rows
        r.add("kind", _("Nominee is"), self.kind)
        r.add("subject", _("Nominee"), self.subject, required=True)
        r.alias("achievement_id", "subject")
        r.alias("initiative_id", "subject")
        r.add("award_form_id", _("Award form"), self.form_combo, required=True)
        r.add("proposing_unit_id", _("Proposing unit"), self.proposer)
        if self.phases:
            r.add("phase_id", _("Phase"), self.phase)
        r.add("year", _("For the year"), self.year)
        r.add("filed_on", _("Received on"), self.filed_on)
        r.add("summary", _("Summary of achievements"), self.summary)
        r.add("note", _("Note"), self.note)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self._fill_forms()
        self.watch(self.kind, self.form_combo, self.proposer, self.phase, self.year, self.filed_on)
        self.watch(self.summary, self.note)
        self.subject.subject_changed.connect(self.changed)
        if nomination_id is not None:
            with ctx.store.read() as session:
                data = nomination_workflow.nomination_input(session, nomination_id)
                label = choices.subject_name(session, data.subject)
            set_combo_value(self.kind, data.subject.kind)
            self.subject.set_kind(data.subject.kind)
            self.subject.set_subject(data.subject.id, label)
            self._fill_forms()
            self.form_combo.setCurrentIndex(max(self.form_combo.findData(data.award_form_id), 0))
            self.proposer.set_unit_id(data.proposing_unit_id)
            self.phase.setCurrentIndex(max(self.phase.findData(data.phase_id), 0))
            self.year.set_int(data.year)
            self.filed_on.set_date(data.filed_on)
            self.summary.setPlainText(data.summary)
            self.note.setPlainText(data.note or "")
            self._keep = (data.achievement_id, data.initiative_id)
        else:
            self.proposer.set_unit_id(None)
            self._keep = (None, None)
        self.resize(640, 560)
        self.mark_clean()
        self.subject.setFocus()

    def _on_kind(self) -> None:
        self.subject.set_kind(self.kind.currentData())
        self._fill_forms()

    def _fill_forms(self) -> None:
        kind: SubjectKind = self.kind.currentData()
        current = self.form_combo.currentData()
        self.form_combo.blockSignals(True)
        self.form_combo.clear()
        for f in self.offered:
            if f.allows(kind):
                self.form_combo.addItem(f.name, f.award_form_id)
        self.form_combo.setCurrentIndex(max(self.form_combo.findData(current), 0))
        self.form_combo.blockSignals(False)

    def collect(self) -> NominationInput | None:
        sid = self.subject.subject_id()
        form = self.form_combo.currentData()
        if sid is None or form is None:
            return None
        return NominationInput(
            subject=SubjectRef(self.kind.currentData(), sid),
            campaign_id=self.campaign_id,
            award_form_id=int(form),
            proposing_unit_id=self.proposer.unit_id(),
            phase_id=self.phase.currentData(),
            year=self.year.int_value(),
            filed_on=self.filed_on.date_value(),
            summary=self.summary.toPlainText().strip(),
            note=self.note.toPlainText().strip() or None,
            achievement_id=self._keep[0],
            initiative_id=self._keep[1],
        )

    def snapshot(self) -> Any:
        return (self.collect(), self.subject.text(), self.year.text(), self.filed_on.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.subject.subject_id() is None:
            found["subject"] = _("Choose the nominee from the list.")
        if self.form_combo.currentData() is None:
            found["award_form_id"] = _("The campaign offers no award form for this kind of nominee.")
        for name, field in (("year", self.year), ("filed_on", self.filed_on)):
            if wrong := field.problem():
                found[name] = wrong
        data = self.collect()
        if found or data is None:
            return found
        with self.ctx.store.read() as session:
            return form_checks.nomination_problems(session, data, current_id=self.nomination_id)

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        data = self.collect()
        assert data is not None
        workflow.save_nomination(
            self.ctx, self, self.nomination_id, data, on_saved=on_saved, on_failure=on_failure
        )


class _SmallForm(QDialog):
    """A short modal form with OK/Cancel and an error line per field."""

    def __init__(self, parent: QWidget | None, title: str, intro: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.banner = error_banner(self)
        self.form = QFormLayout()
        self.rows = FormRows(self.form, self.banner)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        translate_buttons(self.buttons)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel(intro, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def problems(self) -> dict[str, str]:
        return {}

    def _accept(self) -> None:
        found = self.problems()
        self.rows.set_problems(found)
        if not found:
            self.accept()


class DecisionDialog(_SmallForm):
    """Approval needs the decision: "Quyết định số 15/QĐ-UBND ngày 05/01/2026"."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, count: int) -> None:
        super().__init__(
            parent,
            _("Approve with a decision"),
            _("The {n} selected nomination(s) will be approved and written into the award history.").format(
                n=count
            ),
        )
        with ctx.store.read() as session:
            settings = all_settings(session)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("e.g. 15/QĐ-UBND"))
        self.signed_on = DateField()
        self.signed_on.set_date(date.today())
        self.issuer = QLineEdit()
        self.signer_title = QLineEdit(str(settings.get("signer.title") or ""))
        self.signer_name = QLineEdit(str(settings.get("signer.name") or ""))
        self.summary = QLineEdit()
        self.rows.add("decision_number", _("Decision no."), self.number, required=True)
        self.rows.add("signed_on", _("Signed on"), self.signed_on, required=True)
        self.rows.add("issuer", _("Issued by"), self.issuer)
        self.rows.add("signer_title", _("Signer's title"), self.signer_title)
        self.rows.add("signer_name", _("Signer's name"), self.signer_name)
        self.rows.add("summary", _("About"), self.summary)
        # The tờ trình approved against: the decision's Căn cứ cites it.
        self.submission_number = QLineEdit()
        self.submission_number.setPlaceholderText(_("e.g. 15/TTr-SNV"))
        self.submission_date = DateField()
        self.rows.add("submission_number", _("Submission no."), self.submission_number)
        self.rows.add("submission_date", _("Submission date"), self.submission_date)
        self.resize(520, 390)

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.number.text().strip():
            found["decision_number"] = _("Approval needs the decision number and date.")
        if self.signed_on.problem() or self.signed_on.date_value() is None:
            found["signed_on"] = _("Write the date as dd/mm/yyyy, e.g. 05/01/2026.")
        if self.submission_date.problem():
            found["submission_date"] = _("Write the date as dd/mm/yyyy, e.g. 05/01/2026.")
        return found

    def decision(self) -> DecisionInput:
        signed = self.signed_on.date_value()
        assert signed is not None
        return DecisionInput(
            number=self.number.text().strip(),
            signed_on=signed,
            issuer=self.issuer.text().strip(),
            signer_title=self.signer_title.text().strip(),
            signer_name=self.signer_name.text().strip(),
            summary=self.summary.text().strip(),
            submission_number=self.submission_number.text().strip(),
            submission_date=self.submission_date.date_value(),
        )


class NoteDialog(_SmallForm):
    """Why a file is returned, rejected or withdrawn (kept in its history)."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, *, required: bool = False) -> None:
        super().__init__(parent, title, intro)
        self.required = required
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(100)
        self.rows.add("note", _("Reason"), self.note, required=required)
        self.resize(480, 240)

    def problems(self) -> dict[str, str]:
        if self.required and not self.note.toPlainText().strip():
            return {"note": _("Write the reason; it is kept in the file's history.")}
        return {}

    def text(self) -> str | None:
        return self.note.toPlainText().strip() or None


class OverrideDialog(NoteDialog):
    """A move refused because files are not eligible: the reason to move them on anyway, or Cancel."""

    def __init__(self, parent: QWidget | None, refusal: str) -> None:
        super().__init__(parent, _("Override the eligibility check"), refusal, required=True)
