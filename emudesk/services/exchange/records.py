"""Records to and from the plain JSON a package carries, one handler per section.

A record travels as its fields with references by UUID (another record) or by code (the
catalogue: award forms and kinds of unit are the same everywhere by code, not by UUID). Each
handler writes through the service a user's typed input goes through (``create_individual``,
``create_nomination``, ``create_campaign`` ...), so every rule of the receiving office holds;
only the UUID, which keeps the record the same one in both offices, is set afterwards.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from emudesk.db.base import Record, utcnow
from emudesk.db.models import (
    Achievement,
    AwardForm,
    AwardRecord,
    Campaign,
    CampaignPhase,
    Decision,
    DecisionCorrection,
    EvidenceBlob,
    EvidenceFile,
    ExchangeRecord,
    Household,
    Individual,
    Nomination,
    RuleSet,
    Unit,
    UnitKind,
)
from emudesk.domain.enums import (
    AwardCategory,
    AwardLevel,
    AwardStatus,
    AwardType,
    Gender,
    NominationStatus,
    RecordSource,
    SubjectKind,
)
from emudesk.domain.errors import ConflictError, EmudeskError, ValidationError
from emudesk.domain.rules import DecisionKind, fmt
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.campaigns import achievements as achievement_service
from emudesk.services.campaigns import plans
from emudesk.services.campaigns.definition import definition_from_dict, definition_to_dict
from emudesk.services.core.common import SubjectRef, check_text
from emudesk.services.core.rights import require
from emudesk.services.decisions.issuing import CORRECTABLE
from emudesk.services.nominations import workflow
from emudesk.services.register import awards as award_service
from emudesk.services.register import catalogue
from emudesk.services.register import households as household_service
from emudesk.services.register import individuals as individual_service
from emudesk.services.register import units as unit_service
from emudesk.services.rules import rulebook

Data = dict[str, Any]
# UUIDs per IN list: well under SQLite's and PostgreSQL's limits on bound parameters.
_CHUNK = 500


def plain(value: Any) -> Any:
    """A column's value as JSON: dates ISO, decimals as text, enums by value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("“{value}” is not a date.").format(value=str(value)[:40])) from None


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _opt_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("“{value}” is not a whole number.").format(value=str(value)[:40]))
    return value


@dataclass
class Context:
    """What handlers share during one import: the session, UUID look-ups, evidence files."""

    session: Session
    read_blob: Callable[[str], bytes]
    origin: str = ""
    # The sending office's UUID: what this office sent it is followed up (a file it awarded).
    sender: str = ""
    # Nominations created as drafts, to be filed together once every record is written.
    received: list[int] = field(default_factory=list)
    # Records of the package refused so far, with the reason: what needs them is refused too.
    refused: dict[str, str] = field(default_factory=dict)
    _ids: dict[tuple[type, str], int] = field(default_factory=dict)
    # The package's records found here, read in bulk (``prefetch``): one statement per section,
    # not one per record; and the keys found absent then, until the import writes them.
    _found: dict[tuple[type, str], Any] = field(default_factory=dict)
    _absent: set[tuple[type, str]] = field(default_factory=set)
    # Sizes of the evidence files the package lists that are stored here already; None: not read.
    _blobs: dict[str, int] | None = None
    _blobs_absent: set[str] = field(default_factory=set)
    evidence_limit: int | None = None
    # Award forms by code, as the records name them: read once per import, not once per record.
    _forms: dict[str, int] = field(default_factory=dict)

    def form_id(self, code: str) -> int:
        """``award_service.form_by_code``'s form id (its refusal when there is none), read once per code."""
        found = self._forms.get(code)
        if found is None:
            found = self._forms[code] = award_service.form_by_code(self.session, code).id
        return found

    def prefetch(self, sections: dict[str, dict[str, Data]]) -> None:
        """Read the records of ``sections`` that are here, and the evidence files they list, at once."""
        for section, records in sections.items():
            handler = HANDLERS.get(section)
            if handler is None or isinstance(handler, ByCode) or not records:
                continue
            model = handler.model
            keys = sorted(records)
            for start in range(0, len(keys), _CHUNK):
                rows = self.session.scalars(select(model).where(model.uuid.in_(keys[start : start + _CHUNK])))
                for obj in rows:
                    self._found[(model, obj.uuid)] = obj
                    self._ids[(model, obj.uuid)] = obj.id
            self._absent.update((model, k) for k in keys if (model, k) not in self._found)
        shas = sorted(
            {
                str(item.get("sha256", ""))
                for data in sections.get("achievements", {}).values()
                if isinstance(data.get("evidence"), list)
                for item in data["evidence"]
                if isinstance(item, dict)
            }
        )
        self._blobs = {}
        for start in range(0, len(shas), _CHUNK):
            chunk = shas[start : start + _CHUNK]
            pairs = self.session.execute(
                select(EvidenceBlob.sha256, EvidenceBlob.size).where(EvidenceBlob.sha256.in_(chunk))
            )
            self._blobs.update((str(sha), int(size)) for sha, size in pairs)
        self._blobs_absent = set(shas) - set(self._blobs)

    def lookup(self, model: type[Record], key: str) -> Any | None:
        """The ``model`` record with UUID ``key`` here, or None."""
        found = self._found.get((model, key))
        if found is not None or (model, key) in self._absent:
            return found
        return self.session.scalar(select(model).where(model.uuid == key))

    def written(self, model: type[Record], key: str, obj: Any) -> None:
        """The import wrote ``obj``, the package's record ``key``: later records find it."""
        self._absent.discard((model, key))
        self._found[(model, key)] = obj
        self._ids[(model, key)] = obj.id

    def blob_size(self, sha: str) -> int | None:
        """The size of the stored evidence file ``sha``, or None when it is not stored here."""
        if self._blobs is not None:
            if sha in self._blobs:
                return self._blobs[sha]
            if sha in self._blobs_absent:
                return None
        return self.session.scalar(select(EvidenceBlob.size).where(EvidenceBlob.sha256 == sha))

    def blob_stored(self, sha: str) -> None:
        # Stored inside a record's savepoint, which may yet roll back: asked again next time.
        self._blobs_absent.discard(sha)

    def id_of(self, model: type[Record], key: str | None) -> int | None:
        """The local id of the ``model`` record with UUID ``key`` (None: not here)."""
        if key is None:
            return None
        if key in self.refused:
            raise ValidationError(
                _("It needs {uuid} of this package, which was refused: {reason}").format(
                    uuid=key, reason=self.refused[key]
                )
            )
        cache_key = (model, key)
        found = self._ids.get(cache_key)
        if found is None and cache_key not in self._absent:
            # Only found ids are kept: a record missing now may be written later in the import.
            found = self.session.scalar(select(model.id).where(model.uuid == key))
            if found is not None:
                self._ids[cache_key] = found
        return found

    def need(self, model: type[Record], key: str | None, what: str) -> int:
        found = self.id_of(model, key)
        if found is None:
            raise ValidationError(
                _("It refers to {what} {uuid}, which is neither here nor in the package.").format(
                    what=what, uuid=key
                )
            )
        return found

    def forget(self, model: type[Record], key: str) -> None:
        self._ids.pop((model, key), None)
        self._found.pop((model, key), None)
        self._absent.discard((model, key))


