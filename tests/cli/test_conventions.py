"""Command-line conventions (clig.dev): missing records, --json on reads, dates, --version, --lang."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from emudesk.cli import build_parser
from emudesk.cli.common import ID_ARGUMENTS, record_id
from emudesk.i18n import set_language
from tests.cli.running import run


def commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every runnable command of the parser, by its words (``("rules", "show")``), with its parser."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield prefix, parser
        return
    for sub in subs:
        for name, child in sub.choices.items():
            yield from commands(child, (*prefix, name))


ALL_COMMANDS = dict(commands(build_parser()))


# ---------------------------------------------------------------- missing records


def test_every_id_argument_is_checked_for_existence() -> None:
    # ``open_store`` checks the arguments ``ID_ARGUMENTS`` names; an id argument outside it would
    # reach a service that words its own "does not exist" (or none at all).
    seen = set()
    for words, parser in ALL_COMMANDS.items():
        for action in parser._actions:
            if action.type is record_id:
                assert action.dest in ID_ARGUMENTS, (words, action.dest)
                seen.add(action.dest)
    assert {"campaign", "decision", "nomination", "session", "ids"} <= seen


@pytest.mark.sqlite_only("argument handling; one test below runs the same check on the server")
@pytest.mark.parametrize(
    ("words", "what"),
    [
        (["list", "nominations", "--campaign", "999"], "phong trào #999"),
        (["list", "individuals", "--campaign", "999"], "phong trào #999"),
        (["decision", "999"], "quyết định #999"),
        (["minutes", "999"], "phiên họp Hội đồng #999"),
        (["eligibility", "--nomination", "99999"], "#99999"),
        (["eligibility", "--subject", "individual:999999", "--award", "LDTT"], "cá nhân #999999"),
        (["nominations", "move", "--to", "submitted", "99999"], "#99999"),
        (
            ["suggest", "--award", "LDTT", "--year", "2025", "--create-drafts", "--campaign", "999"],
            "phong trào #999",
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)
def test_a_missing_record_exits_1_naming_it(
    capsys: pytest.CaptureFixture[str], sqlite_demo_db: Path, words: list[str], what: str
) -> None:
    code, out, err = run(capsys, *words, "--db", str(sqlite_demo_db))
    assert code == 1, err
    assert out == ""
    assert err.startswith("lỗi: không tìm thấy ") and what in err, err
    assert err.count("\n") == 1  # one line, no traceback


@pytest.mark.sqlite_only("argument handling; one test below runs the same check on the server")
def test_an_export_for_a_missing_campaign_writes_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_demo_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "ds.xlsx"
    code, _out, err = run(
        capsys, "export", "nominations", "--campaign", "999", "-o", str(target), "--db", str(sqlite_demo_db)
    )
    assert (code, err) == (1, "lỗi: không tìm thấy phong trào #999\n")
    assert not target.exists()


def test_a_missing_record_on_the_server_too(capsys: pytest.CaptureFixture[str], pg_demo_db: str) -> None:
    code, _out, err = run(capsys, "list", "nominations", "--campaign", "999", "--db", pg_demo_db)
    assert (code, err) == (1, "lỗi: không tìm thấy phong trào #999\n")


@pytest.mark.sqlite_only("argument handling")
def test_an_existing_record_still_lists(capsys: pytest.CaptureFixture[str], sqlite_demo_db: Path) -> None:
    code, out, _err = run(capsys, "list", "nominations", "--campaign", "5", "--db", str(sqlite_demo_db))
    assert code == 0 and out.startswith("Mã số ")


# ---------------------------------------------------------------- --json on every read

# The commands that change something (a database, a file, a key): every other command reads,
# and a command that reads takes --json. A new reading command without it fails below.
WRITING = {
    ("init",),
    ("demo",),
    ("backup",),
    ("restore",),
    ("transfer",),
    ("copy-local",),
    ("screenshot",),
    ("export",),
    ("import",),
    ("template",),
    ("repair-text",),
    ("exchange", "export"),
    ("exchange", "import"),
    ("rules", "import"),
    ("nominations", "move"),
    ("office", "init"),
    ("office", "export-key"),
    ("office", "trust"),
    ("users", "add"),
    ("users", "set-role"),
    ("users", "disable"),
    ("statistics", "set"),
    ("statistics", "layout-export"),
    ("statistics", "layout-load"),
    ("statistics", "layout-reset"),
}


def test_the_list_of_writing_commands_names_real_commands() -> None:
    assert WRITING.issubset(ALL_COMMANDS)


def test_every_reading_command_takes_json() -> None:
    reading = [words for words in ALL_COMMANDS if words not in WRITING]
    assert len(reading) >= 12  # the walk above reaches the nested commands too
    lacking = [
        " ".join(words)
        for words in reading
        if not any("--json" in action.option_strings for action in ALL_COMMANDS[words]._actions)
    ]
    assert lacking == []


@pytest.mark.sqlite_only("output format; the services' tests run on both engines")
def test_minutes_and_rule_sets_as_json(capsys: pytest.CaptureFixture[str], sqlite_demo_db: Path) -> None:
    db = str(sqlite_demo_db)
    code, out, _err = run(capsys, "list", "sessions", "--json", "--db", db)
    session_id = json.loads(out)[0]["id"]
    code, out, err = run(capsys, "minutes", str(session_id), "--json", "--db", db)
    assert code == 0, err
    minutes = json.loads(out)
    assert minutes["session"] == session_id and len(minutes["lines"]) > 3
    assert all(isinstance(line, str) for line in minutes["lines"])

    code, out, _err = run(capsys, "rules", "list", "--json", "--db", db)
    sets = json.loads(out)
    code, listed, _err = run(capsys, "list", "rules", "--json", "--db", db)
    assert code == 0 and sets == json.loads(listed) and sets
    code, out, _err = run(capsys, "rules", "list", "--db", db)
    assert out.startswith("Mã số ") and sets[0]["code"] in out


# ---------------------------------------------------------------- dates


def test_every_date_argument_takes_both_ways_of_writing_a_day() -> None:
    from emudesk.cli import exchange_cmd
    from emudesk.cli.common import day

    found = []
    for words, parser in ALL_COMMANDS.items():
        for action in parser._actions:
            if "date" in action.dest or action.dest in {"today", "since"}:
                found.append((words, action.dest))
                assert action.type in (day, exchange_cmd._since), (words, action.dest)
    assert len(found) >= 5


@pytest.mark.parametrize("text", ["05/12/2025", "5/12/2025", "2025-12-05", " 05/12/2025 "])
def test_a_day_is_read_either_way(text: str) -> None:
    from emudesk.cli.common import day

    assert day(text) == date(2025, 12, 5)


@pytest.mark.sqlite_only("argument handling")
def test_eligibility_judges_the_same_day_written_either_way(
    capsys: pytest.CaptureFixture[str], sqlite_demo_db: Path
) -> None:
    db = str(sqlite_demo_db)
    base = ("eligibility", "--subject", "individual:1", "--award", "LDTT", "--json", "--db", db)
    code_vn, vn, err = run(capsys, *base, "--date", "05/12/2025")
    code_iso, iso, _err = run(capsys, *base, "--date", "2025-12-05")
    assert code_vn == code_iso == 0, err
    assert vn == iso and json.loads(vn)


@pytest.mark.parametrize(
    "words",
    [
        ["eligibility", "--subject", "individual:1", "--award", "LDTT", "--date", "05.12.2025"],
        ["reminders", "--today", "2025/12/05"],
        ["export", "nominations", "--campaign", "1", "-o", "x.xlsx", "--date", "31/02/2025"],
        ["nominations", "move", "--to", "approved", "1", "--decision-date", "hôm nay"],
        ["suggest", "--award", "LDTT", "--year", "2025", "--date", "12-05-2025"],
    ],
    ids=lambda words: words[0],
)
def test_another_way_of_writing_a_day_is_bad_usage(
    capsys: pytest.CaptureFixture[str], words: list[str]
) -> None:
    code, out, err = run(capsys, *words, "--db", "/nonexistent/never-opened.sqlite3")
    assert code == 2 and out == ""
    assert "không phải là ngày; hãy viết dạng ngày/tháng/năm (DD/MM/YYYY) hoặc YYYY-MM-DD" in err


# ---------------------------------------------------------------- --version, argparse's words


def _imported_by(*args: str) -> tuple[str, set[str]]:
    """What ``python -m emudesk ARGS`` prints, and the modules it imported (``-X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "emudesk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    modules = {
        line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
    }
    return done.stdout, modules


