"""``emudesk check`` and evidence files: a tampered one is an error, an unused one a warning that
``--prune-evidence`` clears, as the shell runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from emudesk.db.models import Achievement, EvidenceBlob
from emudesk.domain.enums import SubjectKind
from emudesk.services.campaigns import achievements
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from tests.cli.running import run, target_of
from tests.factories import unit


@pytest.fixture
def office(store: Store) -> str:
    """A small database with one achievement (a whole check of the demo takes seconds), on SQLite
    and on PostgreSQL: its file, or its server URL."""
    with store.write() as s:
        uid = unit(s, "Phòng Nội vụ")
        achievements.create_achievement(
            s, achievements.AchievementInput(subject=SubjectRef(SubjectKind.UNIT, uid), title="Đạt chuẩn")
        )
    return target_of(store)


def attach(database: str, tmp_path: Path, name: str, content: bytes) -> int:
    source = tmp_path / name
    source.write_bytes(content)
    store = Store.open(database)
    try:
        with store.write() as s:
            achievement = s.scalars(select(Achievement.id).order_by(Achievement.id)).first()
            assert achievement is not None
            return achievements.add_evidence(s, achievement, source)
    finally:
        store.close()


def test_check_reports_unused_and_tampered_evidence_and_prunes(
    office: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = office
    kept = attach(database, tmp_path, "Quyết định.pdf", b"%PDF quyet dinh")
    gone = attach(database, tmp_path, "Ảnh cũ.jpg", b"\xff\xd8 anh cu")
    assert kept != gone
    store = Store.open(database)
    with store.write() as s:
        achievements.remove_evidence(s, gone)
    store.close()

    code, out, err = run(capsys, "check", "--db", str(database))
    assert code == 0 and "--prune-evidence" in err and "không còn thuộc thành tích nào" in err
    code, out, err = run(capsys, "check", "--db", str(database), "--prune-evidence", "--json")
    report = json.loads(out)
    assert code == 0 and report["counts"]["evidence_files_removed"] == 1 and report["warnings"] == []

    store = Store.open(database)
    with store.write() as s:
        s.execute(update(EvidenceBlob).values(data=b"%PDF sua doi"))
    store.close()
    code, out, err = run(capsys, "check", "--db", str(database))
    assert code == 1 and "Quyết định.pdf" in err and "không còn khớp với tổng kiểm" in err
    assert "Traceback" not in err