UUID_CACHE = "exchange.uuids"


def uuid_of(session: Session, model: type[Record], record_id: int | None) -> str | None:
    """The UUID of a record by id; remembered while an export reads (``session.info[UUID_CACHE]``:
    an export writes no records, so an id cannot come to mean another one meanwhile)."""
    if record_id is None:
        return None
    cache: dict[tuple[type, int], str] | None = session.info.get(UUID_CACHE)
    if cache is not None and (model, record_id) in cache:
        return cache[(model, record_id)]
    # Loaded already (and not expired): its UUID is at hand.
    loaded: Any = session.identity_map.get(identity_key(model, record_id))
    found: str | None
    if loaded is not None and "uuid" in loaded.__dict__:
        found = loaded.uuid
    else:
        found = session.scalar(select(model.uuid).where(model.id == record_id))
    if cache is not None and found is not None:
        cache[(model, record_id)] = found
    return found


def _code_of(session: Session, model: type[AwardForm] | type[UnitKind], record_id: int | None) -> str | None:
    if record_id is None:
        return None
    loaded: Any = session.identity_map.get(identity_key(model, record_id))
    if loaded is not None and "code" in loaded.__dict__:
        return str(loaded.code)
    return session.scalar(select(model.code).where(model.id == record_id))


@contextmanager
def holding(session: Session) -> Iterator[None]:
    """Keep every record the session loads inside the block in memory until it ends.

    The session holds what it loaded only weakly: a campaign, an award form or a person a service
    checked for one record is dropped and read again for the next. An exchange reads the same few
    hundred records for each of its thousands: held, they are read once.
    """
    held: list[object] = []

    def keep(_session: Session, instance: object) -> None:
        held.append(instance)

    event.listen(session, "loaded_as_persistent", keep)
    event.listen(session, "pending_to_persistent", keep)
    try:
        yield
    finally:
        event.remove(session, "loaded_as_persistent", keep)
        event.remove(session, "pending_to_persistent", keep)
        held.clear()


@contextmanager
def keeping_uuid(session: Session, model: type[Record], key: str) -> Iterator[None]:
    """The ``model`` record a service adds inside the block gets ``key`` as its UUID when it is
    first written (the record stays the same one in both offices), not a new one."""

    def give(sess: Session, _ctx: object, _instances: object) -> None:
        for obj in sess.new:
            if type(obj) is model and obj.uuid is None:
                obj.uuid = key

    event.listen(session, "before_flush", give)
    try:
        yield
    finally:
        event.remove(session, "before_flush", give)


SUBJECT_MODEL: dict[SubjectKind, type[Record]] = {
    SubjectKind.UNIT: Unit,
    SubjectKind.INDIVIDUAL: Individual,
    SubjectKind.HOUSEHOLD: Household,
}


def _subject_uuid(session: Session, obj: Any) -> str | None:
    kind = obj.subject_kind
    if kind is SubjectKind.UNIT:
        return uuid_of(session, Unit, obj.unit_id)
    if kind is SubjectKind.INDIVIDUAL:
        return uuid_of(session, Individual, obj.individual_id)
    return uuid_of(session, Household, obj.household_id)


def _subject(ctx: Context, data: Data) -> SubjectRef:
    kind = SubjectKind(data["subject_kind"])
    return SubjectRef(kind, ctx.need(SUBJECT_MODEL[kind], data.get("subject"), kind.label.lower()))


