"""Counting quota places in SQL, inside the writing transaction, and the quota meters.

Every path that makes a nomination hold a place (submit, approve, import,
exchange) calls ``enforce`` after ``lock``; the lock makes two writers take
turns, so the second one counts the first one's place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import JSON, Select, Table, and_, case, event, func, or_, select, type_coerce
from sqlalchemy.orm import Session, SessionTransaction, aliased, object_session, selectinload

from emudesk.db import batch
from emudesk.db.models import AwardForm, Nomination, Quota, Unit, UnitKind, quota_base_forms, quota_forms
from emudesk.domain import quotas as rules
from emudesk.domain.enums import NominationStatus, QuotaKind, QuotaScope, SubjectKind
from emudesk.domain.workflow import HOLDS_PLACE
from emudesk.i18n import _
from emudesk.services.core.common import nomination_subject_name, nominations_with_names

_HOLDING = [s.value for s in HOLDS_PLACE]


def _variants(session: Session) -> dict[int, set[int]]:
    """Each legal kind's forms of a named authority (AwardForm.kind_of_id): a few rows at most."""
    out: dict[int, set[int]] = {}
    for form_id, kind_id in session.execute(
        select(AwardForm.id, AwardForm.kind_of_id).where(AwardForm.kind_of_id.is_not(None))
    ):
        if kind_id is not None:
            out.setdefault(kind_id, set()).add(form_id)
    return out


def _with_variants(ids: Iterable[int], variants: dict[int, set[int]]) -> frozenset[int]:
    """The forms and, for each legal kind among them, its forms of a named authority."""
    out = set(ids)
    for i in list(out):
        out |= variants.get(i, set())
    return frozenset(out)


def spec_of(quota: Quota, variants: dict[int, set[int]] | None = None) -> rules.QuotaSpec:
    if variants is None:
        session = object_session(quota)
        variants = _variants(session) if session is not None else {}
    return _spec(
        quota,
        _with_variants((f.id for f in quota.forms), variants),
        tuple(f.name for f in quota.forms),
        _with_variants((f.id for f in quota.base_forms), variants),
        quota.unit_kind.name if quota.unit_kind else None,
    )


def lock(session: Session, campaign_ids: Iterable[int]) -> dict[int, list[rules.QuotaSpec]]:
    """Take the quota lock of the campaigns before counting; their quotas, as ``load_specs`` reads them.

    PostgreSQL: row locks on the campaigns' quotas (SELECT … FOR UPDATE), taken by the same
    statement that reads them. SQLite: write transactions already began with BEGIN IMMEDIATE,
    which serialises writers.
    """
    ids = sorted(set(campaign_ids))
    if not ids:
        return {}
    stmt = _lock_stmt(session, Quota.campaign_id.in_(ids))
    return specs_of_rows(ids, [tuple(r) for r in session.connection().execute(stmt)])


def lock_column(session: Session, nomination_ids: Sequence[int]) -> tuple[Any, Callable[[Any], Any]]:
    """``lock`` of the campaigns of ``nomination_ids``, as a column of the statement that reads them.

    Returns the column and how to read its value into ``lock``'s answer (by campaign; the
    campaigns of the files with no quota are left out: ``specs_for`` fills them in).
    """
    files = select(Nomination.campaign_id).where(Nomination.id.in_(list(nomination_ids)))
    stmt = _lock_stmt(session, Quota.campaign_id.in_(files))
    dialect = session.get_bind().dialect
    return batch.json_column(stmt, dialect), lambda text: specs_of_rows((), batch.decode(stmt, text, dialect))


def _lock_stmt(session: Session, where: Any) -> Select[Any]:
    postgres = session.get_bind().dialect.name == "postgresql"
    return (
        select(
            *Quota.__table__.c,
            UnitKind.name,
            _linked_forms(quota_forms, postgres),
            _linked_forms(quota_base_forms, postgres),
        )
        .outerjoin(UnitKind, UnitKind.id == Quota.unit_kind_id)
        .where(where)
        .order_by(Quota.id)
        .with_for_update(of=Quota.__table__)
    )


