"""Per-column filters narrow the lazy lists in SQL, on both engines, as the clerk reads the cells."""

from __future__ import annotations

from datetime import UTC, date

from sqlalchemy import select

from emudesk.db.models import AuditEntry, AwardRecord, Campaign, Decision, Nomination
from emudesk.domain.enums import Gender, NominationStatus
from emudesk.domain.text import fold
from emudesk.services.campaigns.lists import CampaignFilter, campaign_ids, campaign_rows
from emudesk.services.core import column_filters as cf
from emudesk.services.core.audit_log import AuditFilter, audit_ids, audit_rows
from emudesk.services.core.store import Store
from emudesk.services.decisions.lists import DecisionFilter, decision_ids, decision_rows
from emudesk.services.nominations.lists import NominationFilter, nomination_ids, nomination_rows
from emudesk.services.register.lists import (
    AwardFilter,
    IndividualFilter,
    award_ids,
    award_rows,
    individual_ids,
    individual_rows,
)


def test_individual_columns_narrow_by_the_text_shown(demo_store: Store) -> None:
    with demo_store.read() as s:
        everyone = individual_ids(s, IndividualFilter())
        some_unit = next(r.unit for r in individual_rows(s, everyone[:50]).values() if r.unit)
        word = some_unit.split()[-1]  # a word of the unit's name, typed without diacritics
        by_unit = individual_ids(s, IndividualFilter(columns=(("unit", fold(word).upper()),)))
        assert 0 < len(by_unit) < len(everyone)
        assert all(fold(word) in fold(r.unit) for r in individual_rows(s, by_unit).values())

        women = individual_ids(s, IndividualFilter(columns=(("gender", "nu"),)))
        assert women == individual_ids(s, IndividualFilter(gender=Gender.FEMALE))

        both = individual_ids(s, IndividualFilter(columns=(("unit", word), ("gender", "Nữ"))))
        assert set(both) == set(by_unit) & set(women)
        # A blank filter, an unknown key and a year that is not a number
        assert individual_ids(s, IndividualFilter(columns=(("unit", "  "), ("colour", "x")))) == everyone
        assert individual_ids(s, IndividualFilter(columns=(("birth_year", "abc"),))) == []


def test_nomination_and_award_columns(demo_store: Store) -> None:
    with demo_store.read() as s:
        status = NominationStatus.SUBMITTED
        campaign = s.scalars(select(Nomination.campaign_id).where(Nomination.status == status)).first()
        ids = nomination_ids(s, NominationFilter(campaign_id=campaign, columns=(("status", status.label),)))
        assert ids == nomination_ids(s, NominationFilter(campaign_id=campaign, status=status))
        first = nomination_rows(s, ids[:1])[ids[0]]
        only = nomination_ids(s, NominationFilter(campaign_id=campaign, columns=(("id", f"#{first.id}"),)))
        assert only == [first.id]

        years = award_ids(s, AwardFilter(columns=(("year", "2020"),)))
        assert years and all(r.year == 2020 for r in award_rows(s, years).values())


def test_campaign_and_audit_columns(demo_store: Store) -> None:
    with demo_store.read() as s:
        every = campaign_ids(s, CampaignFilter())
        rows = campaign_rows(s, every)
        status = next(iter(rows.values())).status
        by_status = campaign_ids(s, CampaignFilter(columns=(("status", status.label.upper()),)))
        assert by_status and set(by_status) == {i for i, r in rows.items() if r.status is status}

        entries = audit_ids(s, AuditFilter())
        record = next(r.record_id for r in audit_rows(s, entries[:50]).values() if r.record_id != "")
        same = audit_ids(s, AuditFilter(columns=(("record", str(record)),)))
        assert same and all(r.record_id == record for r in audit_rows(s, same).values())


def test_decision_columns(demo_store: Store) -> None:
    with demo_store.read() as s:
        every = decision_ids(s, DecisionFilter())
        rows = decision_rows(s, every)
        number = next(iter(rows.values())).number
        found = decision_ids(s, DecisionFilter(columns=(("number", number),)))
        assert found and all(number in rows[i].number for i in found)
        assert len(decision_ids(s, DecisionFilter(columns=(("issuer", "zzzz"),)))) == 0