class Handler:
    """One section: how its records are found here, written out, created and updated."""

    section: str = ""
    model: type[Any] = Record
    # Fields shown and exchanged but never compared (they belong to each office's own work).
    informational: frozenset[str] = frozenset()
    # Records an office applies as law or signed documents: a field the other office changed is
    # never taken quietly, each difference is put to the user (keep ours / take theirs).
    reviewed: bool = False

    def find(self, ctx: Context, key: str, data: Data) -> Any | None:
        return ctx.lookup(self.model, key)

    def dump(self, session: Session, obj: Any) -> Data:
        raise NotImplementedError

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        raise NotImplementedError

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        """Write ``data`` (in the form ``fields`` gives) over ``obj``."""
        raise NotImplementedError

    def fields(self, data: Data) -> Data:
        """A record's data as the preview compares it, field by field."""
        return data

    def label(self, data: Data) -> str:
        for name in ("full_name", "name", "title", "number", "award_name", "code", "summary"):
            value = data.get(name)
            if isinstance(value, str) and value:
                return value[:120]
        return ""

    def _created(self, ctx: Context, key: str, make: Callable[[], int]) -> Any:
        """The record ``make`` has a service add, keeping the package's UUID ``key``."""
        with keeping_uuid(ctx.session, self.model, key):
            new_id = make()
        found = ctx.session.get(self.model, new_id)
        assert found is not None
        return found


# --- catalogue -----------------------------------------------------------------------------------


class ByCode(Handler):
    """A catalogue record: the same in every office by its code, not by UUID."""

    def find(self, ctx: Context, key: str, data: Data) -> Any | None:
        return ctx.session.scalar(select(self.model).where(self.model.code == _text(data.get("code"))))


class UnitKinds(ByCode):
    section = "unit_kinds"
    model = UnitKind

    def dump(self, session: Session, obj: Any) -> Data:
        return {
            "code": obj.code,
            "name": obj.name,
            "tier": obj.tier,
            "historical": obj.historical,
            "sort_order": obj.sort_order,
            "note": obj.note,
        }

    def _input(self, data: Data) -> catalogue.UnitKindInput:
        return catalogue.UnitKindInput(
            code=_text(data.get("code")),
            name=_text(data.get("name")),
            tier=_text(data.get("tier")) or "other",
            historical=bool(data.get("historical")),
            sort_order=_int(data.get("sort_order")) or 0,
            note=_opt_text(data.get("note")),
        )

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        return ctx.session.get(UnitKind, catalogue.create_unit_kind(ctx.session, self._input(data)))

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        catalogue.update_unit_kind(ctx.session, obj.id, self._input(data))


class AwardForms(ByCode):
    section = "award_forms"
    model = AwardForm

    def dump(self, session: Session, obj: Any) -> Data:
        return {
            name: plain(getattr(obj, name))
            for name in (
                "code",
                "name",
                "short_name",
                "category",
                "level",
                "authority",
                "for_units",
                "for_individuals",
                "for_households",
                "yearly",
                "requires_vote",
                "default_award_type",
                "coefficient_individual",
                "coefficient_collective",
                "active",
                "sort_order",
                "source",
                "note",
            )
        }

    def _input(self, data: Data) -> catalogue.AwardFormInput:
        return catalogue.AwardFormInput(
            code=_text(data.get("code")),
            name=_text(data.get("name")),
            short_name=_text(data.get("short_name")),
            category=AwardCategory(_text(data.get("category"))),
            level=AwardLevel(_text(data.get("level"))),
            authority=_text(data.get("authority")),
            for_units=bool(data.get("for_units")),
            for_individuals=bool(data.get("for_individuals")),
            for_households=bool(data.get("for_households")),
            yearly=bool(data.get("yearly")),
            requires_vote=bool(data.get("requires_vote")),
            default_award_type=AwardType(data.get("default_award_type") or AwardType.MERIT.value),
            coefficient_individual=_decimal(data.get("coefficient_individual")),
            coefficient_collective=_decimal(data.get("coefficient_collective")),
            active=bool(data.get("active", True)),
            sort_order=_int(data.get("sort_order")) or 0,
            source=_text(data.get("source")),
            note=_opt_text(data.get("note")),
        )

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        return ctx.session.get(AwardForm, catalogue.create_award_form(ctx.session, self._input(data)))

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        catalogue.update_award_form(ctx.session, obj.id, self._input(data))


RULE_FIELD = "rule "


class RuleSets(ByCode):
    """A rule set travels whole, and is compared rule by rule: a rule the other office changed,
    added or no longer applies is one field to keep or take. Taking a rule edits it here as an
    edit by hand does (a new version; council records keep the version they applied, the audit
    log the old values), and a rule taken away is stopped, never deleted."""

    section = "rule_sets"
    model = RuleSet
    # Whether this office applies a set is its own choice.
    informational = frozenset({"active"})
    reviewed = True

    def dump(self, session: Session, obj: Any) -> Data:
        return rulebook.export_rule_set(session, obj.code)

    def fields(self, data: Data) -> Data:
        out = {k: v for k, v in data.items() if k != "rules"}
        rules = data.get("rules")
        for raw in rules if isinstance(rules, list) else []:
            if isinstance(raw, dict) and raw.get("active", True):
                rest = {k: v for k, v in raw.items() if k not in ("code", "active")}
                out[f"{RULE_FIELD}{raw.get('code')}"] = rest
        return out

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        return ctx.session.get(RuleSet, rulebook.import_rule_set(ctx.session, data))

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        session = ctx.session
        ours = self.fields(self.dump(session, obj))
        head = {k: v for k, v in data.items() if not k.startswith(RULE_FIELD)}
        if any(
            head.get(k) != ours.get(k) for k in set(head) | {k for k in ours if not k.startswith(RULE_FIELD)}
        ):
            rulebook.update_rule_set(session, obj.id, rulebook.rule_set_input({**head, "code": obj.code}))
        rows = {r.code: r for r in obj.rules}
        names = {k for k in set(data) | set(ours) if k.startswith(RULE_FIELD)}
        for name in sorted(names):
            want, have = data.get(name), ours.get(name)
            if want == have:
                continue
            code = name[len(RULE_FIELD) :]
            row = rows.get(code)
            if want is None:
                if row is not None and row.active:
                    raw = rulebook.rule_dict(row)
                    rulebook.update_rule(session, row.id, rulebook.rule_input({**raw, "active": False}))
                continue
            if not isinstance(want, dict):
                raise ValidationError(_("Rule {code} of the package is not readable.").format(code=code))
            rule = rulebook.rule_input({**want, "code": code, "active": True})
            if row is None:
                rulebook.add_rule(session, obj.id, rule)
            else:
                rulebook.update_rule(session, row.id, rule)
        session.expire(obj, ["rules"])


