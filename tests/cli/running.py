"""Running a command as the shell does, for the CLI tests."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text

from emudesk.app import main
from emudesk.db.engine import to_url
from emudesk.services.core.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``emudesk ARGS…``: its exit status (argparse's usage errors and --help too), stdout, stderr."""
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def target_of(store: Store) -> str:
    """What ``--db`` takes for this store: its file, or its server URL with the password."""
    return str(store.path) if store.path is not None else store.db.url.render_as_string(hide_password=False)


def sql(db: str | object, statement: str, **params: Any) -> list[tuple[Any, ...]]:
    """One statement straight on the database behind emudesk's back (file or server), committed."""
    engine = create_engine(to_url(str(db)))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()
