"""The Qt-free reads and bookkeeping behind the window (no PySide6 here): tables, overview, bin, checks."""

from __future__ import annotations

from datetime import date

import pytest

from emudesk.domain.enums import AuditAction, CampaignKind, NominationStatus, SubjectKind
from emudesk.domain.errors import ConflictError
from emudesk.services.campaigns.definition import CampaignDef
from emudesk.services.campaigns.lists import (
    AchievementFilter,
    CampaignFilter,
    achievement_ids,
    achievement_rows,
    campaign_ids,
    campaign_rows,
)
from emudesk.services.core import audit_log
from emudesk.services.core.audit_log import AuditFilter, audit_ids, audit_rows
from emudesk.services.core.changes import EVERYTHING, Changes
from emudesk.services.core.store import Store
from emudesk.services.decisions.lists import DecisionFilter, decision_ids, decision_rows
from emudesk.services.nominations.lists import (
    NOMINATION_SORTS,
    NominationFilter,
    nomination_ids,
    nomination_rows,
    nomination_status_counts,
)
from emudesk.services.register import choices
from emudesk.services.register.households import HouseholdInput, MemberInput
from emudesk.services.register.lists import (
    AWARD_SORTS,
    INDIVIDUAL_SORTS,
    UNIT_SORTS,
    AwardFilter,
    HouseholdFilter,
    IndividualFilter,
    UnitFilter,
    award_ids,
    award_rows,
    household_ids,
    household_rows,
    individual_ids,
    individual_rows,
    unit_ids,
    unit_rows,
)
from emudesk.services.register.units import UnitInput
from emudesk.services.workspace import bin as bin_service
from emudesk.services.workspace import form_checks, records
from emudesk.services.workspace import overview as dashboard


def test_award_history_is_searched_and_sorted_in_sql(demo_store: Store) -> None:
    with demo_store.read() as s:
        everything = award_ids(s, AwardFilter())
        assert len(everything) > 10_000
        years = [r[3] for r in award_rows(s, everything[:50]).values()]
        assert years[0] >= award_rows(s, everything[-1:])[everything[-1]][3]  # newest year first
        found = award_ids(s, AwardFilter(search="lao dong tien tien", year_from=2024, year_to=2024))
        rows = award_rows(s, found[:20])
        assert rows and all("lao động tiên tiến" in r[2].lower() and r[3] == 2024 for r in rows.values())
        by_name = award_ids(s, AwardFilter(year_from=2025), sort="name", descending=False)
        assert len(by_name) == len(award_ids(s, AwardFilter(year_from=2025)))


def test_nominations_by_status_with_counts(demo_store: Store) -> None:
    with demo_store.read() as s:
        cid = next(c.id for c in choices.campaigns(s) if c.label == "Thi đua thường xuyên năm 2025")
        counts = nomination_status_counts(s, cid)
        submitted = nomination_ids(s, NominationFilter(campaign_id=cid, status=NominationStatus.SUBMITTED))
        assert len(submitted) == counts[NominationStatus.SUBMITTED] > 0
        rows = nomination_rows(s, submitted)
        assert {r[9] for r in rows.values()} == {NominationStatus.SUBMITTED}
        people = nomination_ids(
            s, NominationFilter(campaign_id=cid, subject_kind=SubjectKind.INDIVIDUAL), sort="name"
        )
        assert people and {nomination_rows(s, people)[i][10] for i in people} == {SubjectKind.INDIVIDUAL}


def test_audit_log_filters_by_record_user_and_date(demo_store: Store) -> None:
    with demo_store.read() as s:
        updates = audit_ids(s, AuditFilter(table_name="nominations", action=AuditAction.UPDATE))
        assert updates
        rows = audit_rows(s, updates[:5])
        assert {r[3] for r in rows.values()} == {"Đề nghị khen thưởng"}
        assert audit_ids(s, AuditFilter(actor="nobody-here")) == []
        assert audit_ids(s, AuditFilter(date_to=date(2000, 1, 1))) == []
        detail = audit_log.entry(s, updates[0])
        assert detail.changes and detail.table_name == "nominations"


def test_overview_lists_open_campaigns_with_deadlines_and_meters(demo_store: Store) -> None:
    with demo_store.read() as s:
        items = dashboard.overview(s, date(2026, 11, 22))
        counts = dashboard.register_counts(s)
    assert counts.individuals == 2000
    first = next(i for i in items if i.title == "Thi đua thường xuyên năm 2026")
    assert first.next_deadline is not None and first.next_deadline.due_date == date(2026, 12, 9)
    assert first.next_deadline.days_left == 17
    assert any(m.meter_text.startswith("Bằng khen CT UBND tỉnh – cá nhân:") for m in first.meters)
    assert first.waiting == sum(first.counts[s] for s in dashboard.WAITING)


