"""Running a command as the shell does, for the CLI tests."""

from __future__ import annotations

import pytest

from emudesk.app import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``emudesk ARGS…``: its exit status (argparse's usage errors and --help too), stdout, stderr."""
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
