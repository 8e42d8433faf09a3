"""A campaign workbook (one sheet per part of the plan) to a CampaignDef, planned as one record.

Award forms and kinds of unit are written by name or code in the workbook and
become codes here; the criteria tree comes from the "Cấp mục" column (the
export writes it) or, in a hand-made workbook, from "Thuộc mục" naming the
parent's code (the nearest row above with that code, as plans reuse "a", "b").
Each part's rows are checked one by one with the campaign service's own
validation so a refusal points at its row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from emudesk.domain.enums import CampaignKind, CampaignStatus, QuotaKind, QuotaScope, Recurrence
from emudesk.domain.plan_values import DatePrecision
from emudesk.i18n import _
from emudesk.importer import CampaignParse, CellError, ParsedRow, ParsedSheet
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
    validate_definition,
)
from emudesk.services.core.common import field_problems
from emudesk.services.imports.model import Action, ImportPlan, PlanRow, RunContext
from emudesk.services.imports.planner import Options, date_of
from emudesk.services.imports.refs import CampaignIndex, FormIndex, KindIndex, ambiguous, key


def _v(pr: ParsedRow, name: str, default: Any = None) -> Any:
    value = pr.values.get(name)
    return default if value is None else value


@dataclass
class _Builder:
    session: Session
    parse: CampaignParse
    row: PlanRow
    kinds: KindIndex = field(init=False)
    forms: FormIndex = field(init=False)
    phase_names: dict[str, str] = field(default_factory=dict)
    theme_names: dict[str, str] = field(default_factory=dict)
    plan_forms: dict[str, str] = field(default_factory=dict)  # key(code or name) -> code
    _criteria_roots: list[CriterionDef] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.kinds = KindIndex(self.session)
        self.forms = FormIndex(self.session)

    def part(self, name: str) -> ParsedSheet | None:
        return self.parse.parts.get(name)

    def rows(self, name: str) -> list[ParsedRow]:
        sheet = self.part(name)
        return sheet.rows if sheet else []

    def error(self, part: str, pr: ParsedRow | None, field_key: str | None, reason: str) -> None:
        sheet = self.part(part)
        letter = sheet.mapping.letter_of(field_key) if sheet and sheet.mapping and field_key else None
        self.row.errors.append(
            CellError(
                self.parse.file,
                pr.sheet if pr else (sheet.sheet if sheet else part),
                pr.row_number if pr else None,
                letter,
                field_key,
                reason,
            )
        )

    def kind_code(self, part: str, pr: ParsedRow, name: str = "unit_kind") -> str | None:
        text = _v(pr, name)
        if not text:
            return None
        codes = self.kinds.lookup(text)
        if len(codes) == 1:
            return codes[0]
        if not codes:
            self.error(
                part,
                pr,
                name,
                _("Unknown kind of unit “{value}”. Kinds: {kinds}.").format(
                    value=text, kinds="; ".join(self.kinds.names())
                ),
            )
        else:
            self.error(
                part, pr, name, ambiguous(_("kinds of unit"), text, [self.kinds.name_of[c] for c in codes])
            )
        return None

    def form_code(self, part: str, pr: ParsedRow, name: str, text: str) -> str | None:
        own = self.plan_forms.get(key(text))  # a form of a named authority on its own sheet
        if own is not None:
            return own
        found = self.forms.lookup(text)
        if len(found) == 1:
            return found[0].code
        if not found:
            self.error(
                part, pr, name, _("“{name}” is not in the catalogue of award forms.").format(name=text)
            )
        else:
            self.error(part, pr, name, ambiguous(_("award forms"), text, [f.name for f in found]))
        return None

    def phase(self, part: str, pr: ParsedRow) -> str | None:
        text = _v(pr, "phase")
        if not text:
            return None
        name = self.phase_names.get(key(text))
        if name is None:
            self.error(part, pr, "phase", _("No phase “{name}” on the phases sheet.").format(name=text))
        return name

    # --- parts ----------------------------------------------------------------------------------

    def plan(self, pr: ParsedRow) -> CampaignDef:
        v = pr.values
        return CampaignDef(
            title=_v(pr, "title", ""),
            kind=_v(pr, "kind", CampaignKind.REGULAR),
            short_title=_v(pr, "short_title", ""),
            plan_number=_v(pr, "plan_number", ""),
            plan_symbol=_v(pr, "plan_symbol", ""),
            issuing_body=_v(pr, "issuing_body", ""),
            place=_v(pr, "place", ""),
            issue_date=date_of(v, "issue_date"),
            issue_date_precision=_v(pr, "issue_date_precision", DatePrecision.DAY),
            requirements=_v(pr, "requirements"),
            organisation=_v(pr, "organisation"),
            recipients=_v(pr, "recipients"),
            status=_v(pr, "status", CampaignStatus.ACTIVE),
            start_date=_v(pr, "start_date"),
            end_date=_v(pr, "end_date"),
            period_label=_v(pr, "period_label", ""),
            legal_basis=_v(pr, "legal_basis"),
            purpose=_v(pr, "purpose"),
            content=_v(pr, "content"),
            signer_authority=_v(pr, "signer_authority", ""),
            signer_title=_v(pr, "signer_title", ""),
            signer_name=_v(pr, "signer_name", ""),
            note=_v(pr, "note"),
            organizer_level=_v(pr, "organizer_level"),
            organizing_scope=_v(pr, "organizing_scope"),
        )

    def themes(self) -> list[ThemeDef]:
        out = []
        for pr in self.rows("campaign_themes"):
            name = _v(pr, "name")
            if not name or pr.errors:
                continue
            if key(name) in self.theme_names:
                self.error("campaign_themes", pr, "name", _("Two themes have the same name."))
                continue
            self.theme_names[key(name)] = name
            out.append(ThemeDef(name, _v(pr, "content")))
        return out

    def theme(self, part: str, pr: ParsedRow) -> str | None:
        text = _v(pr, "theme")
        if not text:
            return None
        name = self.theme_names.get(key(text))
        if name is None:
            self.error(part, pr, "theme", _("No theme “{name}” on the themes sheet.").format(name=text))
        return name

    def authority_forms(self) -> list[AwardFormDef]:
        part = "campaign_authority_forms"
        out = []
        for pr in self.rows(part):
            if pr.errors:
                continue
            kind = self.form_code(part, pr, "kind_of", _v(pr, "kind_of", ""))
            if kind is None:
                continue
            code, name = _v(pr, "code", "").strip().upper(), _v(pr, "name", "")
            self.plan_forms[key(code)] = code
            self.plan_forms[key(name)] = code
            out.append(AwardFormDef(code, name, kind, _v(pr, "authority", ""), _v(pr, "short_name", "")))
        return out

    def phases(self) -> list[PhaseDef]:
        out = []
        for pr in self.rows("campaign_phases"):
            name = _v(pr, "name")
            if not name:
                continue
            if key(name) in self.phase_names:
                self.error("campaign_phases", pr, "name", _("Two phases have the same name."))
                continue
            self.phase_names[key(name)] = name
            out.append(PhaseDef(name, _v(pr, "start_date"), _v(pr, "end_date"), _v(pr, "description")))
        return out

    def milestones(self) -> list[tuple[ParsedRow, MilestoneDef]]:
        out = []
        for pr in self.rows("campaign_milestones"):
            if pr.errors:
                continue
            out.append(
                (
                    pr,
                    MilestoneDef(
                        kind=_v(pr, "kind"),
                        title=_v(pr, "title", ""),
                        due_date=_v(pr, "due_date"),
                        due_precision=_v(pr, "due_precision", DatePrecision.DAY),
                        when_text=_v(pr, "when_text", ""),
                        recurrence=_v(pr, "recurrence", Recurrence.NONE),
                        actor=_v(pr, "actor", ""),
                        phase=self.phase("campaign_milestones", pr),
                        done=_v(pr, "done", False),
                    ),
                )
            )
        return out

    def targets(self) -> list[tuple[ParsedRow, TargetDef]]:
        def dec(value: object) -> Decimal | None:
            return value if isinstance(value, Decimal) else None

        return [
            (
                pr,
                TargetDef(
                    description=_v(pr, "description", ""),
                    value=dec(pr.values.get("value")),
                    unit=_v(pr, "unit", ""),
                    comparator=_v(pr, "comparator", ">="),
                    target_year=_v(pr, "target_year"),
                    result_value=dec(pr.values.get("result_value")),
                    value_max=dec(pr.values.get("value_max")),
                    multiplier=_v(pr, "multiplier", ""),
                    theme=self.theme("campaign_targets", pr),
                ),
            )
            for pr in self.rows("campaign_targets")
            if not pr.errors
        ]

    def participants(self) -> list[tuple[ParsedRow, ParticipantDef]]:
        return [
            (
                pr,
                ParticipantDef(
                    subject_kind=_v(pr, "subject_kind"),
                    description=_v(pr, "description", ""),
                    unit_kind=self.kind_code("campaign_participants", pr),
                ),
            )
            for pr in self.rows("campaign_participants")
            if not pr.errors
        ]

    def criteria(self) -> list[tuple[ParsedRow, CriterionDef]]:
        """Flat (row, criterion) pairs with ``children`` filled in; the caller keeps the roots."""
        part = "campaign_criteria"
        flat: list[tuple[ParsedRow, CriterionDef, int]] = []  # row, criterion, level
        roots: list[CriterionDef] = []
        for pr in self.rows(part):
            if pr.errors:
                continue
            form_text = _v(pr, "award_form")
            item = CriterionDef(
                text=_v(pr, "text", ""),
                group=_v(pr, "group", ""),
                code=_v(pr, "code", ""),
                subject_kind=_v(pr, "subject_kind"),
                unit_kind=self.kind_code(part, pr),
                award_form=self.form_code(part, pr, "award_form", form_text) if form_text else None,
            )
            parent: CriterionDef | None = None
            level = _v(pr, "level")
            parent_code = _v(pr, "parent_code")
            if isinstance(level, int):
                depth = flat[-1][2] if flat else 0
                if not 1 <= level <= depth + 1:
                    self.error(
                        part,
                        pr,
                        "level",
                        _("Level {level} cannot follow a row of level {depth}.").format(
                            level=level, depth=depth
                        ),
                    )
                    continue
                parent = (
                    next((c for _r, c, lv in reversed(flat) if lv == level - 1), None) if level > 1 else None
                )
            elif parent_code:
                found = next(
                    ((c, lv) for _r, c, lv in reversed(flat) if key(c.code) == key(parent_code)), None
                )
                if found is None:
                    self.error(
                        part,
                        pr,
                        "parent_code",
                        _("No criterion with code “{code}” above this row.").format(code=parent_code),
                    )
                    continue
                parent, level = found[0], found[1] + 1
            else:
                level = 1
            (parent.children if parent else roots).append(item)
            flat.append((pr, item, level))
        self._criteria_roots = roots
        return [(pr, c) for pr, c, _lv in flat]

    def offered(self) -> list[tuple[ParsedRow, OfferedFormDef]]:
        part = "campaign_forms"
        out = []
        for pr in self.rows(part):
            if pr.errors:
                continue
            code = self.form_code(part, pr, "award_form", _v(pr, "award_form", ""))
            if code is None:
                continue
            out.append(
                (
                    pr,
                    OfferedFormDef(
                        award_form=code,
                        for_units=_v(pr, "for_units", True),
                        for_individuals=_v(pr, "for_individuals", True),
                        for_households=_v(pr, "for_households", False),
                        within_authority=_v(pr, "within_authority", False),
                        note=_v(pr, "note"),
                    ),
                )
            )
        return out

    def quotas(self) -> list[tuple[ParsedRow, QuotaDef]]:
        part = "campaign_quotas"
        out = []
        for pr in self.rows(part):
            if pr.errors:
                continue
            forms = [self.form_code(part, pr, "forms", t) for t in _v(pr, "forms", [])]
            base = [self.form_code(part, pr, "base_forms", t) for t in _v(pr, "base_forms", [])]
            if None in forms or None in base:
                continue
            out.append(
                (
                    pr,
                    QuotaDef(
                        label=_v(pr, "label", ""),
                        forms=[f for f in forms if f],
                        kind=_v(pr, "kind", QuotaKind.COUNT),
                        scope=_v(pr, "scope", QuotaScope.CAMPAIGN),
                        subject_kind=_v(pr, "subject_kind"),
                        unit_kind=self.kind_code(part, pr),
                        limit=_v(pr, "limit"),
                        ratio_percent=_v(pr, "ratio"),
                        base_forms=[b for b in base if b],
                        phase=self.phase(part, pr),
                        year=_v(pr, "year"),
                        note=_v(pr, "note"),
                        source=_v(pr, "source", ""),
                        priority=_v(pr, "priority"),
                    ),
                )
            )
        return out

    def build(self, plan_row: ParsedRow) -> CampaignDef:
        defn = self.plan(plan_row)
        defn.themes = self.themes()
        defn.award_forms = self.authority_forms()
        defn.phases = self.phases()
        parts: list[tuple[str, str, list[tuple[ParsedRow, Any]]]] = [
            ("campaign_milestones", "milestones", self.milestones()),
            ("campaign_targets", "targets", self.targets()),
            ("campaign_participants", "participants", self.participants()),
            ("campaign_criteria", "criteria", self.criteria()),
            ("campaign_forms", "offered_forms", self.offered()),
            ("campaign_quotas", "quotas", self.quotas()),
        ]
        for _part, attr, items in parts:
            setattr(defn, attr, [item for _pr, item in items])
        defn.criteria = self._criteria_roots
        # The service's own checks, first on the plan alone, then on each row with the plan's phases,
        # so a refusal is reported on the row that causes it.
        bare = replace(
            defn, milestones=[], targets=[], participants=[], criteria=[], offered_forms=[], quotas=[]
        )
        problems = field_problems(partial(validate_definition, bare))
        if problems:
            self.error("campaign_plan", plan_row, _plan_field(problems), next(iter(problems.values())))
        for part, attr, items in parts:
            for pr, item in items:
                if attr == "criteria":
                    continue  # criteria have no checks of their own
                only: dict[str, Any] = {attr: [item]}
                wrong = field_problems(partial(validate_definition, replace(bare, **only)))
                if wrong:
                    self.error(part, pr, None, next(iter(wrong.values())))
        return defn


def _plan_field(problems: dict[str, str]) -> str | None:
    name = next(iter(problems))
    return {"title": "title", "end": "end_date", "phases": None}.get(name)


def plan_campaign(session: Session, parse: CampaignParse, options: Options) -> ImportPlan:
    sheets = list(parse.parts.values())
    notes = [note for sheet in sheets for note in sheet.notes]
    plan_sheet = parse.parts.get("campaign_plan")
    if plan_sheet is None or not plan_sheet.rows:
        return ImportPlan(
            "campaign",
            parse.file,
            sheets,
            [],
            options.on_match,
            errors=list(parse.errors),
            campaign=parse,
            notes=notes,
        )
    pr = plan_sheet.rows[0]
    title = _v(pr, "title", "?")
    row = PlanRow(pr.sheet, pr.row_number, title, source=pr, choice=options.on_match, file=parse.file)
    builder = _Builder(session, parse, row)
    defn = builder.build(pr)
    index = CampaignIndex(session)
    for cid, entry in index.by_id.items():
        same_ref = (
            (entry.plan_number, key(entry.plan_symbol)) == (defn.plan_number, key(defn.plan_symbol))
            if defn.plan_symbol
            else key(entry.title) == key(defn.title)
        )
        if same_ref and key(entry.issuing_body) == key(defn.issuing_body):
            row.match_id, row.match_label = cid, index.label(cid)
            row.match_by = _("same plan number, symbol and issuing body")
            break
    row.job = CampaignJob(defn)
    ref = defn.plan_ref
    row.label = f"{ref} – {title}" if ref else title
    return ImportPlan(
        "campaign",
        parse.file,
        sheets,
        [row],
        options.on_match,
        errors=list(parse.errors),
        campaign=parse,
        notes=notes,
    )


@dataclass
class CampaignJob:
    definition: CampaignDef
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        if action is Action.CREATE:
            campaigns.create_campaign(ctx.session, self.definition)
            ctx.created += 1
        elif action is Action.UPDATE:
            assert self.row.match_id is not None
            if campaigns.get_definition(ctx.session, self.row.match_id) == self.definition:
                ctx.row_unchanged = True
                return
            campaigns.update_campaign(ctx.session, self.row.match_id, self.definition)
            ctx.updated += 1
