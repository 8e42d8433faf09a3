"""The command line: eligibility, suggest, list rules, rules show/export/import, minutes, decision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emudesk.app import main
from emudesk.services.core.store import Store
from emudesk.services.council import screens
from tests.cli.running import run


def _session_items(db: str) -> list[screens.ItemView]:
    store = Store.open(db)
    try:
        with store.read() as s:
            return list(screens.view(s, 1).items)
    finally:
        store.close()


def test_eligibility_text_and_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rejected = next(i for i in _session_items(demo_db) if i.passed is False)
    subject = f"individual:{rejected.subject.id}"
    code, out, _err = run(
        capsys,
        "eligibility",
        "--db",
        demo_db,
        "--subject",
        subject,
        "--award",
        "CSTD_TINH",
        "--date",
        "2025-12-05",
    )
    assert code == 0
    assert "Kết luận: Đủ điều kiện" in out
    assert "✓ Đạt 03 năm liên tục Chiến sĩ thi đua cơ sở: 2023, 2024, 2025 — Luật TĐKT 2022, Điều 22" in out
    assert "Quy định áp dụng: Luật TĐKT 2022; NĐ 152/2025/NĐ-CP" in out
    code, out, _err = run(
        capsys,
        "eligibility",
        "--db",
        demo_db,
        "--subject",
        subject,
        "--award",
        "cstd_tinh",
        "--date",
        "2025-06-05",
        "--year",
        "2025",
        "--json",
    )
    data = json.loads(out)
    assert "Chiến sĩ thi đua" in out and "\\u" not in out  # Vietnamese kept as is
    assert data["rule_set"] == "Luật TĐKT 2022; NĐ 98/2023/NĐ-CP" and data["date"] == "2025-06-05"
    assert {"text", "citation", "passed", "informational", "rule"} <= set(data["reasons"][0])
    code, out, _err = run(
        capsys, "eligibility", "--db", demo_db, "--nomination", str(rejected.nomination_id), "--json"
    )
    data = json.loads(out)
    assert data["nomination_id"] == rejected.nomination_id and data["outcome"] == "not_eligible"
    assert any(r["rule"] == "VOTE.90" and r["passed"] is False for r in data["reasons"])


def test_eligibility_errors(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "eligibility", "--db", demo_db, "--subject", "individual:1", "--award", "XYZ"
    )
    assert code == 1 and "XYZ" in err
    code, _out, err = run(capsys, "eligibility", "--db", demo_db, "--subject", "người:1", "--award", "LDTT")
    assert code == 1
    with pytest.raises(SystemExit) as info:
        main(["eligibility", "--db", demo_db, "--subject", "individual:1"])
    assert info.value.code == 2


def test_suggest(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "suggest", "--db", demo_db, "--award", "CSTD_TINH", "--year", "2025", "--json"
    )
    data = json.loads(out)
    # Of the two candidates with three straight years and a province-wide initiative, one was
    # awarded by decision 150/QĐ-UBND; the one whose vote failed can still be proposed.
    rejected = next(i for i in _session_items(demo_db) if i.passed is False)
    assert [item["subject"] for item in data["items"]] == [f"individual:{rejected.subject.id}"]
    assert data["counts"]["eligible"] == 1 and sum(data["counts"].values()) == 2000
    assert "\\u" not in out
    code, out, _err = run(
        capsys, "suggest", "--db", demo_db, "--award", "LDTT", "--year", "2025", "--limit", "3"
    )
    assert code == 0 and "đủ điều kiện" in out.splitlines()[1]
    with pytest.raises(SystemExit) as info:
        main(["suggest", "--db", demo_db, "--award", "LDTT", "--year", "2025", "--create-drafts"])
    assert info.value.code == 2


def test_suggest_creates_drafts(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list", "campaigns", "--db", demo_db, "--json")
    agri = next(c["id"] for c in json.loads(out) if "Sở NN&MT" in c["name"])
    code, out, _err = run(
        capsys,
        "suggest",
        "--db",
        demo_db,
        "--award",
        "CSTDCS",
        "--year",
        "2025",
        "--limit",
        "2",
        "--create-drafts",
        "--campaign",
        str(agri),
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and len(data["created_nominations"]) + len(data["skipped"]) == 2


def test_list_rules_and_show(demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _err = run(capsys, "list", "rules", "--db", demo_db, "--json")
    rows = {r["code"]: r for r in json.loads(out)}
    assert (
        rows["ND_152_2025"]["effective_from"] == "2025-07-01"
        and rows["ND_152_2025"]["status"] == "đang có hiệu lực"
    )
    assert (
        rows["ND_98_2023"]["effective_to"] == "2025-06-30" and rows["ND_98_2023"]["status"] == "hết hiệu lực"
    )
    assert rows["HY_QC_2025"]["jurisdiction"] == "Tỉnh (Tỉnh Hưng Yên)"
    assert "Nghị định số 152/2025/NĐ-CP" in out and rows["LUAT_2022"]["source"]
    code, out, _err = run(capsys, "list", "rules", "--db", demo_db)
    assert code == 0 and "NĐ 98/2023/NĐ-CP" in out
    code, out, _err = run(capsys, "list", "award-forms", "--db", demo_db)
    assert "CSTD_TINH" in out and "TTLDXS" in out
    code, out, _err = run(capsys, "rules", "show", "ND_152_2025", "--db", demo_db)
    assert "VOTE.90" in out and "⚠ chưa xác minh" in out
    code, out, _err = run(capsys, "rules", "export", "HY_QC_2025", "--db", demo_db)
    data = json.loads(out)
    data.update(code="HY_QC_2027", effective_from="2027-01-01")
    source = tmp_path / "rules.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(capsys, "rules", "import", str(source), "--db", demo_db)
    assert code == 0 and "Đã thêm bộ quy định" in out
    code, _out, err = run(capsys, "rules", "import", str(source), "--db", demo_db)
    assert code == 1 and "HY_QC_2027" in err


def test_minutes_and_decision(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list", "sessions", "--db", demo_db, "--json")
    assert json.loads(out)[0]["minutes"] == "01/BB-HĐTĐKT"
    code, out, _err = run(capsys, "minutes", "1", "--db", demo_db)
    assert code == 0 and "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in out
    assert "Quy chế TĐKT tỉnh Hưng Yên, Điều 12" in out and "không đạt" in out
    code, out, _err = run(capsys, "list", "decisions", "--db", demo_db, "--json")
    numbers = {d["name"]: d["id"] for d in json.loads(out)}
    code, out, _err = run(capsys, "decision", str(numbers["150/QĐ-UBND"]), "--db", demo_db, "--json")
    data = json.loads(out)
    assert [r["golden_book_no"] for r in data["recipients"]] == ["1", "2"]
    assert data["total"] == sum(r["cash_amount"] for r in data["recipients"]) == 14_040_000
    assert data["total_in_words"] == "Mười bốn triệu không trăm bốn mươi nghìn đồng"
    code, out, _err = run(capsys, "decision", str(numbers["150/QĐ-UBND"]), "--db", demo_db)
    assert "Bằng chữ: Mười bốn triệu không trăm bốn mươi nghìn đồng" in out
    assert data["related"][0]["number"] == "162/QĐ-UBND" and data["related"][0]["kind"] == "correction"
    code, out, _err = run(capsys, "decision", str(numbers["25/QĐ-UBND"]), "--db", demo_db)
    assert "Thu hồi: 418/QĐ-UBND ngày 20/05/2024" in out and "Đã thu hồi (418/QĐ-UBND)" in out


def test_a_list_prints_days_as_the_office_writes_them_and_json_keeps_iso(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "list", "decisions", "--db", demo_db, "--json")
    signed = {d["name"]: d["signed_on"] for d in json.loads(out)}
    assert signed["150/QĐ-UBND"] == "2026-01-26"
    code, out, _err = run(capsys, "list", "decisions", "--db", demo_db)
    line = next(ln for ln in out.splitlines() if "150/QĐ-UBND" in ln.split()[1:2])
    assert code == 0 and "26/01/2026" in line and "2026-01-26" not in out
