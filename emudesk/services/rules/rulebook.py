"""Rule sets and rules: loading them as typed domain objects, listing, editing and importing.

Staff add a province's or a sector's rules, or a new version of a decree, as
data: every write is validated by the typed rule kinds and the award
catalogue, and an edited rule gets a new version number so council records
keep naming the exact rule they applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from emudesk.db.models import AwardForm, RuleSet
from emudesk.db.models import Rule as RuleRow
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.rules import (
    Jurisdiction,
    Rule,
    RuleKind,
    RuleSetInfo,
    dump_params,
    fmt,
    parse_params,
    resolve_one,
)
from emudesk.domain.rules.kinds import Composition, HistoryStreak, Prerequisite, QuotaRule
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.core.rights import requires
from emudesk.services.register.choices import AwardFormRow, award_form_row
from emudesk.services.rules import schema

_CACHE_KEY = "emudesk.rulebook"


# The award form as the engine and the council see it: the same record the pickers use.
FormInfo = AwardFormRow


@dataclass(frozen=True)
class RuleBook:
    """Every rule and award form of a database, loaded once per session.

    Attributes:
        problems: rules skipped because their stored parameters are not valid any more.
    """

    rules: tuple[Rule, ...]
    sets: tuple[RuleSetInfo, ...]
    forms: dict[str, FormInfo]
    forms_by_id: dict[int, FormInfo]
    problems: tuple[str, ...] = ()

    def form(self, code: str) -> FormInfo:
        found = self.forms.get(code.strip().upper())
        if found is None:
            raise ValidationError(
                _("Unknown award form code “{code}” (see: emudesk list award-forms).").format(code=code),
                fields={"award_form": _("Unknown code")},
            )
        return found

    @property
    def names(self) -> dict[str, str]:
        return {code: f.name for code, f in self.forms.items()}

    def legal_code(self, form_id: int) -> str:
        """The code history counts a form as: its legal kind's for a form of a named authority
        (an earlier "Bằng khen của Bộ trưởng Bộ NN&PTNT" is a BK_BO), else its own."""
        form = self.forms_by_id[form_id]
        kind = self.forms_by_id.get(form.kind_of_id) if form.kind_of_id is not None else None
        return (kind or form).code

    def ids_counted_as(self, codes: Iterable[str]) -> list[int]:
        """The ids of the forms ``codes`` and of every named authority's form of those kinds."""
        kinds = {self.forms[c].id for c in codes if c in self.forms}
        return sorted(f.id for f in self.forms_by_id.values() if f.id in kinds or f.kind_of_id in kinds)


# Rule books of the databases open in this process, by URL, with the stamp they were read at.
_SHARED: dict[str, tuple[tuple[Any, ...], RuleBook]] = {}


def stamp_columns() -> list[Any]:
    """The stamp's columns, for a caller to read along with its own rows (see ``prime``)."""
    parts = []
    for model in (RuleRow, RuleSet, AwardForm):
        parts.append(select(func.count(model.id)).scalar_subquery())
        parts.append(select(func.max(model.updated_at)).scalar_subquery())
    return parts


def _stamp(session: Session) -> tuple[Any, ...]:
    """Changes whenever a rule, a rule set or an award form is added, edited or deleted."""
    return tuple(session.execute(select(*stamp_columns())).one())


def prime(session: Session, stamp: Sequence[Any]) -> None:
    """Use the book kept for this database if ``stamp`` (``stamp_columns`` read in this
    transaction) says it is current, saving ``load`` its own query."""
    if isinstance(session.info.get(_CACHE_KEY), RuleBook):
        return
    key = session.get_bind().engine.url.render_as_string(hide_password=False)
    shared = _SHARED.get(key)
    if shared is not None and shared[0] == tuple(stamp):
        session.info[_CACHE_KEY] = shared[1]


def load(session: Session) -> RuleBook:
    """The rule book of this session.

    Reading and parsing every rule costs more than a whole eligibility check, so the book is kept
    per database and reused while a one-row stamp (counts and last edits of rules, rule sets and
    award forms) is unchanged; edits through this module refresh it at once.
    """
    cached = session.info.get(_CACHE_KEY)
    if isinstance(cached, RuleBook):
        return cached
    bind = session.get_bind()
    key = bind.engine.url.render_as_string(hide_password=False)
    stamp = _stamp(session)
    shared = _SHARED.get(key)
    if shared is not None and shared[0] == stamp:
        session.info[_CACHE_KEY] = shared[1]
        return shared[1]
    book = _read(session)
    _SHARED[key] = (stamp, book)
    session.info[_CACHE_KEY] = book
    return book