# --- campaigns -----------------------------------------------------------------------------------


class Campaigns(Handler):
    section = "campaigns"
    model = Campaign

    def dump(self, session: Session, obj: Any) -> Data:
        return definition_to_dict(plans.get_definition(session, obj.id))

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        return self._created(ctx, key, lambda: plans.create_campaign(ctx.session, definition_from_dict(data)))

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        plans.update_campaign(ctx.session, obj.id, definition_from_dict(data))


# --- register ------------------------------------------------------------------------------------


class Units(Handler):
    section = "units"
    model = Unit

    def dump(self, session: Session, obj: Any) -> Data:
        return {
            "name": obj.name,
            "short_name": obj.short_name,
            "kind": _code_of(session, UnitKind, obj.kind_id),
            "parent": uuid_of(session, Unit, obj.parent_id),
            "code": obj.code,
            "admin_code": obj.admin_code,
            "address": obj.address,
            "valid_from": plain(obj.valid_from),
            "valid_to": plain(obj.valid_to),
            "member_count": obj.member_count,
            "note": obj.note,
        }

    def _input(self, ctx: Context, data: Data) -> unit_service.UnitInput:
        # A parent this office does not have stays out: the unit hangs at the top of the tree.
        return unit_service.UnitInput(
            name=_text(data.get("name")),
            kind_code=_text(data.get("kind")),
            parent_id=ctx.id_of(Unit, data.get("parent")),
            short_name=_text(data.get("short_name")),
            code=_opt_text(data.get("code")),
            admin_code=_opt_text(data.get("admin_code")),
            address=_opt_text(data.get("address")),
            valid_from=_date(data.get("valid_from")),
            valid_to=_date(data.get("valid_to")),
            member_count=_int(data.get("member_count")),
            note=_opt_text(data.get("note")),
        )

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        return self._created(ctx, key, lambda: unit_service.create_unit(ctx.session, self._input(ctx, data)))

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        unit_service.update_unit(ctx.session, obj.id, self._input(ctx, data))


class Individuals(Handler):
    section = "individuals"
    model = Individual

    def dump(self, session: Session, obj: Any) -> Data:
        return {
            "family_name": obj.family_name,
            "middle_name": obj.middle_name,
            "given_name": obj.given_name,
            "full_name": obj.full_name,
            "gender": plain(obj.gender),
            "birth_date": plain(obj.birth_date),
            "birth_year": obj.birth_year,
            "id_number": obj.id_number,
            "ethnicity": obj.ethnicity,
            "unit": uuid_of(session, Unit, obj.unit_id),
            "position": obj.position,
            "hometown": obj.hometown,
            "residence": obj.residence,
            "phone": obj.phone,
            "staff_category": obj.staff_category,
            "note": obj.note,
        }

    informational = frozenset({"full_name"})

    def _input(self, ctx: Context, data: Data) -> individual_service.IndividualInput:
        return individual_service.IndividualInput(
            family_name=_text(data.get("family_name")),
            middle_name=_text(data.get("middle_name")),
            given_name=_text(data.get("given_name")),
            gender=Gender(_text(data.get("gender"))),
            birth_date=_date(data.get("birth_date")),
            birth_year=_int(data.get("birth_year")),
            id_number=_opt_text(data.get("id_number")),
            ethnicity=_text(data.get("ethnicity")) or "Kinh",
            unit_id=ctx.id_of(Unit, data.get("unit")),
            position=_opt_text(data.get("position")),
            hometown=_opt_text(data.get("hometown")),
            residence=_opt_text(data.get("residence")),
            phone=_opt_text(data.get("phone")),
            staff_category=_opt_text(data.get("staff_category")),
            note=_opt_text(data.get("note")),
        )

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        return self._created(
            ctx, key, lambda: individual_service.create_individual(ctx.session, self._input(ctx, data))
        )

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        individual_service.update_individual(ctx.session, obj.id, self._input(ctx, data))


