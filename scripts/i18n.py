"""Translation upkeep: find every _()/N_()/ngettext() message in the code and check the catalogues.

python scripts/i18n.py missing            # messages with no Vietnamese translation
python scripts/i18n.py add FILE.po        # append the missing ones (empty msgstr) to FILE.po
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from emudesk.i18n import parse_po, po_paths  # noqa: E402

_FUNCS = {"_": 1, "N_": 1, "ngettext": 2}


def extract(root: Path = ROOT / "emudesk") -> dict[str, list[str]]:
    """Every literal message id in the package, with where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            # _("…"), and i18n._("…") where a module cannot import _ by name.
            if isinstance(node.func, ast.Name):
                name = node.func.id
            elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                name = node.func.attr if node.func.value.id == "i18n" else ""
            else:
                continue
            count = _FUNCS.get(name)
            if not count:
                continue
            for arg in node.args[:count]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(arg.value, []).append(where)
    return found


def catalogue(language: str = "vi") -> dict[str, str]:
    out: dict[str, str] = {}
    for path in po_paths(language):
        singular, plural = parse_po(path.read_text(encoding="utf-8"))
        out.update(singular)
        out.update({k: v[0] for k, v in plural.items()})
    return out


def missing(language: str = "vi") -> dict[str, list[str]]:
    known = catalogue(language)
    return {msg: where for msg, where in extract().items() if msg not in known}


def stale(language: str = "vi") -> list[str]:
    """Translations no code asks for any more."""
    used = extract()
    return [msgid for msgid in catalogue(language) if msgid not in used]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"missing", "add"}:
        print(__doc__)
        return 2
    todo = missing()
    if argv[0] == "missing":
        for msg, where in todo.items():
            print(f"{where[0]}: {msg!r}")
        print(f"{len(todo)} missing", file=sys.stderr)
        return 1 if todo else 0
    target = Path(argv[1])
    with target.open("a", encoding="utf-8") as fh:
        for msg, where in todo.items():
            fh.write(f'\n#: {where[0]}\nmsgid {_quote(msg)}\nmsgstr ""\n')
    print(f"appended {len(todo)} entries to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
