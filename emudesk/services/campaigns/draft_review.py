"""The clerk's review of a plan's draft (issue 17, item 3): the values to check, each tied to the
words of the plan it came from, and the clerk's corrections applied to the definition as typed.

Qt-free so the review screen stays thin: the screen lists ``review_items``, keeps what the clerk
types by ``path`` and, on accept, saves ``apply_review(draft, edits)`` with ``plans.create_campaign``.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from emudesk.domain.enums import CampaignKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.plan_values import DatePrecision, PartialDate, parse_partial_date
from emudesk.i18n import _
from emudesk.services.campaigns.definition import CampaignDef, CriterionDef
from emudesk.services.campaigns.drafts import PlanDraft


class Kind(Enum):
    """How a value is typed; READ_ONLY: shown to check against the plan, not edited here."""

    TEXT = "text"
    WHOLE = "whole"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"  # one of ``ReviewItem.choices``
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
    # A CHOICE's options: (stored value, as shown); ``value`` is the one shown.
    choices: tuple[tuple[str, str], ...] = ()

    def chosen(self, typed: str) -> str | None:
        """The stored value of what the clerk picked or typed (its shown text or its code)."""
        text = unicodedata.normalize("NFC", typed).strip()
        for stored, shown in self.choices:
            if text.casefold() in (shown.casefold(), stored.casefold()):
                return stored
        return None


_SCALARS = {
    "title": (lambda: _("Title"), Kind.TEXT),
    "short_title": (lambda: _("Short title"), Kind.TEXT),
    "plan_number": (lambda: _("Plan number"), Kind.TEXT),
    "plan_symbol": (lambda: _("Plan symbol"), Kind.TEXT),
    "issuing_body": (lambda: _("Issuing body"), Kind.TEXT),
    "place": (lambda: _("Place"), Kind.TEXT),
    "issue_date": (lambda: _("Issued on"), Kind.DATE),
    "kind": (lambda: _("Kind"), Kind.CHOICE),
    "period_label": (lambda: _("Period"), Kind.TEXT),
    "purpose": (lambda: _("Purpose"), Kind.TEXT),
    "content": (lambda: _("Content"), Kind.TEXT),
    "signer_authority": (lambda: _("Signing authority"), Kind.TEXT),
    "signer_title": (lambda: _("Signer's title"), Kind.TEXT),
    "signer_name": (lambda: _("Signer's name"), Kind.TEXT),
    "requirements": (lambda: _("Requirements"), Kind.TEXT),
    "organisation": (lambda: _("Implementation"), Kind.TEXT),
}
_PATH = re.compile(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+)(?:\[(\d+)\])?)?$")
_RANGE = re.compile(r"\s*([^–—]+?)\s*[–—]\s*(.+?)\s*$")


def _date_text(d: PartialDate | None) -> str:
    """As the plan dates it: "22/06/2023", "01/2024", "Quý I/2024", "2025"."""
    return d.short() if d else ""


def _partial(text: str) -> PartialDate | None:
    return parse_partial_date(text) if text.strip() else None


def _range_text(low: Decimal | None, high: Decimal | None) -> str:
    return _number_text(low) + ("–" + _number_text(high) if high is not None else "")


def _range(text: str) -> tuple[Decimal | None, Decimal | None]:
    """ "14,5" or a range "3–3,5" (an en dash: "-" would read as a sign)."""
    m = _RANGE.match(text)
    low, high = (m.group(1), m.group(2)) if m else (text, "")

    def number(t: str) -> Decimal | None:
        t = t.strip().replace(" ", "").replace(",", ".")
        return Decimal(t) if t else None

    return number(low), number(high)


def _recipients(defn: CampaignDef) -> list[str]:
    return defn.recipients.split("\n") if defn.recipients else []


def _number_text(v: Decimal | None) -> str:
    """As the plan writes it: "3,5", "15,0" (its decimals kept), "1500"."""
    return "" if v is None else f"{v:f}".replace(".", ",")


def _legal_parts(defn: CampaignDef) -> list[str]:
    text = (defn.legal_basis or "").removesuffix(".")
    return text.split(";\n") if text else []


def _criterion(defn: CampaignDef, i: int, k: int | None) -> CriterionDef:
    c = defn.criteria[i]
    return c if k is None else c.children[k]


def _form_choices(draft: PlanDraft, catalogue: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The legal kinds a form may be: the catalogue's (code, name), else those the draft names."""
    if catalogue:
        return tuple(catalogue)
    d = draft.definition
    named = {f.code for f in d.award_forms}
    codes = [f.kind_of for f in d.award_forms] + [
        o.award_form for o in d.offered_forms if o.award_form not in named
    ]
    return tuple((c, c) for c in dict.fromkeys(codes))