def test_date_columns_take_a_day_a_month_a_quarter_a_year_or_a_span(demo_store: Store) -> None:
    with demo_store.read() as s:
        signed = {d.id: d.signed_on for d in s.scalars(select(Decision))}
        year = max(signed.values()).year

        def decisions(text: str) -> set[int]:
            return set(decision_ids(s, DecisionFilter(columns=(("date", text),))))

        in_year = {i for i, d in signed.items() if d.year == year}
        assert in_year and decisions(str(year)) == in_year
        one = max(signed.values())
        assert decisions(one.strftime("%d/%m/%Y")) == {i for i, d in signed.items() if d == one}
        assert decisions(one.isoformat()) == decisions(one.strftime("%d/%m/%Y"))
        assert decisions(f"{one.month:02d}/{one.year}") == {
            i for i, d in signed.items() if (d.year, d.month) == (one.year, one.month)
        }
        quarter = (one.month - 1) // 3 + 1
        assert decisions(f"Quý {'I' * quarter if quarter < 4 else 'IV'}/{one.year}") == {
            i for i, d in signed.items() if d.year == one.year and (d.month - 1) // 3 + 1 == quarter
        }
        span = f"01/{year - 1} - 12/{year}"
        assert decisions(span) == {i for i, d in signed.items() if d.year in (year - 1, year)}
        assert decisions(f"từ {year - 1} đến {year}") == decisions(span)
        assert decisions(f"{year} - {year - 1}") == set()  # backwards: nothing, not everything
        assert decisions("tháng trước") == set()  # not a date: nothing

        filed = {n.id: n.filed_on for n in s.scalars(select(Nomination)) if n.filed_on is not None}
        assert filed
        day = next(iter(filed.values()))
        by_day = nomination_ids(s, NominationFilter(columns=(("filed", day.strftime("%d/%m/%Y")),)))
        assert set(by_day) == {i for i, d in filed.items() if d == day}

        awarded = {a.id: a.decision_date for a in s.scalars(select(AwardRecord)) if a.decision_date}
        some = next(iter(awarded.values()))
        by_year = award_ids(s, AwardFilter(columns=(("decision_date", str(some.year)),)))
        assert set(by_year) == {i for i, d in awarded.items() if d.year == some.year}

        issued = {c.id: c.issue_date for c in s.scalars(select(Campaign)) if c.deleted_at is None}
        first = next(d for d in issued.values() if d is not None)
        found = campaign_ids(s, CampaignFilter(columns=(("issue_date", str(first.year)),)))
        assert set(found) == {i for i, d in issued.items() if d is not None and d.year == first.year}


def test_the_audit_time_column_takes_local_days(demo_store: Store) -> None:
    with demo_store.read() as s:
        entries = audit_ids(s, AuditFilter())
        newest = s.get(AuditEntry, entries[0])
        assert newest is not None
        local_day = newest.at.replace(tzinfo=UTC).astimezone().date()
        same_day = audit_ids(s, AuditFilter(columns=(("at", local_day.strftime("%d/%m/%Y")),)))
        assert newest.id in same_day
        assert same_day == audit_ids(s, AuditFilter(date_from=local_day, date_to=local_day))
        assert audit_ids(s, AuditFilter(columns=(("at", "1999"),))) == []


def test_date_span_reads_what_a_clerk_types() -> None:
    assert cf.date_span("2025") == (date(2025, 1, 1), date(2025, 12, 31))
    assert cf.date_span("02/2024") == (date(2024, 2, 1), date(2024, 2, 29))
    assert cf.date_span("2025-01-15") == (date(2025, 1, 15), date(2025, 1, 15))
    assert cf.date_span("Quý II/2025") == (date(2025, 4, 1), date(2025, 6, 30))
    assert cf.date_span("01/03/2025 – 15/03/2025") == (date(2025, 3, 1), date(2025, 3, 15))
    assert cf.date_span("2024..2025") == (date(2024, 1, 1), date(2025, 12, 31))
    assert cf.date_span("31/02/2025") is None
    assert cf.date_span("abc") is None