class Households(Handler):
    section = "households"
    model = Household

    def dump(self, session: Session, obj: Any) -> Data:
        return {
            "head_name": obj.head_name,
            "address": obj.address,
            "village": uuid_of(session, Unit, obj.village_id),
            "commune": uuid_of(session, Unit, obj.commune_id),
            "head_individual": uuid_of(session, Individual, obj.head_individual_id),
            "note": obj.note,
            "members": [
                {
                    "full_name": m.full_name,
                    "relation": m.relation,
                    "birth_year": m.birth_year,
                    "individual": uuid_of(session, Individual, m.individual_id),
                }
                for m in obj.members
            ],
        }

    def _input(self, ctx: Context, data: Data) -> household_service.HouseholdInput:
        members = data.get("members") or []
        if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
            raise ValidationError(_("The household's members are not readable."))
        # People this office does not have stay out of the links; the names are kept.
        return household_service.HouseholdInput(
            head_name=_text(data.get("head_name")),
            address=_text(data.get("address")),
            village_id=ctx.id_of(Unit, data.get("village")),
            commune_id=ctx.id_of(Unit, data.get("commune")),
            head_individual_id=ctx.id_of(Individual, data.get("head_individual")),
            note=_opt_text(data.get("note")),
            members=[
                household_service.MemberInput(
                    full_name=_text(m.get("full_name")),
                    relation=_text(m.get("relation")),
                    birth_year=_int(m.get("birth_year")),
                    individual_id=ctx.id_of(Individual, m.get("individual")),
                )
                for m in members
            ],
        )

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        return self._created(
            ctx, key, lambda: household_service.create_household(ctx.session, self._input(ctx, data))
        )

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        household_service.update_household(ctx.session, obj.id, self._input(ctx, data))


# --- dossiers ------------------------------------------------------------------------------------


def _phase_name(session: Session, phase_id: int | None) -> str | None:
    if phase_id is None:
        return None
    return session.scalar(select(CampaignPhase.name).where(CampaignPhase.id == phase_id))


def _phase_id(ctx: Context, campaign_id: int | None, name: Any) -> int | None:
    if campaign_id is None or not name:
        return None
    found = ctx.session.scalar(
        select(CampaignPhase.id).where(
            CampaignPhase.campaign_id == campaign_id, CampaignPhase.name == str(name)
        )
    )
    if found is None:
        raise ValidationError(_("The campaign has no phase “{name}”.").format(name=str(name)[:80]))
    return found


class Achievements(Handler):
    section = "achievements"
    model = Achievement

    def dump(self, session: Session, obj: Any) -> Data:
        return {
            "subject_kind": plain(obj.subject_kind),
            "subject": _subject_uuid(session, obj),
            "campaign": uuid_of(session, Campaign, obj.campaign_id),
            "phase": _phase_name(session, obj.phase_id),
            "year": obj.year,
            "title": obj.title,
            "summary": obj.summary,
            "figures": obj.figures or {},
            "note": obj.note,
            "evidence": sorted(
                ({"name": e.original_name, "sha256": e.sha256, "size": e.size} for e in obj.evidence),
                key=lambda e: (e["sha256"], e["name"]),
            ),
        }

    def _input(self, ctx: Context, data: Data) -> achievement_service.AchievementInput:
        campaign_id = ctx.id_of(Campaign, data.get("campaign"))
        figures = data.get("figures") or {}
        if not isinstance(figures, dict):
            raise ValidationError(_("The achievement's figures are not readable."))
        return achievement_service.AchievementInput(
            subject=_subject(ctx, data),
            campaign_id=campaign_id,
            phase_id=_phase_id(ctx, campaign_id, data.get("phase")),
            year=_int(data.get("year")),
            title=_text(data.get("title")),
            summary=_text(data.get("summary")),
            figures=figures,
            note=_opt_text(data.get("note")),
        )

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        ach = self._created(
            ctx, key, lambda: achievement_service.create_achievement(ctx.session, self._input(ctx, data))
        )
        if "evidence" in inspect(ach).unloaded:
            # A new row, which the service gave no evidence: nothing to read back.
            set_committed_value(ach, "evidence", [])
        self._evidence(ctx, ach, data)
        return ach

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        achievement_service.update_achievement(ctx.session, obj.id, self._input(ctx, data))
        self._evidence(ctx, obj, data)

    def _evidence(self, ctx: Context, ach: Achievement, data: Data) -> None:
        """Attach the files the package lists that the achievement lacks, checked and within the limit."""
        listed = data.get("evidence") or []
        if not isinstance(listed, list):
            raise ValidationError(_("The achievement's evidence list is not readable."))
        have = {(e.sha256, e.original_name) for e in ach.evidence}
        if ctx.evidence_limit is None:  # this office's setting, read once per import
            ctx.evidence_limit = achievement_service.evidence_limit(ctx.session)
        limit = ctx.evidence_limit
        for item in listed:
            sha, name = str(item.get("sha256", "")), nfc(str(item.get("name", "")))
            if (sha, name) in have:
                continue
            check_text(name, "evidence", _("Evidence file"))
            stored = ctx.blob_size(sha)
            if stored is None:
                content = ctx.read_blob(sha)
                if len(content) > limit:
                    raise ValidationError(
                        _(
                            "The evidence file {name} is {size}, larger than this office's limit of {limit}."
                        ).format(
                            name=name,
                            size=achievement_service.megabytes(len(content)),
                            limit=achievement_service.megabytes(limit),
                        )
                    )
                if hashlib.sha256(content).hexdigest() != sha:
                    raise ValidationError(
                        _("The evidence file {name} does not match its checksum.").format(name=name)
                    )
                ctx.session.execute(
                    insert(EvidenceBlob).values(
                        sha256=sha, size=len(content), data=content, added_at=utcnow()
                    )
                )
                stored = len(content)
                ctx.blob_stored(sha)
            ctx.session.add(EvidenceFile(achievement_id=ach.id, original_name=name, sha256=sha, size=stored))
            have.add((sha, name))
        ctx.session.flush()
        ctx.session.expire(ach, ["evidence"])


