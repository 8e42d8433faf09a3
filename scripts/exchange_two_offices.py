"""Issue 14 end to end on the command line: a province and a commune exchange by file.

    python scripts/exchange_two_offices.py [FOLDER]

Builds the province demo and the commune below it (``emudesk demo --office district``) in FOLDER
(default: a temporary folder), then, each step a real ``emudesk`` command:
the commune sends its voted files up; the province imports them (with their evidence and votes),
a second import changes nothing; the commune imports the receipt ("đã tiếp nhận"); the province
approves them; both offices change one person's position; the province sends the decision down;
the commune sees the conflict, keeps its value, and its award history shows the award, its files
"approved"; the province corrects a recipient's name and the commune takes it as the province's
correction (the old name kept); a package
with one byte changed, and one from an office it does not trust, are refused whole.
Exits 0 when every step did what it should.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def emudesk(db: Path, *args: str, expect: int = 0) -> str:
    """Run ``emudesk --db DB ARGS`` (English messages); its output, checked for the exit status."""
    proc = subprocess.run(
        [sys.executable, "-m", "emudesk", "--lang", "en", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != expect:
        raise SystemExit(f"emudesk {' '.join(args)}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}")
    print(f"$ emudesk {' '.join(args)}\n{(proc.stdout + proc.stderr).strip()}\n")
    return proc.stdout


def set_position(db: Path, name: str, position: str, uuid: str | None = None) -> str:
    """Change the position of the person ``name`` (by UUID when given); the person's UUID."""
    from sqlalchemy import select

    from emudesk.db.models import Individual
    from emudesk.services.core.store import Store
    from emudesk.services.register import individuals

    store = Store.open(db)
    try:
        with store.write() as s:
            where = Individual.uuid == uuid if uuid else Individual.full_name == name
            person = s.scalar(select(Individual).where(where))
            assert person is not None, name
            data = individuals.individual_input(s, person.id)
            data.position = position
            individuals.update_individual(s, person.id, data)
            return person.uuid
    finally:
        store.close()


def awarded(db: Path, decision: str) -> int:
    """How many awards of ``decision`` the award history holds (no ``list awards`` command yet)."""
    from sqlalchemy import func, select

    from emudesk.db.models import AwardRecord
    from emudesk.services.core.store import Store

    store = Store.open(db)
    try:
        with store.read() as s:
            return int(s.scalar(select(func.count()).where(AwardRecord.decision_number == decision)) or 0)
    finally:
        store.close()


def sent_ids(db: Path, uuids: list[str]) -> set[int]:
    """The local ids of the nominations with these UUIDs."""
    from sqlalchemy import select

    from emudesk.db.models import Nomination
    from emudesk.services.core.store import Store

    store = Store.open(db)
    try:
        with store.read() as s:
            return set(s.scalars(select(Nomination.id).where(Nomination.uuid.in_(uuids))))
    finally:
        store.close()


def correct_name(db: Path, number: str, correction: str, uuids: list[str]) -> tuple[str, str]:
    """The office corrects the name of the first recipient of decision ``number`` among the files
    with these UUIDs; (old, new)."""
    from datetime import date

    from sqlalchemy import select

    from emudesk.db.models import AwardRecord, Decision, Nomination
    from emudesk.services.core.store import Store
    from emudesk.services.decisions import issuing

    store = Store.open(db)
    try:
        with store.write() as s:
            award = s.scalars(
                select(AwardRecord)
                .join(Nomination, Nomination.id == AwardRecord.nomination_id)
                .where(AwardRecord.decision_number == number, Nomination.uuid.in_(uuids))
                .order_by(AwardRecord.id)
            ).first()
            assert award is not None
            decision = s.get(Decision, award.decision_id)
            assert decision is not None
            old = award.recipient_name
            new = f"{old} (đính chính)"
            draft = issuing.DecisionDraft(correction, date(2026, 12, 2), summary=f"Đính chính {number}")
            issuing.correct(s, decision.id, draft, [issuing.Correction(award.id, "recipient_name", new)])
            return old, new
    finally:
        store.close()


def corrections(db: Path) -> list[tuple[str, str, str, str]]:
    """The corrections the database records: field, old and new value, the correcting decision."""
    from sqlalchemy import select

    from emudesk.db.models import Decision, DecisionCorrection
    from emudesk.services.core.store import Store

    store = Store.open(db)
    try:
        with store.read() as s:
            rows = s.execute(
                select(DecisionCorrection, Decision.number).join(
                    Decision, Decision.id == DecisionCorrection.decision_id
                )
            ).all()
            return [(c.field, c.old_value, c.new_value, number) for c, number in rows]
    finally:
        store.close()


