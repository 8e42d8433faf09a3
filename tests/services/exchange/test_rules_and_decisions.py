"""Issue 14: what comes down after the first package. A province's rule set that differs is put to
the commune to keep or take; a decision the province corrected or revoked arrives as the
province's correction; a nomination the province awarded moves to "approved" at the commune.

The province is a file; the commune is the ``store`` (SQLite and PostgreSQL), which receives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from emudesk.db.models import Rule, RuleSet
from emudesk.domain.rules import RuleKind
from emudesk.services.core.store import Store
from emudesk.services.exchange import importing, office
from emudesk.services.exchange.package import open_package
from emudesk.services.rules import rulebook
from tests.cli.running import run, target_of
from tests.services.exchange.offices import Offices, province_campaign, receive, send
from tests.snapshot import snapshot

QUORUM = "rule COUNCIL.quorum"


@pytest.fixture
def offices(tmp_path: Path, store: Store) -> Iterator[Offices]:
    upper = Store.open(tmp_path / "tinh.sqlite3", create=True)
    with upper.write() as s:
        office.init_office(s, "Sở Nội vụ tỉnh Bắc Ninh")
        upper_key = office.export_key(s)
    with store.write() as s:
        office.init_office(s, "UBND xã Tam Sơn")
        lower_key = office.export_key(s)
        office.trust(s, upper_key)
    with upper.write() as s:
        office.trust(s, lower_key)
    yield Offices(tmp_path, upper, store)
    upper.close()


def _set_quorum(store: Store, percent: int) -> None:
    with store.write() as s:
        rule = s.scalar(
            select(Rule).where(Rule.code == "COUNCIL.quorum", Rule.rule_set.has(code="BN_86_2025"))
        )
        assert rule is not None
        raw = rulebook.rule_dict(rule)
        raw["params"] = {"min_present_percent": percent}
        rulebook.update_rule(s, rule.id, rulebook.rule_input(raw))


def _quorum(store: Store) -> tuple[int, int]:
    """The commune's quorum rule of the province's regulation: its percent and version."""
    with store.read() as s:
        rule = s.scalar(
            select(Rule).where(Rule.code == "COUNCIL.quorum", Rule.rule_set.has(code="BN_86_2025"))
        )
        assert rule is not None
        return rule.params["min_present_percent"], rule.version


def _conflicts(store: Store, path: Path) -> tuple[importing.Preview, importing.RecordPreview]:
    with store.read() as s:
        pv = importing.preview(s, open_package(s, path))
    (record,) = [r for r in pv.records if r.section == "rule_sets" and r.state == importing.CONFLICT]
    return pv, record


def test_a_changed_rule_set_is_kept_or_taken_rule_by_rule(
    offices: Offices, capsys: pytest.CaptureFixture[str]
) -> None:
    province_campaign(offices)
    # The province amends its regulation: a quorum of 75 % instead of 80 %, and a new rule.
    _set_quorum(offices.upper, 75)
    with offices.upper.write() as s:
        set_id = s.scalar(select(RuleSet.id).where(RuleSet.code == "BN_86_2025"))
        assert set_id is not None
        rulebook.add_rule(
            s,
            set_id,
            rulebook.RuleInput(
                "BKCT.share", RuleKind.COMPOSITION, {"awards": ["LDTT"], "min_percent": 70}, ["BK_TINH"]
            ),
        )
    first = offices.package("ke-hoach.emx")
    send(offices.upper, first)

    # The commune sees each rule that differs, with both values, before anything is written.
    _pv, record = _conflicts(offices.lower, first)
    by_field = {c.field: c for c in record.conflicts}
    assert set(by_field) == {QUORUM, "rule BKCT.share"}
    assert by_field[QUORUM].ours["params"]["min_present_percent"] == 80
    assert by_field[QUORUM].theirs["params"]["min_present_percent"] == 75
    assert by_field["rule BKCT.share"].ours is None
    code, out, _err = run(
        capsys, "exchange", "import", str(first), "--dry-run", "--json", "--db", target_of(offices.lower)
    )
    assert code == 0
    (shown,) = [
        r for r in json.loads(out)["records"] if r["section"] == "rule_sets" and r["state"] == "conflict"
    ]
    assert {c["field"] for c in shown["conflicts"]} == {QUORUM, "rule BKCT.share"}
    assert _quorum(offices.lower) == (80, 1)

    # Keep ours: the commune's rules stay as they were; the rest of the package is accepted.
    keep = {(record.section, record.uuid, f): "ours" for f in by_field}
    result = receive(offices.lower, first, keep)  # type: ignore[arg-type]
    assert not result.refused
    assert _quorum(offices.lower) == (80, 1)
    with offices.lower.read() as s:
        assert s.scalar(select(Rule.id).where(Rule.code == "BKCT.share")) is None

    # The province amends it again: now the commune takes theirs, through the CLI.
    _set_quorum(offices.upper, 70)
    second = offices.package("sua-quy-che.emx")
    send(offices.upper, second, since="last")
    _pv, record = _conflicts(offices.lower, second)
    assert [c.field for c in record.conflicts] == [QUORUM]  # the new rule was kept out, as chosen
    code, out, err = run(
        capsys,
        "exchange",
        "import",
        str(second),
        "--prefer",
        "theirs",
        "--json",
        "--db",
        target_of(offices.lower),
    )
    assert code == 0, err
    (done,) = [r for r in json.loads(out)["records"] if r["section"] == "rule_sets"]
    assert done["outcome"] == "accepted"
    # A new version of the same rule: council records of the old one keep naming version 1.
    assert _quorum(offices.lower) == (70, 2)
    with offices.lower.read() as s:
        assert s.scalar(select(Rule.id).where(Rule.code == "BKCT.share")) is None
    # A second import changes nothing.
    with offices.lower.read() as s:
        before = snapshot(s)
    receive(offices.lower, second)
    with offices.lower.read() as s:
        assert snapshot(s) == before


def test_a_rule_the_province_stopped_is_stopped_here_not_deleted(offices: Offices) -> None:
    province_campaign(offices)
    with offices.upper.write() as s:
        rule = s.scalar(select(Rule).where(Rule.code == "COUNCIL.quorum"))
        assert rule is not None
        raw = rulebook.rule_dict(rule)
        raw["active"] = False
        rulebook.update_rule(s, rule.id, rulebook.rule_input(raw))
    path = offices.package("ke-hoach.emx")
    send(offices.upper, path)
    _pv, record = _conflicts(offices.lower, path)
    (conflict,) = record.conflicts
    assert (conflict.field, conflict.theirs) == (QUORUM, None)
    receive(offices.lower, path, {(record.section, record.uuid, QUORUM): "theirs"})
    with offices.lower.read() as s:
        rule = s.scalar(select(Rule).where(Rule.code == "COUNCIL.quorum"))
        assert rule is not None and (rule.active, rule.version) == (False, 2)