@pytest.mark.parametrize("args", [["--version"], ["--lang", "en", "--db", "x.sqlite3", "--version"]])
def test_version_answers_without_sqlalchemy_qt_or_the_parser(args: list[str]) -> None:
    from emudesk import __version__

    out, modules = _imported_by(*args)
    assert out == f"emudesk {__version__}\n"
    assert "sqlalchemy" not in modules and "PySide6" not in modules
    # Not even the command groups, argparse or logging: the start-up of a bare interpreter, nearly.
    assert not {"emudesk.cli", "argparse", "logging", "platformdirs"} & modules
    assert "emudesk.app" in modules  # the reading above sees emudesk's imports at all


def test_version_after_a_command_is_still_argparse_s_business(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "list", "campaigns", "--version")
    assert code == 2 and err.splitlines()[-1] == "emudesk: lỗi: không hiểu các tham số: --version"


def test_argparse_speaks_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list", "--help")
    assert code == 0
    assert out.startswith("cách dùng: emudesk list ")
    assert "\ntùy chọn:\n" in out and "hiện trợ giúp này rồi thoát" in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out
    code, out, err = run(capsys, "list")
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == "emudesk list: lỗi: thiếu các tham số bắt buộc: kind"
    code, out, _err = run(capsys, "--help")
    assert code == 0 and "hiện số phiên bản của chương trình rồi thoát" in out


