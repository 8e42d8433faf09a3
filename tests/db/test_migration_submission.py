"""0020_decision_submission keeps the decisions of a database made at the revision before, with no
tờ trình recorded."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from emudesk.db.engine import to_url
from emudesk.db.migrate import alembic_config, upgrade
from emudesk.db.models import Decision
from emudesk.services.core.store import Store


@pytest.mark.sqlite_only("upgrading an SQLite file made at the previous revision")
def test_decisions_made_at_the_revision_before_keep_every_value(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    # The revision before this one, whatever it is once the migrations are chained (0019_targetscale here).
    before = (
        ScriptDirectory.from_config(alembic_config()).get_revision("0020_decision_submission").down_revision
    )
    assert isinstance(before, str)
    upgrade(to_url(path), before)
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO decisions (id, uuid, created_at, updated_at, number, signed_on, kind, issuer,"
        " signer_title, signer_name, summary, issued, note) VALUES (7, 'd-7', '2024-01-01',"
        " '2024-01-01', '25/QĐ-UBND', '2024-01-12', 'award', 'Ủy ban nhân dân tỉnh Thái Bình',"
        " 'CHỦ TỊCH', 'Nguyễn Khắc Thận', 'Tặng Bằng khen năm 2023', 1, 'ghi chú')"
    )
    con.commit()
    con.close()
    store = Store.open(path)
    assert store.notices  # upgraded, a copy of the older file kept
    with store.read() as s:
        row = s.get(Decision, 7)
        assert row is not None
        assert (row.number, row.signed_on, row.kind, row.issuer, row.signer_title, row.signer_name) == (
            "25/QĐ-UBND",
            date(2024, 1, 12),
            "award",
            "Ủy ban nhân dân tỉnh Thái Bình",
            "CHỦ TỊCH",
            "Nguyễn Khắc Thận",
        )
        assert (row.summary, row.issued, row.note) == ("Tặng Bằng khen năm 2023", True, "ghi chú")
        assert (row.submission_number, row.submission_date, row.submission_by) == (None, None, None)
    store.close()