def add_campaign(db: Path) -> None:
    from emudesk.domain.enums import CampaignKind
    from emudesk.services.campaigns import plans
    from emudesk.services.campaigns.definition import CampaignDef, OfferedFormDef
    from emudesk.services.core.store import Store

    store = Store.open(db)
    try:
        with store.write() as s:
            forms = [OfferedFormDef("GK")]
            defn = CampaignDef("Thi đua đặc biệt", CampaignKind.THEMATIC, offered_forms=forms)
            plans.create_campaign(s, defn)
    finally:
        store.close()


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="emudesk-exchange-"))
    folder.mkdir(parents=True, exist_ok=True)
    province, commune = folder / "province.sqlite3", folder / "district.sqlite3"
    for path in folder.glob("*"):
        path.unlink()
    emudesk(province, "demo")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "emudesk",
            "--lang",
            "en",
            "demo",
            "--office",
            "district",
            "--upper",
            str(province),
            "--db",
            str(commune),
        ],
        check=True,
        cwd=ROOT,
    )
    up = folder / "de-nghi.emx"
    emudesk(commune, "exchange", "export", "-o", str(up))
    result = json.loads(emudesk(province, "exchange", "import", str(up), "--json"))
    assert result["counts"]["refused"] == 0, result
    again = json.loads(emudesk(province, "exchange", "import", str(up), "--json"))
    assert again["already_imported"], again
    emudesk(commune, "exchange", "import", result["receipt"])

    received = [r for r in result["records"] if r["section"] == "nominations" and r["outcome"] == "accepted"]
    statuses_sent = sent_ids(commune, [r["uuid"] for r in received])
    rows = json.loads(emudesk(province, "list", "nominations", "--json"))
    ids = [str(r["id"]) for r in rows if r["proposing_unit"] == "UBND xã Vũ Thư"]
    assert len(ids) == len(received) == 3, (ids, received)
    why = "Hội đồng Thi đua - Khen thưởng tỉnh đã xét"
    emudesk(province, "nominations", "move", *ids, "--to", "appraised", "--override-reason", why)
    emudesk(
        province,
        "nominations",
        "move",
        *ids,
        "--to",
        "approved",
        "--decision",
        "150/QĐ-UBND",
        "--decision-date",
        "2026-12-01",
        "--override-reason",
        why,
    )
    # The same person (by UUID: the province has other people of that name) in both offices.
    hung = set_position(commune, "Nguyễn Văn Hùng", "Chủ tịch UBND xã (kiêm nhiệm)")
    set_position(province, "Nguyễn Văn Hùng", "Bí thư Đảng ủy xã", uuid=hung)

    down = folder / "quyet-dinh.emx"
    emudesk(province, "exchange", "export", "-o", str(down), "--to", "UBND xã Vũ Thư")
    preview = json.loads(emudesk(commune, "exchange", "import", str(down), "--dry-run", "--json"))
    conflicts = [r for r in preview["records"] if r["state"] == "conflict"]
    assert [c["field"] for r in conflicts for c in r["conflicts"]] == ["position"], conflicts
    emudesk(commune, "exchange", "import", str(down), expect=1)  # no choice made: nothing written
    emudesk(commune, "exchange", "import", str(down), "--prefer", "ours")
    assert awarded(commune, "150/QĐ-UBND") == 3
    again = json.loads(emudesk(commune, "exchange", "import", str(down), "--json"))
    assert again["already_imported"]
    # The files the commune sent are approved there too, naming the province's decision.
    mine = json.loads(emudesk(commune, "list", "nominations", "--json"))
    sent = {r["id"]: r for r in mine if r["id"] in statuses_sent}
    assert sent and all(r["status"] == "approved" for r in sent.values()), sent

    # The province corrects a recipient's name (đính chính); the commune sees the change and
    # takes it as the province's correction, the old name kept beside the new one.
    uuids = [r["uuid"] for r in received]
    old_name, new_name = correct_name(province, "150/QĐ-UBND", "152/QĐ-UBND", uuids)
    fix = folder / "dinh-chinh.emx"
    emudesk(province, "exchange", "export", "-o", str(fix), "--to", "UBND xã Vũ Thư", "--since", "last")
    preview = json.loads(emudesk(commune, "exchange", "import", str(fix), "--dry-run", "--json"))
    changes = [c for r in preview["records"] if r["section"] == "awards" for c in r["changes"]]
    assert {"field": "recipient_name", "ours": old_name, "theirs": new_name} in changes, changes
    emudesk(commune, "exchange", "import", str(fix))
    assert corrections(commune) == [("recipient_name", old_name, new_name, "152/QĐ-UBND")]

    damaged = folder / "hong.emx"
    data = bytearray(down.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))
    emudesk(commune, "exchange", "import", str(damaged), expect=1)
    # An office the commune never trusted, though it takes the province's name, sends a plan.
    stranger = folder / "la.sqlite3"
    emudesk(stranger, "init")
    emudesk(stranger, "office", "init", "--name", "Sở Nội vụ tỉnh Hưng Yên")
    key = folder / "xa.key.json"
    emudesk(commune, "office", "export-key", "-o", str(key))
    emudesk(stranger, "office", "trust", str(key))
    add_campaign(stranger)
    forged = folder / "la.emx"
    emudesk(stranger, "exchange", "export", "-o", str(forged))
    emudesk(commune, "exchange", "import", str(forged), expect=1)
    print(f"All steps done as expected; the two offices are in {folder}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
