"""Crash trials (issue 15, item 3): emudesk killed with SIGKILL in the middle of its writes.

Five seeded trials for each kind of write, then the kills inside the copy kept before an upgrade.
After every kill the file passes ``emudesk check`` and holds exactly the data from before or from
after. benchmarks/crash_trials.py runs many more.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crash import harness
from tests.crash.harness import Scenario, Trials

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork servers are POSIX"),
    # A server rolls back the transaction of a client it lost: that and a server killed mid-write
    # are tests/db/test_connection_trouble.py's.
    pytest.mark.sqlite_only("SIGKILL in the middle of writing an SQLite file: its journal and backup copies"),
]

TRIALS_EACH = 4  # five scenarios: 20 seeded trials
SEED = 15


@pytest.fixture(scope="module")
def trials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Trials]:
    yield Trials(tmp_path_factory.mktemp("crash"))


@pytest.mark.parametrize("scenario", harness.SCENARIOS, ids=lambda s: s.name)
def test_a_kill_leaves_the_data_from_before_or_after(trials: Trials, scenario: Scenario) -> None:
    outcomes = list(harness.run_trials(trials, [scenario], TRIALS_EACH, SEED))
    failed = [o.describe() for o in outcomes if not o.survived]
    assert not failed, "\n".join(failed)
    assert sum(o.killed for o in outcomes) >= TRIALS_EACH - 2  # the kills landed before the end


def test_a_kill_inside_the_copy_before_an_upgrade_leaves_no_part_of_a_copy(trials: Trials) -> None:
    """The copy is what the message about a damaged file tells the office to restore."""
    points = trials.reference(harness.UPGRADE).points
    steps = [i + 1 for i, kind in enumerate(points) if kind == "backup-step"]
    assert len(steps) > 2  # the child copies a few pages at a time
    for n in (steps[len(steps) // 2],):
        outcome = trials.trial(harness.UPGRADE, "point", n)
        assert outcome.killed and outcome.state == "before"
        assert outcome.survived, outcome.describe()


def test_a_kill_inside_the_copy_kept_before_a_restore_leaves_no_part_of_a_copy(trials: Trials) -> None:
    """The copy of the replaced database is the way back from a wrong restore."""
    points = trials.reference(harness.RESTORE).points
    steps = [i + 1 for i, kind in enumerate(points) if kind == "backup-step"]
    outcome = trials.trial(harness.RESTORE, "point", steps[len(steps) // 2])
    assert outcome.killed and outcome.state == "before"
    assert outcome.survived, outcome.describe()


def test_a_half_write_is_told_apart(trials: Trials, tmp_path: Path) -> None:
    """The comparison itself: one row more than before, or one row fewer than after, is neither."""
    ref = trials.reference(harness.APPROVAL)
    name = next(n for n, (_sql, rows) in ref.after.items() if len(rows) != len(ref.before[n][1]))
    sql, rows = ref.after[name]
    assert harness.state_of({**ref.after, name: (sql, rows[:-1])}, ref) == "between"
    assert harness.state_of(ref.after, ref) == "after" and harness.state_of(ref.before, ref) == "before"


def test_the_commit_is_the_line_between_before_and_after(trials: Trials) -> None:
    """Killed as it commits, the import is not there at all; killed just after, all of it is."""
    points = trials.reference(harness.IMPORT).points
    commit = points.index("commit") + 1
    assert points[commit] == "committed"  # the next point, 1-based
    assert trials.trial(harness.IMPORT, "point", commit).state == "before"
    after = trials.trial(harness.IMPORT, "point", commit + 1)
    assert after.state == "after" and after.survived, after.describe()
