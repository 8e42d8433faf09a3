"""Issue 14: what comes down after the first package. A province's rule set that differs is put to
the commune to keep or take; a decision the province corrected or revoked arrives as the
province's correction; a nomination the province awarded moves to "approved" at the commune.

The province is a file; the commune is the ``store`` (SQLite and PostgreSQL), which receives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update

from emudesk.db.models import (
    AuditEntry,
    AwardRecord,
    Decision,
    DecisionCorrection,
    Nomination,
    NominationEvent,
    Rule,
    RuleSet,
)
from emudesk.domain.enums import AwardStatus
from emudesk.domain.rules import RuleKind
from emudesk.services.core.store import Store
from emudesk.services.decisions import issuing
from emudesk.services.exchange import importing, office
from emudesk.services.exchange.package import open_package
from emudesk.services.nominations import workflow
from emudesk.services.rules import rulebook
from tests.cli.running import run, target_of
from tests.services.exchange.offices import (
    OVERRIDE,
    Commune,
    Offices,
    S,
    commune_dossiers,
    province_campaign,
    receive,
    send,
)
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

    # Keep ours, tried through the CLI: accepted, nothing written.
    code, out, err = run(
        capsys,
        "exchange",
        "import",
        str(first),
        "--dry-run",
        "--prefer",
        "ours",
        "--json",
        "--db",
        target_of(offices.lower),
    )
    assert code == 0, err
    (tried,) = [
        r for r in json.loads(out)["records"] if r["section"] == "rule_sets" and r["state"] == "conflict"
    ]
    assert tried["outcome"] == "accepted"
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
        # The set itself is amended too: it now ends on a day.
        data = rulebook.rule_set_input(rulebook.export_rule_set(s, "BN_86_2025"))
        data.effective_to = date(2026, 12, 31)
        rulebook.update_rule_set(s, rule.rule_set_id, data)
    path = offices.package("ke-hoach.emx")
    send(offices.upper, path)
    _pv, record = _conflicts(offices.lower, path)
    assert [(c.field, c.theirs) for c in record.conflicts] == [("effective_to", "2026-12-31"), (QUORUM, None)]
    receive(offices.lower, path, {(record.section, record.uuid, c.field): "theirs" for c in record.conflicts})
    with offices.lower.read() as s:
        rule = s.scalar(select(Rule).where(Rule.code == "COUNCIL.quorum"))
        assert rule is not None and (rule.active, rule.version) == (False, 2)
        assert rule.rule_set.effective_to == date(2026, 12, 31)


# --- decisions coming down ------------------------------------------------------------------------


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    return path


def _decided(offices: Offices, evidence: Path, names: list[str]) -> tuple[Commune, dict[str, int]]:
    """The commune's voted files went up and were received; returns them and the province's ids by name."""
    province_campaign(offices, limit=5)
    send(offices.upper, offices.package("ke-hoach.emx"))
    receive(offices.lower, offices.package("ke-hoach.emx"))
    commune = commune_dossiers(offices, evidence, names)
    send(offices.lower, offices.package("de-nghi.emx"))
    assert not receive(offices.upper, offices.package("de-nghi.emx")).refused
    with offices.upper.read() as s:
        ids = {n.individual.full_name: n.id for n in s.scalars(select(Nomination))}
    with offices.upper.write() as s:
        workflow.transition(s, list(ids.values()), S.APPRAISED, override_reason=OVERRIDE)
    return commune, ids


def _approve(offices: Offices, ids: list[int], number: str = "15/QĐ-UBND") -> None:
    with offices.upper.write() as s:
        decision = workflow.DecisionInput(number, date(2026, 12, 1), issuer="Chủ tịch UBND tỉnh Bắc Ninh")
        workflow.transition(s, ids, S.APPROVED, decision=decision, override_reason=OVERRIDE)


def _status(store: Store, nomination_id: int) -> tuple[S, str | None]:
    with store.read() as s:
        n = s.get(Nomination, nomination_id)
        assert n is not None
        decision = s.get(Decision, n.decision_id) if n.decision_id else None
        return n.status, decision.number if decision else None


def test_an_award_that_comes_down_moves_the_file_sent_up_to_approved(
    offices: Offices, evidence: Path
) -> None:
    commune, ids = _decided(offices, evidence, ["Nguyễn Văn An", "Trần Thị Bình"])
    _approve(offices, [ids["Nguyễn Văn An"]])
    with offices.upper.write() as s:
        workflow.transition(s, [ids["Trần Thị Bình"]], S.REJECTED, note="Chưa đủ tiêu chuẩn")
    send(offices.upper, offices.package("quyet-dinh.emx"))
    assert _status(offices.lower, commune.nominations[0]) == (S.VOTED, None)
    result = receive(offices.lower, offices.package("quyet-dinh.emx"))
    assert not result.refused
    # The file not awarded shows it, with the province's reason.
    assert _status(offices.lower, commune.nominations[1]) == (S.REJECTED, None)
    with offices.lower.read() as s:
        rejected = s.get(Nomination, commune.nominations[1])
        assert rejected is not None and "Chưa đủ tiêu chuẩn" in (rejected.status_note or "")
    # The state the province's decision gives, naming the decision, with its history row.
    assert _status(offices.lower, commune.nominations[0]) == (S.APPROVED, "15/QĐ-UBND")
    with offices.lower.read() as s:
        event = s.scalars(
            select(NominationEvent)
            .where(NominationEvent.nomination_id == commune.nominations[0])
            .order_by(NominationEvent.id.desc())
        ).first()
        assert event is not None and (event.from_status, event.to_status) == (S.VOTED, S.APPROVED)
        assert "15/QĐ-UBND" in (event.note or "")
        # One award: the one the decision brought, not a second written by the approval here.
        assert s.scalars(select(AwardRecord.decision_number)).all() == ["15/QĐ-UBND"]
    with offices.lower.read() as s:
        before = snapshot(s)
    receive(offices.lower, offices.package("quyet-dinh.emx"))
    with offices.lower.read() as s:
        assert snapshot(s) == before


def _award(store: Store, name: str) -> AwardRecord:
    with store.read() as s:
        record = s.scalar(select(AwardRecord).where(AwardRecord.recipient_name == name))
        assert record is not None
        s.expunge(record)
        return record


def test_a_correction_or_revocation_comes_down_as_the_provinces_decision(
    offices: Offices, evidence: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commune, ids = _decided(offices, evidence, ["Nguyễn Văn An", "Trần Thị Bình"])
    _approve(offices, list(ids.values()))
    send(offices.upper, offices.package("quyet-dinh.emx"))
    assert not receive(offices.lower, offices.package("quyet-dinh.emx")).refused
    # The province corrects An's name (đính chính) and revokes Bình's award (thu hồi).
    with offices.upper.write() as s:
        original = s.scalar(select(Decision.id).where(Decision.number == "15/QĐ-UBND"))
        assert original is not None
        an = s.scalar(select(AwardRecord.id).where(AwardRecord.recipient_name == "Nguyễn Văn An"))
        binh = s.scalar(select(AwardRecord.id).where(AwardRecord.recipient_name == "Trần Thị Bình"))
        assert an is not None and binh is not None
        issuing.correct(
            s,
            original,
            issuing.DecisionDraft(
                "20/QĐ-UBND", date(2026, 12, 3), summary="Đính chính Quyết định 15/QĐ-UBND"
            ),
            [issuing.Correction(an, "recipient_name", "Nguyễn Văn Ân")],
        )
        issuing.revoke(
            s,
            original,
            issuing.DecisionDraft("21/QĐ-UBND", date(2026, 12, 4), summary="Thu hồi khen thưởng"),
            reason="Khai man thành tích",
            award_record_ids=[binh],
        )
    path = offices.package("dinh-chinh.emx")
    sent = send(offices.upper, path, since="last")
    assert sent.counts["awards"] == 2 and sent.counts["decisions"] == 3

    # The commune sees what changes before it imports: the new decisions and each award's values.
    code, out, err = run(
        capsys, "exchange", "import", str(path), "--dry-run", "--json", "--db", target_of(offices.lower)
    )
    assert code == 0, err
    shown = json.loads(out)["records"]
    assert sorted(r["label"] for r in shown if r["section"] == "decisions" and r["state"] == "new") == [
        "20/QĐ-UBND",
        "21/QĐ-UBND",
    ]
    changes = [
        (c["field"], c["ours"], c["theirs"]) for r in shown if r["section"] == "awards" for c in r["changes"]
    ]
    assert ("recipient_name", "Nguyễn Văn An", "Nguyễn Văn Ân") in changes
    assert ("status", "valid", "revoked") in changes
    assert _award(offices.lower, "Nguyễn Văn An").status is AwardStatus.VALID  # a trial writes nothing

    result = receive(offices.lower, path)
    assert not result.refused, result.refused
    corrected = _award(offices.lower, "Nguyễn Văn Ân")
    revoked = _award(offices.lower, "Trần Thị Bình")
    with offices.lower.read() as s:
        # The correction is recorded as the province's, the old value kept beside the new one.
        (row,) = s.scalars(select(DecisionCorrection)).all()
        assert (row.field, row.old_value, row.new_value, row.award_record_id) == (
            "recipient_name",
            "Nguyễn Văn An",
            "Nguyễn Văn Ân",
            corrected.id,
        )
        assert s.get(Decision, row.decision_id).number == "20/QĐ-UBND"  # type: ignore[union-attr]
        assert s.get(Decision, row.decision_id).refers_to_id == corrected.decision_id  # type: ignore[union-attr]
        # The revocation: the status and the decision that set it; the award stays in history.
        assert revoked.status is AwardStatus.REVOKED
        assert s.get(Decision, revoked.status_decision_id).number == "21/QĐ-UBND"  # type: ignore[arg-type,union-attr]
        assert "Khai man thành tích" in (revoked.note or "")
        # The old values are in the audit log too.
        assert s.scalar(
            select(AuditEntry.id).where(
                AuditEntry.table_name == "award_records",
                AuditEntry.record_id == corrected.id,
                AuditEntry.action == "update",
            )
        )
    with offices.lower.read() as s:
        before = snapshot(s)
    receive(offices.lower, path)
    with offices.lower.read() as s:
        assert snapshot(s) == before
    assert commune  # the files themselves stay approved: a revocation is the award's, not the file's


def test_an_issued_award_changed_without_a_decision_is_refused_saying_why(
    offices: Offices, evidence: Path
) -> None:
    _commune, ids = _decided(offices, evidence, ["Nguyễn Văn An"])
    _approve(offices, list(ids.values()))
    send(offices.upper, offices.package("quyet-dinh.emx"))
    receive(offices.lower, offices.package("quyet-dinh.emx"))
    # Changed at the province behind the services' back: no decision says so.
    with offices.upper.write() as s:
        record = s.scalar(select(AwardRecord))
        assert record is not None
        record.cash_amount = Decimal(9_999_000)
    path = offices.package("sua-tay.emx")
    send(offices.upper, path, since="last")
    before = _award(offices.lower, "Nguyễn Văn An")
    result = receive(offices.lower, path)
    (refusal,) = result.refused
    assert refusal.section == "awards"
    assert "15/QĐ-UBND" in refusal.reason and "cash_amount" in refusal.reason
    assert _award(offices.lower, "Nguyễn Văn An").cash_amount == before.cash_amount


def test_an_issued_decision_that_differs_is_shown_and_only_its_note_follows(
    offices: Offices, evidence: Path
) -> None:
    _commune, ids = _decided(offices, evidence, ["Nguyễn Văn An"])
    _approve(offices, list(ids.values()))
    send(offices.upper, offices.package("quyet-dinh.emx"))
    receive(offices.lower, offices.package("quyet-dinh.emx"))
    # The province's copy changes: its note, and (typed over behind emudesk's back, the signed
    # fields being frozen) its summary.
    with offices.upper.write() as s:
        s.execute(
            update(Decision)
            .where(Decision.number == "15/QĐ-UBND")
            .values(note="Đã gửi các xã", summary="Tóm tắt gõ lại")
        )
    path = offices.package("gui-lai.emx")
    send(offices.upper, path)
    with offices.lower.read() as s:
        pv = importing.preview(s, open_package(s, path))
    # Never taken quietly: both put to the commune.
    (record,) = [r for r in pv.conflicts if r.section == "decisions"]
    assert sorted(c.field for c in record.conflicts) == ["note", "summary"]
    everything = {(record.section, record.uuid, c.field): "theirs" for c in record.conflicts}
    result = receive(offices.lower, path, everything)  # type: ignore[arg-type]
    (refusal,) = result.refused
    assert "15/QĐ-UBND" in refusal.reason and "summary" in refusal.reason
    # The note alone follows the province.
    again = offices.package("gui-lai-2.emx")
    send(offices.upper, again)
    with offices.lower.read() as s:
        pv = importing.preview(s, open_package(s, again))
    (record,) = [r for r in pv.conflicts if r.section == "decisions"]
    just_note = {
        (record.section, record.uuid, "note"): "theirs",
        (record.section, record.uuid, "summary"): "ours",
    }
    assert not receive(offices.lower, again, just_note).refused  # type: ignore[arg-type]
    with offices.lower.read() as s:
        decision = s.scalar(select(Decision).where(Decision.number == "15/QĐ-UBND"))
        assert decision is not None and (decision.note, decision.summary) == ("Đã gửi các xã", "")