# Statuses a nomination is sent up in: filed, and judged by this office's council when it has one.
SENT_UP = (NominationStatus.SUBMITTED, NominationStatus.APPRAISED, NominationStatus.VOTED)


class Nominations(Handler):
    section = "nominations"
    model = Nomination
    informational = frozenset({"status"})

    def dump(self, session: Session, obj: Any) -> Data:
        votes = None
        if obj.votes_for is not None:
            votes = [obj.votes_for, obj.votes_against, obj.votes_invalid, obj.council_size]
        return {
            "subject_kind": plain(obj.subject_kind),
            "subject": _subject_uuid(session, obj),
            "campaign": uuid_of(session, Campaign, obj.campaign_id),
            "award_form": _code_of(session, AwardForm, obj.award_form_id),
            "proposing_unit": uuid_of(session, Unit, obj.proposing_unit_id),
            "phase": _phase_name(session, obj.phase_id),
            "year": obj.year,
            "filed_on": plain(obj.filed_on),
            "summary": obj.summary,
            "note": obj.note,
            "achievement": uuid_of(session, Achievement, obj.achievement_id),
            "votes": votes,
            "status": plain(obj.status),
        }

    def _input(self, ctx: Context, data: Data) -> workflow.NominationInput:
        campaign_id = ctx.need(Campaign, data.get("campaign"), _("campaign"))
        return workflow.NominationInput(
            subject=_subject(ctx, data),
            campaign_id=campaign_id,
            award_form_id=ctx.form_id(_text(data.get("award_form"))),
            proposing_unit_id=ctx.id_of(Unit, data.get("proposing_unit")),
            phase_id=_phase_id(ctx, campaign_id, data.get("phase")),
            year=_int(data.get("year")),
            filed_on=_date(data.get("filed_on")),
            summary=_text(data.get("summary")),
            note=_opt_text(data.get("note")),
            achievement_id=ctx.id_of(Achievement, data.get("achievement")),
        )

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        """A draft: the import files the package's drafts together (``file_received``)."""
        n = self._created(
            ctx,
            key,
            lambda: workflow.create_nomination(
                ctx.session, self._input(ctx, data), source=RecordSource.IMPORTED, origin=ctx.origin
            ),
        )
        self._votes(n, data)
        ctx.received.append(n.id)
        return n

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        workflow.update_nomination(ctx.session, obj.id, self._input(ctx, data))
        self._votes(obj, data)

    def _votes(self, n: Nomination, data: Data) -> None:
        """The sending office's council vote, as its minutes record it."""
        votes = data.get("votes")
        if votes is None:
            return
        if not (
            isinstance(votes, list) and len(votes) == 4 and all(_int(v) is not None and v >= 0 for v in votes)
        ):
            raise ValidationError(_("The council's vote counts are not readable."))
        if votes[0] + votes[1] + votes[2] > votes[3] or votes[3] <= 0:
            raise ValidationError(_("The council's vote counts do not add up."))
        n.votes_for, n.votes_against, n.votes_invalid, n.council_size = votes


# What the office above decided on a file without awarding it, sent back down as its verdict.
NOT_AWARDED = (NominationStatus.REJECTED, NominationStatus.RETURNED)


class Verdicts(Handler):
    """The office above's verdict on a file this office sent it, when it is not an award (an award
    comes with its decision): rejected, or returned to be completed. Keyed by the file's UUID; the
    file here takes that status through the workflow, with the reason."""

    section = "verdicts"
    model = Nomination
    informational = frozenset({"label", "reason"})

    def find(self, ctx: Context, key: str, data: Data) -> Any | None:
        # Found once the file here says the same: until then the verdict is news.
        n = ctx.session.scalar(select(Nomination).where(Nomination.uuid == key))
        return n if n is not None and n.status.value == data.get("status") else None

    def dump(self, session: Session, obj: Any) -> Data:
        return {
            "status": plain(obj.status),
            "reason": obj.status_note or "",
            "label": workflow.label(session, obj),
        }

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        session = ctx.session
        n = session.scalar(select(Nomination).where(Nomination.uuid == key, Nomination.deleted_at.is_(None)))
        if n is None or not _sent_to(session, ctx.sender, key):
            raise ValidationError(_("The verdict is about a file this office did not send to that office."))
        try:
            status = NominationStatus(_text(data.get("status")))
        except ValueError:
            status = None
        if status not in NOT_AWARDED:
            raise ValidationError(_("The verdict on the file is not readable."))
        reason = check_text(nfc(_text(data.get("reason"))), "reason", _("Reason"))
        note = (
            _("Rejected by the office above: {reason}")
            if status is NominationStatus.REJECTED
            else _("Returned by the office above: {reason}")
        ).format(reason=reason or "—")
        workflow.transition(session, [n.id], status, note=note)
        return n

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        return  # only ever found once the file says the same


def _sent_to(session: Session, office_uuid: str, record_uuid: str) -> bool:
    return (
        session.scalar(
            select(ExchangeRecord.id).where(
                ExchangeRecord.office_uuid == office_uuid,
                ExchangeRecord.section == "nominations",
                ExchangeRecord.record_uuid == record_uuid,
                ExchangeRecord.origin == "sent",
            )
        )
        is not None
    )


# --- decisions -----------------------------------------------------------------------------------


