"""Append translations from a Python dict file (T = {...}) to a .po file, skipping msgids already there.

python scripts/po_write.py translations.py resources/locale/vi/LC_MESSAGES/emudesk.po
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emudesk.i18n import parse_po


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(source: str, target: str) -> int:
    table: dict[str, str] = runpy.run_path(source)["T"]
    path = Path(target)
    existing = parse_po(path.read_text(encoding="utf-8"))[0] if path.exists() else {}
    added = 0
    with path.open("a", encoding="utf-8") as fh:
        for msgid, msgstr in table.items():
            if msgid in existing:
                continue
            fh.write(f"\nmsgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n")
            added += 1
    print(f"added {added} entries to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
