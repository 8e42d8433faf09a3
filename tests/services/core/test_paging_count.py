"""A first page counts its list only up to a cap: past it the list is "more than 10,000", and the
count stops there instead of reading every matching row (on both engines)."""

from __future__ import annotations

import pytest

from emudesk.services.core import paging
from emudesk.services.core.store import Store
from emudesk.services.register.lists import IndividualFilter, individual_ids
from tests.counting import count_statements


def test_a_list_longer_than_the_cap_is_counted_to_the_cap_and_no_further(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "COUNT_CAP", 500)
    with demo_store.read() as s:
        everyone = len(individual_ids(s, IndividualFilter()))
        with count_statements(demo_store) as sent:
            page = individual_ids(s, IndividualFilter(), limit=50)
    assert everyone > 501
    assert len(page) == 50
    assert isinstance(page, paging.IdPage) and page.capped and page.total == 501
    counting = sent[-1].lower()
    assert "count(" in counting and "limit" in counting, str(sent)


def test_a_list_within_the_cap_has_its_exact_count(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "COUNT_CAP", 500)
    flt = IndividualFilter(search="thi")
    with demo_store.read() as s:
        exact = len(individual_ids(s, flt))
        assert 50 < exact <= 500  # a second page exists (so the first page counts), within the cap
        page = individual_ids(s, flt, limit=50)
    assert isinstance(page, paging.IdPage) and not page.capped and page.total == exact