def review_items(draft: PlanDraft, catalogue: Sequence[tuple[str, str]] = ()) -> list[ReviewItem]:
    """Every value the reader found, in the plan's order, with its current value in the draft.

    ``catalogue``: the legal award forms (code, name) a form may be chosen from (the window reads
    the database's); without it, the kinds the draft itself names.
    """
    d = draft.definition
    legal = _legal_parts(d)
    kinds = _form_choices(draft, catalogue)
    shown_kind = dict(kinds)
    items: list[ReviewItem] = []
    for f in sorted(draft.fields, key=lambda x: (x.start, x.end)):
        m = _PATH.match(f.path)
        if not m:
            continue
        head, index, sub, sub_index = m.group(1), m.group(2), m.group(3), m.group(4)
        i = int(index) if index is not None else None
        kind, label, value, kept = Kind.READ_ONLY, f.path, f.value, True
        choices: tuple[tuple[str, str], ...] = ()
        if head == "kind" and i is None:
            label, kind, value = _("Kind"), Kind.CHOICE, d.kind.label
            choices = tuple((k.value, k.label) for k in CampaignKind)
        elif head in _SCALARS and i is None:
            name, kind = _SCALARS[head]
            label = name()
            raw = d.issued if head == "issue_date" else getattr(d, head)
            value = (
                _date_text(raw)
                if kind is Kind.DATE
                else raw.label
                if isinstance(raw, Enum) and hasattr(raw, "label")
                else str(raw or "")
            )
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
            value, kind = _date_text(ms.due), Kind.DATE
        elif head == "targets" and i < len(d.targets):
            t = d.targets[i]
            label = _("Target: {text}").format(text=t.description)
            value, kind = _range_text(t.value, t.value_max), Kind.NUMBER
        elif head == "recipients" and i < len(_recipients(d)):
            label, value, kind = _("Recipients"), _recipients(d)[i], Kind.TEXT
        elif head == "award_forms" and i < len(d.award_forms):
            # Two values: the form's name as the plan writes it, and the legal kind it counts as.
            af = d.award_forms[i]
            items.append(
                ReviewItem(
                    f"{f.path}.name",
                    _("Award form of a named authority"),
                    af.name,
                    f.start,
                    f.end,
                    f.sure,
                    Kind.TEXT,
                )
            )
            path = f"{f.path}.kind_of"
            label, value, kind = (
                _("Counted as (legal kind)"),
                shown_kind.get(af.kind_of, af.kind_of),
                Kind.CHOICE,
            )
            choices = kinds
            items.append(ReviewItem(path, label, value, f.start, f.end, f.sure, kind, kept, choices))
            continue
        elif head == "participants" and i < len(d.participants):
            label, value, kind = _("Eligible subjects"), d.participants[i].description, Kind.TEXT
        elif head == "criteria" and i < len(d.criteria):
            k = int(sub_index) if sub == "children" and sub_index is not None else None
            label, value, kind = _("Criterion"), _criterion(d, i, k).text, Kind.TEXT
        elif head == "themes" and i < len(d.themes):
            label, value, kind = _("Theme (chuyên đề)"), d.themes[i].name, Kind.TEXT
        elif head == "phases" and i < len(d.phases):
            label, value, kind = _("Phase"), d.phases[i].name, Kind.TEXT
        elif head == "offered_forms" and i < len(d.offered_forms):
            # One of the catalogue's forms, or a form of a named authority the plan adds.
            o = d.offered_forms[i]
            choices = tuple((af.code, af.name) for af in d.award_forms) + kinds
            shown = dict(choices)
            label, kind = _("Award form offered"), Kind.CHOICE
            value = o.note if o.note and o.award_form in shown else shown.get(o.award_form, o.award_form)
            if o.note and o.award_form in shown and shown[o.award_form] != o.note:
                choices = ((o.award_form, o.note), *((c, n) for c, n in choices if c != o.award_form))
        items.append(ReviewItem(f.path, label, value, f.start, f.end, f.sure, kind, kept, choices))
    return items


