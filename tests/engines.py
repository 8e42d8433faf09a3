"""Which engines the database tests ran on: the figures the terminal summary prints."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# The engine in a parametrized test's id: "test_x[sqlite]", "test_x[postgresql-ntm-104]".
_ENGINE_IDS = re.compile(r"(?<=[\[-])(sqlite|postgresql)(?=[-\]])")


def on_each_engine(found: Mapping[str, set[str]]) -> dict[str, int]:
    """How many tests touched each engine (a test on both counts on both)."""
    return {
        engine: sum(engine in engines for engines in found.values()) for engine in ("sqlite", "postgresql")
    }


def without_a_twin(found: Mapping[str, set[str]], marked: Iterable[str]) -> list[str]:
    """Tests that touched SQLite only, have no run on PostgreSQL under the same id with the engine
    left out, and were not marked sqlite_only with a reason."""
    twins: dict[str, set[str]] = {}
    for nodeid, engines in found.items():
        twins.setdefault(_ENGINE_IDS.sub("", nodeid), set()).update(engines)
    excused = set(marked)
    return sorted(
        nodeid
        for nodeid, engines in found.items()
        if engines == {"sqlite"}
        and nodeid not in excused
        and "postgresql" not in twins[_ENGINE_IDS.sub("", nodeid)]
    )
