"""The demo database is complete and consistent; `check` finds real problems."""

from __future__ import annotations

from sqlalchemy import func, select, text

from emudesk.db.models import AwardRecord, Campaign, Household, Individual, Nomination, Unit, UnitLink
from emudesk.domain.enums import NominationStatus
from emudesk.services.campaigns import quotas
from emudesk.services.core.store import Store
from emudesk.services.workspace.check import run_checks


def test_demo_has_everything_the_issue_lists(demo_store: Store) -> None:
    with demo_store.read() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert 1800 <= count(Individual) <= 2200
        assert count(Household) >= 200
        assert count(UnitLink) > 10  # the 2025 mergers
        statuses = set(s.scalars(select(Nomination.status).distinct()))
        assert statuses == set(NominationStatus)
        plans = set(s.scalars(select(Campaign.plan_number + "/" + Campaign.plan_symbol)))
        assert {"104/KH-UBND", "101/KH-UBND", "/KH-SNNPTNT"} <= plans
        years = s.scalars(select(AwardRecord.year).distinct()).all()
        assert min(years) <= 2016 and max(years) >= 2025
        dissolved = s.scalar(select(func.count()).select_from(Unit).where(Unit.valid_to.is_not(None)))
        assert dissolved and dissolved > 20
        # Quotas partly used: at least one full meter and one with places left.
        meters = [
            m for cid in s.scalars(select(Campaign.id)) for m in quotas.usage(s, cid) if m.limit is not None
        ]
        assert any(m.full for m in meters) and any(not m.full for m in meters)


def test_demo_is_deterministic(demo_store: Store, tmp_path: object) -> None:
    with demo_store.read() as s:
        names = s.scalars(select(Individual.full_name).order_by(Individual.id).limit(20)).all()
    from emudesk.services.demo import dataset as demo

    other = Store.open(tmp_path / "again.sqlite3", create=True)  # type: ignore[operator]
    with other.write() as s:
        demo.generate(s)
    with other.read() as s:
        again = s.scalars(select(Individual.full_name).order_by(Individual.id).limit(20)).all()
    other.close()
    assert names == again


def test_check_passes_on_demo_and_reports_broken_rules(demo_store: Store) -> None:
    with demo_store.read() as s:
        report = run_checks(s, is_sqlite=demo_store.is_sqlite)
    assert report.ok, report.errors
    # Break the rules behind the services' back: an approved nomination without its award.
    with demo_store.write() as s:
        nid = s.scalar(select(Nomination.id).where(Nomination.status == NominationStatus.APPROVED).limit(1))
        s.execute(text("DELETE FROM award_records WHERE nomination_id = :n"), {"n": nid})
        s.execute(text("UPDATE individuals SET name_fold = 'x' WHERE id = 1"))
    with demo_store.read() as s:
        report = run_checks(s, is_sqlite=demo_store.is_sqlite)
    assert not report.ok
    assert any("chưa có trong lịch sử khen thưởng" in e for e in report.errors)
    assert any("dạng tìm kiếm" in e for e in report.errors)
