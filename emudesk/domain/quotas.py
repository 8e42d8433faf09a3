"""Quota rules: does a nomination fall under a quota, and may it take a place?

The counting itself happens in SQL (``services/quotas.py``) inside the
transaction that writes; these functions decide and word the refusal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from emudesk.domain.enums import NominationStatus, QuotaKind, QuotaScope, SubjectKind
from emudesk.domain.errors import QuotaExceededError
from emudesk.i18n import _


@dataclass(frozen=True)
class QuotaSpec:
    """A campaign quota as plain data.

    Attributes:
        form_ids: the award forms counted together (one form, or a group of alternatives).
        subject_kind: None counts every kind of subject.
        unit_kind_id: only collectives of this kind of unit ("đơn vị trực thuộc Sở").
        limit: the count cap (COUNT quotas).
        ratio_percent, base_form_ids: RATIO quotas cap at floor(percent × nominations of the base forms).
            Both sets include the forms of a named authority that are of a listed kind (a cap on
            "Bằng khen của Bộ trưởng" counts "Bằng khen của Bộ trưởng Bộ Nông nghiệp và PTNT").
        priority: the plan's priority note ("ưu tiên các tập thể nhỏ") for the nominations it concerns.
    """

    id: int
    campaign_id: int
    label: str
    kind: QuotaKind
    scope: QuotaScope
    form_ids: frozenset[int]
    form_names: tuple[str, ...]
    subject_kind: SubjectKind | None
    unit_kind_id: int | None
    unit_kind_name: str | None
    phase_id: int | None
    year: int | None
    limit: int | None
    ratio_percent: float | None
    base_form_ids: frozenset[int]
    note: str
    source: str
    priority: str = ""


@dataclass(frozen=True)
class Candidate:
    """The facts of a nomination that quotas look at."""

    campaign_id: int
    award_form_id: int
    subject_kind: SubjectKind
    unit_kind_id: int | None
    phase_id: int | None
    year: int | None
    proposing_unit_id: int | None


def applies(quota: QuotaSpec, c: Candidate) -> bool:
    if quota.kind is QuotaKind.PRIORITY:
        return False
    return concerns(quota, c)


def concerns(quota: QuotaSpec, c: Candidate) -> bool:
    """The quota speaks of this nomination (its form, subject, unit kind, phase and year), cap or not."""
    if quota.campaign_id != c.campaign_id:
        return False
    if c.award_form_id not in quota.form_ids:
        return False
    if quota.subject_kind is not None and quota.subject_kind is not c.subject_kind:
        return False
    if quota.unit_kind_id is not None and (
        c.subject_kind is not SubjectKind.UNIT or c.unit_kind_id != quota.unit_kind_id
    ):
        return False
    if quota.phase_id is not None and quota.phase_id != c.phase_id:
        return False
    return quota.year is None or quota.year == c.year


def effective_limit(quota: QuotaSpec, base_count: int) -> int:
    """The number of places: the cap itself, or the ratio of the base count rounded down."""
    if quota.kind is QuotaKind.RATIO:
        return math.floor((quota.ratio_percent or 0) * base_count / 100 + 1e-9)
    return quota.limit or 0


def describe(quota: QuotaSpec, *, with_scope: bool = True) -> str:
    """A one-line description: forms, subject, restriction and (``with_scope``) scope."""
    parts = [" / ".join(quota.form_names)]
    if quota.subject_kind is not None:
        parts.append(quota.subject_kind.label.lower())
    if quota.unit_kind_name:
        parts.append(_("only {kind}").format(kind=quota.unit_kind_name))
    if with_scope and quota.scope is QuotaScope.PROPOSING_UNIT:
        parts.append(_("per proposing unit"))
    return ", ".join(parts)


@dataclass(frozen=True)
class Holder:
    """A nomination holding a place, as the person refused knows it.

    Attributes:
        id: the nomination's number; None when it was written by this same operation (an import
            row, a submit of a new file) and so does not exist unless the operation succeeds.
        status: its status as saved; for a file moved by this same operation, the status it had.
        moving_to: the status this same operation is moving it to, if it is moving it.
        origin: where an unsaved nomination comes from ("row 12 of this file").
    """

    name: str
    status: NominationStatus | None
    form: str = ""
    proposing_unit: str = ""
    id: int | None = None
    moving_to: NominationStatus | None = None
    origin: str = ""


def holder_line(holder: Holder, *, with_form: bool) -> str:
    """ "#12 Nguyễn Văn An – Bằng khen … – Sở Y tế – Đã trình"; the form only ``with_form``."""
    if holder.id is not None:
        who = f"#{holder.id} {holder.name}"
    elif holder.origin:
        who = f"{holder.name} ({holder.origin})"
    else:
        who = holder.name
    parts = [who]
    if with_form and holder.form:
        parts.append(holder.form)
    if holder.proposing_unit:
        parts.append(holder.proposing_unit)
    if holder.status is None:
        parts.append(_("not saved yet, entered by this same operation"))
    elif holder.moving_to is not None and holder.moving_to is not holder.status:
        parts.append(
            _("{status}, being moved to “{target}” by this same operation").format(
                status=holder.status.label, target=holder.moving_to.label
            )
        )
    else:
        parts.append(holder.status.label)
    return " – ".join(parts)


def check_place(
    quota: QuotaSpec,
    *,
    holders: tuple[Holder, ...],
    base_count: int = 0,
    proposing_unit_name: str | None = None,
    candidate_label: str,
) -> None:
    """Raise QuotaExceededError when ``holders`` (other nominations) already fill the quota.

    A cap over alternative forms names each holder's form; a per-proposing-unit cap names the
    unit it was counted for ("(no proposing unit)" when the file has none).
    """
    limit = effective_limit(quota, base_count)
    count = len(holders)
    if count + 1 <= limit:
        return
    if quota.kind is QuotaKind.RATIO:
        limit_text = _("{percent:g}% of {base} = {limit}").format(
            percent=quota.ratio_percent or 0, base=base_count, limit=limit
        )
    else:
        limit_text = str(limit)
    if quota.scope is QuotaScope.PROPOSING_UNIT:
        message = _(
            "Quota exceeded: “{quota}” ({description}) allows {limit} per proposing unit; "
            "{unit} has already taken {count}. {candidate} cannot take another place."
        ).format(
            quota=quota.label,
            description=describe(quota, with_scope=False),
            limit=limit_text,
            unit=proposing_unit_name or _("(no proposing unit)"),
            count=count,
            candidate=candidate_label,
        )
    else:
        message = _(
            "Quota exceeded: “{quota}” ({description}) allows {limit}; {count} already taken. "
            "{candidate} cannot take another place."
        ).format(
            quota=quota.label,
            description=describe(quota),
            limit=limit_text,
            count=count,
            candidate=candidate_label,
        )
    with_form = len(quota.form_ids) > 1
    lines = tuple(holder_line(h, with_form=with_form) for h in holders)
    raise QuotaExceededError(
        message,
        quota_id=quota.id,
        limit=limit,
        count=count,
        holders=lines,
        heading=_("Places held by:"),
    )
