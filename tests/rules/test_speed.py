"""Speed guards on the demo (2,000 people): one check well under the 5 ms target, suggestions under 2 s.

The bounds leave room for a loaded CI machine; the province-scale figures (100,000 people) are
measured by ``python -m tests.rules.bench_eligibility PROVINCE.sqlite3``.
"""

from __future__ import annotations

import time
from datetime import date

from emudesk.domain.enums import SubjectKind
from emudesk.domain.rules import Outcome
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.eligibility import eligibility


def test_one_check_and_suggestions_are_fast(demo_store: Store) -> None:
    with demo_store.read() as s:
        eligibility.evaluate(s, SubjectRef(SubjectKind.INDIVIDUAL, 1), "CSTD_TINH", date(2025, 12, 5))
        started = time.perf_counter()
        for pid in range(1, 101):
            eligibility.evaluate(s, SubjectRef(SubjectKind.INDIVIDUAL, pid), "CSTD_TINH", date(2025, 12, 5))
        per_check = (time.perf_counter() - started) / 100
        started = time.perf_counter()
        result = eligibility.suggest(s, "CSTDCS", 2025)
        suggest_time = time.perf_counter() - started
    assert per_check < 0.025, f"{per_check * 1000:.1f} ms per check"
    assert suggest_time < 2.0, f"{suggest_time:.2f} s for suggestions"
    assert sum(result.counts.values()) == 2000


def test_fast_outcomes_agree_with_full_verdicts(demo_store: Store) -> None:
    with demo_store.read() as s:
        for code in ("LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS", "BK_TINH", "GDVH", "THON_VH"):
            result = eligibility.suggest(s, code, 2025, include_open=True)
            listed = [x.verdict.outcome for x in result.items]
            assert listed.count(Outcome.ELIGIBLE) == result.counts[Outcome.ELIGIBLE], code
            assert listed.count(Outcome.NEEDS_JUDGEMENT) == result.counts[Outcome.NEEDS_JUDGEMENT], code
