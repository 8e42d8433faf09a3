"""A campaign (phong trào thi đua) as one portable definition: the whole plan in plain values.

A definition names award forms and kinds of unit by their stable codes, not by
database ids, so a province can send it to its districts (campaign workbook,
exchange files) and the seed plans can ship as JSON.

The JSON form (resources/seeds/*.json, ``campaign draft --json``) is the dataclasses below
with enums by value, decimals as strings and these conventions; every key is optional
except ``title`` and ``kind`` (and each nested item's first field). Older files stay valid.

Dates: ``issue_date`` and a milestone's ``due_date`` take a partial date "2024-01-15" (day),
"2024-01" (month), "2024-Q1" (quarter) or "2024" (year); Vietnamese forms ("tháng 01 năm
2024", "Quý I/2024", "năm 2025") are read too. A partial date stands for its period's last
day, so "Quý I năm 2024" is a deadline of 31/03/2024; the precision is kept
(``issue_date_precision``/``due_precision``, never written to JSON: the date's form carries it).
``start_date``/``end_date`` and phase dates are full ISO dates.

Campaign keys added for issue 17 (all text, optional): ``requirements`` (Yêu cầu),
``organisation`` (Tổ chức thực hiện), ``recipients`` (Nơi nhận, one recipient a line).

``milestones[]``: ``due_date`` may be omitted or null for a step the plan does not date;
``when_text`` keeps the plan's words ("Trước ngày 01/12 hằng năm").

``themes[]`` (chuyên đề): ``{"name", "content"}``; a target belongs to one with ``"theme": name``.

``targets[]``: ``value`` alone or ``value``..``value_max`` for a range ("3–3,5 %" is value "3",
value_max "3.5", unit "%"); ``multiplier`` "nghìn", "triệu" or "tỷ" ("580 nghìn m³" is value
"580", multiplier "nghìn", unit "m³"); ``comparator`` is ">=", ">", "<=", "<", "=" or the
plan's word ("trên", "không dưới", "≥", "đạt"), stored as the symbol; ``unit`` is free text.

``award_forms[]``: forms of a named authority the plan offers, added to the catalogue when
missing: ``{"code", "name", "kind_of", "authority", "short_name"}`` where ``kind_of`` is the
code of the legal kind it is (BK_BO for "Bằng khen của Bộ trưởng Bộ Nông nghiệp và PTNT"):
quotas, rules and statistics treat it as that kind. Offered forms, criteria and quotas may
then name ``code`` like any catalogue form.

``quotas[]``: ``priority`` is a note ("ưu tiên các tập thể nhỏ") shown on every nomination the
quota concerns.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from emudesk.domain.enums import (
    CampaignKind,
    CampaignStatus,
    MilestoneKind,
    QuotaKind,
    QuotaScope,
    Recurrence,
    SubjectKind,
)
from emudesk.domain.errors import ValidationError
from emudesk.domain.plan_values import (
    COMPARATORS,
    COMPARISON_WORDS,
    MULTIPLIERS,
    DatePrecision,
    PartialDate,
    TargetAmount,
    parse_partial_date,
)
from emudesk.domain.statistics import CampaignLevel, CampaignScope
from emudesk.i18n import _
from emudesk.services.core.common import check_period, required


@dataclass
class PhaseDef:
    name: str
    start_date: date | None = None
    end_date: date | None = None
    description: str | None = None


@dataclass
class MilestoneDef:
    kind: MilestoneKind
    title: str
    due_date: date | None = None  # None: the plan gives no date
    when_text: str = ""
    recurrence: Recurrence = Recurrence.NONE
    actor: str = ""
    phase: str | None = None  # a PhaseDef name
    done: bool = False
    due_precision: DatePrecision = DatePrecision.DAY

    @property
    def due(self) -> PartialDate | None:
        return None if self.due_date is None else PartialDate(self.due_date, self.due_precision)

    @due.setter
    def due(self, value: PartialDate | None) -> None:
        self.due_date = value.value if value else None
        self.due_precision = value.precision if value else DatePrecision.DAY


@dataclass
class ThemeDef:
    """A chuyên đề: a part of the campaign with its own content (and targets naming it)."""

    name: str
    content: str | None = None


@dataclass
class TargetDef:
    description: str
    value: Decimal | None = None
    unit: str = ""
    comparator: str = ">="
    target_year: int | None = None
    result_value: Decimal | None = None
    value_max: Decimal | None = None  # upper end of a range ("3–3,5 %")
    multiplier: str = ""  # "nghìn", "triệu", "tỷ"
    theme: str | None = None  # a ThemeDef name

    @property
    def amount(self) -> TargetAmount:
        return TargetAmount(self.value, self.value_max, self.multiplier, self.comparator, self.unit)


@dataclass
class AwardFormDef:
    """An award form of a named authority, a catalogue entry of a legal kind (``kind_of``)."""

    code: str
    name: str
    kind_of: str  # AwardForm code of the legal kind
    authority: str = ""
    short_name: str = ""


@dataclass
class ParticipantDef:
    subject_kind: SubjectKind
    description: str
    unit_kind: str | None = None  # UnitKind code


@dataclass
class CriterionDef:
    text: str
    group: str = ""
    code: str = ""
    subject_kind: SubjectKind | None = None
    unit_kind: str | None = None
    award_form: str | None = None  # AwardForm code
    children: list[CriterionDef] = field(default_factory=list)


@dataclass
class OfferedFormDef:
    award_form: str  # AwardForm code
    for_units: bool = True
    for_individuals: bool = True
    for_households: bool = False
    within_authority: bool = False
    note: str | None = None


@dataclass
class QuotaDef:
    label: str
    # AwardForm codes counted together; none on a priority note (a JSON round trip drops the empty list).
    forms: list[str] = field(default_factory=list)
    kind: QuotaKind = QuotaKind.COUNT
    scope: QuotaScope = QuotaScope.CAMPAIGN
    subject_kind: SubjectKind | None = None
    unit_kind: str | None = None
    limit: int | None = None
    ratio_percent: Decimal | None = None
    base_forms: list[str] = field(default_factory=list)
    phase: str | None = None
    year: int | None = None
    note: str | None = None
    source: str = ""
    priority: str | None = None  # "ưu tiên các tập thể nhỏ", shown on the nominations concerned


@dataclass
class CampaignDef:
    """Everything a plan defines, in plain values."""

    title: str
    kind: CampaignKind
    short_title: str = ""
    plan_number: str = ""
    plan_symbol: str = ""
    issuing_body: str = ""
    place: str = ""
    issue_date: date | None = None
    status: CampaignStatus = CampaignStatus.ACTIVE
    start_date: date | None = None
    end_date: date | None = None
    period_label: str = ""
    # TT 02/2023 Biểu 0601; None: as the issuing body and the title suggest.
    organizer_level: CampaignLevel | None = None
    organizing_scope: CampaignScope | None = None
    legal_basis: str | None = None
    purpose: str | None = None
    content: str | None = None
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    note: str | None = None
    requirements: str | None = None  # Yêu cầu
    organisation: str | None = None  # Tổ chức thực hiện
    recipients: str | None = None  # Nơi nhận
    issue_date_precision: DatePrecision = DatePrecision.DAY
    themes: list[ThemeDef] = field(default_factory=list)
    award_forms: list[AwardFormDef] = field(default_factory=list)
    phases: list[PhaseDef] = field(default_factory=list)
    milestones: list[MilestoneDef] = field(default_factory=list)
    targets: list[TargetDef] = field(default_factory=list)
    participants: list[ParticipantDef] = field(default_factory=list)
    criteria: list[CriterionDef] = field(default_factory=list)
    offered_forms: list[OfferedFormDef] = field(default_factory=list)
    quotas: list[QuotaDef] = field(default_factory=list)

    @property
    def issued(self) -> PartialDate | None:
        return None if self.issue_date is None else PartialDate(self.issue_date, self.issue_date_precision)

    @property
    def plan_ref(self) -> str:
        if not self.plan_symbol:
            return self.plan_number
        return f"{self.plan_number}/{self.plan_symbol}"


# --- JSON (seed plans, exchange) -------------------------------------------------------------

_NESTED: dict[str, type] = {
    "phases": PhaseDef,
    "milestones": MilestoneDef,
    "targets": TargetDef,
    "participants": ParticipantDef,
    "criteria": CriterionDef,
    "children": CriterionDef,
    "offered_forms": OfferedFormDef,
    "quotas": QuotaDef,
    "themes": ThemeDef,
    "award_forms": AwardFormDef,
}
_ENUMS: dict[str, type] = {
    "kind": object,  # resolved per class below
    "status": CampaignStatus,
    "recurrence": Recurrence,
    "subject_kind": SubjectKind,
    "scope": QuotaScope,
    "organizer_level": CampaignLevel,
    "organizing_scope": CampaignScope,
}
_KIND_ENUM = {CampaignDef: CampaignKind, MilestoneDef: MilestoneKind, QuotaDef: QuotaKind}
_DATES = {"start_date", "end_date"}
_PARTIAL_DATES = {"issue_date": "issue_date_precision", "due_date": "due_precision"}
_DECIMALS = {"value", "result_value", "ratio_percent", "value_max"}
_COMPARATOR_OF = dict(COMPARISON_WORDS) | {"đạt": ">="}
_PRECISIONS = set(_PARTIAL_DATES.values())


def _build(cls: type, data: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValidationError(
            _("Unknown fields in campaign definition: {names}").format(names=", ".join(sorted(unknown)))
        )
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key in _NESTED and isinstance(value, list):
            kwargs[key] = [_build(_NESTED[key], item) for item in value]
        elif value is None:
            kwargs[key] = None
        elif key == "kind":
            kwargs[key] = _KIND_ENUM[cls](value)
        elif key in _ENUMS:
            kwargs[key] = _ENUMS[key](value)
        elif key in _PARTIAL_DATES:
            when = parse_partial_date(str(value))
            kwargs[key] = when.value
            kwargs[_PARTIAL_DATES[key]] = when.precision
        elif key in _PRECISIONS:
            raise ValueError(f"{key} is given by the form of the date")
        elif key == "comparator":
            kwargs[key] = _COMPARATOR_OF.get(str(value).strip().lower(), value)
        elif key in _DATES:
            kwargs[key] = date.fromisoformat(value)
        elif key in _DECIMALS:
            kwargs[key] = Decimal(str(value))
        else:
            kwargs[key] = value
    return cls(**kwargs)


def definition_from_dict(data: dict[str, Any]) -> CampaignDef:
    try:
        result: CampaignDef = _build(CampaignDef, data)
    except (TypeError, ValueError, InvalidOperation) as exc:
        raise ValidationError(_("The campaign definition is not valid: {reason}").format(reason=exc)) from exc
    return result


def definition_to_dict(defn: CampaignDef) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v not in (None, [], "")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if hasattr(value, "value") and isinstance(value.value, str):
            return value.value
        return value

    out: dict[str, Any] = clean(asdict(defn))
    # A partial date is written in its own form ("2024-Q1"); the precision is not a key.
    if defn.issued is not None:
        out["issue_date"] = defn.issued.iso()
    out.pop("issue_date_precision", None)
    for m_out, m in zip(out.get("milestones", []), defn.milestones, strict=True):
        m_out.pop("due_precision", None)
        if m.due is not None:
            m_out["due_date"] = m.due.iso()
    out.setdefault("title", defn.title)
    out.setdefault("kind", defn.kind.value)
    return out


def load_definition(path: Path) -> CampaignDef:
    return definition_from_dict(json.loads(path.read_text(encoding="utf-8")))


def walk_criteria(criteria: list[CriterionDef]) -> list[CriterionDef]:
    """Every criterion of a plan, parents before their children."""
    out: list[CriterionDef] = []
    for c in criteria:
        out.append(c)
        out.extend(walk_criteria(c.children))
    return out


def validate_definition(defn: CampaignDef) -> None:
    """The checks of a plan that need no database (saving also checks codes against the catalogue)."""
    required(defn.title, "title", _("Title"))
    check_period(defn.start_date, defn.end_date)
    names = [p.name for p in defn.phases]
    if len(set(names)) != len(names):
        raise ValidationError(_("Two phases have the same name."), fields={"phases": _("Duplicate name")})
    for p in defn.phases:
        required(p.name, "phases", _("Phase name"))
        check_period(p.start_date, p.end_date, "phases")
    for m in defn.milestones:
        required(m.title, "milestones", _("Milestone"))
        if m.phase is not None and m.phase not in names:
            raise ValidationError(_("Milestone “{title}” refers to an unknown phase.").format(title=m.title))
    for q in defn.quotas:
        required(q.label, "quotas", _("Quota label"))
        if q.kind is not QuotaKind.PRIORITY and not q.forms:
            raise ValidationError(
                _("Quota “{label}” must count at least one award form.").format(label=q.label)
            )
        if q.kind is QuotaKind.COUNT and (q.limit is None or q.limit < 0):
            raise ValidationError(_("Quota “{label}” needs a limit of 0 or more.").format(label=q.label))
        if q.kind is QuotaKind.RATIO and (
            q.ratio_percent is None or not 0 < q.ratio_percent <= 100 or not q.base_forms
        ):
            raise ValidationError(
                _("Ratio quota “{label}” needs a percentage (0–100) and the forms it is a share of.").format(
                    label=q.label
                )
            )
        if q.unit_kind and q.subject_kind not in (None, SubjectKind.UNIT):
            raise ValidationError(
                _("Quota “{label}”: a kind of unit only applies to collectives.").format(label=q.label)
            )
        if q.phase is not None and q.phase not in names:
            raise ValidationError(_("Quota “{label}” refers to an unknown phase.").format(label=q.label))
    themes = [t.name for t in defn.themes]
    if len(set(themes)) != len(themes):
        raise ValidationError(_("Two themes have the same name."), fields={"themes": _("Duplicate name")})
    for th in defn.themes:
        required(th.name, "themes", _("Theme name"))
    for t in defn.targets:
        required(t.description, "targets", _("Target"))
        if t.comparator not in COMPARATORS:
            raise ValidationError(_("Unknown comparison “{c}”.").format(c=t.comparator))
        if t.value_max is not None and (t.value is None or t.value_max < t.value):
            raise ValidationError(
                _("Target “{target}”: the range must run from a smaller to a larger value.").format(
                    target=t.description
                ),
                fields={"targets": _("Range")},
            )
        if t.multiplier and t.multiplier not in MULTIPLIERS:
            raise ValidationError(_("Unknown multiplier “{m}”.").format(m=t.multiplier))
        if t.theme is not None and t.theme not in themes:
            raise ValidationError(
                _("Target “{target}” refers to an unknown theme.").format(target=t.description)
            )
    codes = [f.code for f in defn.award_forms]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Two award forms of the plan have the same code."))
    for f in defn.award_forms:
        required(f.code, "award_forms", _("Code"))
        required(f.name, "award_forms", _("Award form"))
        required(f.kind_of, "award_forms", _("Kind of award"))
        if f.kind_of in codes:
            raise ValidationError(
                _("Award form “{name}” must be of a catalogue kind, not of another form of the plan.").format(
                    name=f.name
                )
            )
