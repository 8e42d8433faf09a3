"""The TT 02/2023/TT-BNV forms as cited data: rows, codes, columns, form numbers, position keywords.

The official text of the circular was not available (docs/statistics.md), so none of this is a
constant: emudesk ships ``resources/statistics/tt_02_2023_bnv.json`` (each part with its source
and whether it was confirmed) and an office may load its own corrected copy. This module only
reads and checks such a document; it does no I/O.

A row's ``key`` says what fills it: for 0601–0603 a count the register can make (``total``,
``kind:unit``, a recipient category, an award method, a campaign scope...); ``entered`` for a
figure the office enters for the period (``emudesk statistics set``); ``sum`` for the sum of the
rows listed in ``of``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from emudesk.domain.enums import CampaignKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.statistics import AwardMethod, CampaignScope, Duration, RecipientCategory
from emudesk.domain.text import fold, nfc, text_problem
from emudesk.i18n import _

FORM_CODES = ("0601", "0602", "0603", "0604", "0605")
ENTERED = "entered"
SUM = "sum"
# A form has a few dozen lines and a source a paragraph: far more is a wrong or hostile file.
_ITEMS_MAX = 300
_TEXT_MAX = 2_000

_AWARD_KEYS = (
    {"total", "kind:unit", "kind:household", "kind:individual"}
    | {c.value for c in RecipientCategory}
    | {m.value for m in AwardMethod}
)
# What each form can count from the register (besides entered figures and sums).
COUNTED_KEYS: dict[str, frozenset[str]] = {
    "0601": frozenset(
        {"total"}
        | {s.value for s in CampaignScope}
        | {d.value for d in Duration}
        | {k.value for k in CampaignKind}
    ),
    "0602": frozenset(_AWARD_KEYS | {"submitter:ministry", "submitter:province"}),
    "0603": frozenset(_AWARD_KEYS),
    "0604": frozenset(),
    "0605": frozenset(),
}


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    unit: str
    key: str
    of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    heading: str
    rows: tuple[Row, ...]
    adds_up_to: str = ""  # the code of the row its entered lines must add up to ("" = no check)


@dataclass(frozen=True)
class AwardColumn:
    """A 0603 column: the ministry/province award forms whose names start with one of ``names_start``."""

    key: str
    title: str
    names_start: tuple[str, ...]

    def takes(self, form_name: str) -> bool:
        text = fold(form_name).strip()
        return any(text.startswith(fold(s)) for s in self.names_start)


@dataclass(frozen=True)
class FormLayout:
    code: str
    title: str
    unit: str
    blocks: tuple[Block, ...]
    columns: tuple[AwardColumn, ...]
    confirmed: bool
    source: str

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for b in self.blocks for r in b.rows)

    @property
    def entered(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.key == ENTERED)


@dataclass(frozen=True)
class PositionRules:
    rules: tuple[tuple[tuple[str, ...], RecipientCategory], ...]  # folded positions -> category
    confirmed: bool
    source: str


@dataclass(frozen=True)
class Layout:
    code: str
    short_name: str
    issued_on: date | None
    source: str
    year_number: str  # "{form}.N/BNV-TĐKT"
    half_number: str
    number_confirmed: bool
    number_source: str
    forms: Mapping[str, FormLayout]
    positions: PositionRules

    def form_number(self, form: str, half: int | None) -> str:
        return (self.year_number if half is None else self.half_number).replace("{form}", form)


def check_form(form: str) -> None:
    if form not in FORM_CODES:
        raise ValidationError(
            _("Unknown statistics form “{form}”; choose {forms}.").format(
                form=form, forms=", ".join(FORM_CODES)
            )
        )


def _refuse(where: str, what: str) -> ValidationError:
    return ValidationError(
        _("The statistics layout is not valid at {where}: {what}.").format(where=where, what=what)
    )


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _refuse(f"{where}.{key}", _("a text is needed"))
    problem = text_problem(value, max_length=_TEXT_MAX)
    if problem:
        raise _refuse(f"{where}.{key}", problem.rstrip("."))
    return nfc(value)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _refuse(where, _("an object is needed"))
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise _refuse(where, _("a non-empty list is needed"))
    if len(value) > _ITEMS_MAX:
        raise _refuse(where, _("more than {n} items").format(n=_ITEMS_MAX))
    return value


def _form(code: str, data: Mapping[str, Any]) -> FormLayout:
    where = f"forms.{code}"
    blocks: list[Block] = []
    codes: set[str] = set()
    for i, raw in enumerate(_list(data.get("blocks"), f"{where}.blocks")):
        bwhere = f"{where}.blocks[{i}]"
        block = _mapping(raw, bwhere)
        rows: list[Row] = []
        for j, raw_row in enumerate(_list(block.get("rows"), f"{bwhere}.rows")):
            rwhere = f"{bwhere}.rows[{j}]"
            row = _mapping(raw_row, rwhere)
            row_code = _text(row, "code", rwhere)
            if row_code in codes:
                raise _refuse(rwhere, _("the code {code} is used twice").format(code=row_code))
            codes.add(row_code)
            key = _text(row, "key", rwhere)
            if key not in (ENTERED, SUM) and key not in COUNTED_KEYS[code]:
                raise _refuse(f"{rwhere}.key", _("“{key}” is nothing this form can count").format(key=key))
            of = row.get("of", [])
            if key == SUM and (not isinstance(of, list) or not of or not all(isinstance(c, str) for c in of)):
                raise _refuse(f"{rwhere}.of", _("a sum needs the codes of the rows it adds"))
            rows.append(
                Row(
                    row_code,
                    _text(row, "label", rwhere),
                    _text(row, "unit", rwhere, required=False),
                    key,
                    tuple(of) if key == SUM else (),
                )
            )
        adds = block.get("adds_up_to", "")
        if not isinstance(adds, str):
            raise _refuse(f"{bwhere}.adds_up_to", _("a text is needed"))
        blocks.append(Block(_text(block, "heading", bwhere, required=False), tuple(rows), adds))
    for line in (r for b in blocks for r in b.rows):
        missing = [c for c in line.of if c not in codes]
        if missing:
            raise _refuse(f"{where}.{line.code}.of", _("no row has the code {code}").format(code=missing[0]))
    for done in blocks:
        if done.adds_up_to and done.adds_up_to not in codes:
            raise _refuse(f"{where}.adds_up_to", _("no row has the code {code}").format(code=done.adds_up_to))
    columns: list[AwardColumn] = []
    if code == "0603":
        for k, raw in enumerate(_list(data.get("columns"), f"{where}.columns")):
            cwhere = f"{where}.columns[{k}]"
            column = _mapping(raw, cwhere)
            starts = column.get("names_start")
            if (
                not isinstance(starts, list)
                or not starts
                or not all(isinstance(s, str) and s for s in starts)
            ):
                raise _refuse(f"{cwhere}.names_start", _("a non-empty list is needed"))
            columns.append(
                AwardColumn(_text(column, "key", cwhere), _text(column, "title", cwhere), tuple(starts))
            )
    return FormLayout(
        code,
        _text(data, "title", where),
        _text(data, "unit", where, required=False),
        tuple(blocks),
        tuple(columns),
        bool(data.get("confirmed", False)),
        _text(data, "source", where),
    )


def _positions(data: Mapping[str, Any]) -> PositionRules:
    rules = []
    for i, raw in enumerate(_list(data.get("rules"), "position_rules.rules")):
        where = f"position_rules.rules[{i}]"
        rule = _mapping(raw, where)
        category = RecipientCategory.parse(str(rule.get("category", "")))
        if category is None:
            raise _refuse(f"{where}.category", _("not a recipient category"))
        words = rule.get("positions")
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(w, str) and w.strip() for w in words)
        ):
            raise _refuse(f"{where}.positions", _("a non-empty list is needed"))
        rules.append((tuple(fold(w).strip() for w in words), RecipientCategory(category)))
    return PositionRules(
        tuple(rules), bool(data.get("confirmed", False)), _text(data, "source", "position_rules")
    )


def parse_layout(data: Any) -> Layout:
    """The layout a JSON document describes; raises ValidationError naming the first bad place."""
    root = _mapping(data, "/")
    forms = _mapping(root.get("forms"), "forms")
    missing = [f for f in FORM_CODES if f not in forms]
    if missing:
        raise _refuse("forms", _("form {form} is missing").format(form=missing[0]))
    number = _mapping(root.get("form_number"), "form_number")
    year_number = _text(number, "year", "form_number")
    half_number = _text(number, "half", "form_number")
    issued = root.get("issued_on")
    try:
        issued_on = date.fromisoformat(issued) if isinstance(issued, str) and issued else None
    except ValueError:
        raise _refuse("issued_on", _("a date YYYY-MM-DD is needed")) from None
    return Layout(
        code=_text(root, "code", "/"),
        short_name=_text(root, "short_name", "/"),
        issued_on=issued_on,
        source=_text(root, "source", "/"),
        year_number=year_number,
        half_number=half_number,
        number_confirmed=bool(number.get("confirmed", False)),
        number_source=_text(number, "source", "form_number"),
        forms={code: _form(code, _mapping(forms[code], f"forms.{code}")) for code in FORM_CODES},
        positions=_positions(_mapping(root.get("position_rules"), "position_rules")),
    )
