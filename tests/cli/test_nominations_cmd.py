"""Headless moves and search, as the window does them (issue 12, items 3, 4 and 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emudesk.app import main
from emudesk.domain.text import fold
from tests.cli.running import run, sql

OVERRIDE = "Hội đồng xác nhận thành tích sau thời hạn kỷ luật"


def _row(db: Path, nid: int) -> tuple[object, ...]:
    [row] = sql(
        db,
        "SELECT status, override_reason, override_by, override_step FROM nominations WHERE id = :id",
        id=nid,
    )
    [audit] = sql(db, "SELECT count(*) FROM audit_log WHERE table_name = 'nominations'")
    return (*row, audit[0])


def _submitted_not_eligible(db: Path, capsys: pytest.CaptureFixture[str]) -> int:
    """The demo's file received with a warning (a CSTĐ cấp tỉnh without the three years of CSTĐCS)."""
    code, out, _err = run(capsys, "list", "nominations", "--json", "--db", str(db))
    assert code == 0
    for row in json.loads(out):
        if row["status"] == "submitted":
            args = ("eligibility", "--nomination", str(row["id"]), "--json", "--db", str(db))
            code, verdict, _err = run(capsys, *args)
            if json.loads(verdict)["outcome"] == "not_eligible":
                return int(row["id"])
    raise AssertionError("the demo has no submitted file that is not eligible")


def test_moving_an_ineligible_file_needs_an_override(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nid = _submitted_not_eligible(demo_db, capsys)
    before = _row(demo_db, nid)
    assert before[:2] == ("submitted", None)
    code, out, err = run(capsys, "nominations", "move", str(nid), "--to", "appraised", "--db", str(demo_db))
    assert code == 1 and out == ""
    assert "Nếu vẫn chuyển sang “Đã thẩm định”, hãy ghi lý do vượt qua kết quả xét điều kiện." in err
    assert "Traceback" not in err
    assert _row(demo_db, nid) == before  # nothing written, not even an audit row
    move = ["nominations", "move", str(nid), "--to", "appraised", "--override-reason", OVERRIDE]
    code, out, err = run(capsys, *move, "--db", str(demo_db))
    assert (code, out.strip(), err) == (0, "Đã thẩm định 1 hồ sơ đề nghị.", "")
    after = _row(demo_db, nid)
    assert (after[0], after[1], after[3]) == ("appraised", OVERRIDE, "appraised")
    assert after[2] and after[4] > before[4]  # who overrode, and the audit log has the move


def test_a_batch_moves_all_or_none_and_a_return_needs_a_reason(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nid = _submitted_not_eligible(demo_db, capsys)
    code, out, _err = run(capsys, "list", "nominations", "--json", "--db", str(demo_db))
    submitted = [r["id"] for r in json.loads(out) if r["status"] == "submitted" and r["id"] != nid][:2]
    rows = {i: _row(demo_db, i) for i in [*submitted, nid]}
    ids = [str(i) for i in [*submitted, nid]]
    code, out, err = run(capsys, "nominations", "move", *ids, "--to", "appraised", "--db", str(demo_db))
    assert code == 1 and f"Đề nghị #{nid} (" in err
    assert {i: _row(demo_db, i) for i in [*submitted, nid]} == rows
    with pytest.raises(SystemExit) as usage:
        main(["nominations", "move", str(nid), "--to", "returned", "--db", str(demo_db)])
    assert usage.value.code == 2
    assert "cần --reason" in capsys.readouterr().err


def test_check_on_the_demo_passes_its_own_rules(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert (code, err) == (0, "")
    assert "không phát hiện lỗi" in out


def test_eligibility_of_a_form_without_criteria_is_never_eligible(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for award in ("BK_TTG", "AHLD"):
        code, out, _err = run(
            capsys,
            "eligibility",
            "--subject",
            "individual:5",
            "--award",
            award,
            "--json",
            "--db",
            str(demo_db),
        )
        verdict = json.loads(out)
        assert code == 0 and verdict["outcome"] == "needs_judgement"
        assert "chưa ghi nhận tiêu chuẩn nào của" in verdict["reasons"][0]["text"]
    code, out, _err = run(
        capsys, "suggest", "--award", "BK_TTG", "--year", "2025", "--json", "--db", str(demo_db)
    )
    listed = json.loads(out)
    assert code == 0 and listed["items"] == [] and listed["counts"]["eligible"] == 0


def test_list_individuals_searches_as_the_window(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "list", "individuals", "--search", "nguyen van an", "--json", "--db", str(demo_db)
    )
    found = json.loads(out)
    assert code == 0 and found
    assert "Nguyễn Văn An" in {r["name"] for r in found}
    assert all({"nguyen", "van"} <= set(fold(r["name"]).split()) for r in found)
    assert set(found[0]) == {"id", "name", "gender", "birth", "position", "unit", "id_number"}
    code, out, _err = run(
        capsys, "list", "individuals", "--search", "zzzz khong co", "--json", "--db", str(demo_db)
    )
    assert code == 0 and json.loads(out) == []
