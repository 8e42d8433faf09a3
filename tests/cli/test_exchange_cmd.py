"""``emudesk exchange``: export, import with --dry-run/--json/--prefer/--resolve, receipts, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from emudesk.db.models import Individual, Nomination
from emudesk.services.nominations.lists import nomination_rows
from emudesk.services.register import individuals
from tests.cli.running import run
from tests.services.exchange.offices import Offices, commune_dossiers, make_offices, province_campaign
from tests.snapshot import snapshot

pytestmark = pytest.mark.sqlite_only("two offices: two database files")


@pytest.fixture
def offices(tmp_path: Path) -> Offices:
    pair = make_offices(tmp_path)
    yield pair  # type: ignore[misc]
    pair.close()


def _db(store: object) -> str:
    return str(store.path)  # type: ignore[attr-defined]


def test_a_round_trip_through_the_command_line(
    offices: Offices, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upper, lower = _db(offices.upper), _db(offices.lower)
    province_campaign(offices)
    plan = tmp_path / "ke-hoach.emx"
    code, out, err = run(capsys, "--db", upper, "exchange", "export", "-o", str(plan), "--json")
    assert code == 0, err
    assert json.loads(out)["direction"] == "down"
    # A trial run shows what is new and writes nothing, not even the receipt.
    with offices.lower.read() as s:
        before = snapshot(s)
    code, out, err = run(capsys, "--db", lower, "exchange", "import", str(plan), "--dry-run", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["dry_run"] and doc["counts"]["new"] == 1
    with offices.lower.read() as s:
        assert snapshot(s) == before
    assert not (tmp_path / "ke-hoach.receipt.emx").exists()
    code, out, err = run(capsys, "--db", lower, "exchange", "import", str(plan))
    assert code == 0, err
    assert (tmp_path / "ke-hoach.receipt.emx").exists()
    code, out, err = run(capsys, "--db", lower, "exchange", "import", str(plan))
    assert code == 0 and "không có gì thay đổi" in out

    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(b"%PDF-1.4 minh chung")
    commune_dossiers(offices, evidence, ["Nguyễn Văn An", "Trần Thị Bình"])
    # The province already has another person with Bình's ID number: her record is refused, with
    # the reason, and so are the achievement and the file that need it; the receipt says so.
    with offices.lower.write() as s:
        binh = s.scalar(select(Individual).where(Individual.given_name == "Bình"))
        data = individuals.individual_input(s, binh.id)
        data.id_number = "034185000123"
        individuals.update_individual(s, binh.id, data)
    with offices.upper.write() as s:
        data.unit_id, data.given_name = None, "Bích"
        individuals.create_individual(s, data)
    up = tmp_path / "de-nghi.emx"
    assert run(capsys, "--db", lower, "exchange", "export", "-o", str(up))[0] == 0
    code, out, err = run(capsys, "--db", upper, "exchange", "import", str(up), "--json")
    assert code == 0, err
    doc = json.loads(out)
    refused = [r for r in doc["records"] if r["outcome"] == "refused"]
    assert {r["section"] for r in refused} == {"individuals", "achievements", "nominations"}
    reasons = {r["section"]: r["reason"] for r in refused}
    assert "034185000123" not in reasons["individuals"] and "Trần Thị Bích" in reasons["individuals"]
    assert "bị từ chối" in reasons["nominations"]  # it needs the person refused above
    assert doc["receipt"]
    code, out, err = run(capsys, "--db", lower, "exchange", "import", doc["receipt"])
    assert code == 0, err
    assert "1 đã tiếp nhận" not in out  # counts every record, not only nominations
    with offices.lower.read() as s:
        ids = list(s.scalars(select(Nomination.id).order_by(Nomination.id)))
        rows = nomination_rows(s, ids)
    assert rows[ids[0]].exchange == "Đã tiếp nhận"
    assert rows[ids[1]].exchange.startswith("Bị trả lại: ")

    code, out, err = run(capsys, "--db", lower, "exchange", "list", "--json")
    assert code == 0
    assert {(p["direction"], p["kind"]) for p in json.loads(out)} == {
        ("received", "records"),
        ("sent", "receipt"),
        ("sent", "records"),
        ("received", "receipt"),
    }


def test_conflicts_are_shown_then_resolved_by_a_file_or_a_preference(
    offices: Offices, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upper, lower = _db(offices.upper), _db(offices.lower)
    province_campaign(offices)
    plan = tmp_path / "ke-hoach.emx"
    run(capsys, "--db", upper, "exchange", "export", "-o", str(plan))
    run(capsys, "--db", lower, "exchange", "import", str(plan))
    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(b"%PDF-1.4 minh chung")
    commune_dossiers(offices, evidence, ["Nguyễn Văn An"])
    up = tmp_path / "de-nghi.emx"
    run(capsys, "--db", lower, "exchange", "export", "-o", str(up))
    run(capsys, "--db", upper, "exchange", "import", str(up))
    for store, position in ((offices.upper, "Chủ tịch"), (offices.lower, "Phó Chủ tịch")):
        with store.write() as s:
            person = s.scalar(select(Individual))
            data = individuals.individual_input(s, person.id)
            data.position = position
            individuals.update_individual(s, person.id, data)
    # The commune sends again what changed since the last package: the person, in conflict there.
    again = tmp_path / "lan-2.emx"
    code, out, err = run(
        capsys, "--db", lower, "exchange", "export", "-o", str(again), "--since", "last", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["counts"].get("nominations", 0) == 0
    code, out, err = run(capsys, "--db", upper, "exchange", "import", str(again), "--dry-run", "--json")
    assert code == 0, err
    (record,) = [r for r in json.loads(out)["records"] if r["state"] == "conflict"]
    assert record["conflicts"][0]["ours"] == "Chủ tịch" and record["conflicts"][0]["theirs"] == "Phó Chủ tịch"
    code, out, err = run(capsys, "--db", upper, "exchange", "import", str(again))
    assert code == 1 and "Chủ tịch" in err  # refused: a choice is needed, nothing written
    assert (
        run(capsys, "--db", upper, "exchange", "import", str(again), "--prefer", "ours", "--resolve", "x")[0]
        == 2
    )
    choice = tmp_path / "chon.json"
    key = f"individuals/{record['uuid']}"
    choice.write_text(json.dumps({key: {"position": {"value": "Chủ tịch UBND xã"}}}), encoding="utf-8")
    code, out, err = run(capsys, "--db", upper, "exchange", "import", str(again), "--resolve", str(choice))
    assert code == 0, err
    with offices.upper.read() as s:
        assert s.scalar(select(Individual.position)) == "Chủ tịch UBND xã"


def test_refusals_exit_1_with_the_reason(
    offices: Offices, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upper, lower = _db(offices.upper), _db(offices.lower)
    code, _out, err = run(capsys, "--db", upper, "exchange", "export", "-o", str(tmp_path / "x.emx"))
    assert code == 1 and "Không có gì để gửi" in err
    assert not (tmp_path / "x.emx").exists()
    province_campaign(offices)
    plan = tmp_path / "ke-hoach.emx"
    run(capsys, "--db", upper, "exchange", "export", "-o", str(plan))
    data = bytearray(plan.read_bytes())
    data[len(data) // 2] ^= 0xFF
    plan.write_bytes(bytes(data))
    code, _out, err = run(capsys, "--db", lower, "exchange", "import", str(plan))
    assert code == 1 and "bị từ chối, không ghi gì" in err
    assert "Traceback" not in err
    assert run(capsys, "--db", upper, "exchange", "export", "-o", str(plan), "--since", "hôm qua")[0] == 2
