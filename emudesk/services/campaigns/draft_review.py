"""The clerk's review of a plan's draft (issue 17, item 3): the values to check, each tied to the
words of the plan it came from, and the clerk's corrections applied to the definition as typed.

Qt-free so the review screen stays thin: the screen lists ``review_items``, keeps what the clerk
types by ``path`` and, on accept, saves ``apply_review(draft, edits)`` with ``plans.create_campaign``.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum

from emudesk.domain.errors import ValidationError
from emudesk.i18n import _
from emudesk.services.campaigns.definition import CampaignDef, CriterionDef
from emudesk.services.campaigns.drafts import PlanDraft


class Kind(Enum):
    """How a value is typed; READ_ONLY: shown to check against the plan, not edited here."""

    TEXT = "text"
    WHOLE = "whole"
    NUMBER = "number"
    DATE = "date"
    READ_ONLY = "read_only"


@dataclass(frozen=True)
class ReviewItem:
    path: str
    label: str  # what the value is ("Quota: Bằng khen … – cá nhân")
    value: str  # as the definition holds it, written the way the clerk types it
    start: int
    end: int
    sure: bool
    kind: Kind
    kept: bool = True  # False: found, but the campaign has no place for it yet (an "unheld" note)


_SCALARS = {
    "title": (lambda: _("Title"), Kind.TEXT),
    "short_title": (lambda: _("Short title"), Kind.TEXT),
    "plan_number": (lambda: _("Plan number"), Kind.TEXT),
    "plan_symbol": (lambda: _("Plan symbol"), Kind.TEXT),
    "issuing_body": (lambda: _("Issuing body"), Kind.TEXT),
    "place": (lambda: _("Place"), Kind.TEXT),
    "issue_date": (lambda: _("Issued on"), Kind.DATE),
    "kind": (lambda: _("Kind"), Kind.READ_ONLY),
    "period_label": (lambda: _("Period"), Kind.TEXT),
    "purpose": (lambda: _("Purpose"), Kind.TEXT),
    "content": (lambda: _("Content"), Kind.TEXT),
    "signer_authority": (lambda: _("Signing authority"), Kind.TEXT),
    "signer_title": (lambda: _("Signer's title"), Kind.TEXT),
    "signer_name": (lambda: _("Signer's name"), Kind.TEXT),
}
_UNHELD = {
    "requirements": lambda: _("Requirements"),
    "organisation": lambda: _("Implementation"),
    "recipients": lambda: _("Recipients"),
}
_PATH = re.compile(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+)(?:\[(\d+)\])?)?$")
_DATE = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _date_text(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _number_text(v: Decimal | None) -> str:
    if v is None:
        return ""
    text = f"{v:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text).replace(".", ",")


def _legal_parts(defn: CampaignDef) -> list[str]:
    text = (defn.legal_basis or "").removesuffix(".")
    return text.split(";\n") if text else []


def _criterion(defn: CampaignDef, i: int, k: int | None) -> CriterionDef:
    c = defn.criteria[i]
    return c if k is None else c.children[k]


def review_items(draft: PlanDraft) -> list[ReviewItem]:
    """Every value the reader found, in the plan's order, with its current value in the draft."""
    d = draft.definition
    legal = _legal_parts(d)
    items: list[ReviewItem] = []
    for f in sorted(draft.fields, key=lambda x: (x.start, x.end)):
        m = _PATH.match(f.path)
        if not m:
            continue
        head, index, sub, sub_index = m.group(1), m.group(2), m.group(3), m.group(4)
        i = int(index) if index is not None else None
        kind, label, value, kept = Kind.READ_ONLY, f.path, f.value, True
        if head in _SCALARS and i is None:
            name, kind = _SCALARS[head]
            label = name()
            raw = getattr(d, head)
            value = (
                _date_text(raw)
                if kind is Kind.DATE
                else raw.label
                if isinstance(raw, Enum) and hasattr(raw, "label")
                else str(raw or "")
            )
        elif head in _UNHELD:
            label, kept = _UNHELD[head](), False
        elif i is None:
            continue
        elif head == "legal_basis" and i < len(legal):
            label, value, kind = _("Legal basis"), legal[i], Kind.TEXT
        elif head == "quotas" and i < len(d.quotas):
            q = d.quotas[i]
            label = _("Quota: {label}").format(label=q.label)
            value, kind = ("" if q.limit is None else str(q.limit)), Kind.WHOLE
        elif head == "milestones" and i < len(d.milestones):
            ms = d.milestones[i]
            label = _("Milestone: {title}").format(title=ms.title)
            value, kind = _date_text(ms.due_date), Kind.DATE
        elif head == "targets" and i < len(d.targets):
            t = d.targets[i]
            label = _("Target: {text}").format(text=t.description)
            value, kind = _number_text(t.value), Kind.NUMBER
        elif head == "participants" and i < len(d.participants):
            label, value, kind = _("Eligible subjects"), d.participants[i].description, Kind.TEXT
        elif head == "criteria" and i < len(d.criteria):
            k = int(sub_index) if sub == "children" and sub_index is not None else None
            label, value, kind = _("Criterion"), _criterion(d, i, k).text, Kind.TEXT
        elif head == "phases" and i < len(d.phases):
            label, value, kind = _("Phase"), d.phases[i].name, Kind.TEXT
        elif head == "offered_forms" and i < len(d.offered_forms):
            label, value = _("Award form offered"), d.offered_forms[i].note or d.offered_forms[i].award_form
        items.append(ReviewItem(f.path, label, value, f.start, f.end, f.sure, kind, kept))
    return items


