"""No N+1 queries: a list page, a person's detail and an eligibility check each send a fixed number
of statements, however many rows, awards or years they cover. Counts only, never timings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk.db.models import AwardRecord, Individual
from emudesk.domain.enums import SubjectKind
from emudesk.services.campaigns.lists import CampaignFilter, campaign_ids, campaign_rows
from emudesk.services.core.audit_log import AuditFilter, audit_ids, audit_rows
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.decisions.lists import DecisionFilter, decision_ids, decision_rows
from emudesk.services.eligibility.judge import evaluate
from emudesk.services.nominations.lists import NominationFilter, nomination_ids, nomination_rows
from emudesk.services.register.lists import (
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
from emudesk.services.workspace import records
from tests.counting import count_statements

IdsFn = Callable[[Session], list[int]]
RowsFn = Callable[[Session, Sequence[int]], dict[int, tuple[Any, ...]]]

LISTS: dict[str, tuple[IdsFn, RowsFn]] = {
    "individuals": (lambda s: individual_ids(s, IndividualFilter()), individual_rows),
    "households": (lambda s: household_ids(s, HouseholdFilter()), household_rows),
    "units": (lambda s: unit_ids(s, UnitFilter()), unit_rows),
    "campaigns": (lambda s: campaign_ids(s, CampaignFilter()), campaign_rows),
    "nominations": (lambda s: nomination_ids(s, NominationFilter()), nomination_rows),
    "awards": (lambda s: award_ids(s, AwardFilter()), award_rows),
    "decisions": (lambda s: decision_ids(s, DecisionFilter()), decision_rows),
    "audit": (lambda s: audit_ids(s, AuditFilter()), audit_rows),
}


@pytest.mark.parametrize("kind", list(LISTS))
def test_a_list_page_costs_the_same_few_statements_for_any_number_of_rows(
    demo_store: Store, kind: str
) -> None:
    ids_fn, rows_fn = LISTS[kind]
    with demo_store.read() as s:
        ids = ids_fn(s)
        assert len(ids) >= 2, f"the demo has too few {kind} to compare"
        with count_statements(demo_store) as few:
            rows_fn(s, ids[:1])
        with count_statements(demo_store) as page:
            rows_fn(s, ids[:200])
    assert len(page) == len(few) <= 3, f"{kind}: {len(few)} for 1 row, {len(page)} for a page\n{page}"


def test_a_first_page_is_its_ids_the_count_of_the_list_and_one_query_of_cells(demo_store: Store) -> None:
    with demo_store.read() as s, count_statements(demo_store) as sent:
        page = award_ids(s, AwardFilter(), limit=50)
        award_rows(s, page)
    assert len(page) == 50 and getattr(page, "total", 0) > 50
    assert len(sent) == 3, str(sent)


def _people_by_history(store: Store) -> tuple[int, int]:
    """(the person with the most awards, the person with the fewest)."""
    with store.read() as s:
        awarded = (
            select(AwardRecord.individual_id, func.count().label("n"))
            .where(AwardRecord.individual_id.is_not(None), AwardRecord.deleted_at.is_(None))
            .group_by(AwardRecord.individual_id)
            .subquery()
        )
        people = (
            select(awarded.c.individual_id, awarded.c.n)
            .join(Individual, Individual.id == awarded.c.individual_id)
            .where(Individual.deleted_at.is_(None))
            .order_by(awarded.c.n.desc(), awarded.c.individual_id)
        )
        ranked = s.execute(people).all()
        assert ranked[0].n >= 3 * ranked[-1].n, "the demo should have long and short histories"
        return ranked[0].individual_id, ranked[-1].individual_id


def test_the_detail_of_a_person_costs_the_same_however_long_the_history(demo_store: Store) -> None:
    busiest, bare = _people_by_history(demo_store)
    counts = []
    for pid in (bare, busiest):
        with demo_store.read() as s, count_statements(demo_store) as sent:
            detail = records.individual_detail(s, pid)
        counts.append(len(sent))
        if pid == busiest:
            assert len(detail.awards) >= 3, "the demo's busiest person should have a history"
    assert counts[0] == counts[1] <= 8, counts


def test_one_eligibility_check_costs_the_same_however_long_the_history(demo_store: Store) -> None:
    busiest, bare = _people_by_history(demo_store)
    counts = []
    on = date(2025, 12, 31)
    with demo_store.read() as s:
        evaluate(s, SubjectRef(SubjectKind.INDIVIDUAL, bare), "BK_TINH", on)  # rules now cached
        for pid in (bare, busiest):
            with count_statements(demo_store) as sent:
                evaluate(s, SubjectRef(SubjectKind.INDIVIDUAL, pid), "BK_TINH", on)
            counts.append(len(sent))
    assert counts[0] == counts[1] <= 15, counts