def test_argparse_speaks_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code, out, _err = run(capsys, "--lang", "en", "list", "--help")
        assert code == 0 and out.startswith("usage: emudesk list ") and "\noptions:\n" in out
        code, _out, err = run(capsys, "--lang", "en", "list")
        assert err.splitlines()[-1] == "emudesk list: error: the following arguments are required: kind"
    finally:
        set_language(None)


def test_argparse_numbers_its_words_in_either_language() -> None:
    from emudesk.cli.argparse_words import _ngettext

    try:
        set_language("vi")
        assert _ngettext("expected %s argument", "expected %s arguments", 3) % 3 == "cần 3 giá trị"
        set_language("en")
        assert _ngettext("expected %s argument", "expected %s arguments", 3) % 3 == "expected 3 arguments"
    finally:
        set_language(None)


# ---------------------------------------------------------------- --lang en


KINDS = ["units", "individuals", "households", "campaigns", "award-forms", "nominations", "rules"]
KINDS += ["decisions", "sessions"]


@pytest.mark.sqlite_only("output format")
def test_every_column_a_list_prints_has_a_header(
    capsys: pytest.CaptureFixture[str], sqlite_demo_db: Path
) -> None:
    from emudesk.cli.headers import HEADERS

    db = str(sqlite_demo_db)
    keys: set[str] = set()
    for words in [["list", kind] for kind in KINDS] + [
        ["list", "awards", "--year", "2024"],
        ["list", "individuals", "--search", "an"],
    ]:
        code, out, err = run(capsys, *words, "--json", "--db", db)
        assert code == 0, err
        rows = json.loads(out)
        assert rows, words
        keys |= set(rows[0])
    assert sorted(keys - set(HEADERS)) == []


@pytest.mark.sqlite_only("output format")
def test_lang_en_prints_english_headers_and_messages(
    capsys: pytest.CaptureFixture[str], sqlite_demo_db: Path
) -> None:
    db = str(sqlite_demo_db)
    try:
        code, out, _err = run(capsys, "--lang", "en", "list", "campaigns", "--db", db)
        assert code == 0
        assert out.splitlines()[0].split()[:5] == ["ID", "Name", "Plan", "Issuing", "body"]
        code, _out, err = run(capsys, "--lang=en", "list", "nominations", "--campaign", "999", "--db", db)
        assert (code, err) == (1, "error: not found: campaign #999\n")
        code, _out, err = run(
            capsys, "--lang", "en", "eligibility", "--nomination", "1", "--date", "x", "--db", db
        )
        assert code == 2 and "“x” is not a date; write DD/MM/YYYY or YYYY-MM-DD." in err
    finally:
        set_language(None)
    code, out, _err = run(capsys, "list", "campaigns", "--db", db)
    assert re.split(r"\s{2,}", out.splitlines()[0])[:3] == ["Mã số", "Tên", "Kế hoạch"]
    code, out, _err = run(capsys, "list", "campaigns", "--json", "--db", db)
    assert {"id", "name", "plan", "issuing_body"} <= set(json.loads(out)[0])  # JSON keys stay stable


# ---------------------------------------------------------------- shell completion


def _complete(line: str, tmp_path: Path) -> list[str]:
    """What bash would offer for ``line`` + Tab, through argcomplete's protocol."""
    pytest.importorskip("argcomplete")
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
    }
    subprocess.run([sys.executable, "-m", "emudesk"], env=env, check=True, capture_output=True, timeout=60)
    return out.read_text(encoding="utf-8").split()


def test_tab_completes_commands_kinds_and_options(tmp_path: Path) -> None:
    assert _complete("emudesk li", tmp_path) == ["list"]
    assert _complete("emudesk list ca", tmp_path) == ["campaigns"]
    assert "--json" in _complete("emudesk minutes --j", tmp_path)


def test_without_the_shell_asking_argcomplete_is_not_loaded() -> None:
    _out, modules = _imported_by("list", "--help")
    assert "argcomplete" not in modules and "emudesk.cli.completion" in modules
