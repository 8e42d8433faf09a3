"""The summary of which engines the database tests ran on."""

from __future__ import annotations

from tests.engines import on_each_engine, without_a_twin


def test_each_engine_is_counted_and_a_sqlite_run_without_its_server_twin_is_named() -> None:
    found = {
        "t.py::a[sqlite]": {"sqlite"},
        "t.py::a[postgresql]": {"postgresql"},
        "t.py::b[sqlite-ntm]": {"sqlite"},
        "t.py::b[postgresql-ntm]": {"postgresql"},
        "t.py::c[sqlite-ntm]": {"sqlite"},  # its server run is missing
        "t.py::d": {"sqlite"},  # no server run, no reason
        "t.py::e": {"sqlite"},  # marked sqlite_only
        "t.py::f": {"sqlite", "postgresql"},  # copies from a file to a server
    }
    assert on_each_engine(found) == {"sqlite": 6, "postgresql": 3}
    assert without_a_twin(found, ["t.py::e"]) == ["t.py::c[sqlite-ntm]", "t.py::d"]
