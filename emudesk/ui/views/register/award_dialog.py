"""Recording an award by hand, as written on its decision (older awards, awards from elsewhere)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from emudesk.domain.enums import AwardType, SubjectKind
from emudesk.domain.statistics import categories_for
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef
from emudesk.services.register import awards, choices
from emudesk.services.register.awards import AwardInput
from emudesk.services.workspace import form_checks
from emudesk.ui.context import AppContext
from emudesk.ui.operations import register
from emudesk.ui.views.choices import award_form_choices, campaign_choices, subject_search
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.fields import DateField, IntField
from emudesk.ui.widgets.pickers import EnumCombo, SubjectPicker, fill_enum, set_combo_value


class AwardDialog(RecordDialog):
    needs = "register.edit"

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        award_id: int | None = None,
        *,
        category_only: bool = False,
    ) -> None:
        super().__init__(ctx, parent, _("Record an award") if award_id is None else _("Edit award"))
        self.award_id = award_id
        self.kind = EnumCombo()
        fill_enum(self.kind, list(SubjectKind))
        set_combo_value(self.kind, SubjectKind.INDIVIDUAL)
        self.subject = SubjectPicker(subject_search(ctx))
        self.kind.currentIndexChanged.connect(lambda _i: self.subject.set_kind(self.kind.currentData()))
        self.form_combo = QComboBox()
        self.form_combo.addItem(_("(another award: write its name below)"), None)
        for f in award_form_choices(ctx):
            self.form_combo.addItem(f.name, f.code)
        self.award_name = QLineEdit()
        self.year = IntField()
        self.decision_number = QLineEdit()
        self.decision_date = DateField()
        self.issuer = QLineEdit()
        self.award_type = EnumCombo()
        fill_enum(self.award_type, list(AwardType), _("(as the award form says)"))
        self.campaign = QComboBox()
        self.campaign.addItem(_("(none)"), None)
        for c in campaign_choices(ctx):
            self.campaign.addItem(c.label, c.id)
        self.golden_book = QLineEdit()
        self.category = EnumCombo()
        self._fill_categories()
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_categories())
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        r = self.rows
        r.add("kind", _("Recipient is"), self.kind)
        r.add("subject", _("Recipient"), self.subject, required=True)
        r.add("award_form", _("Award form"), self.form_combo)
        r.add("award_name", _("Award as written"), self.award_name)
        r.add("year", _("For the year"), self.year, required=True)
        r.add("decision_number", _("Decision no."), self.decision_number)
        r.add("decision_date", _("Decision date"), self.decision_date)
        r.add("issuer", _("Issued by"), self.issuer)
        r.add("award_type", _("Kind of award"), self.award_type)
        r.add("campaign_id", _("Campaign"), self.campaign)
        r.add("golden_book_no", _("Golden book no."), self.golden_book)
        r.add("recipient_category", _("Category (statistics)"), self.category)
        r.add("note", _("Note"), self.note)
        self.watch(
            self.kind,
            self.subject,
            self.form_combo,
            self.award_name,
            self.year,
            self.decision_number,
            self.decision_date,
            self.issuer,
            self.award_type,
            self.campaign,
            self.golden_book,
            self.category,
            self.note,
        )
        self.subject.subject_changed.connect(self.changed)
        if award_id is not None:
            with ctx.store.read() as session:
                data = awards.award_input(session, award_id)
                label = choices.subject_name(session, data.subject)
            set_combo_value(self.kind, data.subject.kind)
            self.subject.set_kind(data.subject.kind)
            self.subject.set_subject(data.subject.id, label)
            self.form_combo.setCurrentIndex(max(self.form_combo.findData(data.award_form_code), 0))
            self.award_name.setText(data.award_name)
            self.year.set_int(data.year)
            self.decision_number.setText(data.decision_number)
            self.decision_date.set_date(data.decision_date)
            self.issuer.setText(data.issuer)
            set_combo_value(self.award_type, data.award_type)
            self.campaign.setCurrentIndex(max(self.campaign.findData(data.campaign_id), 0))
            self.golden_book.setText(data.golden_book_no or "")
            set_combo_value(self.category, data.recipient_category)
            self.note.setPlainText(data.note or "")
        if category_only:
            # From an issued decision: its wording is corrected by the decision, not here.
            for widget in (
                self.kind,
                self.subject,
                self.form_combo,
                self.award_name,
                self.year,
                self.decision_number,
                self.decision_date,
                self.issuer,
                self.award_type,
                self.campaign,
                self.golden_book,
                self.note,
            ):
                widget.setEnabled(False)
            self.category.setToolTip(
                _("This award comes from an issued decision: only its category may change here.")
            )
        self.resize(620, 560)
        self.mark_clean()
        (self.category if category_only else self.subject).setFocus()

    def _fill_categories(self) -> None:
        """The TT 02/2023 categories open to the chosen kind of recipient, keeping the choice if it fits."""
        current = self.category.currentData()
        self.category.clear()
        fill_enum(
            self.category,
            list(categories_for(self.kind.currentData())),
            _("(as the register suggests: position, kind of unit)"),
        )
        set_combo_value(self.category, current)

    def collect(self) -> AwardInput | None:
        sid = self.subject.subject_id()
        year = self.year.int_value()
        if sid is None or year is None:
            return None
        return AwardInput(
            subject=SubjectRef(self.kind.currentData(), sid),
            year=year,
            award_form_code=self.form_combo.currentData(),
            award_name=self.award_name.text(),
            decision_number=self.decision_number.text(),
            decision_date=self.decision_date.date_value(),
            issuer=self.issuer.text(),
            award_type=self.award_type.currentData(),
            campaign_id=self.campaign.currentData(),
            golden_book_no=self.golden_book.text(),
            note=self.note.toPlainText().strip() or None,
            recipient_category=self.category.currentData(),
        )

    def snapshot(self) -> Any:
        return (self.collect(), self.year.text(), self.decision_date.text(), self.subject.text())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.subject.subject_id() is None:
            found["subject"] = _("Choose the recipient from the list.")
        if self.year.problem() or self.year.int_value() is None:
            found["year"] = _("Write the year the award is for.")
        if wrong := self.decision_date.problem():
            found["decision_date"] = wrong
        data = self.collect()
        if found or data is None:
            return found
        with self.ctx.store.read() as session:
            return form_checks.award_problems(session, data)

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        data = self.collect()
        assert data is not None  # problems() refused otherwise
        register.save_award(self.ctx, self, self.award_id, data, on_saved=on_saved, on_failure=on_failure)
