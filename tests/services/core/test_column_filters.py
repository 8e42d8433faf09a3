"""Per-column filters narrow the lazy lists in SQL, on both engines, as the clerk reads the cells."""

from __future__ import annotations

from sqlalchemy import select

from emudesk.db.models import Nomination
from emudesk.domain.enums import Gender, NominationStatus
from emudesk.domain.text import fold
from emudesk.services.campaigns.lists import CampaignFilter, campaign_ids, campaign_rows
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
