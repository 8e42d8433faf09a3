"""Phong trào thi đua: the list of campaigns and an editor for everything a plan defines."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import (
    CampaignKind,
    CampaignStatus,
    MilestoneKind,
    QuotaKind,
    QuotaScope,
    Recurrence,
    SubjectKind,
)
from emudesk.domain.plan_values import DatePrecision
from emudesk.domain.statistics import CampaignLevel, CampaignScope
from emudesk.i18n import _
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import (
    AwardFormDef,
    CampaignDef,
    CriterionDef,
    MilestoneDef,
    OfferedFormDef,
    ParticipantDef,
    PhaseDef,
    QuotaDef,
    TargetDef,
    ThemeDef,
)
from emudesk.services.campaigns.lists import (
    CAMPAIGN_COLUMN_KEYS,
    CampaignFilter,
    CampaignRow,
    campaign_ids,
    campaign_rows,
)
from emudesk.services.core.changes import Changes
from emudesk.services.workspace import form_checks
from emudesk.ui import dialogs, permissions
from emudesk.ui.context import AppContext
from emudesk.ui.models.id_table_model import IdTableModel, Query
from emudesk.ui.operations import bin_ops, workflow
from emudesk.ui.views.base import View
from emudesk.ui.views.campaigns.campaign_items import CriteriaEditor, Field, ItemListEditor, ItemSpec, text_of
from emudesk.ui.views.choices import award_form_choices, unit_kind_choices
from emudesk.ui.views.common import action_button, deferred, search_box
from emudesk.ui.widgets.detail import title_label
from emudesk.ui.widgets.fields import DateField, FormRows, PartialDateField, error_banner
from emudesk.ui.widgets.fitting_tabs import fitting_tabs
from emudesk.ui.widgets.pickers import EnumCombo, fill_enum, set_combo_value
from emudesk.ui.widgets.record_table import RecordTable

# Which tab shows the problems the services report under each field name.
_TAB_OF = {
    "phases": 1,
    "milestones": 1,
    "targets": 2,
    "participants": 3,
    "criteria": 4,
    "quotas": 6,
    "themes": 7,
    "award_forms": 8,
}


class CampaignEditor(QWidget):
    """Every part of one plan; Ctrl+S saves it whole through ``campaigns.update_campaign``.

    Signals:
        saved(int): the campaign was written (a new one has its id now).
    """

    saved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaign_id: int | None = None
        self._loaded: CampaignDef | None = None
        self._saving = False
        self.title = title_label(self)
        self.state = QLabel(self)
        self.banner = error_banner(self)
        self.tabs = fitting_tabs(self)  # ten tabs: down the side on a narrow window

        # --- general --------------------------------------------------------------------------------
        general = QWidget()
        form = QFormLayout(general)
        self.rows = FormRows(form, self.banner)
        self.f_title = QLineEdit()
        self.f_short = QLineEdit()
        self.f_number = QLineEdit()
        self.f_symbol = QLineEdit()
        number_row = QWidget()
        nr = QHBoxLayout(number_row)
        nr.setContentsMargins(0, 0, 0, 0)
        nr.addWidget(self.f_number, 1)
        nr.addWidget(QLabel("/"))
        nr.addWidget(self.f_symbol, 2)
        self.f_body = QLineEdit()
        self.f_place = QLineEdit()
        self.f_issued = PartialDateField()
        self.f_kind = EnumCombo()
        fill_enum(self.f_kind, list(CampaignKind))
        self.f_status = EnumCombo()
        fill_enum(self.f_status, list(CampaignStatus))
        suggested = _("(as the issuing body suggests)")
        self.f_level = EnumCombo()
        fill_enum(self.f_level, list(CampaignLevel), suggested)
        self.f_scope = EnumCombo()
        fill_enum(self.f_scope, list(CampaignScope), suggested)
        self.f_start = DateField()
        self.f_end = DateField()
        period = QWidget()
        pr = QHBoxLayout(period)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(self.f_start)
        pr.addWidget(QLabel("–"))
        pr.addWidget(self.f_end)
        self.f_period = QLineEdit()
        pr.addWidget(self.f_period, 1)
        self.f_period.setPlaceholderText(_("as the plan says, e.g. 2021-2025"))
        self.f_legal = self._text()
        self.f_purpose = self._text()
        self.f_content = self._text()
        self.f_authority = QLineEdit()
        self.f_signer_title = QLineEdit()
        self.f_signer_name = QLineEdit()
        self.f_note = self._text()
        self.f_requirements = self._text()
        self.f_organisation = self._text()
        self.f_recipients = self._text()
        r = self.rows
        r.add("title", _("Title"), self.f_title, required=True)
        r.add("short_title", _("Short title"), self.f_short)
        r.add("plan", _("Plan number"), number_row)
        r.add("issuing_body", _("Issuing body"), self.f_body)
        r.add("place", _("Place"), self.f_place)
        r.add("issue_date", _("Issued on"), self.f_issued)
        r.add("kind", _("Kind"), self.f_kind)
        r.add("status", _("Status"), self.f_status)
        r.add("organizer_level", _("Launched at level (statistics)"), self.f_level)
        r.add("organizing_scope", _("Scope (statistics)"), self.f_scope)
        r.add("end", _("Period"), period)
        r.alias("start_date", "end")
        r.alias("end_date", "end")
        r.add("legal_basis", _("Legal basis"), self.f_legal)
        r.add("purpose", _("Purpose"), self.f_purpose)
        r.add("content", _("Content"), self.f_content)
        r.add("requirements", _("Requirements"), self.f_requirements)
        r.add("organisation", _("Organisation of the work"), self.f_organisation)
        r.add("recipients", _("Recipients"), self.f_recipients)
        r.add("signer_authority", _("Signing authority"), self.f_authority)
        r.add("signer_title", _("Signer's title"), self.f_signer_title)
        r.add("signer_name", _("Signer's name"), self.f_signer_name)
        r.add("note", _("Note"), self.f_note)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(general)
        self.tabs.addTab(scroll, _("General"))

        # --- lists ----------------------------------------------------------------------------------
        self.phases = ItemListEditor(self._phase_spec())
        self.milestones = ItemListEditor(self._milestone_spec())
        timeline = QWidget()
        tl = QVBoxLayout(timeline)
        tl.addWidget(QLabel("<b>" + _("Phases") + "</b>"))
        tl.addWidget(self.phases, 1)
        tl.addWidget(QLabel("<b>" + _("Milestones") + "</b>"))
        tl.addWidget(self.milestones, 2)
        self.tabs.addTab(timeline, _("Timeline"))
        self.targets = ItemListEditor(self._target_spec())
        self.tabs.addTab(self.targets, _("Targets"))
        self.participants = ItemListEditor(self._participant_spec())
        self.tabs.addTab(self.participants, _("Subjects"))
        self.criteria = CriteriaEditor(self._criterion_spec())
        self.tabs.addTab(self.criteria, _("Criteria"))
        self.offered = ItemListEditor(self._offered_spec())
        self.tabs.addTab(self.offered, _("Forms"))
        self.quotas = ItemListEditor(self._quota_spec())
        self.tabs.addTab(self.quotas, _("Caps"))
        self.themes = ItemListEditor(self._theme_spec())
        self.tabs.addTab(self.themes, _("Themes"))
        self.authority_forms = ItemListEditor(self._authority_form_spec())
        self.tabs.addTab(self.authority_forms, _("Forms of an authority"))

        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        # Save, and the tabs' Add, Edit, Remove and Move buttons: a role that may not edit
        # campaigns reads the plan with them greyed out.
        for button in (self.save_button, *self.tabs.findChildren(QPushButton)):
            permissions.needs(button, "campaigns.edit")
        self.revert_button = QPushButton(_("Undo my changes"), self)
        self.revert_button.clicked.connect(self.revert)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.validate_now)
        for w in (
            self.f_title,
            self.f_short,
            self.f_number,
            self.f_symbol,
            self.f_body,
            self.f_place,
            self.f_issued,
            self.f_start,
            self.f_end,
            self.f_period,
            self.f_authority,
            self.f_signer_title,
            self.f_signer_name,
        ):
            w.textChanged.connect(self._changed)
        for t in (
            self.f_legal,
            self.f_purpose,
            self.f_content,
            self.f_note,
            self.f_requirements,
            self.f_organisation,
            self.f_recipients,
        ):
            t.textChanged.connect(self._changed)
        for c in (self.f_kind, self.f_status, self.f_level, self.f_scope):
            c.currentIndexChanged.connect(self._changed)
        for e in (
            self.phases,
            self.milestones,
            self.targets,
            self.participants,
            self.criteria,
            self.offered,
            self.quotas,
            self.themes,
            self.authority_forms,
        ):
            e.changed.connect(self._changed)
        self.read_only = not ctx.permissions.may("campaigns.edit")
        if self.read_only:
            self._make_read_only()
        self.load(None)

    def _make_read_only(self) -> None:
        """A role that may not save the plan reads it: text stays selectable, nothing takes an edit."""
        why = self.ctx.permissions.why_not("campaigns.edit")
        for text in self.tabs.findChildren(QLineEdit) + self.tabs.findChildren(QPlainTextEdit):
            text.setReadOnly(True)
            text.setToolTip(why)
        for combo in (self.f_kind, self.f_status, self.f_level, self.f_scope):
            combo.setEnabled(False)
            combo.setToolTip(why)
        for lists in self.tabs.findChildren(ItemListEditor):
            lists.read_only = True
        for tree in self.tabs.findChildren(CriteriaEditor):
            tree.read_only = True
        self.revert_button.setEnabled(False)

    @staticmethod
    def _text() -> QPlainTextEdit:
        w = QPlainTextEdit()
        w.setTabChangesFocus(True)
        w.setMaximumHeight(80)
        return w

    # --- specs ------------------------------------------------------------------------------------
    def _form_options(self) -> list[tuple[str, str]]:
        catalogue = [(f.code, f.name) for f in award_form_choices(self.ctx)]
        known = {code for code, _name in catalogue}
        # The plan's own forms of a named authority, before they are saved to the catalogue.
        return catalogue + [(f.code, f.name) for f in self.authority_forms.items if f.code not in known]

    def _theme_options(self) -> list[tuple[str, str]]:
        return [(t.name, t.name) for t in self.themes.items]

    def _theme_spec(self) -> ItemSpec:
        return ItemSpec(
            _("Theme"),
            lambda: ThemeDef(""),
            (
                Field("name", _("Name"), required=True),
                Field("content", _("Content"), "multiline"),
            ),
            ((_("Name"), lambda t: t.name), (_("Content"), lambda t: t.content or "")),
            (300, 400),
        )

    def _authority_form_spec(self) -> ItemSpec:
        def catalogue() -> list[tuple[str, str]]:
            return [(f.code, f.name) for f in award_form_choices(self.ctx)]

        return ItemSpec(
            _("Award form of a named authority"),
            lambda: AwardFormDef("", "", ""),
            (
                Field("code", _("Code"), required=True),
                Field("name", _("Name"), required=True),
                Field("kind_of", _("A kind of"), "choice", required=True, options=catalogue),
                Field("authority", _("Granted by")),
                Field("short_name", _("Short name")),
            ),
            (
                (_("Code"), lambda f: f.code),
                (_("Name"), lambda f: f.name),
                (_("A kind of"), lambda f: dict(catalogue()).get(f.kind_of, f.kind_of)),
            ),
            (100, 380, 220),
        )

    def _kind_options(self) -> list[tuple[str, str]]:
        return [(k.code, k.name) for k in unit_kind_choices(self.ctx)]

    def _phase_options(self) -> list[tuple[str, str]]:
        return [(p.name, p.name) for p in self.phases.items]

    def _form_names(self, codes: list[str]) -> str:
        names = dict(self._form_options())
        return " / ".join(names.get(c, c) for c in codes)

    def _phase_spec(self) -> ItemSpec:
        return ItemSpec(
            _("Phase"),
            lambda: PhaseDef(""),
            (
                Field("name", _("Name"), required=True),
                Field("start_date", _("From"), "date"),
                Field("end_date", _("To"), "date"),
                Field("description", _("Description"), "multiline"),
            ),
            (
                (_("Name"), lambda p: p.name),
                (_("From"), lambda p: text_of(p.start_date)),
                (_("To"), lambda p: text_of(p.end_date)),
            ),
            (300, 90, 90),
        )

    def _milestone_spec(self) -> ItemSpec:
        return ItemSpec(
            _("Milestone"),
            lambda: MilestoneDef(MilestoneKind.OTHER, "", self._today()),
            (
                Field("kind", _("Kind"), "enum", members=tuple(MilestoneKind)),
                Field("title", _("What"), "multiline", required=True),
                Field("due", _("Due on"), "when"),
                Field("when_text", _("As the plan words it")),
                Field("recurrence", _("Repeats"), "enum", members=tuple(Recurrence)),
                Field("actor", _("Who does it")),
                Field(
                    "phase",
                    _("Phase"),
                    "choice",
                    options=self._phase_options,
                    optional=True,
                    none_text=_("(none)"),
                ),
                Field("done", _("Done"), "bool"),
            ),
            (
                (_("Due on"), lambda m: m.due.short() if m.due else ""),
                (_("Kind"), lambda m: m.kind.label),
                (_("What"), lambda m: m.title),
                (_("Repeats"), lambda m: m.recurrence.label),
                (_("Done"), lambda m: text_of(m.done)),
            ),
            (85, 120, 380, 90),
        )

    def _target_spec(self) -> ItemSpec:
        comparators = lambda: [(c, c) for c in (">=", ">", "=", "<=", "<")]  # noqa: E731
        multipliers = lambda: [("", _("(none)")), *((m, m) for m in ("nghìn", "triệu", "tỷ"))]  # noqa: E731
        return ItemSpec(
            _("Target"),
            lambda: TargetDef(""),
            (
                Field("description", _("Target"), "multiline", required=True),
                Field("comparator", _("Comparison"), "choice", options=comparators),
                Field("value", _("Value"), "decimal"),
                Field("value_max", _("Up to (a range)"), "decimal"),
                Field("multiplier", _("Multiplier"), "choice", options=multipliers),
                Field("unit", _("Unit of measure")),
                Field("target_year", _("By the year"), "int"),
                Field("result_value", _("Result"), "decimal"),
                Field(
                    "theme",
                    _("Theme"),
                    "choice",
                    options=self._theme_options,
                    optional=True,
                    none_text=_("(none)"),
                ),
            ),
            (
                (_("Target"), lambda t: t.description),
                (
                    _("Value"),
                    lambda t: t.amount.text() if t.value is not None else "",
                ),
                (_("By the year"), lambda t: text_of(t.target_year)),
                (_("Result"), lambda t: text_of(t.result_value)),
            ),
            (420, 120, 80),
        )

    def _participant_spec(self) -> ItemSpec:
        return ItemSpec(
            _("Eligible subjects"),
            lambda: ParticipantDef(SubjectKind.UNIT, ""),
            (
                Field("subject_kind", _("Kind of subject"), "enum", members=tuple(SubjectKind)),
                Field("description", _("Who"), "multiline", required=True),
                Field("unit_kind", _("Kind of unit"), "choice", options=self._kind_options, optional=True),
            ),
            (
                (_("Kind of subject"), lambda p: p.subject_kind.label),
                (_("Who"), lambda p: p.description),
                (_("Kind of unit"), lambda p: dict(self._kind_options()).get(p.unit_kind or "", "")),
            ),
            (110, 400),
        )

    def _criterion_spec(self) -> ItemSpec:
        return ItemSpec(
            _("Criterion"),
            lambda: CriterionDef(""),
            (
                Field("text", _("Criterion"), "multiline", required=True),
                Field("code", _("Code")),
                Field("group", _("Group heading")),
                Field("subject_kind", _("For"), "enum", members=tuple(SubjectKind), optional=True),
                Field("unit_kind", _("Kind of unit"), "choice", options=self._kind_options, optional=True),
                Field("award_form", _("Award form"), "choice", options=self._form_options, optional=True),
            ),
            (
                (_("Criterion"), lambda c: (f"{c.code} " if c.code else "") + c.text),
                (_("For"), lambda c: text_of(c.subject_kind)),
                (_("Award form"), lambda c: dict(self._form_options()).get(c.award_form or "", "")),
                (_("Group heading"), lambda c: c.group),
            ),
            (460, 90, 200),
        )

    def _offered_spec(self) -> ItemSpec:
        return ItemSpec(
            _("Award form offered"),
            lambda: OfferedFormDef(""),
            (
                Field("award_form", _("Award form"), "choice", required=True, options=self._form_options),
                Field("for_units", _("For collectives"), "bool"),
                Field("for_individuals", _("For individuals"), "bool"),
                Field("for_households", _("For households"), "bool"),
                Field("within_authority", _("Granted by the issuer itself"), "bool"),
                Field("note", _("Note"), "multiline"),
            ),
            (
                (_("Award form"), lambda o: dict(self._form_options()).get(o.award_form, o.award_form)),
                (_("Collectives"), lambda o: text_of(o.for_units)),
                (_("Individuals"), lambda o: text_of(o.for_individuals)),
                (_("Households"), lambda o: text_of(o.for_households)),
                (_("Own authority"), lambda o: text_of(o.within_authority)),
                (_("Note"), lambda o: o.note or ""),
            ),
            (300, 80, 80, 80, 90),
        )

    def _quota_spec(self) -> ItemSpec:
        def limit_text(q: QuotaDef) -> str:
            if q.kind is QuotaKind.COUNT:
                return f"≤ {q.limit}"
            if q.kind is QuotaKind.RATIO:
                return f"≤ {text_of(q.ratio_percent)}% {self._form_names(q.base_forms)}"
            return ""

        return ItemSpec(
            _("Quota"),
            lambda: QuotaDef("", []),
            (
                Field("label", _("Name"), required=True),
                Field("kind", _("Kind of cap"), "enum", members=tuple(QuotaKind)),
                Field("forms", _("Award forms counted together"), "multi", options=self._form_options),
                Field(
                    "subject_kind",
                    _("For"),
                    "enum",
                    members=tuple(SubjectKind),
                    optional=True,
                    none_text=_("(everyone)"),
                ),
                Field(
                    "unit_kind",
                    _("Only collectives of kind"),
                    "choice",
                    options=self._kind_options,
                    optional=True,
                ),
                Field("scope", _("Counted"), "enum", members=tuple(QuotaScope)),
                Field("limit", _("At most (count cap)"), "int"),
                Field("ratio_percent", _("At most % (ratio cap)"), "decimal"),
                Field("base_forms", _("% of the nominations for"), "multi", options=self._form_options),
                Field(
                    "phase",
                    _("Only in phase"),
                    "choice",
                    options=self._phase_options,
                    optional=True,
                    none_text=_("(whole campaign)"),
                ),
                Field("year", _("Only for the year"), "int"),
                Field("note", _("Note"), "multiline"),
                Field("priority", _("Priority to give"), "multiline"),
                Field("source", _("Source")),
            ),
            (
                (_("Name"), lambda q: q.label),
                (_("Kind of cap"), lambda q: q.kind.label),
                (_("Limit"), limit_text),
                (_("Award forms"), lambda q: self._form_names(q.forms)),
                (_("For"), lambda q: text_of(q.subject_kind)),
                (_("Counted"), lambda q: q.scope.label),
            ),
            (260, 100, 120, 260, 80),
        )

    @staticmethod
    def _today() -> Any:
        from datetime import date

        return date.today()

    # --- load / collect ---------------------------------------------------------------------------
    def load(self, campaign_id: int | None, definition: CampaignDef | None = None) -> None:
        """Show a campaign (None and no definition: an empty editor)."""
        self.campaign_id = campaign_id
        if definition is None and campaign_id is not None:
            with self.ctx.store.read() as session:
                definition = campaigns.get_definition(session, campaign_id)
        self._loaded = definition
        d = definition or CampaignDef("", CampaignKind.REGULAR)
        self.f_title.setText(d.title)
        self.f_short.setText(d.short_title)
        self.f_number.setText(d.plan_number)
        self.f_symbol.setText(d.plan_symbol)
        self.f_body.setText(d.issuing_body)
        self.f_place.setText(d.place)
        self.f_issued.set_partial(d.issued)
        set_combo_value(self.f_kind, d.kind)
        set_combo_value(self.f_status, d.status)
        set_combo_value(self.f_level, d.organizer_level)
        set_combo_value(self.f_scope, d.organizing_scope)
        self.f_start.set_date(d.start_date)
        self.f_end.set_date(d.end_date)
        self.f_period.setText(d.period_label)
        self.f_legal.setPlainText(d.legal_basis or "")
        self.f_purpose.setPlainText(d.purpose or "")
        self.f_content.setPlainText(d.content or "")
        self.f_authority.setText(d.signer_authority)
        self.f_signer_title.setText(d.signer_title)
        self.f_signer_name.setText(d.signer_name)
        self.f_note.setPlainText(d.note or "")
        self.f_requirements.setPlainText(d.requirements or "")
        self.f_organisation.setPlainText(d.organisation or "")
        self.f_recipients.setPlainText(d.recipients or "")
        self.themes.set_items(d.themes)
        self.authority_forms.set_items(d.award_forms)
        self.phases.set_items(d.phases)
        self.milestones.set_items(d.milestones)
        self.targets.set_items(d.targets)
        self.participants.set_items(d.participants)
        self.criteria.set_items(d.criteria)
        self.offered.set_items(d.offered_forms)
        self.quotas.set_items(d.quotas)
        self.setEnabled(definition is not None)
        if definition is None:
            self.title.setText(_("Choose a campaign, or create one with Ctrl+N."))
        else:
            self.title.setText((d.short_title or d.title) if campaign_id is not None else _("New campaign"))
        self._timer.stop()
        self.validate_now()

    def collect(self) -> CampaignDef:
        def text(w: QPlainTextEdit) -> str | None:
            return w.toPlainText().strip() or None

        return CampaignDef(
            title=self.f_title.text().strip(),
            kind=self.f_kind.currentData() or CampaignKind.REGULAR,
            short_title=self.f_short.text().strip(),
            plan_number=self.f_number.text().strip(),
            plan_symbol=self.f_symbol.text().strip(),
            issuing_body=self.f_body.text().strip(),
            place=self.f_place.text().strip(),
            issue_date=self.f_issued.date_value(),
            issue_date_precision=(
                issued.precision if (issued := self.f_issued.partial_value()) else DatePrecision.DAY
            ),
            status=self.f_status.currentData() or CampaignStatus.ACTIVE,
            start_date=self.f_start.date_value(),
            end_date=self.f_end.date_value(),
            period_label=self.f_period.text().strip(),
            organizer_level=self.f_level.currentData(),
            organizing_scope=self.f_scope.currentData(),
            legal_basis=text(self.f_legal),
            purpose=text(self.f_purpose),
            content=text(self.f_content),
            signer_authority=self.f_authority.text().strip(),
            signer_title=self.f_signer_title.text().strip(),
            signer_name=self.f_signer_name.text().strip(),
            note=text(self.f_note),
            requirements=text(self.f_requirements),
            organisation=text(self.f_organisation),
            recipients=text(self.f_recipients),
            themes=list(self.themes.items),
            award_forms=list(self.authority_forms.items),
            phases=list(self.phases.items),
            milestones=list(self.milestones.items),
            targets=list(self.targets.items),
            participants=list(self.participants.items),
            criteria=list(self.criteria.items),
            offered_forms=list(self.offered.items),
            quotas=list(self.quotas.items),
        )

    def is_dirty(self) -> bool:
        return self._loaded is not None and self.collect() != self._loaded

    def _changed(self, *_args: object) -> None:
        self._timer.start()
        self._update_state()

    def _update_state(self) -> None:
        dirty = self.is_dirty()
        self.state.setText(_("Unsaved changes") if dirty else "")
        self.state.setStyleSheet("color: #b26a00; font-weight: bold;" if dirty else "")
        self.revert_button.setEnabled(dirty)

    def validate_now(self) -> dict[str, str]:
        found = {
            name: wrong
            for name, field in (
                ("issue_date", self.f_issued),
                ("start_date", self.f_start),
                ("end_date", self.f_end),
            )
            if (wrong := field.problem())
        }
        if not found:
            found = form_checks.campaign_problems(self.collect())
        self.rows.set_problems({k: v for k, v in found.items() if k not in _TAB_OF})
        listed = [v for k, v in found.items() if k in _TAB_OF]
        if listed:
            self.banner.setText("\n".join([self.banner.text(), *listed]).strip())
            self.banner.setVisible(True)
        for name, tab in _TAB_OF.items():
            base = self.tabs.tabText(tab).removeprefix("⚠ ")
            self.tabs.setTabText(tab, ("⚠ " if name in found else "") + base)
        self.save_button.setEnabled(not found and not self._saving and self.is_dirty())
        self._update_state()
        return found

    # --- saving -----------------------------------------------------------------------------------
    def save(self, *, wait: bool = False) -> bool:
        """Save the whole plan; returns False when nothing was started (problems, nothing to save)."""
        if self._saving or self._loaded is None:
            return False
        self._timer.stop()
        if self.validate_now() or not self.is_dirty():
            return False
        self._saving = True
        self.save_button.setEnabled(False)
        definition = self.collect()

        def saved(campaign_id: int) -> None:
            self._saving = False
            self.load(campaign_id)
            self.saved.emit(campaign_id)

        def failed(_exc: BaseException) -> None:
            self._saving = False
            self.validate_now()

        task = workflow.save_campaign(
            self.ctx, self, self.campaign_id, definition, on_saved=saved, on_failure=failed
        )
        if wait:
            self.ctx.tasks.wait(task)
            return not self.is_dirty()
        return True

    def revert(self) -> None:
        if self.campaign_id is not None:
            self.load(self.campaign_id)
        else:
            self.load(None, self._loaded)

    def may_leave(self) -> bool:
        """Ask about unsaved changes; True when the editor may show something else."""
        if not self.is_dirty():
            return True
        choice = dialogs.ask_save(self, _("The campaign has changes that are not saved. Save them now?"))
        if choice is dialogs.SaveChoice.SAVE:
            return self.save(wait=True)
        if choice is dialogs.SaveChoice.DISCARD:
            self.revert()
            return True
        return False


class CampaignsView(View):
    watched = ("campaigns", "nominations", "catalogue")
    edits = "campaigns.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = search_box(self, _("Search campaigns (Ctrl+F)"))
        self.model = IdTableModel(
            [
                _("Campaign"),
                _("Plan no."),
                _("Issued on"),
                _("Kind"),
                _("Status"),
                _("Period"),
                _("Nominations"),
            ],
            ["title", "plan", "issue_date", "kind", "status", None, None],
            self._ids,
            self._rows,
            self,
            numeric=(6,),
            default_sort=("issue_date", True),
            muted=lambda cells: cells.status is CampaignStatus.CLOSED,
            filter_keys=CAMPAIGN_COLUMN_KEYS,
        )
        self.table = RecordTable(
            self.model,
            self,
            settings=ctx.settings,
            layout_key="campaigns",
            widths=(230, 100, 85, 90, 100),
            multi=False,
        )
        self.editor = CampaignEditor(ctx, self)
        self._shown: int | None = None
        self.table.current_changed.connect(self._on_current)
        self.editor.saved.connect(self._on_saved)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.search)
        buttons = QHBoxLayout()
        buttons.addWidget(
            action_button(
                self,
                _("New campaign"),
                self.new_record,
                shortcut=QKeySequence.StandardKey.New,
                needs=self.edits,
            )
        )
        buttons.addWidget(
            action_button(
                self,
                _("Delete"),
                self.delete_selected,
                shortcut=QKeySequence.StandardKey.Delete,
                needs=self.edits,
            )
        )
        buttons.addWidget(
            action_button(self, _("Export…"), self.export, tip=_("Export the campaign's documents"))
        )
        buttons.addStretch(1)
        ll.addLayout(buttons)
        ll.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.editor)
        split.setStretchFactor(1, 1)
        split.setSizes([290, 890])
        self.remember_splitter("campaigns", split)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.refresh()
        self.table.select_first()

    def _ids(self, sort: str, descending: bool) -> Query:
        # A handful of plans: loaded inline, so the editor can follow the list at once.
        flt = CampaignFilter(search=self.search.text(), columns=self.table.column_filters())
        return deferred(self.ctx, campaign_ids, flt, sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> dict[int, CampaignRow]:
        with self.ctx.store.read() as session:
            return campaign_rows(session, ids)

    def _on_current(self, campaign_id: object) -> None:
        cid = campaign_id if isinstance(campaign_id, int) else None
        if cid == self._shown:
            return
        if cid is None:
            return  # a reload clears the selection for a moment; keep the editor as it is
        if not self.editor.may_leave():
            # Stay on the campaign being edited.
            if self._shown is not None:
                blocked = self.table.blockSignals(True)
                self.table.select_ids([self._shown], self._shown)
                self.table.blockSignals(blocked)
            return
        self._shown = cid
        self.editor.load(cid)

    def _on_saved(self, campaign_id: int) -> None:
        self._shown = campaign_id
        blocked = self.table.blockSignals(True)
        self.table.select_ids([campaign_id], campaign_id)
        self.table.blockSignals(blocked)

    def export_context(self) -> dict[str, object]:
        return {"campaign_id": self.editor.campaign_id}

    def export(self) -> None:
        from emudesk.ui.export_dialog import open_export_dialog

        # The campaign's own documents: its nomination list, the summary report, its workbook.
        open_export_dialog(self, self.ctx.store, kind="summary", campaign_id=self.editor.campaign_id)

    def refresh(self) -> None:
        self.table.reload_keeping_selection()
        shown = self._shown
        if shown is not None and not self.editor.is_dirty() and self.model.row_of(shown) >= 0:
            self.editor.load(shown)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        self.refresh()

    def save(self) -> bool:
        return self.editor.save()

    def may_leave(self) -> bool:
        return self.editor.may_leave()

    def new_record(self) -> bool:
        if not self.editor.may_leave():
            return True
        self._shown = None
        blocked = self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.blockSignals(blocked)
        self.editor.load(None, CampaignDef("", CampaignKind.REGULAR))
        self.editor.tabs.setCurrentIndex(0)
        self.editor.f_title.setFocus()
        return True

    def delete_selected(self) -> bool:
        cid = self.table.current_id()
        if cid is None:
            return False
        cells = self.model.cells(self.model.row_of(cid))
        return bin_ops.delete_records(
            self.ctx, self, "campaigns", [cid], names=[cells.title] if cells else []
        )

    def open_item(self, item: object) -> None:
        if isinstance(item, int):
            self.table.select_ids([item], item)

    def prepare_screenshot(self) -> None:
        for row in range(self.model.rowCount()):
            cells = self.model.cells(row)
            if cells and cells.status is CampaignStatus.ACTIVE:
                self.table.select_ids([self.model.id_at(row)])
                break
        self.editor.tabs.setCurrentIndex(6)
