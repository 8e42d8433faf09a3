"""``emudesk rules import`` reads a hostile file within limits and refuses it with the place in
the file and the reason, exit 1, writing nothing; a UTF-8 file with Notepad's BOM is accepted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from emudesk.db.models import Rule, RuleSet
from emudesk.services.core.store import Store
from emudesk.services.rules import schema
from tests.cli.running import run


def _exported(demo_db: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(capsys, "rules", "export", "ND_152_2025", "--db", demo_db)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    data["code"] = "ND_152_2025_BAN_SAO"
    return data


def _counts(db: str) -> tuple[int, int]:
    store = Store.open(db)
    try:
        with store.read() as s:
            return (
                int(s.scalar(select(func.count()).select_from(RuleSet)) or 0),
                int(s.scalar(select(func.count()).select_from(Rule)) or 0),
            )
    finally:
        store.close()


def _with_rule(field: str, value: object) -> Callable[[dict[str, Any]], object]:
    def change(data: dict[str, Any]) -> object:
        data["rules"][3][field] = value
        return data

    return change


def _nested(depth: int) -> object:
    value: object = 1
    for _level in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_with_rule("code", None), ("rules[3].code", "null")),
        (_with_rule("code", 12), ("rules[3].code", "một số")),
        (_with_rule("code", "X" * 100_000), ("rules[3].code", "100.000", "64")),
        (_with_rule("code", "VOTE\x1b[2J"), ("rules[3].code", "U+001B")),
        (_with_rule("kind", "streak"), ("rules[3].kind", "streak")),
        (_with_rule("params", [1, 2]), ("rules[3].params", "một danh sách")),
        (_with_rule("effective_from", "31/12/2025"), ("rules[3].effective_from", "31/12/2025")),
        (lambda d: [d], ("một đối tượng JSON",)),
        (lambda d: {**d, "rules": {"code": "X"}}, ("rules", "danh sách quy định")),
        (lambda d: {**d, "rules": [*d["rules"], "VOTE.90"]}, ("rules[5]", "một đối tượng")),
        (lambda d: {**d, "efective_from": "2027-01-01"}, ("efective_from", "trường không xác định")),
        (lambda d: {k: v for k, v in d.items() if k != "name"}, ("name", "bắt buộc")),
        (lambda d: {**d, "note": {"a": _nested(40)}}, ("note.a[0][0]", "32")),
    ],
)
def test_invalid_rule_set_is_refused_with_its_place(
    demo_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[dict[str, Any]], object],
    words: tuple[str, ...],
) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(change(_exported(demo_db, capsys)), ensure_ascii=False), encoding="utf-8")
    before = _counts(demo_db)
    code, _out, err = run(capsys, "rules", "import", str(path), "--db", demo_db)
    assert code == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    assert _counts(demo_db) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, ("lồng nhau quá sâu",)),
        ('{"code": "Quyết"}'.encode("latin-1", "replace").replace(b"?", b"\xe9"), ("UTF-8", "0xE9")),
        (b'{"code": "A", "name": "B", "short_name": "C", "rules": [' + b"1" * 10_000 + b"]}", ("JSON",)),
        (b'{"code": NaN}', ("NaN",)),
        (b"{" + b" " * (schema.MAX_FILE_BYTES + 10) + b"}", ("5 MB",)),
    ],
)
def test_hostile_files_are_refused(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: tuple[str, ...]
) -> None:
    path = tmp_path / "rules.json"
    path.write_bytes(content)
    before = _counts(demo_db)
    code, _out, err = run(capsys, "rules", "import", str(path), "--db", demo_db)
    assert code == 1 and "Traceback" not in err
    for word in words:
        assert word in err, err
    assert _counts(demo_db) == before


def test_devices_and_folders_are_refused_without_reading(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for target in ("/dev/zero", str(tmp_path)):
        code, _out, err = run(capsys, "rules", "import", target, "--db", demo_db)
        assert code == 1 and "không phải là tệp" in err, err


def test_notepad_bom_is_accepted(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(_exported(demo_db, capsys), ensure_ascii=False), encoding="utf-8-sig")
    sets, rules = _counts(demo_db)
    code, out, err = run(capsys, "rules", "import", str(path), "--db", demo_db)
    assert code == 0, err
    assert "Đã thêm bộ quy định" in out
    assert _counts(demo_db) == (sets + 1, rules + 5)
