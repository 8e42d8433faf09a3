"""A campaign as the workbook a province sends its districts: the import template, filled in.

One sheet per part of the plan under the same headers ``parse_campaign`` reads,
with the template's drop-downs and help sheet, so the file read back gives the
same definition (``get_definition`` before and after are equal). Award forms and
kinds of unit are written by name, as the drop-downs offer them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import AwardForm, UnitKind
from emudesk.domain.errors import StorageError
from emudesk.domain.plan_values import DatePrecision, PartialDate, format_number
from emudesk.i18n import _
from emudesk.importer.cells import (
    CAMPAIGN_KIND_WORDS,
    CAMPAIGN_LEVEL_WORDS,
    CAMPAIGN_SCOPE_WORDS,
    CAMPAIGN_STATUS_WORDS,
    MILESTONE_WORDS,
    QUOTA_KIND_WORDS,
    QUOTA_SCOPE_WORDS,
    RECURRENCE_WORDS,
    SUBJECT_WORDS,
    YES_NO,
)
from emudesk.importer.headers import KindSpec
from emudesk.importer.kinds import CAMPAIGN, CAMPAIGN_PARTS
from emudesk.importer.report import put
from emudesk.importer.template import template_workbook
from emudesk.services.campaigns.definition import CampaignDef, CriterionDef
from emudesk.services.campaigns.plans import get_definition
from emudesk.services.register.choices import template_choices

Row = dict[str, object]


def _words(*tables: dict[str, Enum]) -> dict[Enum, str]:
    out: dict[Enum, str] = {}
    for table in tables:
        for word, member in table.items():
            out.setdefault(member, word)
    return out


_WORD = _words(
    CAMPAIGN_KIND_WORDS,  # type: ignore[arg-type]
    CAMPAIGN_STATUS_WORDS,  # type: ignore[arg-type]
    MILESTONE_WORDS,  # type: ignore[arg-type]
    RECURRENCE_WORDS,  # type: ignore[arg-type]
    QUOTA_KIND_WORDS,  # type: ignore[arg-type]
    QUOTA_SCOPE_WORDS,  # type: ignore[arg-type]
    SUBJECT_WORDS,  # type: ignore[arg-type]
)


def _first_word(words: dict[str, Any], member: Any) -> str | None:
    """The word a workbook writes for ``member`` (the first one listed for it), None for None."""
    if member is None:
        return None
    return next(word for word, m in words.items() if m is member)


_WRAP = Alignment(wrap_text=True, vertical="top")


def _yes_no(value: bool) -> str:
    return YES_NO[0] if value else YES_NO[1]


def _number(value: Decimal | None) -> int | float | str | None:
    """A number cell; a figure written with trailing zeros ("15,0") as the plan writes it, in a
    text cell, since a number cell keeps no decimals (the importer reads both)."""
    if value is None:
        return None
    written = value.as_tuple()
    if isinstance(written.exponent, int) and written.exponent < 0 and written.digits[-1] == 0:
        return format_number(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _percent(value: Decimal | None) -> str | None:
    """ "15%" as text: a bare 0.5 would read back as a fraction (50 %)."""
    if value is None:
        return None
    return format(value.normalize(), "f").replace(".", ",") + "%"


def _when(value: PartialDate | None) -> dt.date | str | None:
    """A day as a date cell; a month, quarter or year in the plan's words ("Quý I năm 2024")."""
    if value is None:
        return None
    return value.value if value.precision is DatePrecision.DAY else value.vietnamese()


class _Names:
    """Codes of the definition as the names the drop-downs offer (the code when a name would not
    read back as one item of a list)."""

    def __init__(self, session: Session) -> None:
        self.kinds = dict(session.execute(select(UnitKind.code, UnitKind.name)).all())
        self.forms = dict(session.execute(select(AwardForm.code, AwardForm.name)).all())
        counts: dict[str, int] = {}
        for name in self.forms.values():
            counts[name] = counts.get(name, 0) + 1
        self._shared = {n for n, c in counts.items() if c > 1}

    def kind(self, code: str | None) -> str | None:
        return self.kinds.get(code, code) if code else None

    def form(self, code: str | None) -> str | None:
        if not code:
            return None
        name = self.forms.get(code, code)
        if name in self._shared or ";" in name or " hoặc " in name.lower() or "\n" in name:
            return code
        return name

    def forms_list(self, codes: list[str]) -> str | None:
        return "; ".join(n for n in (self.form(c) for c in codes) if n) or None


def _criteria_rows(items: list[CriterionDef], names: _Names, level: int = 1) -> Iterator[Row]:
    for c in items:
        yield {
            "code": c.code or None,
            "group": c.group or None,
            "subject_kind": _WORD.get(c.subject_kind) if c.subject_kind else None,
            "unit_kind": names.kind(c.unit_kind),
            "award_form": names.form(c.award_form),
            "text": c.text,
            "level": level,
        }
        yield from _criteria_rows(c.children, names, level + 1)


