"""The Vietnamese catalogue is complete; English is the fallback."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from emudesk import i18n

_spec = importlib.util.spec_from_file_location(
    "i18n_tool", Path(__file__).parent.parent / "scripts" / "i18n.py"
)
assert _spec and _spec.loader
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)


def test_every_message_has_a_vietnamese_translation() -> None:
    missing = tool.missing("vi")
    assert not missing, "\n".join(f"{where[0]}: {msg!r}" for msg, where in list(missing.items())[:30])


def test_catalogues_agree_with_each_other() -> None:
    """The area catalogues are merged into one: a msgid must mean the same everywhere."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in i18n.po_paths("vi"):
        for msgid, msgstr in i18n.parse_po(path.read_text(encoding="utf-8"))[0].items():
            first = seen.setdefault(msgid, (path.name, msgstr))
            if first[1] != msgstr:
                clashes.append(f"{msgid!r}: {first[0]} says {first[1]!r}, {path.name} says {msgstr!r}")
    assert not clashes, "\n".join(clashes)


def test_placeholders_survive_translation() -> None:
    import re

    catalogue = tool.catalogue("vi")
    for msgid, msgstr in catalogue.items():
        assert set(re.findall(r"\{[^}]*\}", msgid)) == set(re.findall(r"\{[^}]*\}", msgstr)), msgid


def test_language_switch() -> None:
    try:
        i18n.set_language("en")
        assert i18n._("Individuals") == "Individuals"
        i18n.set_language("vi")
        assert i18n._("Individuals") == "Cá nhân"
    finally:
        i18n.set_language("vi")


def test_po_parser_handles_multiline_fuzzy_and_plural() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Skip"\nmsgstr "Bỏ"\n\n'
        'msgid "Long"\nmsgstr ""\n"Dài "\n"lắm"\n\n'
        'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} tệp"\n'
    )
    singular, plural = i18n.parse_po(text)
    assert singular == {"Long": "Dài lắm"}
    assert plural == {"{n} file": ("{n} tệp",)}


def test_no_translation_is_left_over() -> None:
    """A msgid no code uses any more is dead weight that drifts from the code; remove it."""
    assert tool.stale("vi") == []
