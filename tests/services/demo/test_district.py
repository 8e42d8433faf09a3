"""``emudesk demo --office district``: a commune below the province demo, to try exchange with."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from emudesk.db.models import Campaign, EvidenceFile, Nomination
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import ConflictError
from emudesk.services.core.store import Store
from emudesk.services.demo.district import DISTRICT_OFFICE, build_district
from emudesk.services.exchange import office
from tests.cli.running import run
from tests.services.exchange.offices import receive, send


@pytest.mark.pg
def test_the_district_shares_the_province_campaigns_and_sends_its_files_up(
    demo_store: Store, tmp_path: Path
) -> None:
    district = Store.open(tmp_path / "district.sqlite3", create=True)
    try:
        summary = build_district(demo_store, district)
        assert summary.notes == [] and summary.nominations == 3
        with demo_store.read() as s:
            province_campaigns = set(s.scalars(select(Campaign.uuid)))
            me = office.this_office(s)
            assert [o.name for o in office.offices(s) if not o.is_self] == [DISTRICT_OFFICE]
        with district.read() as s:
            assert set(s.scalars(select(Campaign.uuid))) == province_campaigns
            assert office.trusted(s, me.uuid) is not None
            statuses = set(s.scalars(select(Nomination.status)))
        assert statuses == {NominationStatus.VOTED}
        up = send(district, tmp_path / "de-nghi.emx")
        assert up.direction == "up" and up.counts["nominations"] == 3
        result = receive(demo_store, tmp_path / "de-nghi.emx")
        assert result.refused == [] and result.counts()["new"] >= 3
        with demo_store.read() as s:
            received = s.scalars(
                select(Nomination).where(Nomination.proposing_unit.has(name=DISTRICT_OFFICE))
            )
            assert {n.status for n in received} == {NominationStatus.SUBMITTED}
            assert s.scalar(select(EvidenceFile.original_name).order_by(EvidenceFile.id.desc())) == (
                "bien-ban-hop-hoi-dong.pdf"
            )
        with pytest.raises(ConflictError):
            build_district(demo_store, district)  # not into a database that holds data
    finally:
        district.close()


@pytest.mark.sqlite_only("the command opens the demo file itself")
def test_the_command_builds_the_pair(
    sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "district.sqlite3"
    code, out, err = run(
        capsys, "demo", "--office", "district", "--upper", str(sqlite_demo_db), "--db", str(target)
    )
    assert code == 0, err
    assert DISTRICT_OFFICE in out
    code, out, err = run(capsys, "demo", "--office", "district", "--upper", str(tmp_path / "none.sqlite3"))
    assert code == 1 and "emudesk demo" in err