def problem(item: ReviewItem, typed: str) -> str | None:
    """Why ``typed`` cannot be the value of ``item`` (None: it can)."""
    text = typed.strip()
    if item.kind is Kind.WHOLE and text and not text.isdigit():
        return _("Write a whole number.")
    if item.kind is Kind.NUMBER and text:
        try:
            low, high = _range(text)
        except InvalidOperation:
            return _("Write a number, e.g. 12,5.")
        if low is None or (high is not None and high < low):
            return _("Write a number, e.g. 12,5.")
    if item.kind is Kind.CHOICE and item.chosen(text) is None:
        return _("Choose one of the list.")
    if item.kind is Kind.DATE and text:
        # A plan may date to a month, quarter or year ("01/2024", "Quý I/2024", "2025").
        try:
            parse_partial_date(text)
        except ValueError:
            return _("Write the date as dd/mm/yyyy, e.g. 05/01/2026.")
    return None


def _replace_form(d: CampaignDef, old: str, new: str) -> None:
    """A form the clerk changed, wherever the draft names it (quotas, criteria)."""
    for q in d.quotas:
        q.forms = [new if c == old else c for c in q.forms]

    def walk(cs: list[CriterionDef]) -> None:
        for c in cs:
            if c.award_form == old:
                c.award_form = new
            walk(c.children)

    walk(d.criteria)


def apply_review(
    draft: PlanDraft, edits: dict[str, str], catalogue: Sequence[tuple[str, str]] = ()
) -> CampaignDef:
    """The draft's definition with the clerk's values (by item path) in place, text as typed.

    Raises:
        ValidationError: a value that is not of its kind (a count that is not a whole number…).
    """
    d = copy.deepcopy(draft.definition)
    by_path = {it.path: it for it in review_items(draft, catalogue)}
    legal = _legal_parts(d)
    recipients = _recipients(d)
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
        if item.kind is Kind.CHOICE:
            stored = item.chosen(text)
            assert stored is not None  # problem() refused anything else
            if head == "kind":
                d.kind = CampaignKind(stored)
            elif head == "award_forms" and i is not None:
                d.award_forms[i].kind_of = stored
            elif head == "offered_forms" and i is not None:
                o = d.offered_forms[i]
                if stored != o.award_form or text.strip() != (o.note or ""):
                    _replace_form(d, o.award_form, stored)
                    o.award_form, o.note = stored, next(n for c, n in item.choices if c == stored)
            continue
        if i is None:
            if head == "issue_date":
                issued = _partial(text)
                d.issue_date = issued.value if issued else None
                d.issue_date_precision = issued.precision if issued else DatePrecision.DAY
            elif head in ("purpose", "content", "requirements", "organisation"):
                setattr(d, head, text or None)
            else:
                setattr(d, head, text)
        elif head == "legal_basis":
            legal[i] = text
            d.legal_basis = ";\n".join(legal) + "." if legal else None
        elif head == "quotas":
            d.quotas[i].limit = int(text) if text.strip() else None
        elif head == "milestones":
            d.milestones[i].due = _partial(text)  # emptied: a step the plan does not date
        elif head == "targets":
            d.targets[i].value, d.targets[i].value_max = _range(text)
        elif head == "recipients":
            recipients[i] = text
            d.recipients = "\n".join(r for r in recipients if r.strip()) or None
        elif head == "participants":
            d.participants[i].description = text
        elif head == "criteria":
            sub = int(m.group(4)) if m.group(3) == "children" and m.group(4) is not None else None
            _criterion(d, i, sub).text = text
        elif head == "award_forms" and m.group(3) == "name":
            d.award_forms[i].name = text
            for o in d.offered_forms:  # the offer of that form says it as the plan does
                if o.award_form == d.award_forms[i].code:
                    o.note = text
        elif head == "phases":
            d.phases[i].name = text
        elif head == "themes":
            # The theme's targets follow its new name.
            old_name, d.themes[i].name = d.themes[i].name, text
            for t in d.targets:
                if t.theme == old_name:
                    t.theme = text
    return d


def unheld_notes(draft: PlanDraft) -> list[str]:
    """What the reader found that the campaign has no field for, one line each, for the clerk."""
    names = {"award_forms_same_kind": _("Award forms of the same kind counted once")}
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
