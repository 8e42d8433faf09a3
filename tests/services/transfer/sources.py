"""A small database to transfer: quick to copy, with links between its rows."""

from __future__ import annotations

import shutil
from pathlib import Path

from emudesk.services.core.store import Store
from tests import factories


def small_source(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "source.sqlite3"
    shutil.copy(sqlite_template, path)
    store = Store.open(path)
    with store.write() as s:
        parent = factories.unit(s, "Sở Nguồn", kind="so_nganh")
        for i in range(30):
            unit = factories.unit(s, f"Phòng {i}", parent=parent)
            factories.person(s, f"Nguyễn Văn Ân{chr(65 + i % 26)}", unit)
    store.close()
    return path