def campaign_rows(defn: CampaignDef, names: _Names) -> dict[str, list[Row]]:
    """Each part's rows as field key -> cell value."""
    word = _WORD.get
    plan: Row = {
        "plan_ref": defn.plan_ref if (defn.plan_number or defn.plan_symbol) else None,
        "issuing_body": defn.issuing_body or None,
        "place": defn.place or None,
        "issue_date": _when(defn.issued),
        "title": defn.title,
        "short_title": defn.short_title or None,
        "kind": word(defn.kind),
        "start_date": defn.start_date,
        "end_date": defn.end_date,
        "period_label": defn.period_label or None,
        "legal_basis": defn.legal_basis,
        "purpose": defn.purpose,
        "content": defn.content,
        "signer_authority": defn.signer_authority or None,
        "signer_title": defn.signer_title or None,
        "signer_name": defn.signer_name or None,
        "note": defn.note,
        "status": word(defn.status),
        # Their own tables: "agency" is a member of both enums, which compare equal as strings.
        "organizer_level": _first_word(CAMPAIGN_LEVEL_WORDS, defn.organizer_level),
        "organizing_scope": _first_word(CAMPAIGN_SCOPE_WORDS, defn.organizing_scope),
        "requirements": defn.requirements,
        "organisation": defn.organisation,
        "recipients": defn.recipients,
    }
    if defn.plan_symbol and not defn.plan_number:
        plan["plan_ref"] = f"/{defn.plan_symbol}"  # a plan issued without a number: "Số: /KH-SNNPTNT"
    return {
        "campaign_plan": [plan],
        "campaign_themes": [{"name": t.name, "content": t.content} for t in defn.themes],
        "campaign_authority_forms": [
            {
                "code": f.code,
                "name": f.name,
                "kind_of": names.form(f.kind_of),
                "authority": f.authority or None,
                "short_name": f.short_name or None,
            }
            for f in defn.award_forms
        ],
        "campaign_phases": [
            {"name": p.name, "start_date": p.start_date, "end_date": p.end_date, "description": p.description}
            for p in defn.phases
        ],
        "campaign_milestones": [
            {
                "kind": word(m.kind),
                "title": m.title,
                "due_date": _when(m.due),
                "recurrence": word(m.recurrence),
                "actor": m.actor or None,
                "phase": m.phase,
                "when_text": m.when_text or None,
                "done": _yes_no(m.done),
            }
            for m in defn.milestones
        ],
        "campaign_targets": [
            {
                "description": t.description,
                "comparator": t.comparator,
                "value": _number(t.value),
                "unit": t.unit or None,
                "target_year": t.target_year,
                "result_value": _number(t.result_value),
                "value_max": _number(t.value_max),
                "multiplier": t.multiplier or None,
                "theme": t.theme,
            }
            for t in defn.targets
        ],
        "campaign_participants": [
            {
                "subject_kind": word(p.subject_kind),
                "unit_kind": names.kind(p.unit_kind),
                "description": p.description,
            }
            for p in defn.participants
        ],
        "campaign_criteria": list(_criteria_rows(defn.criteria, names)),
        "campaign_forms": [
            {
                "award_form": names.form(o.award_form),
                "for_units": _yes_no(o.for_units),
                "for_individuals": _yes_no(o.for_individuals),
                "for_households": _yes_no(o.for_households),
                "within_authority": _yes_no(o.within_authority),
                "note": o.note,
            }
            for o in defn.offered_forms
        ],
        "campaign_quotas": [
            {
                "label": q.label,
                "forms": names.forms_list(q.forms),
                "kind": word(q.kind),
                "subject_kind": word(q.subject_kind) if q.subject_kind else None,
                "unit_kind": names.kind(q.unit_kind),
                "scope": word(q.scope),
                "limit": q.limit,
                "ratio": _percent(q.ratio_percent),
                "base_forms": names.forms_list(q.base_forms),
                "phase": q.phase,
                "year": q.year,
                "source": q.source or None,
                "note": q.note,
                "priority": q.priority,
            }
            for q in defn.quotas
        ],
    }


def _fill(ws: Worksheet, spec: KindSpec, rows: list[Row]) -> None:
    columns = {f.key: i + 1 for i, f in enumerate(spec.fields)}
    for r, row in enumerate(rows, start=2):
        for name, value in row.items():
            if value is None:
                continue
            put(ws, r, columns[name], value)
            if isinstance(value, str) and "\n" in value:
                ws.cell(row=r, column=columns[name]).alignment = _WRAP


def write_campaign_workbook(
    session: Session,
    campaign_id: int,
    path: str | Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> Path:
    """Write campaign ``campaign_id`` as a campaign workbook at ``path`` (.xlsx)."""
    return write_definition_workbook(session, get_definition(session, campaign_id), path, progress=progress)


def write_definition_workbook(
    session: Session,
    defn: CampaignDef,
    path: str | Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> Path:
    """Write a definition (a saved campaign's, or a draft read from a plan) as a campaign workbook;
    the session only lends the catalogue's names."""
    path = Path(path)
    names = _Names(session)
    rows = campaign_rows(defn, names)
    wb = template_workbook(CAMPAIGN, choices=template_choices(session), rows=200)
    for i, spec in enumerate(CAMPAIGN_PARTS):
        if progress is not None:
            progress(i, len(CAMPAIGN_PARTS), spec.sheet_name)
        _fill(wb[spec.sheet_name], spec, rows[spec.key])
    try:
        wb.save(path)
    except OSError as exc:
        raise StorageError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    return path


# For callers that want today's date in the file name.
def default_file_name(defn: CampaignDef) -> str:
    ref = (defn.plan_ref or defn.short_title or defn.title).replace("/", "-").strip("-")
    return f"{ref or 'phong-trao'}-{dt.date.today():%Y%m%d}.xlsx"
