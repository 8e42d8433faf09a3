"""The figures behind the charts, tallied here one record at a time from the demo."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import select

from emudesk.db.models import AwardRecord, Campaign, Individual, Unit
from emudesk.domain.enums import AwardStatus, CampaignStatus
from emudesk.services.campaigns import charts, quotas
from emudesk.services.core.store import Store


def _standing(store: Store) -> list[AwardRecord]:
    with store.read() as s:
        rows = list(s.scalars(select(AwardRecord)))
        s.expunge_all()
    return [r for r in rows if r.deleted_at is None and r.status is AwardStatus.VALID]


def test_awards_by_year_form_and_unit(demo_store: Store) -> None:
    awards = _standing(demo_store)
    per_year = Counter(r.year for r in awards)
    with demo_store.read() as s:
        by_year = charts.awards_by_year(s, "Theo năm", 2025, 10)
        by_form = charts.awards_by_form(s, "Theo hình thức", 2025)
        by_unit = charts.awards_by_unit(s, "Theo đơn vị", 2025)
        units = {u.id: u for u in s.scalars(select(Unit))}
        people = dict(s.execute(select(Individual.id, Individual.unit_id)).all())
        years = charts.award_years(s)
    assert by_year.categories == tuple(str(y) for y in range(2016, 2026))
    assert by_year.series[0][1] == tuple(float(per_year[y]) for y in range(2016, 2026))
    assert years[0] == max(per_year) and sorted(years, reverse=True) == years
    of_2025 = [r for r in awards if r.year == 2025]
    # Every award of the year is in one bar of forms ("Khác" sums what is beyond the top 10).
    assert sum(by_form.series[0][1]) == len(of_2025)
    assert by_form.series[0][1][0] == max(Counter(r.award_form_id for r in of_2025).values())
    assert all("UBND" not in c for c in by_form.categories)

    def head(uid: int) -> str:
        while units[uid].parent_id is not None and units[units[uid].parent_id].parent_id is not None:
            uid = units[uid].parent_id  # type: ignore[assignment]
        return units[uid].name

    tally = Counter(
        head(uid)
        for r in of_2025
        if (uid := r.unit_id if r.unit_id is not None else people.get(r.individual_id)) is not None
    )
    shown = dict(zip(by_unit.categories, by_unit.series[0][1], strict=True))
    top = tally.most_common(charts.TOP)
    assert [shown[name] for name, _n in top] == [float(n) for _name, n in top]
    assert shown.get(charts.OTHERS, 0) == sum(n for _name, n in tally.most_common()[charts.TOP :])


def test_quota_use_and_targets_of_a_campaign(demo_store: Store) -> None:
    with demo_store.write("test") as s:
        ntm = s.scalar(select(Campaign).where(Campaign.plan_number == "104"))
        assert ntm is not None and len(ntm.targets) == 4
        # Results reported for three of the four targets (the income ratio has none yet).
        for target, result in zip(ntm.targets, (Decimal(24), Decimal(8), Decimal(1), None), strict=True):
            target.result_value = result
        ntm_id = ntm.id
    with demo_store.read() as s:
        cid = s.scalar(
            select(Campaign.id)
            .where(Campaign.status == CampaignStatus.ACTIVE, Campaign.plan_symbol == "KH-UBND")
            .order_by(Campaign.id.desc())
        )
        assert cid is not None
        chart = charts.quota_use(s, cid, "Chỉ tiêu", "Tối đa", "Đã dùng")
        meters = [m for m in quotas.usage(s, cid) if m.limit]
        result = charts.target_results(s, ntm_id, "Mục tiêu", "Kết quả")
    assert meters and chart.categories == tuple(m.label for m in meters)
    assert chart.series == (
        ("Tối đa", tuple(float(m.limit or 0) for m in meters)),
        ("Đã dùng", tuple(float(m.used) for m in meters)),
    )
    # 24 % of communes against ≥ 20 %, 8 against 10, 1 district against 1: written out by hand.
    assert result.series == (("Kết quả", (120.0, 80.0, 100.0)),) and result.unit == "%"
    assert result.categories[0] == "Số xã đạt chuẩn nông thôn mới nâng cao"