def problem(item: ReviewItem, typed: str) -> str | None:
    """Why ``typed`` cannot be the value of ``item`` (None: it can)."""
    text = typed.strip()
    if item.kind is Kind.WHOLE and text and not text.isdigit():
        return _("Write a whole number.")
    if item.kind is Kind.NUMBER and text:
        try:
            Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            return _("Write a number, e.g. 12,5.")
    if item.kind is Kind.DATE and text:
        m = _DATE.match(text)
        try:
            if not m:
                raise ValueError(text)
            date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return _("Write the date as dd/mm/yyyy, e.g. 05/01/2026.")
    if item.kind is Kind.DATE and not text and item.path.startswith("milestones"):
        return _("A milestone needs a date.")
    return None


def apply_review(draft: PlanDraft, edits: dict[str, str]) -> CampaignDef:
    """The draft's definition with the clerk's values (by item path) in place, text as typed.

    Raises:
        ValidationError: a value that is not of its kind (a count that is not a whole number…).
    """
    d = copy.deepcopy(draft.definition)
    by_path = {it.path: it for it in review_items(draft)}
    legal = _legal_parts(d)
    for path, typed in edits.items():
        item = by_path.get(path)
        if item is None or item.kind is Kind.READ_ONLY or not item.kept:
            continue
        wrong = problem(item, typed)
        if wrong:
            raise ValidationError(f"{item.label}: {wrong}", fields={path: wrong})
        text = unicodedata.normalize("NFC", typed)
        m = _PATH.match(path)
        assert m is not None
        head, i = m.group(1), int(m.group(2)) if m.group(2) is not None else None
        if i is None:
            if item.kind is Kind.DATE:
                setattr(d, head, _parse_date(text))
            elif head in ("purpose", "content"):
                setattr(d, head, text or None)
            else:
                setattr(d, head, text)
        elif head == "legal_basis":
            legal[i] = text
            d.legal_basis = ";\n".join(legal) + "." if legal else None
        elif head == "quotas":
            d.quotas[i].limit = int(text) if text.strip() else None
        elif head == "milestones":
            due = _parse_date(text)
            assert due is not None
            d.milestones[i].due_date = due
        elif head == "targets":
            t = text.strip().replace(" ", "").replace(",", ".")
            d.targets[i].value = Decimal(t) if t else None
        elif head == "participants":
            d.participants[i].description = text
        elif head == "criteria":
            sub = int(m.group(4)) if m.group(3) == "children" and m.group(4) is not None else None
            _criterion(d, i, sub).text = text
        elif head == "phases":
            d.phases[i].name = text
    return d


def _parse_date(text: str) -> date | None:
    m = _DATE.match(text)
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None


def unheld_notes(draft: PlanDraft) -> list[str]:
    """What the reader found that the campaign cannot hold yet, one line each, for the clerk."""
    names = {
        "issue_date": _("Issue date as written"),
        "requirements": _("Requirements"),
        "organisation": _("Implementation"),
        "recipients": _("Recipients"),
        "undated_milestones": _("Milestones without a date (given the plan's date)"),
        "milestone_precision": _("Milestones dated only by month, quarter or year"),
        "target_ranges": _("Targets given as a range"),
        "target_multipliers": _("Targets in thousands, millions or billions"),
        "award_form_authorities": _("Award forms of a named authority"),
        "award_forms_same_kind": _("Award forms of the same kind counted once"),
    }
    lines = []
    for key, value in draft.unheld.items():
        if isinstance(value, dict):
            shown = "; ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            shown = "; ".join(str(v) for v in value)
        else:
            shown = str(value)
        if len(shown) > 160:
            shown = shown[:157] + "…"
        lines.append(f"{names.get(key, key)}: {shown}")
    return lines
