"""`emudesk check` and the audit log's chain: the last entry's hash to note, the first break named."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import create_engine, select, text

from tests.cli.running import run, sql


def test_check_prints_the_head_of_an_intact_chain(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    [(count, head_id)] = sql(demo_db, "SELECT count(*), max(id) FROM audit_log")
    [(head_hash,)] = sql(demo_db, "SELECT entry_hash FROM audit_log WHERE id = :id", id=head_id)
    assert count > 900 and re.fullmatch("[0-9a-f]{64}", head_hash)
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and err == ""
    assert f"Nhật ký: {count} mục, chuỗi còn nguyên vẹn; mục cuối #{head_id}, mã băm {head_hash}." in out
    code, out, _ = run(capsys, "check", "--db", str(demo_db), "--json")
    chain = json.loads(out)["audit_chain"]
    assert code == 0
    assert chain == {"entries": count, "ok": True, "head_id": head_id, "head_hash": head_hash}


def test_check_names_the_altered_entry_and_fails(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    [(target, record)] = sql(
        demo_db,
        "SELECT id, record_id FROM audit_log WHERE action = 'update' AND table_name = 'nominations'"
        " ORDER BY id LIMIT 1 OFFSET 10",
    )
    sql(demo_db, 'UPDATE audit_log SET after = \'{"status": "approved"}\' WHERE id = :id', id=target)
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


def test_check_says_where_entries_were_removed(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    sql(demo_db, "DELETE FROM audit_log WHERE id IN (500, 501)")
    code, _, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 1
    assert re.search(r"lỗi: Nhật ký bị mất mục sau mục #499 \(.+\); mục còn lại kế tiếp là #502\.", err), err


def _rewrite_from(path: str, first: int) -> None:
    """What someone with SQL access and this code can do: alter an entry, then re-hash every
    entry from it onwards, so the whole chain verifies again."""
    from emudesk.db.audit_chain import FIELDS, audit_table, chain
    from emudesk.db.engine import to_url

    engine = create_engine(to_url(path))
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'ke.gian' WHERE id = :id"), {"id": first})
        prev = conn.execute(
            text("SELECT entry_hash FROM audit_log WHERE id < :id ORDER BY id DESC LIMIT 1"), {"id": first}
        ).scalar()
        rows = conn.execute(
            select(*[audit_table.c[n] for n in FIELDS])
            .where(audit_table.c.id >= first)
            .order_by(audit_table.c.id)
        ).all()
        for entry_id, p, digest in chain(rows, prev or ""):
            conn.execute(
                text("UPDATE audit_log SET prev_hash = :p, entry_hash = :d WHERE id = :id"),
                {"p": p, "d": digest, "id": entry_id},
            )
    engine.dispose()


def test_a_noted_head_shows_a_rewritten_chain(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--db", str(demo_db), "--json")
    noted = json.loads(out)["audit_chain"]["head_hash"]
    code, out, _ = run(capsys, "check", "--db", str(demo_db), "--audit-head", noted[:12].upper())
    assert code == 0 and "không phát hiện lỗi" in out
    _rewrite_from(demo_db, 600)
    # The chain alone cannot tell: it was rebuilt to verify.
    code, out, err = run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and noted not in out, err
    code, out, err = run(capsys, "check", "--db", str(demo_db), "--audit-head", noted)
    assert code == 1 and "không phát hiện lỗi" not in out
    assert (
        f"lỗi: Không còn mục nào trong nhật ký có mã băm {noted} đã ghi lại trước đây: nhật ký đã bị viết lại"
        in err
    )
    code, _, err = run(capsys, "check", "--db", str(demo_db), "--audit-head", "xyz")
    assert code == 2 and "mã băm gồm 12 đến 64 ký tự 0-9 và a-f" in err