def _read(session: Session) -> RuleBook:
    forms = {f.code: award_form_row(f) for f in session.scalars(select(AwardForm))}
    sets: dict[int, RuleSetInfo] = {}
    for rs in session.scalars(select(RuleSet).order_by(RuleSet.id)):
        sets[rs.id] = _set_info(rs)
    rules: list[Rule] = []
    problems: list[str] = []
    for row in session.scalars(select(RuleRow).order_by(RuleRow.rule_set_id, RuleRow.position, RuleRow.id)):
        try:
            rules.append(_rule(row, sets[row.rule_set_id]))
        except ValidationError as exc:
            problems.append(
                _("Rule {code} of {set} is skipped: {problem}").format(
                    code=row.code, set=sets[row.rule_set_id].short_name, problem=exc.message
                )
            )
    return RuleBook(
        tuple(rules), tuple(sets.values()), forms, {f.id: f for f in forms.values()}, tuple(problems)
    )


def forget(session: Session) -> None:
    """Let the next ``prime`` or ``load`` of this session decide afresh (its reads were stale)."""
    session.info.pop(_CACHE_KEY, None)


def invalidate(session: Session) -> None:
    session.info.pop(_CACHE_KEY, None)
    bind = session.get_bind()
    _SHARED.pop(bind.engine.url.render_as_string(hide_password=False), None)


def _set_info(rs: RuleSet) -> RuleSetInfo:
    return RuleSetInfo(
        id=rs.id,
        code=rs.code,
        name=rs.name,
        short_name=rs.short_name,
        jurisdiction=rs.jurisdiction,
        jurisdiction_name=rs.jurisdiction_name,
        effective_from=rs.effective_from,
        effective_to=rs.effective_to,
        active=rs.active,
    )


def _rule(row: RuleRow, info: RuleSetInfo) -> Rule:
    kind = RuleKind(row.kind)
    return Rule(
        id=row.id,
        code=row.code,
        kind=kind,
        params=parse_params(kind, row.params),
        rule_set=info,
        award_codes=frozenset(row.award_codes or ()),
        subject_kinds=frozenset(SubjectKind(k) for k in row.subject_kinds or ()),
        article=row.article,
        text=row.text,
        any_of=row.any_of,
        confirmed=row.confirmed,
        active=row.active,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        version=row.version,
        position=row.position,
    )


def vote_rule(session: Session, award_code: str, kind: SubjectKind, on: date) -> Rule | None:
    """The vote threshold rule for an award on a day, or None when no vote threshold applies."""
    return resolve_one(load(session).rules, on, RuleKind.VOTE_THRESHOLD, award_code, kind)


def rule_by_kind(session: Session, kind: RuleKind, on: date) -> Rule | None:
    """The rule of a kind that is not tied to a form (quorum, cash reward) in force on a day."""
    return resolve_one(load(session).rules, on, kind)


# --- listing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSetRow:
    id: int
    code: str
    name: str
    short_name: str
    jurisdiction: Jurisdiction
    jurisdiction_name: str
    effective_from: date | None
    effective_to: date | None
    active: bool
    source: str
    note: str
    rules: int
    unconfirmed: int

    def status(self, on: date) -> str:
        if not self.active:
            return _("not applied here")
        if self.effective_to is not None and self.effective_to < on:
            return _("expired")
        if self.effective_from is not None and self.effective_from > on:
            return _("not yet in force")
        return _("in force")


def rule_sets(session: Session) -> list[RuleSetRow]:
    counts = {
        set_id: (int(total), int(unconfirmed or 0))
        for set_id, total, unconfirmed in session.execute(
            select(
                RuleRow.rule_set_id,
                func.count(),
                func.sum(case((RuleRow.confirmed.is_(False), 1), else_=0)),
            ).group_by(RuleRow.rule_set_id)
        )
    }
    out = []
    for rs in session.scalars(
        select(RuleSet).order_by(RuleSet.effective_from.desc().nulls_last(), RuleSet.id)
    ):
        total, unconfirmed = counts.get(rs.id, (0, 0))
        out.append(
            RuleSetRow(
                rs.id,
                rs.code,
                rs.name,
                rs.short_name,
                rs.jurisdiction,
                rs.jurisdiction_name,
                rs.effective_from,
                rs.effective_to,
                rs.active,
                rs.source,
                rs.note or "",
                total,
                unconfirmed,
            )
        )
    return out


