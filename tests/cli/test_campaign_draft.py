"""`emudesk campaign draft FILE`: a plan read into a draft, printed or written as a workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from emudesk.services.campaigns.definition import definition_from_dict
from emudesk.services.core.store import Store
from tests.cli.running import run, target_of

PLAN = Path(__file__).resolve().parents[1] / "data" / "plans" / "KH-SNNPTNT-thai-binh-2023.txt"
SEED = Path(__file__).resolve().parents[2] / "resources" / "seeds" / "KH-SNNPTNT-thai-binh-2023.json"


def test_json_is_the_seed_format_with_the_plans_quotas(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "campaign", "draft", str(PLAN), "--json")
    assert (code, err) == (0, "")
    draft = definition_from_dict(json.loads(out))
    seed = definition_from_dict(json.loads(SEED.read_text(encoding="utf-8")))
    key = [(q.forms, q.subject_kind, q.unit_kind, q.limit) for q in seed.quotas]
    assert [(q.forms, q.subject_kind, q.unit_kind, q.limit) for q in draft.quotas] == key
    assert (draft.start_date, draft.end_date, draft.issue_date) == (
        seed.start_date,
        seed.end_date,
        seed.issue_date,
    )


def test_spans_point_at_the_plans_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "campaign", "draft", str(PLAN), "--json", "--spans")
    assert code == 0
    data = json.loads(out)
    text = PLAN.read_text(encoding="utf-8")
    place = next(f for f in data["fields"] if f["path"] == "place")
    assert text[place["start"] : place["end"]] == "Thái Bình" and place["sure"]
    # The launch step the plan does not date is held undated, not given the plan's date.
    assert "undated_milestones" not in data["unheld"]
    assert any(m["kind"] == "launch" and "due_date" not in m for m in data["definition"]["milestones"])


def test_a_summary_without_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "campaign", "draft", str(PLAN))
    assert code == 0
    assert "KH-SNNPTNT" in out and "≤ 1  BK_TINH" in out
    # Dates as the plan gives them; the launch step it does not date shows no invented day.
    assert "22/06/2023" in out and "Quý IV/2023" in out
    assert any(line.split()[:2] == ["—", "launch"] for line in out.splitlines())


def test_a_missing_or_foreign_file_exits_1_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "campaign", "draft", str(tmp_path / "none.docx"))
    assert code == 1 and out == "" and "Traceback" not in err and "none.docx" in err
    sheet = tmp_path / "plan.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    code, out, err = run(capsys, "campaign", "draft", str(sheet))
    assert code == 1 and ".docx, .pdf, .txt" in err


def test_writes_the_draft_as_a_campaign_workbook(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "phong-trao.xlsx"
    code, out, err = run(capsys, "--db", target_of(store), "campaign", "draft", str(PLAN), "-o", str(target))
    assert code == 0, err
    assert str(target) in out
    wb = load_workbook(target)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình" in cells