def specs_of_rows(
    campaign_ids: Iterable[int], rows: Sequence[Sequence[Any]]
) -> dict[int, list[rules.QuotaSpec]]:
    out: dict[int, list[rules.QuotaSpec]] = {cid: [] for cid in campaign_ids}
    n = len(Quota.__table__.c)
    read = [(dict(zip(Quota.__table__.c.keys(), r[:n], strict=True)), r[n], r[n + 1], r[n + 2]) for r in rows]
    forms: dict[int, list[tuple[int, str]]] = {}
    counted: dict[int, set[int]] = {}
    base: dict[int, set[int]] = {}
    for quota, _kind, own, based in read:
        # [id, name, sort order, 1 for a named authority's form of a linked kind] of each form, in
        # the order of the forms' own relationship; the variants are counted, not named.
        linked = sorted(own or (), key=lambda f: (f[2], f[0]))
        forms[quota["id"]] = [(int(f[0]), str(f[1])) for f in linked if not f[3]]
        counted[quota["id"]] = {int(f[0]) for f in linked}
        base[quota["id"]] = {int(f[0]) for f in based or ()}
    for quota, kind_name, _own, _based in sorted(read, key=lambda r: (r[0]["position"], r[0]["id"])):
        own = forms.get(quota["id"], [])
        out.setdefault(quota["campaign_id"], []).append(
            _spec_of_values(
                quota,
                frozenset(counted.get(quota["id"], ())),
                tuple(n for _f, n in own),
                frozenset(base.get(quota["id"], ())),
                kind_name,
            )
        )
    return out


def _spec_of_values(
    quota: dict[str, Any],
    form_ids: frozenset[int],
    form_names: tuple[str, ...],
    base_form_ids: frozenset[int],
    unit_kind_name: str | None,
) -> rules.QuotaSpec:
    ratio = quota["ratio_percent"]
    return rules.QuotaSpec(
        id=quota["id"],
        campaign_id=quota["campaign_id"],
        label=quota["label"],
        kind=quota["kind"],
        scope=quota["scope"],
        form_ids=form_ids,
        form_names=form_names,
        subject_kind=quota["subject_kind"],
        unit_kind_id=quota["unit_kind_id"],
        unit_kind_name=unit_kind_name,
        phase_id=quota["phase_id"],
        year=quota["year"],
        limit=quota["limit_count"],
        ratio_percent=float(ratio) if ratio is not None else None,
        base_form_ids=base_form_ids,
        note=quota["note"] or "",
        source=quota["source"],
    )


def _linked_forms(link: Table, postgres: bool) -> Any:
    """The forms ``link`` ties to the outer query's quota and the forms of a named authority of
    those kinds, as a JSON list of [id, name, sort order, 0 or 1 (such a variant)]: read with the
    quotas and their lock, in the same statement."""
    variant = case((AwardForm.id == link.c.award_form_id, 0), else_=1)
    item = (func.json_build_array if postgres else func.json_array)(
        AwardForm.id, AwardForm.name, AwardForm.sort_order, variant
    )
    agg = func.json_agg(item) if postgres else func.json_group_array(item)
    joined = or_(AwardForm.id == link.c.award_form_id, AwardForm.kind_of_id == link.c.award_form_id)
    return type_coerce(
        select(agg)
        .select_from(link.join(AwardForm, joined))
        .where(link.c.quota_id == Quota.id)
        .scalar_subquery(),
        JSON,
    )


def _spec(
    quota: Quota,
    form_ids: frozenset[int],
    form_names: tuple[str, ...],
    base_form_ids: frozenset[int],
    unit_kind_name: str | None,
) -> rules.QuotaSpec:
    return rules.QuotaSpec(
        id=quota.id,
        campaign_id=quota.campaign_id,
        label=quota.label,
        kind=quota.kind,
        scope=quota.scope,
        form_ids=form_ids,
        form_names=form_names,
        subject_kind=quota.subject_kind,
        unit_kind_id=quota.unit_kind_id,
        unit_kind_name=unit_kind_name,
        phase_id=quota.phase_id,
        year=quota.year,
        limit=quota.limit_count,
        ratio_percent=float(quota.ratio_percent) if quota.ratio_percent is not None else None,
        base_form_ids=base_form_ids,
        note=quota.note or "",
        source=quota.source,
        priority=quota.priority or "",
    )