def list_rows(session: Session) -> list[dict[str, Any]]:
    """Rows for ``emudesk list rules``: each rule set with its source, dates and state today."""
    today = date.today()
    return [
        {
            "id": r.id,
            "name": r.short_name,
            "code": r.code,
            "title": r.name,
            "jurisdiction": r.jurisdiction.label
            + (
                f" ({r.jurisdiction_name})"
                if r.jurisdiction_name and r.jurisdiction is not Jurisdiction.NATIONAL
                else ""
            ),
            "effective_from": r.effective_from.isoformat() if r.effective_from else None,
            "effective_to": r.effective_to.isoformat() if r.effective_to else None,
            "status": r.status(today),
            "rules": r.rules,
            "unconfirmed": r.unconfirmed,
            "source": r.source,
            "note": r.note,
        }
        for r in rule_sets(session)
    ]


def rules_of(session: Session, set_code: str) -> list[dict[str, Any]]:
    """Every rule of a set, as stored, with its citation."""
    rs = session.scalar(select(RuleSet).where(RuleSet.code == set_code.strip().upper()))
    if rs is None:
        raise NotFoundError(
            _("There is no rule set “{code}” (see: emudesk list rules).").format(code=set_code)
        )
    info = _set_info(rs)
    out = []
    for row in rs.rules:
        try:
            citation = _rule(row, info).citation
        except ValidationError:
            citation = rs.short_name
        out.append(
            {
                "id": row.id,
                "code": row.code,
                "kind": RuleKind(row.kind).label,
                "kind_code": row.kind.value,
                "awards": ", ".join(row.award_codes) or _("all"),
                "subjects": ", ".join(SubjectKind(k).label.lower() for k in row.subject_kinds) or _("all"),
                "text": row.text,
                "params": row.params,
                "any_of": row.any_of,
                "citation": citation,
                "confirmed": row.confirmed,
                "active": row.active,
                "version": row.version,
                "note": row.note,
            }
        )
    return out


# --- editing ------------------------------------------------------------------------------------


@dataclass
class RuleSetInput:
    code: str
    name: str
    short_name: str
    jurisdiction: Jurisdiction
    jurisdiction_name: str = ""
    issued_on: date | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    active: bool = True
    source: str = ""
    note: str | None = None


@dataclass
class RuleInput:
    """A rule as staff enter it; ``params`` is checked against the typed kind."""

    code: str
    kind: RuleKind
    params: dict[str, Any]
    award_codes: list[str] = field(default_factory=list)
    subject_kinds: list[SubjectKind] = field(default_factory=list)
    article: str = ""
    text: str = ""
    any_of: str | None = None
    confirmed: bool = True
    active: bool = True
    effective_from: date | None = None
    effective_to: date | None = None
    note: str | None = None


