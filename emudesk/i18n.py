"""gettext for every layer: ``_`` translates now, ``N_`` marks a string for later.

Message ids are English; the Vietnamese catalogue is the default and must be
complete (``tests/test_i18n.py``). Catalogues are read straight from the
``.po`` sources in ``resources/locale`` so no compile step is needed; they are
small enough to parse at start-up in a few milliseconds.

This module imports nothing from emudesk so every layer may use it.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")

_catalog: dict[str, str] = {}
_plural_catalog: dict[str, tuple[str, ...]] = {}
_language = ""


def _locale_dir() -> Path:
    package = Path(__file__).resolve().parent
    bundled = package / "_resources" / "locale"
    return bundled if bundled.is_dir() else package.parent / "resources" / "locale"


def po_paths(language: str) -> list[Path]:
    """The catalogue files of a language; each area of the app may keep its own .po file."""
    folder = _locale_dir() / language / "LC_MESSAGES"
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def parse_po(text: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Parse a .po file into singular and plural translations; fuzzy entries are skipped."""
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        fuzzy = False
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if not line or line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key] = fields.get(key, "") + ast.literal_eval(line)
                continue
            key, _sep, rest = line.partition(" ")
            fields[key] = ast.literal_eval(rest) if rest else ""
        msgid = fields.get("msgid", "")
        if not msgid or fuzzy:
            continue
        if "msgid_plural" in fields:
            forms = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr["))
            if forms and all(forms):
                plural[msgid] = forms
        elif fields.get("msgstr"):
            singular[msgid] = fields["msgstr"]
    return singular, plural


def set_language(language: str | None = None) -> str:
    """Load the catalogue for ``language`` (default: $EMUDESK_LANG or Vietnamese)."""
    global _language, _catalog, _plural_catalog
    lang = language or os.environ.get("EMUDESK_LANG") or DEFAULT_LANGUAGE
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _catalog, _plural_catalog = {}, {}
    if lang != "en":
        for path in po_paths(lang):
            singular, plural = parse_po(path.read_text(encoding="utf-8"))
            _catalog.update(singular)
            _plural_catalog.update(plural)
    _language = lang
    return lang


def current_language() -> str:
    if not _language:
        set_language()
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    if not _language:
        set_language()
    return _catalog.get(message, message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    if not _language:
        set_language()
    forms = _plural_catalog.get(singular)
    if forms:
        # Vietnamese has one plural form; English-style two-form catalogues also work.
        return forms[0] if len(forms) == 1 or n == 1 or _language == "vi" else forms[1]
    return singular if n == 1 else plural
