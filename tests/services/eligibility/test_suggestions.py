"""Suggestions over the whole demo register agree with the full verdicts, subject by subject.

How fast one check and a suggestion list are is measured in ``benchmarks/`` (the eligibility and
suggestions groups of ``benchmarks/run.py``, and ``benchmarks/eligibility_sample.py``), never here.
"""

from __future__ import annotations

from emudesk.domain.rules import Outcome
from emudesk.services.core.store import Store
from emudesk.services.eligibility.suggest import suggest


def test_suggestions_cover_every_person(demo_store: Store) -> None:
    with demo_store.read() as s:
        result = suggest(s, "CSTDCS", 2025)
    assert sum(result.counts.values()) == 2000


def test_fast_outcomes_agree_with_full_verdicts(demo_store: Store) -> None:
    with demo_store.read() as s:
        for code in ("LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS", "BK_TINH", "GDVH", "THON_VH"):
            result = suggest(s, code, 2025, include_open=True)
            listed = [x.verdict.outcome for x in result.items]
            assert listed.count(Outcome.ELIGIBLE) == result.counts[Outcome.ELIGIBLE], code
            assert listed.count(Outcome.NEEDS_JUDGEMENT) == result.counts[Outcome.NEEDS_JUDGEMENT], code
