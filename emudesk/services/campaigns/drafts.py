"""A plan's file or text read into a campaign draft the clerk reviews (issue 17, item 2).

The draft is a ``CampaignDef`` in today's format plus, for the review screen, every value with the
span of the words it came from and whether the reader is sure; and what it found that the
definition has no field for (``unheld``). Nothing here writes to the database: a draft becomes a
campaign only when the clerk accepts it (``plans.create_campaign``).
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from emudesk import paths
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
from emudesk.domain.plan_reading.extract import Found, FoundCriterion, PlanReading, named_authority, read_plan
from emudesk.domain.plan_reading.layout import unwrap
from emudesk.domain.plan_reading.ocr import Lexicon, Repair, repair
from emudesk.domain.plan_reading.when import PartialDate
from emudesk.domain.plan_values import MULTIPLIERS, DatePrecision
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.importer.plan_file import Progress, check_cancel, read_plan_file
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
    definition_to_dict,
    validate_definition,
)


@dataclass(frozen=True)
class DraftField:
    """One value of the draft for the review screen: ``path`` names it in the definition
    ("quotas[1].limit"), ``start``..``end`` are the words of the plan it came from."""

    path: str
    value: str
    start: int
    end: int
    sure: bool


@dataclass
class PlanDraft:
    text: str  # the plan's text as the spans refer to it (after OCR repair)
    definition: CampaignDef
    fields: list[DraftField] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)  # spans in the text as read
    ocr: bool = False
    source_format: str = "text"
    unheld: dict[str, Any] = field(default_factory=dict)  # found, but the definition has no field for it
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return definition_to_dict(self.definition)


@cache
def plan_lexicon() -> Lexicon:
    """The vocabulary OCR repair trusts: the seed plans and the domain's phrases."""
    texts: list[str] = []
    res = paths.resources_dir()
    for p in sorted((res / "seeds").glob("*.json")):
        texts.extend(_strings(json.loads(p.read_text(encoding="utf-8"))))
    words = res / "lexicon" / "domain-phrases.txt"
    if words.exists():
        texts.extend(ln for ln in words.read_text(encoding="utf-8").splitlines() if not ln.startswith("#"))
    return Lexicon.from_texts(texts)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def looks_damaged(text: str, lexicon: Lexicon) -> bool:
    """Whether a text reads like an OCR copy: many words unknown to the vocabulary while a word
    differing only in marks is known."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    if len(words) < 50:
        return False
    damaged = sum(1 for w in words if not lexicon.words[w] and lexicon.candidates(w))
    return damaged / len(words) > 0.05


def draft_from_file(
    path: Path,
    *,
    repair_ocr: bool | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PlanDraft:
    """Read the plan at ``path`` (.docx, .pdf, .txt, .md) into a draft.

    Raises:
        PlanReadCancelledError: ``cancel`` was set (between OCR pages, or before the reading).
    """
    plan = read_plan_file(path, progress=progress, cancel=cancel)
    check_cancel(cancel)
    draft = draft_from_text(plan.text, repair_ocr=plan.ocr if repair_ocr is None and plan.ocr else repair_ocr)
    check_cancel(cancel)
    draft.ocr = plan.ocr
    draft.source_format = plan.source_format
    return draft


def draft_from_text(text: str, *, repair_ocr: bool | None = None) -> PlanDraft:
    """``repair_ocr``: True repairs, False not, None when the text looks like an OCR copy."""
    lexicon = plan_lexicon()
    # Marks that compose with no letter (OCR's stray accents: "dã̂n") would hide the word from every rule.
    text = "".join(c for c in unicodedata.normalize("NFC", text) if not unicodedata.combining(c))
    repairs: list[Repair] = []
    if repair_ocr or (repair_ocr is None and looks_damaged(text, lexicon)):
        text, repairs = repair(text, lexicon)
    reading = read_plan(unwrap(text))
    draft = _draft(reading)
    draft.repairs = repairs
    if repairs:
        draft.warnings.append(
            _("{n} words damaged by OCR were repaired; check the values marked unsure.").format(
                n=len(repairs)
            )
        )
    return draft


# --- reading -> definition --------------------------------------------------------------------


class _Fields:
    def __init__(self) -> None:
        self.items: list[DraftField] = []

    def add(self, path: str, found: Found | None, shown: Any = None, *, sure: bool | None = None) -> None:
        if found is None:
            return
        value = found.value if shown is None else shown
        self.items.append(
            DraftField(path, str(value), found.start, found.end, found.sure if sure is None else sure)
        )


def _day(p: PartialDate | None, default_year: int | None = None) -> date | None:
    return p.last_day(default_year) if p else None


def _precision(p: PartialDate) -> DatePrecision:
    # A yearly step ("hằng năm") falls on a day each year; its words say which.
    return DatePrecision.DAY if p.recurring else DatePrecision(p.precision)


def _authority_code(kind: str, authority: str, taken: set[str]) -> str:
    """A stable catalogue code for a named authority's form: the kind's code and the body's
    initials ("BK_BO" + "Bộ trưởng Bộ Nông nghiệp và PTNT" -> "BK_BO_BTBNNVPTNT")."""
    # Initials, acronyms whole ("PTNT", "UBND").
    words = [
        fold(w).upper() if w.isupper() and len(w) > 1 else fold(w)[:1].upper() for w in authority.split()
    ]
    letters = "".join(w for w in words if w.isalnum())
    base = f"{kind}_{letters}"[:36]
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def _draft(r: PlanReading) -> PlanDraft:
    f = _Fields()
    unheld: dict[str, Any] = {}
    warnings: list[str] = []
    issue: date | None = None
    if r.issue_date:
        pd: PartialDate = r.issue_date.value
        issue = pd.last_day()
        f.add("issue_date", r.issue_date, pd.iso(), sure=r.issue_date.sure and pd.precision == "day")
    first, last = r.period.value if r.period else (None, None)
    title = r.title.value if r.title else ""
    name = r.name.value if r.name else ""
    label = (f"{first}-{last}" if first != last else f"Năm {first}") if first else ""
    defn = CampaignDef(
        title=title,
        kind=CampaignKind(r.kind.value) if r.kind else CampaignKind.THEMATIC,
        short_title=f"{name} {label}".strip() if name else "",
        plan_number=r.plan_number.value if r.plan_number else "",
        plan_symbol=r.plan_symbol.value if r.plan_symbol else "",
        issuing_body=r.issuing_body.value if r.issuing_body else "",
        place=r.place.value if r.place else "",
        issue_date=issue,
        issue_date_precision=_precision(r.issue_date.value) if r.issue_date and issue else DatePrecision.DAY,
        status=CampaignStatus.DRAFT,
        start_date=date(first, 1, 1) if first else None,
        end_date=date(last, 12, 31) if last else None,
        period_label=label,
        legal_basis=";\n".join(b.value.rstrip(";. ") for b in r.legal_basis) + "." if r.legal_basis else None,
        purpose=r.purpose.value if r.purpose else None,
        content=r.content.value if r.content else None,
        signer_authority=r.signer_authority.value if r.signer_authority else "",
        signer_title=r.signer_title.value if r.signer_title else "",
        signer_name=r.signer_name.value if r.signer_name else "",
        requirements=r.requirements.value if r.requirements else None,
        organisation=r.organisation.value if r.organisation else None,
        recipients="\n".join(x.value for x in r.recipients) or None,
    )
    for key in ("title", "plan_number", "plan_symbol", "issuing_body", "place", "purpose", "content"):
        f.add(key, getattr(r, key))
    f.add("short_title", r.name, defn.short_title, sure=False)
    f.add("kind", r.kind)
    f.add("period_label", r.period, label)
    for i, b in enumerate(r.legal_basis):
        f.add(f"legal_basis[{i}]", b)
    for key in ("signer_authority", "signer_title", "signer_name"):
        f.add(key, getattr(r, key))
    f.add("requirements", r.requirements)
    f.add("organisation", r.organisation)
    for i, x in enumerate(r.recipients):
        f.add(f"recipients[{i}]", x)

    for p in r.phases:
        i = len(defn.phases)
        defn.phases.append(
            PhaseDef(
                p.name.value,
                date(p.first_year, 1, 1) if p.first_year else None,
                date(p.last_year, 12, 31) if p.last_year else None,
                p.description or None,
            )
        )
        f.add(f"phases[{i}].name", p.name)

    for m in r.milestones:
        i = len(defn.milestones)
        # A step the plan does not date stays undated (None), never given an invented day.
        due = _day(m.when, first)
        defn.milestones.append(
            MilestoneDef(
                MilestoneKind(m.kind),
                m.title.value,
                due,
                when_text=m.when_text[0].upper() + m.when_text[1:] if m.when_text else "",
                recurrence=Recurrence.YEARLY if m.when and m.when.recurring else Recurrence.NONE,
                phase=m.phase,
                due_precision=_precision(m.when) if m.when and due else DatePrecision.DAY,
            )
        )
        f.add(
            f"milestones[{i}]",
            m.title,
            f"{m.kind}: {m.when_text or '?'}",
            sure=m.title.sure and due is not None,
        )

    # In date order, as a saved campaign lists them; undated steps last, in the plan's order.
    order = sorted(range(len(defn.milestones)), key=lambda k: defn.milestones[k].due_date or date.max)
    defn.milestones = [defn.milestones[k] for k in order]
    moved = {f"milestones[{old}]": f"milestones[{new}]" for new, old in enumerate(order)}
    f.items = [replace(x, path=moved.get(x.path, x.path)) for x in f.items]

    for th in r.themes:
        i = len(defn.themes)
        defn.themes.append(ThemeDef(th.name.value, th.content.value if th.content else None))
        f.add(f"themes[{i}]", th.name)

    def theme_of(pos: int) -> str | None:
        # A target written in a chuyên đề's part is that theme's target.
        return next((th.name.value for th in r.themes if th.start <= pos < th.end), None)

    for t in r.targets:
        i = len(defn.targets)
        try:
            value = Decimal(t.value)
        except InvalidOperation:
            value = None
        try:
            high = Decimal(t.value_high) if t.value_high and value is not None else None
        except InvalidOperation:
            high = None
        head, _sp, rest = t.unit.partition(" ")
        multiplier, unit = (head, rest.strip()) if head in MULTIPLIERS else ("", t.unit)
        defn.targets.append(
            TargetDef(
                t.description.value,
                value,
                unit,
                t.comparator,
                t.target_year,
                value_max=high,
                multiplier=multiplier,
                theme=theme_of(t.description.start),
            )
        )
        f.add(f"targets[{i}]", t.description, defn.targets[-1].amount.text(), sure=t.value_high is None)

    for pa in r.participants:
        i = len(defn.participants)
        defn.participants.append(
            ParticipantDef(SubjectKind(pa.subject_kind), pa.description.value, pa.unit_kind)
        )
        f.add(f"participants[{i}]", pa.description, f"{pa.subject_kind}/{pa.unit_kind or ''}")

    def criterion(c: FoundCriterion) -> CriterionDef:
        return CriterionDef(
            c.text.value,
            group=c.group,
            code=c.code,
            subject_kind=SubjectKind(c.subject_kind) if c.subject_kind else None,
            unit_kind=c.unit_kind if c.subject_kind in (None, "unit") else None,
            award_form=c.award_form,
            children=[criterion(x) for x in c.children],
        )

    for c in r.criteria:
        i = len(defn.criteria)
        defn.criteria.append(criterion(c))
        f.add(f"criteria[{i}]", c.text)
        for k, child in enumerate(c.children):
            f.add(f"criteria[{i}].children[{k}]", child.text)

    for a in r.award_forms:
        i = len(defn.offered_forms)
        code = a.code
        if named_authority(a.code, a.authority):
            # A catalogue entry of its own that keeps its legal kind (quotas over the kind count it).
            taken = {x.code for x in defn.award_forms}
            code = _authority_code(a.code, a.authority, taken)
            defn.award_forms.append(AwardFormDef(code, a.name.value, a.code, a.authority))
            f.add(f"award_forms[{len(defn.award_forms) - 1}]", a.name, f"{code} ({a.code})")
        if any(o.award_form == code for o in defn.offered_forms):
            unheld.setdefault("award_forms_same_kind", []).append(a.name.value)
            continue
        defn.offered_forms.append(
            OfferedFormDef(
                code,
                for_units=a.for_units,
                for_individuals=a.for_individuals,
                for_households=a.for_households,
                within_authority=a.within_authority,
                note=a.name.value,
            )
        )
        f.add(f"offered_forms[{i}]", a.name, code)

    for q in r.quotas:
        i = len(defn.quotas)
        defn.quotas.append(
            QuotaDef(
                q.label,
                q.forms,
                kind=QuotaKind(q.kind),
                scope=QuotaScope.PROPOSING_UNIT if q.per_unit else QuotaScope.CAMPAIGN,
                subject_kind=SubjectKind(q.subject_kind) if q.subject_kind else None,
                unit_kind=q.unit_kind if q.subject_kind in (None, "unit") else None,
                limit=q.limit,
                note=q.source.value,
                source=_("Plan text"),
            )
        )
        f.add(f"quotas[{i}]", q.source, f"{'/'.join(q.forms)} ≤ {q.limit} {q.subject_kind or ''}")

    if not defn.title:
        warnings.append(_("No title found: the plan's “KẾ HOẠCH” line was not recognised."))
    try:
        validate_definition(defn)
    except ValidationError as exc:
        warnings.append(str(exc))
    return PlanDraft(r.text, defn, f.items, unheld=unheld, warnings=warnings)
