"""A campaign (phong trào thi đua) as one portable definition: the whole plan in plain values.

A definition names award forms and kinds of unit by their stable codes, not by
database ids, so a province can send it to its districts (campaign workbook,
exchange files) and the seed plans can ship as JSON.
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
    due_date: date
    when_text: str = ""
    recurrence: Recurrence = Recurrence.NONE
    actor: str = ""
    phase: str | None = None  # a PhaseDef name
    done: bool = False


@dataclass
class TargetDef:
    description: str
    value: Decimal | None = None
    unit: str = ""
    comparator: str = ">="
    target_year: int | None = None
    result_value: Decimal | None = None


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
    phases: list[PhaseDef] = field(default_factory=list)
    milestones: list[MilestoneDef] = field(default_factory=list)
    targets: list[TargetDef] = field(default_factory=list)
    participants: list[ParticipantDef] = field(default_factory=list)
    criteria: list[CriterionDef] = field(default_factory=list)
    offered_forms: list[OfferedFormDef] = field(default_factory=list)
    quotas: list[QuotaDef] = field(default_factory=list)

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
_DATES = {"issue_date", "start_date", "end_date", "due_date"}
_DECIMALS = {"value", "result_value", "ratio_percent"}


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
    for t in defn.targets:
        required(t.description, "targets", _("Target"))
        if t.comparator not in {">=", ">", "<=", "<", "="}:
            raise ValidationError(_("Unknown comparison “{c}”.").format(c=t.comparator))
