"""On a server every statement is a round trip (~0.5-2 ms on a LAN): an interactive operation sends
at most five, on both engines. Counts of statements (SQLAlchemy's before_cursor_execute, transaction
control left out), never timings; benchmarks/run.py reports the same figure at province scale."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from emudesk.db.models import AwardForm, Campaign, Individual, Nomination
from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.domain.errors import QuotaExceededError
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.nominations import workflow as nominations
from emudesk.services.register.lists import IndividualFilter, individual_ids, individual_rows
from emudesk.services.workspace import records
from tests.counting import Statements, count_statements

MOST = 5
FIRST, TOP = 200, 64  # what the window's table asks for first (ui/models/id_table_model.py)


def _list_page(store: Store, search: str) -> Callable[[], None]:
    """What the window does for a list or a keystroke: a first page with its count and the cells of
    its top rows, then the whole id list behind it."""

    def run() -> None:
        flt = IndividualFilter(search=search)
        with store.read() as s:
            ids = individual_ids(s, flt, limit=FIRST)
            assert len(ids) == FIRST, "the test needs a list longer than one page"
            individual_rows(s, list(ids[:TOP]))
        with store.read() as s:
            individual_ids(s, flt)

    return run


def _detail(store: Store) -> Callable[[], None]:
    with store.read() as s:
        busiest = s.scalar(
            select(Nomination.individual_id).where(Nomination.individual_id.is_not(None)).limit(1)
        )
    assert busiest is not None

    def run() -> None:
        with store.read() as s:
            assert records.individual_detail(s, busiest).awards

    return run


def _submit(store: Store) -> Callable[[], None]:
    """Submitting a draft, one fresh draft per run (the warm-up's and the counted one)."""
    with store.read() as s:
        campaign = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2026%")))
        form = s.scalar(select(AwardForm.id).where(AwardForm.code == "BK_TINH"))
        taken = select(Nomination.individual_id).where(Nomination.individual_id.is_not(None))
        free = select(Individual.id).where(Individual.unit_id.is_not(None), Individual.id.not_in(taken))
        people = list(s.scalars(free.order_by(Individual.id).limit(2)))
    assert campaign and form and len(people) == 2
    drafts = []
    with store.write() as s:
        for pid in people:
            data = nominations.NominationInput(
                subject=SubjectRef(SubjectKind.INDIVIDUAL, pid),
                campaign_id=campaign,
                award_form_id=form,
                year=2026,
                filed_on=date(2026, 11, 20),
            )
            drafts.append(nominations.create_nomination(s, data, status=NominationStatus.DRAFT))

    def run() -> None:
        nid = drafts.pop()
        with store.write() as s, contextlib.suppress(QuotaExceededError):  # a full quota is an answer too
            nominations.transition(s, [nid], NominationStatus.SUBMITTED)
        with store.read() as s:
            status = s.scalar(select(Nomination.status).where(Nomination.id == nid))
        assert status in (NominationStatus.SUBMITTED, NominationStatus.DRAFT)

    return run


OPERATIONS: dict[str, Callable[[Store], Callable[[], None]]] = {
    "list page": lambda store: _list_page(store, ""),
    "search keystroke": lambda store: _list_page(store, "nguyen"),
    "detail": _detail,
    "submit with its quota check": _submit,
}


@pytest.mark.parametrize(
    "name",
    [
        "list page",
        "search keystroke",
        "detail",
        "submit with its quota check",
    ],
)
def test_an_interactive_operation_takes_at_most_five_round_trips(demo_store: Store, name: str) -> None:
    run = OPERATIONS[name](demo_store)
    run()  # warm: the rule sets and catalogue caches are filled once per process, not per operation
    sent: Statements
    with count_statements(demo_store) as sent:
        run()
    assert len(sent) <= MOST, f"{name}: {len(sent)} statements\n{sent}"


# A submit itself (this test's own check left out): the files with their quotas under their lock
# (and on PostgreSQL the writer lock), everything the checks read with the audit chain's head, the
# update (its trigger writes the history row) and the audit entry.
SUBMIT_MOST = 4


def test_a_submit_reads_each_record_once(demo_store: Store) -> None:
    """The gate, the terms and the quota check share what the move loaded: no statement is sent twice
    (the session used to drop the subject, the form and the campaign between steps and read them again)."""
    run = _submit(demo_store)
    run()
    sent: Statements
    with count_statements(demo_store) as sent:
        run()
    repeated = {s for s in sent if sent.count(s) > 1}
    assert not repeated, f"sent more than once:\n{Statements(repeated)}"
    assert len(sent) - 1 <= SUBMIT_MOST, f"{len(sent)} statements\n{sent}"
