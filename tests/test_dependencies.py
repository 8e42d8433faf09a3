"""What a plain install brings: the PostgreSQL driver is a dependency, not an optional extra."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_a_plain_install_brings_the_postgresql_driver() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = [r for r in project["dependencies"] if r.lower().startswith("psycopg")]
    assert required, "psycopg must be in [project].dependencies, or `emudesk --db postgresql://…` fails"
    # The binary build carries libpq: a PC with no PostgreSQL installed still reaches a server.
    assert all("binary" in r for r in required)
    for extra in project.get("optional-dependencies", {}).values():
        assert "psycopg" not in _names(extra)


def test_the_bundle_collects_the_driver_and_its_libpq() -> None:
    # What the frozen driver does is tests/packaging/test_bundle.py's to show; this only keeps the
    # names in the spec (psycopg_binary cannot be imported before psycopg: no collect_submodules).
    spec = (ROOT / "packaging" / "emudesk.spec").read_text(encoding="utf-8")
    assert 'collect_submodules("psycopg")' in spec
    assert '"psycopg_binary.pq"' in spec and '"psycopg_binary._psycopg"' in spec


def test_the_driver_is_importable_with_its_binary_libpq() -> None:
    import psycopg

    assert psycopg.pq.__impl__ == "binary"
