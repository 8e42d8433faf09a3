"""The figures behind the charts of Tổng quan and of the summary report, as ``export.Chart``s.

Awards by year, by form and by unit count the award history that stands (revoked and annulled
awards are left out); quota use and targets against results are a campaign's. The callers name
the charts (the window in the user's language, the report in Vietnamese), so each function takes
its title. Every count is one GROUP BY; a unit's awards roll up to the unit under the province
(a Sở, a commune), through the unit tree in Python (a few thousand units at most).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from emudesk.db.models import AwardForm, AwardRecord, CampaignTarget, Individual, Unit
from emudesk.domain.award_names import expand
from emudesk.domain.enums import AwardStatus, QuotaKind
from emudesk.export import Chart
from emudesk.services.campaigns import quotas

# Bars a chart of forms or units shows; the rest are summed into one "Khác" bar.
TOP = 10
OTHERS = "Khác"


def award_years(session: Session) -> list[int]:
    """Years with awards that stand, newest first."""
    stmt = (
        select(AwardRecord.year)
        .where(AwardRecord.deleted_at.is_(None), AwardRecord.status == AwardStatus.VALID)
        .group_by(AwardRecord.year)
        .order_by(AwardRecord.year.desc())
    )
    return [int(y) for y in session.scalars(stmt)]


def _standing() -> tuple[ColumnElement[bool], ...]:
    return (AwardRecord.deleted_at.is_(None), AwardRecord.status == AwardStatus.VALID)


def awards_by_year(session: Session, title: str, last: int, years: int = 10, series: str = "") -> Chart:
    """Awards of each year from ``last - years + 1`` to ``last`` (years without any show 0)."""
    first = last - years + 1
    counts = dict(
        session.execute(
            select(AwardRecord.year, func.count())
            .where(*_standing(), AwardRecord.year.between(first, last))
            .group_by(AwardRecord.year)
        ).all()
    )
    span = list(range(first, last + 1))
    return Chart(title, tuple(str(y) for y in span), ((series, tuple(counts.get(y, 0) for y in span)),))


def _top(counts: Counter[str], top: int = TOP) -> tuple[tuple[str, ...], tuple[int, ...]]:
    ranked = counts.most_common()
    shown = ranked[:top]
    rest = sum(n for _name, n in ranked[top:])
    if rest:
        shown.append((OTHERS, rest))
    return tuple(name for name, _n in shown), tuple(n for _name, n in shown)


def awards_by_form(session: Session, title: str, year: int, series: str = "") -> Chart:
    """Awards of ``year`` per form (catalogue order is lost to ranking: the most frequent first)."""
    rows = session.execute(
        select(func.coalesce(AwardForm.name, AwardRecord.award_name), func.count())
        .select_from(AwardRecord)
        .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
        .where(*_standing(), AwardRecord.year == year)
        .group_by(func.coalesce(AwardForm.name, AwardRecord.award_name))
    )
    counts: Counter[str] = Counter()
    for name, n in rows:
        counts[expand(name)] += int(n)
    names, values = _top(counts)
    return Chart(title, names, ((series, values),), horizontal=True)


def awards_by_unit(session: Session, title: str, year: int, series: str = "") -> Chart:
    """Awards of ``year`` per unit under the province: a collective's own, a person's unit's."""
    unit_of = case(
        (AwardRecord.unit_id.is_not(None), AwardRecord.unit_id),
        else_=Individual.unit_id,
    )
    rows = session.execute(
        select(unit_of, func.count())
        .select_from(AwardRecord)
        .outerjoin(Individual, Individual.id == AwardRecord.individual_id)
        .where(*_standing(), AwardRecord.year == year, unit_of.is_not(None))
        .group_by(unit_of)
    ).all()
    tree = {
        uid: (parent, name)
        for uid, parent, name in session.execute(select(Unit.id, Unit.parent_id, Unit.name))
    }

    def head(uid: int) -> int:
        """The unit just under a root of the tree (a Sở under the UBND tỉnh); a root stays itself."""
        seen = {uid}
        while True:
            parent = tree.get(uid, (None, ""))[0]
            if parent is None or tree.get(parent, (None, ""))[0] is None or parent in seen:
                return uid
            seen.add(parent)
            uid = parent

    counts: Counter[str] = Counter()
    for uid, n in rows:
        counts[tree.get(head(int(uid)), (None, "?"))[1]] += int(n)
    names, values = _top(counts)
    return Chart(title, names, ((series, values),), horizontal=True)


def quota_use(session: Session, campaign_id: int, title: str, limit: str, used: str) -> Chart:
    """Each counted quota of a campaign: its limit and the places used (per-unit: the fullest unit's)."""
    meters = [m for m in quotas.usage(session, campaign_id) if m.kind is not QuotaKind.PRIORITY and m.limit]
    return Chart(
        title,
        tuple(m.label for m in meters),
        ((limit, tuple(m.limit or 0 for m in meters)), (used, tuple(m.used for m in meters))),
        horizontal=True,
    )


def target_results(session: Session, campaign_id: int, title: str, series: str) -> Chart:
    """Each target with a result, as the result's share of the target (100 % = reached)."""
    targets = session.scalars(
        select(CampaignTarget)
        .where(CampaignTarget.campaign_id == campaign_id)
        .order_by(CampaignTarget.position, CampaignTarget.id)
    ).all()
    shown = [t for t in targets if t.value and t.result_value is not None]
    return Chart(
        title,
        tuple(t.description for t in shown),
        ((series, tuple(_share(t.result_value, t.value) for t in shown)),),
        horizontal=True,
        unit="%",
    )


def _share(result: Decimal | None, goal: Decimal | None) -> float:
    if result is None or not goal:
        return 0.0
    return round(float(result / goal * 100), 1)