class Decisions(Handler):
    section = "decisions"
    model = Decision
    reviewed = True

    def dump(self, session: Session, obj: Any) -> Data:
        return {
            "number": obj.number,
            "signed_on": plain(obj.signed_on),
            "kind": obj.kind,
            "issuer": obj.issuer,
            "signer_title": obj.signer_title,
            "signer_name": obj.signer_name,
            "summary": obj.summary,
            "campaign": uuid_of(session, Campaign, obj.campaign_id),
            "refers_to": uuid_of(session, Decision, obj.refers_to_id),
            "issued": obj.issued,
            "note": obj.note,
        }

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        # Issued by the other office: recorded here as issued, as a decision typed from paper is.
        require(ctx.session, "decisions.edit")
        number = check_text(nfc(_text(data.get("number"))), "number", _("Decision number"), max_length=60)
        signed_on = _date(data.get("signed_on"))
        if not number or signed_on is None:
            raise ValidationError(_("Approval needs the decision number and date."))
        if signed_on > date.today():
            raise ValidationError(_("The decision date is in the future."))
        row = Decision(
            uuid=key,
            number=number,
            signed_on=signed_on,
            kind=_text(data.get("kind")) or "award",
            issuer=_text(data.get("issuer")),
            signer_title=_text(data.get("signer_title")),
            signer_name=_text(data.get("signer_name")),
            summary=_text(data.get("summary")),
            campaign_id=ctx.id_of(Campaign, data.get("campaign")),
            refers_to_id=ctx.id_of(Decision, data.get("refers_to")),
            issued=True,
            note=_opt_text(data.get("note")),
        )
        for name in ("issuer", "signer_title", "signer_name", "summary"):
            check_text(getattr(row, name), name, name)
        ctx.session.add(row)
        ctx.session.flush()
        return row

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        """An issued decision is a signed document: only its note follows the other office; what
        it decided changes by a decision of its own, which comes as a new record."""
        ours = self.dump(ctx.session, obj)
        changed = sorted(k for k in set(ours) | set(data) if ours.get(k) != data.get(k))
        if changed == ["note"]:
            obj.note = _opt_text(data.get("note"))
            ctx.session.flush()
        elif changed:
            raise ConflictError(
                _(
                    "Decision {number} is issued and cannot change ({fields}); a correction comes as a "
                    "decision of its own."
                ).format(number=obj.number, fields=", ".join(changed))
            )


