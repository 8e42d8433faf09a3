"""`emudesk check` lists the files holding a place that the campaign's plan no longer allows, as the
data now stands (here the plan's period corrected after its files went in), with the same judges a
move runs; `--json` gives each with its nomination, campaign and rule."""

from __future__ import annotations

import json

import pytest

from tests.cli.running import run, sql


def test_check_lists_files_the_plan_no_longer_allows(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", "--db", str(demo_db), "--json")
    assert code == 0 and json.loads(out)["terms"] == []
    held = {
        nid
        for (nid,) in sql(
            demo_db,
            "SELECT id FROM nominations WHERE campaign_id = 4 AND year = 2025 AND deleted_at IS NULL"
            " AND status IN ('submitted', 'appraised', 'voted', 'approved')",
        )
    }
    assert held
    sql(demo_db, "UPDATE campaigns SET start_date = '2026-01-01', end_date = '2026-12-31' WHERE id = 4")
    code, out, _ = run(capsys, "check", "--db", str(demo_db), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True  # the files stay as recorded; their next move is refused
    assert {t["nomination_id"] for t in report["terms"]} == held
    assert {(t["campaign_id"], t["rule"]) for t in report["terms"]} == {(4, "period")}
    first = report["terms"][0]["message"]
    assert first.startswith(f"Đề nghị #{min(held)} (") and "từ 01/01/2026 đến 31/12/2026" in first
    assert "thành tích năm 2025" in first and first in report["warnings"]
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and f"cảnh báo: {first}" in err.splitlines()


def test_check_names_who_holds_the_places_of_a_lowered_quota(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    [(quota,)] = sql(demo_db, "SELECT id FROM quotas WHERE campaign_id = 4 AND scope = 'proposing_unit'")
    holding = sql(
        demo_db,
        "SELECT n.id FROM nominations n JOIN units u ON u.id = n.proposing_unit_id"
        " WHERE n.campaign_id = 4 AND n.subject_kind = 'individual' AND u.name = 'Sở Nội vụ tỉnh Hưng Yên'"
        " AND n.deleted_at IS NULL AND n.status IN ('submitted', 'appraised', 'voted', 'approved')"
        " ORDER BY n.id",
    )
    assert len(holding) == 2
    sql(demo_db, "UPDATE quotas SET limit_count = 1 WHERE id = :id", id=quota)
    code, out, _ = run(capsys, "check", "--db", str(demo_db), "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    [home] = [q for q in report["quotas"] if q["proposing_unit"] == "Sở Nội vụ tỉnh Hưng Yên"]
    assert (home["quota_id"], home["limit"], home["count"]) == (quota, 1, 2)
    assert [line.split(" ")[0] for line in home["holders"]] == [f"#{nid}" for (nid,) in holding]
    code, _, err = run(capsys, "check", "--db", str(demo_db))
    line = next(x for x in err.splitlines() if "Sở Nội vụ tỉnh Hưng Yên" in x)
    assert code == 1 and line.startswith(
        "lỗi: Phong trào #4: chỉ tiêu “Bằng khen CT UBND tỉnh – cá nhân – Sở Nội vụ"
    )
    assert f"bị vượt (2/1). Các đề nghị đang giữ suất: #{holding[0][0]} " in line