def test_bin_delete_and_restore_round_trip(demo_store: Store) -> None:
    with demo_store.read() as s:
        pid = individual_ids(s, IndividualFilter())[0]
    with demo_store.write() as s:
        bin_service.delete(s, "individuals", [pid])
    with demo_store.read() as s:
        assert individual_ids(s, IndividualFilter(in_bin=True)) == [pid]
    with demo_store.write() as s:
        bin_service.restore(s, "individuals", [pid])
    with demo_store.read() as s:
        assert individual_ids(s, IndividualFilter(in_bin=True)) == []


def test_refused_delete_keeps_the_services_message(demo_store: Store) -> None:
    with demo_store.read() as s:
        root = next(u.id for u in choices.units(s) if u.parent_id is None and not u.dissolved)
    with pytest.raises(ConflictError), demo_store.write() as s:
        bin_service.delete(s, "units", [root])


def test_form_checks_report_by_field_without_writing(demo_store: Store) -> None:
    with demo_store.read() as s:
        assert "name" in form_checks.unit_problems(s, UnitInput(name=" ", kind_code="so_nganh"))
        assert "kind" in form_checks.unit_problems(s, UnitInput(name="Sở Thẩm định", kind_code="khong_co"))
        assert form_checks.unit_problems(s, UnitInput(name="Sở Thẩm định", kind_code="so_nganh")) == {}
        assert "members" in form_checks.household_problems(
            s, HouseholdInput("Lê Văn Tám", members=[MemberInput("")])
        )
        assert "title" in form_checks.campaign_problems(CampaignDef("", kind=CampaignKind.REGULAR))
    with demo_store.read() as s:
        assert unit_ids(s, UnitFilter(search="so tham dinh")) == []  # nothing was written


def test_pickers_search_people_without_diacritics(demo_store: Store) -> None:
    with demo_store.read() as s:
        found = choices.search_subjects(s, SubjectKind.INDIVIDUAL, "nguyen van")
        assert found and all("Nguyễn Văn" in label for _id, label in found)
        pid = found[0][0]
        detail = records.individual_detail(s, pid)
        assert detail.full_name in found[0][1] and detail.ratings


def test_changes_combine() -> None:
    both = Changes(units=True) | Changes(awards=True)
    assert both.units and both.awards and not both.households
    assert both.any("awards") and not both.any("nominations") and EVERYTHING.any("anything_at_all") is True


def test_every_table_query_runs_on_both_engines(store: Store) -> None:
    """The id and row queries, every sort, on SQLite and PostgreSQL (the ``store`` fixture)."""
    from datetime import date as d

    from emudesk.services.core.common import SubjectRef
    from emudesk.services.nominations import workflow as nomination_service
    from emudesk.services.nominations.workflow import DecisionInput
    from emudesk.services.register import awards as award_service
    from emudesk.services.register.awards import AwardInput
    from tests.factories import nominate, snn_department

    with store.write() as s:
        dept = snn_department(s)
        nid = nominate(s, dept.campaign, SubjectKind.INDIVIDUAL, dept.staff[0], "BK_TINH", dept.department)
        nomination_service.transition(s, [nid], NominationStatus.SUBMITTED)
        nomination_service.transition(s, [nid], NominationStatus.APPRAISED)
        nomination_service.transition(
            s, [nid], NominationStatus.APPROVED, decision=DecisionInput("9/QĐ-UBND", d(2024, 1, 5))
        )
        award_service.create_award(
            s, AwardInput(SubjectRef(SubjectKind.UNIT, dept.divisions[0]), 2022, "GK", decision_number="3/QĐ")
        )
    with store.read() as s:
        checks = [
            (
                individual_ids,
                IndividualFilter(search="an"),
                individual_rows,
                INDIVIDUAL_SORTS,
            ),
            (
                household_ids,
                HouseholdFilter(),
                household_rows,
                ("name", "address", "village"),
            ),
            (unit_ids, UnitFilter(search="chi cuc"), unit_rows, UNIT_SORTS),
            (
                campaign_ids,
                CampaignFilter(),
                campaign_rows,
                ("issue_date", "title", "plan"),
            ),
            (
                nomination_ids,
                NominationFilter(search="nguyen"),
                nomination_rows,
                NOMINATION_SORTS,
            ),
            (award_ids, AwardFilter(), award_rows, [k for k in AWARD_SORTS if k]),
            (
                decision_ids,
                DecisionFilter(search="qđ"),
                decision_rows,
                ("date", "number"),
            ),
            (
                achievement_ids,
                AchievementFilter(),
                achievement_rows,
                ("id", "name", "year"),
            ),
            (
                audit_ids,
                AuditFilter(table_name="nominations"),
                audit_rows,
                ("at", "actor"),
            ),
        ]
        for ids_fn, flt, rows_fn, sorts in checks:
            for sort in sorts:
                for descending in (False, True):
                    ids = ids_fn(s, flt, sort=sort, descending=descending)
                    assert set(rows_fn(s, ids)) == set(ids)
        assert nomination_ids(s, NominationFilter(search="nguyen van an")) == [nid]
        assert len(award_ids(s, AwardFilter())) == 2
        assert nomination_status_counts(s, dept.campaign)[NominationStatus.APPROVED] == 1