class Awards(Handler):
    section = "awards"
    model = AwardRecord

    def dump(self, session: Session, obj: Any) -> Data:
        out: Data = {
            "subject_kind": plain(obj.subject_kind),
            "subject": _subject_uuid(session, obj),
            "award_form": _code_of(session, AwardForm, obj.award_form_id),
            "award_name": obj.award_name,
            "recipient_name": obj.recipient_name,
            "year": obj.year,
            "decision": uuid_of(session, Decision, obj.decision_id),
            "decision_number": obj.decision_number,
            "decision_date": plain(obj.decision_date),
            "issuer": obj.issuer,
            "award_type": plain(obj.award_type),
            "campaign": uuid_of(session, Campaign, obj.campaign_id),
            "nomination": uuid_of(session, Nomination, obj.nomination_id),
            "golden_book_no": obj.golden_book_no,
            "cash_amount": plain(obj.cash_amount),
            "status": plain(obj.status),
            "status_decision": uuid_of(session, Decision, obj.status_decision_id),
            "note": obj.note,
        }
        corrections = [
            {
                "decision": uuid_of(session, Decision, c.decision_id),
                "field": c.field,
                "old": c.old_value,
                "new": c.new_value,
            }
            for c in session.scalars(
                select(DecisionCorrection)
                .where(DecisionCorrection.award_record_id == obj.id)
                .order_by(DecisionCorrection.id)
            )
        ]
        if corrections:  # left out when none: packages from before carry no such field
            out["corrections"] = corrections
        return out

    def _input(self, ctx: Context, data: Data) -> award_service.AwardInput:
        year = _int(data.get("year"))
        if year is None:
            raise ValidationError(_("The award has no year."))
        return award_service.AwardInput(
            subject=_subject(ctx, data),
            year=year,
            award_form_code=_opt_text(data.get("award_form")),
            award_name=_text(data.get("award_name")),
            recipient_name=_opt_text(data.get("recipient_name")),
            decision_number=_text(data.get("decision_number")),
            decision_date=_date(data.get("decision_date")),
            issuer=_text(data.get("issuer")),
            award_type=AwardType(data["award_type"]) if data.get("award_type") else None,
            campaign_id=ctx.id_of(Campaign, data.get("campaign")),
            golden_book_no=_opt_text(data.get("golden_book_no")),
            note=_opt_text(data.get("note")),
        )

    def _links(self, ctx: Context, record: AwardRecord, data: Data) -> None:
        record.decision_id = ctx.id_of(Decision, data.get("decision"))
        record.nomination_id = ctx.id_of(Nomination, data.get("nomination"))
        record.cash_amount = _decimal(data.get("cash_amount"))
        record.status = AwardStatus(data.get("status") or AwardStatus.VALID.value)

    def create(self, ctx: Context, key: str, data: Data) -> Any:
        record = self._created(
            ctx,
            key,
            lambda: award_service.create_award(
                ctx.session, self._input(ctx, data), source=RecordSource.IMPORTED
            ),
        )
        self._links(ctx, record, data)
        ctx.session.flush()
        self._awarded(ctx, record)
        return record

    def update(self, ctx: Context, obj: Any, data: Data) -> None:
        decision = ctx.session.get(Decision, obj.decision_id) if obj.decision_id is not None else None
        if decision is not None and decision.issued:
            self._followed(ctx, obj, decision, data)
        else:
            award_service.update_award(ctx.session, obj.id, self._input(ctx, data))
            self._links(ctx, obj, data)
            ctx.session.flush()
        self._awarded(ctx, obj)

    def _follow_up(
        self, ctx: Context, key: Any, original: Decision, kinds: tuple[DecisionKind, ...]
    ) -> Decision:
        found = ctx.session.get(Decision, ctx.need(Decision, _opt_text(key), _("decision")))
        assert found is not None
        if (
            found.refers_to_id != original.id
            or found.kind not in {k.value for k in kinds}
            or not found.issued
        ):
            raise ValidationError(
                _("Decision {number} does not correct or revoke decision {original}.").format(
                    number=found.number, original=original.number
                )
            )
        return found

    def _followed(self, ctx: Context, obj: AwardRecord, original: Decision, data: Data) -> None:
        """An award of an issued decision changes only as the decisions that correct or revoke it
        say: each corrected value is recorded with the correction (the old one kept beside it),
        a revocation sets the status with its decision. Anything else is refused, saying what."""
        session = ctx.session
        ours = self.dump(session, obj)
        changed = {k for k in set(ours) | set(data) if ours.get(k) != data.get(k)}
        done: set[str] = set()
        known = {(c.get("decision"), c.get("field"), c.get("new")) for c in ours.get("corrections") or []}
        listed = data.get("corrections") or []
        if not isinstance(listed, list) or not all(isinstance(c, dict) for c in listed):
            raise ValidationError(_("The award's corrections are not readable."))
        for item in listed:
            if (item.get("decision"), item.get("field"), item.get("new")) in known:
                continue
            follow = self._follow_up(ctx, item.get("decision"), original, (DecisionKind.CORRECTION,))
            name = _text(item.get("field"))
            if name not in CORRECTABLE:
                raise ValidationError(_("“{field}” cannot be corrected.").format(field=name[:40]))
            old = str(getattr(obj, name) or "")
            new = check_text(
                nfc(_text(item.get("new"))), name, name, max_length=20 if name == "golden_book_no" else 200
            )
            setattr(obj, name, new)
            session.add(
                DecisionCorrection(
                    decision_id=follow.id, award_record_id=obj.id, field=name, old_value=old, new_value=new
                )
            )
            done |= {name, "corrections"}
        if data.get("status") != ours.get("status"):
            status = AwardStatus(_text(data.get("status")))
            kind = {
                AwardStatus.REVOKED: DecisionKind.REVOCATION,
                AwardStatus.ANNULLED: DecisionKind.ANNULMENT,
            }
            if status not in kind or not data.get("status_decision"):
                raise ConflictError(
                    _(
                        "The award “{name}” of decision {number} would become “{status}” without the "
                        "decision that does it; only a decision revoking it changes it."
                    ).format(name=obj.award_name, number=original.number, status=status.label)
                )
            follow = self._follow_up(ctx, data.get("status_decision"), original, (kind[status],))
            obj.status = status
            obj.status_decision_id = follow.id
            done |= {"status", "status_decision"}
        if done and "note" in changed:
            obj.note = _opt_text(data.get("note"))  # the issuing office's account of the change
            done.add("note")
        left = sorted(changed - done)
        if left:
            raise ConflictError(
                _(
                    "The award “{name}” comes from issued decision {number}: the package changes "
                    "{fields} without a decision correcting it, and an issued decision changes only by "
                    "a correcting or revoking decision of the office that issued it."
                ).format(name=obj.award_name, number=original.number, fields=", ".join(left))
            )
        session.flush()

    def _awarded(self, ctx: Context, record: AwardRecord) -> None:
        """The file this office sent up, awarded by the decision that came down, moves to "approved"
        through the workflow (its history row and the audit say so), naming the decision."""
        session = ctx.session
        n = session.get(Nomination, record.nomination_id) if record.nomination_id is not None else None
        decision = session.get(Decision, record.decision_id) if record.decision_id is not None else None
        if n is None or n.deleted_at is not None or n.status not in SENT_UP:
            return
        if decision is None or not decision.issued or not _sent_to(session, ctx.sender, n.uuid):
            return
        why = _("Awarded by decision {number} of {day} of {issuer}.").format(
            number=decision.number, day=fmt.day(decision.signed_on), issuer=decision.issuer
        )
        try:
            with session.begin_nested():
                if n.status is NominationStatus.SUBMITTED:
                    # Sent up before this office appraised it: the office above did.
                    workflow.transition(
                        session, [n.id], NominationStatus.APPRAISED, note=why, override_reason=why
                    )
                workflow.transition(
                    session,
                    [n.id],
                    NominationStatus.APPROVED,
                    note=why,
                    override_reason=why,
                    decided_above=decision.id,
                )
        except EmudeskError:
            # The award stands all the same (it is the other office's decision); the list shows it.
            session.expire(n)


HANDLERS: dict[str, Handler] = {
    h.section: h
    for h in (
        UnitKinds(),
        AwardForms(),
        RuleSets(),
        Campaigns(),
        Units(),
        Individuals(),
        Households(),
        Achievements(),
        Nominations(),
        Decisions(),
        Awards(),
        Verdicts(),
    )
}


__all__ = ["HANDLERS", "Context", "EmudeskError", "Handler", "plain", "uuid_of"]
