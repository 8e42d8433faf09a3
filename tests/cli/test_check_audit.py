"""`emudesk check` and the audit log's chain: the last entry's hash to note, the first break named."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.cli.running import run


def _sql(path: Path, statement: str, *params: object) -> None:
    con = sqlite3.connect(path)
    con.execute(statement, params)
    con.commit()
    con.close()


def test_check_prints_the_head_of_an_intact_chain(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    con = sqlite3.connect(demo_db)
    count, head_id = con.execute("SELECT count(*), max(id) FROM audit_log").fetchone()
    head_hash = con.execute("SELECT entry_hash FROM audit_log WHERE id = ?", (head_id,)).fetchone()[0]
    con.close()
    assert count > 900 and re.fullmatch("[0-9a-f]{64}", head_hash)
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and err == ""
    assert f"Nhật ký: {count} mục, chuỗi còn nguyên vẹn; mục cuối #{head_id}, mã băm {head_hash}." in out
    code, out, _ = run(capsys, "check", "--db", str(demo_db), "--json")
    chain = json.loads(out)["audit_chain"]
    assert code == 0
    assert chain == {"entries": count, "ok": True, "head_id": head_id, "head_hash": head_hash}


def test_check_names_the_altered_entry_and_fails(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    con = sqlite3.connect(demo_db)
    target, record = con.execute(
        "SELECT id, record_id FROM audit_log WHERE action = 'update' AND table_name = 'nominations'"
        " ORDER BY id LIMIT 1 OFFSET 10"
    ).fetchone()
    con.close()
    _sql(demo_db, 'UPDATE audit_log SET after = \'{"status": "approved"}\' WHERE id = ?', target)
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 1 and "không phát hiện lỗi" not in out and "Nhật ký:" not in out
    first = err.splitlines()[0]
    assert first.startswith(f"lỗi: Nhật ký đã bị sửa: mục #{target} (")
    # When, who and which record: "06/12/2026 09:46:59, demo: Sửa Đề nghị khen thưởng #101".
    assert re.search(rf"\(\d\d/\d\d/\d{{4}} \d\d:\d\d:\d\d, demo: Sửa Đề nghị khen thưởng #{record}\b", first)
    assert first.endswith("không còn đúng như lúc được ghi.")
    code, out, _ = run(capsys, "check", "--db", str(demo_db), "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["audit_chain"]["ok"] is False
    assert report["errors"][0].startswith(f"Nhật ký đã bị sửa: mục #{target} (")


def test_check_says_where_entries_were_removed(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sql(demo_db, "DELETE FROM audit_log WHERE id IN (500, 501)")
    code, _, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 1
    assert re.search(r"lỗi: Nhật ký bị mất mục sau mục #499 \(.+\); mục còn lại kế tiếp là #502\.", err), err