def load_specs(session: Session, campaign_id: int) -> list[rules.QuotaSpec]:
    quotas = session.scalars(
        select(Quota)
        .where(Quota.campaign_id == campaign_id)
        .options(selectinload(Quota.forms), selectinload(Quota.base_forms), selectinload(Quota.unit_kind))
        .order_by(Quota.position, Quota.id)
    ).all()
    variants = _variants(session)
    return [spec_of(q, variants) for q in quotas]


def priority_notes(session: Session, nomination_id: int) -> list[str]:
    """The plan's priority notes for this nomination: each quota's ``priority`` and the note of each
    priority-kind quota ("ưu tiên các tập thể nhỏ") whose forms, subjects and unit kind it falls under."""
    nomination = session.get(Nomination, nomination_id)
    if nomination is None:
        return []
    cand = candidate_of(session, nomination)
    out: list[str] = []
    for spec in load_specs(session, nomination.campaign_id):
        if not rules.concerns(spec, cand):
            continue
        for text in (spec.priority, spec.note if spec.kind is QuotaKind.PRIORITY else ""):
            if text and text not in out:
                out.append(text)
    return out


def priority_text() -> Any:
    """``priority_notes`` as a column of a query over nominations: the notes of the quotas that
    concern the outer query's nomination ("; " between them), NULL when none. The same conditions
    as ``rules.concerns``, so a list can show, sort and filter on it in SQL."""
    note = func.coalesce(
        func.nullif(Quota.priority, ""),
        case((Quota.kind == QuotaKind.PRIORITY, func.nullif(Quota.note, "")), else_=None),
    )
    # Aliases and explicit correlation: the outer list joins award_forms and units for its own columns.
    form, unit = aliased(AwardForm), aliased(Unit)
    # A form of a named authority falls under a quota over its legal kind.
    kind_of = (
        select(form.kind_of_id)
        .where(form.id == Nomination.award_form_id)
        .correlate(Nomination)
        .scalar_subquery()
    )
    form_listed = (
        select(quota_forms.c.quota_id)
        .where(
            quota_forms.c.quota_id == Quota.id,
            or_(
                quota_forms.c.award_form_id == Nomination.award_form_id,
                quota_forms.c.award_form_id == kind_of,
            ),
        )
        .correlate(Nomination, Quota)
        .exists()
    )
    unit_kind = (
        select(unit.kind_id).where(unit.id == Nomination.unit_id).correlate(Nomination).scalar_subquery()
    )
    return (
        select(func.aggregate_strings(note, "; "))
        .where(
            Quota.campaign_id == Nomination.campaign_id,
            note.is_not(None),
            form_listed,
            or_(Quota.subject_kind.is_(None), Quota.subject_kind == Nomination.subject_kind),
            or_(
                Quota.unit_kind_id.is_(None),
                and_(Nomination.subject_kind == SubjectKind.UNIT, Quota.unit_kind_id == unit_kind),
            ),
            or_(Quota.phase_id.is_(None), Quota.phase_id == Nomination.phase_id),
            or_(Quota.year.is_(None), Quota.year == Nomination.year),
        )
        .correlate(Nomination)
        .scalar_subquery()
    )


def candidate_of(session: Session, n: Nomination) -> rules.Candidate:
    unit_kind_id = None
    if n.subject_kind is SubjectKind.UNIT and n.unit_id is not None:
        # The unit as this transaction loaded it (the file's subject), else read now.
        unit = session.get(Unit, n.unit_id)
        unit_kind_id = unit.kind_id if unit is not None else None
    return rules.Candidate(
        campaign_id=n.campaign_id,
        award_form_id=n.award_form_id,
        subject_kind=n.subject_kind,
        unit_kind_id=unit_kind_id,
        phase_id=n.phase_id,
        year=n.year,
        proposing_unit_id=n.proposing_unit_id,
    )