def _check_period(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError(
            _("The rule ends ({end}) before it starts ({start}).").format(
                end=fmt.day(end), start=fmt.day(start)
            ),
            fields={"effective_to": _("Before the start date")},
        )


@requires("rules.edit")
def create_rule_set(session: Session, data: RuleSetInput) -> int:
    code = nfc(data.code).upper()
    if not code or not nfc(data.short_name) or not nfc(data.name):
        raise ValidationError(_("A rule set needs a code, a name and a short name for citations."))
    _check_period(data.effective_from, data.effective_to)
    if session.scalar(select(RuleSet.id).where(RuleSet.code == code)) is not None:
        raise ConflictError(_("A rule set with the code “{code}” already exists.").format(code=code))
    row = RuleSet(
        code=code,
        name=data.name,
        short_name=data.short_name,
        jurisdiction=data.jurisdiction,
        jurisdiction_name=data.jurisdiction_name,
        issued_on=data.issued_on,
        effective_from=data.effective_from,
        effective_to=data.effective_to,
        active=data.active,
        source=data.source,
        note=data.note,
    )
    session.add(row)
    session.flush()
    invalidate(session)
    return row.id


@requires("rules.edit")
def set_active(session: Session, rule_set_id: int, active: bool) -> None:
    """Apply (or stop applying) a rule set in this office, e.g. the province's own regulation."""
    rs = session.get(RuleSet, rule_set_id)
    if rs is None:
        raise NotFoundError(_("Rule set #{id} does not exist.").format(id=rule_set_id))
    rs.active = active
    session.flush()
    invalidate(session)


def _validated(session: Session, data: RuleInput) -> dict[str, Any]:
    code = nfc(data.code)
    if not code:
        raise ValidationError(_("A rule needs a code."), fields={"code": _("Required")})
    _check_period(data.effective_from, data.effective_to)
    params = parse_params(data.kind, data.params)
    known = set(session.scalars(select(AwardForm.code)))
    named = set(data.award_codes)
    if isinstance(params, HistoryStreak | Prerequisite):
        named |= set(params.awards)
    if isinstance(params, Composition):
        named |= set(params.awards)
    if isinstance(params, QuotaRule):
        named |= set(params.awards) | set(params.base)
    unknown = sorted(named - known)
    if unknown:
        raise ValidationError(
            _("Unknown award form code “{code}” (see: emudesk list award-forms).").format(code=unknown[0]),
            fields={"award_codes": unknown[0]},
        )
    return {
        "code": code,
        "kind": data.kind,
        "params": dump_params(params),
        "award_codes": sorted(set(data.award_codes)),
        "subject_kinds": [k.value for k in data.subject_kinds],
        "article": nfc(data.article or ""),
        "text": data.text or "",
        "any_of": nfc(data.any_of) if data.any_of else None,
        "confirmed": data.confirmed,
        "active": data.active,
        "effective_from": data.effective_from,
        "effective_to": data.effective_to,
        "note": data.note,
    }


@requires("rules.edit")
def add_rule(session: Session, rule_set_id: int, data: RuleInput) -> int:
    rs = session.get(RuleSet, rule_set_id)
    if rs is None:
        raise NotFoundError(_("Rule set #{id} does not exist.").format(id=rule_set_id))
    values = _validated(session, data)
    if session.scalar(
        select(RuleRow.id).where(RuleRow.rule_set_id == rule_set_id, RuleRow.code == values["code"])
    ):
        raise ConflictError(
            _("{set} already has a rule “{code}”; edit it instead.").format(
                set=rs.short_name, code=values["code"]
            )
        )
    position = int(
        session.scalar(select(func.max(RuleRow.position)).where(RuleRow.rule_set_id == rule_set_id)) or 0
    )
    row = RuleRow(rule_set_id=rule_set_id, position=position + 10, version=1, **values)
    session.add(row)
    session.flush()
    invalidate(session)
    return row.id


@requires("rules.edit")
def update_rule(session: Session, rule_id: int, data: RuleInput) -> int:
    """Change a rule; returns its new version (records of earlier councils keep the old number)."""
    row = session.get(RuleRow, rule_id)
    if row is None:
        raise NotFoundError(_("Rule #{id} does not exist.").format(id=rule_id))
    values = _validated(session, data)
    for key, value in values.items():
        setattr(row, key, value)
    row.version = (row.version or 1) + 1
    session.flush()
    invalidate(session)
    return row.version


@requires("rules.edit")
def update_rule_set(session: Session, rule_set_id: int, data: RuleSetInput) -> None:
    """Change a set's own fields (its code stays: rules and citations know it by it)."""
    rs = session.get(RuleSet, rule_set_id)
    if rs is None:
        raise NotFoundError(_("Rule set #{id} does not exist.").format(id=rule_set_id))
    if not nfc(data.short_name) or not nfc(data.name):
        raise ValidationError(_("A rule set needs a code, a name and a short name for citations."))
    _check_period(data.effective_from, data.effective_to)
    for name in (
        "name",
        "short_name",
        "jurisdiction",
        "jurisdiction_name",
        "issued_on",
        "effective_from",
        "effective_to",
        "active",
        "source",
        "note",
    ):
        setattr(rs, name, getattr(data, name))
    session.flush()
    invalidate(session)


def rule_set_input(data: dict[str, Any]) -> RuleSetInput:
    """A set's fields as ``export_rule_set`` writes them.

    Raises:
        ValidationError: a field is missing or not readable.
    """
    try:
        return RuleSetInput(
            code=str(data["code"]),
            name=str(data["name"]),
            short_name=str(data["short_name"]),
            jurisdiction=Jurisdiction(data.get("jurisdiction", "province")),
            jurisdiction_name=str(data.get("jurisdiction_name", "")),
            issued_on=_date(data.get("issued_on")),
            effective_from=_date(data.get("effective_from")),
            effective_to=_date(data.get("effective_to")),
            active=bool(data.get("active", True)),
            source=str(data.get("source", "")),
            note=data.get("note"),
        )
    except (KeyError, ValueError) as exc:
        raise ValidationError(_("The rule set file is not valid: {reason}").format(reason=exc)) from exc


def rule_input(raw: dict[str, Any]) -> RuleInput:
    """A rule as ``export_rule_set`` writes it (KeyError, ValueError, TypeError when not readable)."""
    return RuleInput(
        code=str(raw["code"]),
        kind=RuleKind(raw["kind"]),
        params=dict(raw.get("params", {})),
        award_codes=[str(c).upper() for c in raw.get("award_codes", [])],
        subject_kinds=[SubjectKind(k) for k in raw.get("subject_kinds", [])],
        article=str(raw.get("article", "")),
        text=str(raw.get("text", "")),
        any_of=raw.get("any_of"),
        confirmed=bool(raw.get("confirmed", True)),
        active=bool(raw.get("active", True)),
        effective_from=_date(raw.get("effective_from")),
        effective_to=_date(raw.get("effective_to")),
        note=raw.get("note"),
    )


@requires("rules.edit")
def import_rule_set(session: Session, data: dict[str, Any]) -> int:
    """Create a rule set with its rules from JSON (``emudesk rules import``), all or nothing.

    The format is what ``export_rule_set`` writes: the set's fields plus ``rules``: a list of
    rules with ``code``, ``kind``, ``params`` and optional fields of ``RuleInput``.
    """
    schema.check(data)
    set_id = create_rule_set(session, rule_set_input(data))
    for i, raw in enumerate(data.get("rules", []), start=1):
        try:
            rule = rule_input(raw)
        except (KeyError, ValueError, TypeError) as exc:
            raise ValidationError(
                _("Rule {n} of the file is not valid: {reason}").format(n=i, reason=exc)
            ) from exc
        add_rule(session, set_id, rule)
    return set_id


def rule_dict(r: RuleRow) -> dict[str, Any]:
    """One rule as ``export_rule_set`` writes it."""
    return {
        "code": r.code,
        "kind": r.kind.value,
        "params": r.params,
        "award_codes": r.award_codes,
        "subject_kinds": r.subject_kinds,
        "article": r.article,
        "text": r.text,
        "any_of": r.any_of,
        "confirmed": r.confirmed,
        "active": r.active,
        "effective_from": r.effective_from.isoformat() if r.effective_from else None,
        "effective_to": r.effective_to.isoformat() if r.effective_to else None,
        "note": r.note,
    }


def export_rule_set(session: Session, set_code: str) -> dict[str, Any]:
    rs = session.scalar(select(RuleSet).where(RuleSet.code == set_code.strip().upper()))
    if rs is None:
        raise NotFoundError(
            _("There is no rule set “{code}” (see: emudesk list rules).").format(code=set_code)
        )
    return {
        "code": rs.code,
        "name": rs.name,
        "short_name": rs.short_name,
        "jurisdiction": rs.jurisdiction.value,
        "jurisdiction_name": rs.jurisdiction_name,
        "issued_on": rs.issued_on.isoformat() if rs.issued_on else None,
        "effective_from": rs.effective_from.isoformat() if rs.effective_from else None,
        "effective_to": rs.effective_to.isoformat() if rs.effective_to else None,
        "active": rs.active,
        "source": rs.source,
        "note": rs.note,
        "rules": [rule_dict(r) for r in rs.rules],
    }


def parse_json(text: str) -> dict[str, Any]:
    """A rule set file's text, parsed and checked (see :mod:`emudesk.services.rules.schema`)."""
    return schema.parse(text)


def _date(value: object) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value))
