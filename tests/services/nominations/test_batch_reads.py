"""A move of many files reads their eligibility facts by sets (issue 14: a package of 1,000 dossiers).

The statements a batch sends to read what its checks need do not grow with its files, and every
file is still judged as it would be alone. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from emudesk.db.batch import Batch
from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus, Rating, SubjectKind
from emudesk.services.core.audit_chain import verify_chain
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.eligibility import judge
from emudesk.services.eligibility.judge import evaluate_nomination, gather_nominations, reasons_json
from emudesk.services.nominations.workflow import NominationInput, create_nomination, transition
from tests.counting import Statements, count_statements
from tests.factories import form_id, person, unit
from tests.services.builders import IND, campaign, give, initiative, rate

S = NominationStatus


def _drafts(store: Store, count: int, room_name: str) -> list[int]:
    """``count`` LĐTT drafts of 2025, every other person rated below the bar (warned on submit)."""
    with store.write() as s:
        room = unit(s, room_name)
        camp = campaign(s, "LDTT", title=f"Thi đua năm 2025 – {room_name}")
        ids = []
        for i in range(count):
            pid = person(s, f"Nguyễn Văn Số {room_name} {i}", room)
            rate(s, 2025, Rating.COMPLETED if i % 2 else Rating.GOOD, individual=pid)
            data = NominationInput(
                subject=SubjectRef(IND, pid),
                campaign_id=camp,
                award_form_id=form_id(s, "LDTT"),
                proposing_unit_id=room,
                year=2025,
                filed_on=date(2025, 12, 5),
            )
            ids.append(create_nomination(s, data, status=S.DRAFT))
    return ids


def _reads_of_a_submit(store: Store, ids: list[int]) -> tuple[Statements, int]:
    """The SELECTs a submit of ``ids`` sends, and how many files it warned about."""
    with count_statements(store) as sent, store.write() as s:
        result = transition(s, ids, S.SUBMITTED)
    assert result.changed == tuple(ids)
    reads = [q for q in sent if q.lstrip().upper().startswith(("SELECT", "WITH"))]
    return Statements(reads), len(result.warnings)


def test_a_batch_reads_its_checks_facts_in_statements_that_do_not_grow_with_its_files(store: Store) -> None:
    few, many = _drafts(store, 2, "Phòng A"), _drafts(store, 24, "Phòng B")
    _reads_of_a_submit(store, _drafts(store, 2, "Phòng C"))  # warm: the rule book is read once per process
    reads_few, warned_few = _reads_of_a_submit(store, few)
    reads_many, warned_many = _reads_of_a_submit(store, many)
    assert (warned_few, warned_many) == (1, 12)  # every file judged: the ones rated below the bar warned
    assert len(reads_many) == len(reads_few), f"{len(reads_few)} for 2 files, for 24:\n{reads_many}"
    # Nor do the SELECTs inside them (each subquery is compiled, and sent, once per statement).
    selects = [sum(q.upper().count("SELECT") for q in reads) for reads in (reads_few, reads_many)]
    assert selects[0] == selects[1], selects
    # The audit chain, appended file after file from the head the last append left, still holds,
    # and on PostgreSQL its id sequence was moved past the entries.
    with store.read() as s:
        report = verify_chain(s)
        assert report.ok and report.head_id is not None
        if s.bind is not None and s.bind.dialect.name == "postgresql":
            moved = s.scalar(text("SELECT last_value FROM audit_log_id_seq"))
            assert moved is not None and moved >= report.head_id


def test_files_judged_together_get_the_verdicts_they_get_alone(store: Store) -> None:
    """Shared subjects, achievements' and initiatives' other files, earlier awards, pending places
    and ratings: each file of one read by sets is judged exactly as when it is judged alone."""
    with store.write() as s:
        room = unit(s, "Phòng Tổng hợp")
        an, binh, cuong = (
            person(s, name, room) for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
        )
        for pid, rating in ((an, Rating.GOOD), (binh, Rating.COMPLETED), (cuong, Rating.EXCELLENT)):
            for year in (2023, 2024, 2025):
                rate(s, year, rating, individual=pid)
        give(s, IND, an, "LDTT", 2023)
        give(s, IND, an, "LDTT", 2024)
        give(s, IND, cuong, "CSTDCS", 2024)
        initiative(s, an, 2025)
        initiative(s, cuong, 2024)
        camp = campaign(s, "LDTT", "CSTDCS", "BK_TINH")
        ids = []
        for pid in (an, binh, cuong):
            for code in ("LDTT", "CSTDCS", "BK_TINH"):
                data = NominationInput(
                    subject=SubjectRef(IND, pid),
                    campaign_id=camp,
                    award_form_id=form_id(s, code),
                    proposing_unit_id=room,
                    year=2025,
                    filed_on=date(2025, 12, 5),
                )
                ids.append(create_nomination(s, data, status=S.DRAFT))
    with store.read() as s:
        alone = {nid: reasons_json(evaluate_nomination(s, nid)) for nid in ids}
    with store.read() as s:
        rows = list(s.scalars(select(Nomination).where(Nomination.id.in_(ids))))
        batch = Batch(s)
        gathered = gather_nominations(batch, s, rows)
        batch.run()
        together = {nid: reasons_json(verdict()) for nid, verdict in gathered.items()}
    assert together == alone
    assert {v["outcome"] for v in alone.values()} != {alone[ids[0]]["outcome"]}  # not all alike


@pytest.mark.parametrize("per_read", [500, 7])
def test_the_demos_files_judged_together_get_the_verdicts_they_get_alone(
    demo_store: Store, per_read: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every live file of the demo (people and collectives; votes, council tallies,
    quotas and ratio caps, files of one subject for several forms) judged in one read by sets, and
    with a few files per read (the reads beyond the first sent at once)."""
    monkeypatch.setattr(judge, "_FILES_PER_READ", per_read)
    with demo_store.read() as s:
        rows = list(
            s.scalars(select(Nomination).where(Nomination.deleted_at.is_(None)).order_by(Nomination.id))
        )
        assert len(rows) > 100
        assert {n.subject_kind for n in rows} == {SubjectKind.INDIVIDUAL, SubjectKind.UNIT}
        batch = Batch(s)
        gathered = judge.gather_nominations(batch, s, rows)
        batch.run()
        together = {nid: judge.reasons_json(verdict()) for nid, verdict in gathered.items()}
    with demo_store.read() as s:
        alone = {n.id: judge.reasons_json(judge.evaluate_nomination(s, n.id)) for n in rows}
    assert together == alone
