"""The parser: every command the README shows is registered and its example parses."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from emudesk.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_examples() -> list[list[str]]:
    """The ``emudesk …`` lines of the README's "Using it" section, comments left out."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Using it", 1)[1].split("\n## ", 1)[0]
    section = section.replace("\\\n", " ")  # a shell line continued on the next
    examples = []
    for line in section.splitlines():
        if not line.startswith("emudesk "):
            continue  # prose may hold an apostrophe that is no shell quote
        words = shlex.split(line, comments=True)
        if len(words) > 1:
            examples.append(words[1:])
    return examples


EXAMPLES = readme_examples()


def test_the_readme_shows_the_commands() -> None:
    # Guards the reading above: a README reworded out of its reach would make the tests below vacuous.
    assert len({words[0] for words in EXAMPLES}) >= 10


@pytest.mark.parametrize("words", EXAMPLES, ids=lambda words: words[0])
def test_every_readme_example_parses_to_its_command(words: list[str]) -> None:
    args = build_parser().parse_args(words)
    assert args.command == words[0]
    # A headless command has a handler; a window command is run by ``emudesk.app``.
    assert callable(getattr(args, "handler", None)) or getattr(args, "gui_command", None) == words[0]


def test_every_readme_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    top = parser.format_help()
    for command in dict.fromkeys(words[0] for words in EXAMPLES):
        assert f"\n    {command} " in top, command
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args([command, "--help"])
        assert exit_info.value.code == 0
        assert capsys.readouterr().out.startswith(f"cách dùng: emudesk {command} "), command


@pytest.mark.parametrize(
    ("words", "demo"),
    [
        (["--demo", "screenshot", "-o", "x.png"], True),
        (["screenshot", "--demo", "-o", "x.png"], True),
        (["screenshot", "-o", "x.png"], False),
    ],
)
def test_demo_counts_before_or_after_the_screenshot_command(words: list[str], demo: bool) -> None:
    assert build_parser().parse_args(words).demo is demo
