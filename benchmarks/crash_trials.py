"""Crash trials at scale: kill emudesk with SIGKILL mid-write N times, then look at every file.

    python benchmarks/crash_trials.py [--trials 100] [--seed 15] [--rows 3000] [--workers 2] [--keep]

The scenarios, kills and checks are tests/crash/harness.py's (the test suite runs 20 of them):
an import of ``--rows`` staff, a bulk approval, a backup, a schema upgrade and a restore, in
turn. The same
seed gives the same kills. Prints how many files survived (``emudesk check`` passes and the data
is exactly from before or from after), how many were left before and after, and the damaged
files and half-writes, of which there must be none (exit status 1 otherwise).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crash import harness  # noqa: E402

# Nothing else at module level: each forked child imports this file again (as __mp_main__).


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="emudesk-crash-"))
    os.environ["EMUDESK_HOME"] = str(workdir / "home")  # before the fork server starts
    os.environ.setdefault("EMUDESK_LANG", "vi")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--rows", type=int, default=3000, help="staff imported, backed up and upgraded")
    parser.add_argument("--nominations", type=int, default=200, help="nominations approved at once")
    parser.add_argument("--workers", type=int, default=2, help="children killed side by side")
    parser.add_argument("--keep", action="store_true", help="keep the files (their folder is printed)")
    args = parser.parse_args()

    scenarios = [
        harness.sized(harness.IMPORT, args.rows),
        harness.sized(harness.APPROVAL, args.nominations),
        harness.sized(harness.BACKUP, args.rows),
        harness.sized(harness.UPGRADE, args.rows),
        harness.sized(harness.RESTORE, args.rows),
        *harness.EXTRA_SCENARIOS,
    ]
    trials = harness.Trials(workdir)
    started = time.perf_counter()
    try:
        for scenario in scenarios:
            ref = trials.reference(scenario)
            print(f"{scenario.name}: {len(ref.points)} crash points in a full run", flush=True)
        outcomes = []
        for outcome in harness.run_trials(trials, scenarios, args.trials, args.seed, workers=args.workers):
            outcomes.append(outcome)
            if not outcome.survived:
                print("  " + outcome.describe(), flush=True)
    finally:
        if args.keep:
            print(f"files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - started

    print(
        f"\n{'scenario':<10} {'trials':>6} {'survived':>8} {'before':>6} {'after':>6} "
        f"{'between':>7} {'damaged':>7} {'finished':>8} {'copies':>6}"
    )
    by_name: dict[str, list[harness.Outcome]] = {}
    for outcome in outcomes:
        by_name.setdefault(outcome.scenario, []).append(outcome)
    for name, group in [*by_name.items(), ("all", outcomes)]:
        states = Counter(o.state for o in group)
        print(
            f"{name:<10} {len(group):>6} {sum(o.survived for o in group):>8} {states['before']:>6} "
            f"{states['after']:>6} {states['between']:>7} {sum(not o.check_ok for o in group):>7} "
            f"{sum(not o.killed for o in group):>8} {sum(o.copies for o in group):>6}"
        )
    damaged = sum(not o.check_ok for o in outcomes)
    half_imports = sum(o.state == "between" for o in by_name.get("import", []))
    failed = sum(not o.survived for o in outcomes)
    print(
        f"\n{sum(o.survived for o in outcomes)} of {len(outcomes)} survived; {damaged} damaged, "
        f"{half_imports} half-imports, {failed} failed in all ({elapsed:.0f} s)."
        "\n(finished: the command ended before the kill landed; copies: whole backups, or copies kept before"
        " an upgrade or a restore, found after the kill)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