def _matching(spec: rules.QuotaSpec, form_ids: frozenset[int]) -> Select[Any]:
    """Nominations holding a place under ``spec`` (with ``form_ids`` standing for its forms)."""
    stmt = select(Nomination.id).where(
        Nomination.campaign_id == spec.campaign_id,
        Nomination.award_form_id.in_(sorted(form_ids)),
        Nomination.status.in_(_HOLDING),
        Nomination.deleted_at.is_(None),
    )
    if spec.subject_kind is not None:
        stmt = stmt.where(Nomination.subject_kind == spec.subject_kind)
    if spec.unit_kind_id is not None:
        stmt = stmt.join(Unit, Unit.id == Nomination.unit_id).where(Unit.kind_id == spec.unit_kind_id)
    if spec.phase_id is not None:
        stmt = stmt.where(Nomination.phase_id == spec.phase_id)
    if spec.year is not None:
        stmt = stmt.where(Nomination.year == spec.year)
    return stmt


def _scoped(stmt: Select[Any], spec: rules.QuotaSpec, proposing_unit_id: int | None) -> Select[Any]:
    if spec.scope is QuotaScope.PROPOSING_UNIT:
        cond = (
            Nomination.proposing_unit_id.is_(None)
            if proposing_unit_id is None
            else Nomination.proposing_unit_id == proposing_unit_id
        )
        stmt = stmt.where(cond)
    return stmt


@dataclass
class _Unsaved:
    """What this transaction did to a nomination, so a refusal can word it as the user knows it."""

    saved_status: NominationStatus | None  # None: inserted by this transaction
    origin: str = ""


_PENDING = "quotas.pending"


def _pending(session: Session) -> dict[int, _Unsaved]:
    found: dict[int, _Unsaved] = session.info.setdefault(_PENDING, {})
    return found


def note_created(session: Session, nomination_id: int, origin: str = "") -> None:
    """``nomination_id`` was inserted by this transaction; ``origin`` says where from ("row 12 of this file").

    Until the transaction commits the id means nothing to anyone (a refused import rolls it back),
    so refusals describe the nomination by its subject and origin instead.
    """
    _pending(session)[nomination_id] = _Unsaved(None, origin)


def note_moving(session: Session, nomination_id: int, saved_status: NominationStatus) -> None:
    """This transaction moves ``nomination_id`` away from ``saved_status`` (the first move counts)."""
    _pending(session).setdefault(nomination_id, _Unsaved(saved_status))


def is_unsaved(session: Session, nomination_id: int | None) -> bool:
    """Whether ``nomination_id`` was inserted by this transaction (its id is not yet real)."""
    entry = _pending(session).get(nomination_id) if nomination_id is not None else None
    return entry is not None and entry.saved_status is None


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outer transaction, not a savepoint: the ids are real or gone
        session.info.pop(_PENDING, None)


def holders(session: Session, ids: list[int]) -> tuple[rules.Holder, ...]:
    """The nominations ``ids`` as the user knows them, in id order.

    A nomination moved by this same transaction shows its saved status and where it is going
    (a draft in a bulk submit is still a draft); one inserted by it shows no id but its origin.
    """
    if not ids:
        return ()
    rows = session.execute(
        nominations_with_names(Nomination.id, Nomination.subject_kind, Nomination.status, AwardForm.name)
        .join(AwardForm, AwardForm.id == Nomination.award_form_id)
        .where(Nomination.id.in_(ids))
        .order_by(Nomination.id)
    )
    pending = _pending(session)
    out = []
    for subject, p_short, p_name, nid, kind, status, form in rows:
        entry = pending.get(nid)
        common = {
            "name": nomination_subject_name(kind, subject),
            "form": form,
            "proposing_unit": p_short or p_name or "",
        }
        if entry is None:
            out.append(rules.Holder(status=status, id=nid, **common))
        elif entry.saved_status is None:
            out.append(rules.Holder(status=None, origin=entry.origin, **common))
        else:
            out.append(rules.Holder(status=entry.saved_status, id=nid, moving_to=status, **common))
    return tuple(out)


Places = dict[int, tuple[batch.Rows, batch.Rows | None]]


def gather_places(
    b: batch.Batch, session: Session, nomination: Nomination, specs: list[rules.QuotaSpec]
) -> Places:
    """The counts ``enforce`` reads for ``nomination``, gathered in ``b``: valid for an ``enforce``
    that comes before anything else of the transaction moves (the batch's first file)."""
    cand = candidate_of(session, nomination)
    out: Places = {}
    for spec in specs:
        if not rules.applies(spec, cand):
            continue
        base = _base_stmt(spec, cand.proposing_unit_id) if spec.kind is QuotaKind.RATIO else None
        out[spec.id] = (
            b.add(_holders_stmt(spec, cand, nomination)),
            b.add(base) if base is not None else None,
        )
    return out


def _holders_stmt(spec: rules.QuotaSpec, cand: rules.Candidate, nomination: Nomination) -> Select[Any]:
    stmt = _scoped(_matching(spec, spec.form_ids), spec, cand.proposing_unit_id)
    if nomination.id is not None:
        stmt = stmt.where(Nomination.id != nomination.id)
    return stmt


def enforce(
    session: Session,
    nomination: Nomination,
    *,
    candidate_label: str | Callable[[], str],
    specs: list[rules.QuotaSpec] | None = None,
    places: Places | None = None,
) -> None:
    """Raise QuotaExceededError if ``nomination`` cannot take a place under every quota that covers it.

    Call inside a write transaction after ``lock`` (``specs``: the quotas of its campaign it returned);
    the nomination's own row is excluded from the count. The holders' names are read only to word a
    refusal. ``places``: the counts ``gather_places`` read for it, if nothing moved since.
    """
    if specs is None:
        specs = load_specs(session, nomination.campaign_id)
    if not specs:
        return
    cand = candidate_of(session, nomination)
    for spec in specs:
        if not rules.applies(spec, cand):
            continue
        base = 0
        if places is not None and spec.id in places:
            held, counted = places[spec.id]
            ids = sorted(int(r[0]) for r in held)
            if counted is not None:
                first = counted.first()
                base = int(first[0] or 0) if first else 0
        else:
            ids = list(session.scalars(_holders_stmt(spec, cand, nomination).order_by(Nomination.id)))
            if spec.kind is QuotaKind.RATIO:
                base = _base_count(session, spec, cand.proposing_unit_id)
        if len(ids) + 1 <= rules.effective_limit(spec, base):
            continue  # a place is free (check_place would pass): no names needed
        proposing_name = None
        if spec.scope is QuotaScope.PROPOSING_UNIT and cand.proposing_unit_id is not None:
            proposing_name = session.scalar(select(Unit.name).where(Unit.id == cand.proposing_unit_id))
        rules.check_place(
            spec,
            holders=holders(session, ids),
            base_count=base,
            proposing_unit_name=proposing_name,
            candidate_label=candidate_label if isinstance(candidate_label, str) else candidate_label(),
        )


def _base_stmt(spec: rules.QuotaSpec, proposing_unit_id: int | None) -> Select[Any] | None:
    if not spec.base_form_ids:
        return None
    stmt = _scoped(_matching(spec, spec.base_form_ids), spec, proposing_unit_id)
    return select(func.count()).select_from(stmt.subquery())


def _base_count(session: Session, spec: rules.QuotaSpec, proposing_unit_id: int | None) -> int:
    stmt = _base_stmt(spec, proposing_unit_id)
    if stmt is None:
        return 0
    return int(session.scalar(stmt) or 0)


@dataclass(frozen=True)
class UnitUsage:
    unit_id: int | None
    unit_name: str
    used: int
    limit: int


@dataclass(frozen=True)
class QuotaUsage:
    """One quota meter: "Bằng khen CT UBND tỉnh – cá nhân: 1/1, đã đủ".

    For per-unit quotas ``used``/``limit`` are those of the fullest unit and
    ``per_unit`` lists each proposing unit that used any place.
    """

    quota_id: int
    label: str
    kind: QuotaKind
    description: str
    used: int
    limit: int | None
    per_unit: tuple[UnitUsage, ...]
    note: str
    source: str
    priority: str = ""  # the plan's priority for the nominations under this quota

    @property
    def full(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    @property
    def meter_text(self) -> str:
        if self.kind is QuotaKind.PRIORITY:
            return f"{self.label}: {self.note}"
        state = _("full") if self.full else _("{n} left").format(n=(self.limit or 0) - self.used)
        text = f"{self.label}: {self.used}/{self.limit}, {state}"
        return text + "\n" + _("Priority: {text}").format(text=self.priority) if self.priority else text


def usage(session: Session, campaign_id: int) -> list[QuotaUsage]:
    """The meters of every quota of a campaign, counted now."""
    out: list[QuotaUsage] = []
    specs = load_specs(session, campaign_id)
    for spec in specs:
        if spec.kind is QuotaKind.PRIORITY:
            out.append(
                QuotaUsage(spec.id, spec.label, spec.kind, spec.note, 0, None, (), spec.note, spec.source)
            )
            continue
        description = rules.describe(spec)
        if spec.scope is QuotaScope.CAMPAIGN:
            used = int(
                session.scalar(select(func.count()).select_from(_matching(spec, spec.form_ids).subquery()))
                or 0
            )
            base = _base_count(session, spec, None) if spec.kind is QuotaKind.RATIO else 0
            limit = rules.effective_limit(spec, base)
            out.append(
                QuotaUsage(
                    spec.id, spec.label, spec.kind, description, used, limit, (), spec.note, spec.source
                )
            )
            continue
        held = _matching(spec, spec.form_ids).add_columns(Nomination.proposing_unit_id).subquery()
        rows = session.execute(
            select(held.c.proposing_unit_id, Unit.name, func.count())
            .outerjoin(Unit, Unit.id == held.c.proposing_unit_id)
            .group_by(held.c.proposing_unit_id, Unit.name)
            .order_by(Unit.name)
        )
        per_unit = []
        for unit_id, name, used in rows:
            base = _base_count(session, spec, unit_id) if spec.kind is QuotaKind.RATIO else 0
            per_unit.append(
                UnitUsage(
                    unit_id, name or _("(no proposing unit)"), int(used), rules.effective_limit(spec, base)
                )
            )
        fullest = max(per_unit, key=lambda u: (u.used - u.limit, u.used), default=None)
        used = fullest.used if fullest else 0
        limit = fullest.limit if fullest else rules.effective_limit(spec, 0)
        out.append(
            QuotaUsage(
                spec.id,
                spec.label,
                spec.kind,
                description,
                used,
                limit,
                tuple(per_unit),
                spec.note,
                spec.source,
            )
        )
    priorities = {spec.id: spec.priority for spec in specs}
    return [replace(u, priority=priorities.get(u.quota_id, "")) for u in out]


@dataclass(frozen=True)
class Overrun:
    """A quota held by more files than it allows as the data now stands (say, after it was lowered).

    ``unit_name``: the proposing unit counted, for a per-unit quota; ``holders``: who holds the places,
    worded as a refusal words them.
    """

    quota_id: int
    label: str
    unit_name: str | None
    used: int
    limit: int
    holders: tuple[str, ...]


def overruns(session: Session, campaign_id: int) -> list[Overrun]:
    """The quotas of a campaign held beyond their limit, each with who holds the places."""
    specs = {spec.id: spec for spec in load_specs(session, campaign_id)}
    out: list[Overrun] = []
    for use in usage(session, campaign_id):
        spec = specs.get(use.quota_id)
        if spec is None or use.limit is None:
            continue
        over: list[tuple[str | None, int | None, int, int]] = (
            [(u.unit_name, u.unit_id, u.used, u.limit) for u in use.per_unit if u.used > u.limit]
            if spec.scope is QuotaScope.PROPOSING_UNIT
            else ([(None, None, use.used, use.limit)] if use.used > use.limit else [])
        )
        for unit_name, unit_id, used, limit in over:
            stmt = _matching(spec, spec.form_ids)
            if unit_name is not None:
                stmt = _scoped(stmt, spec, unit_id)
            ids = list(session.scalars(stmt.order_by(Nomination.id)))
            with_form = len(spec.form_ids) > 1
            lines = tuple(rules.holder_line(h, with_form=with_form) for h in holders(session, ids))
            out.append(Overrun(spec.id, spec.label, unit_name, used, limit, lines))
    return out
