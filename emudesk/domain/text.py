"""Vietnamese text: NFC storage, diacritic-insensitive folding, name order sorting.

The sort key reproduces ICU's ``vi`` collation (letters a ă â b c d đ e ê …,
tones as a secondary difference: ngang < huyền < hỏi < ngã < sắc < nặng),
checked against ICU on thousands of names (see ``tests/domain/test_text.py``).
Keys are bytes so that SQLite (memcmp on BLOB) and PostgreSQL (bytea) order
them identically, whatever the server's collation.
"""

from __future__ import annotations

import re
import unicodedata

from emudesk.i18n import _

_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_PRIMARY = {c: i + 100 for i, c in enumerate(_ORDER)}
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_SPACES = re.compile(r"\s+")
# Two bytes per weight; 0x0001 ends each part and sorts before any weight,
# so a shorter name sorts before a longer one that starts the same ("An" < "Anh").
_END = b"\x00\x01"


# Invisible characters that files and pasted text carry without meaning anything in a name: a BOM
# (CSV, Notepad) and Word's soft hyphen. Dropped, not refused; a zero-width space stays refused,
# since it may stand where a space was meant.
_PASTED_INVISIBLE = re.compile("[\ufeff\u00ad]")


def nfc(value: str) -> str:
    """Normalise to NFC, drop pasted invisible characters and collapse runs of whitespace."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _PASTED_INVISIBLE.sub("", value))).strip()


def nfc_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = nfc(value)
    return cleaned or None


def fold(value: str) -> str:
    """Lower-case ASCII form for searching: "Nguyễn  Văn Đức" -> "nguyen van duc"."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", value) if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.casefold().split())


def _weights(value: str) -> tuple[list[int], list[int], list[int]]:
    decomposed = unicodedata.normalize("NFD", value)
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    i = 0
    while i < len(decomposed):
        base = decomposed[i]
        i += 1
        marks: list[str] = []
        while i < len(decomposed) and unicodedata.combining(decomposed[i]):
            marks.append(decomposed[i])
            i += 1
        tone = next((_TONE[m] for m in marks if m in _TONE), 0)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in _TONE))
        low = letter.lower()
        if low in _PRIMARY:
            weight = _PRIMARY[low]
        elif low.isspace():
            weight = 2
        elif low.isdigit() and low.isascii():
            weight = 10 + int(low)
        elif low.isalpha():
            weight = min(1000 + ord(low), 0xFFFE)
        else:
            weight = 3
        primary.append(weight)
        secondary.append(tone)
        tertiary.append(int(letter != low))
    return primary, secondary, tertiary


def _pack(weights: list[int]) -> bytes:
    return b"".join((w + 2).to_bytes(2, "big") for w in weights) + _END


def sort_key(value: str) -> bytes:
    """Vietnamese collation key of a whole string (units, households, titles)."""
    p, s, t = _weights(nfc(value))
    return _pack(p) + _pack(s) + _pack(t)


def name_sort_key(family: str, middle: str, given: str) -> bytes:
    """Key for personal names: tên first, then chữ đệm, then họ, as Vietnamese lists sort."""
    given_p, given_s, _ = _weights(nfc(given))
    rest = nfc(f"{middle} {family}")
    rest_p, rest_s, _ = _weights(rest)
    _, _, full_t = _weights(nfc(f"{family} {middle} {given}"))
    return _pack(given_p) + _pack(given_s) + _pack(rest_p) + _pack(rest_s) + _pack(full_t)


def full_name(family: str, middle: str | None, given: str) -> str:
    return nfc(" ".join(part for part in (family, middle or "", given) if part))


HONORIFICS = ("ông", "bà", "đ/c", "đc", "anh", "chị", "cô", "thầy", "đồng chí")


def strip_honorific(value: str) -> str:
    """Drop a leading "Ông", "Bà", "Đ/c"… that lists put before names."""
    text = nfc(value)
    lowered = text.lower()
    for prefix in sorted(HONORIFICS, key=len, reverse=True):
        for sep in (" ", ". ", ": "):
            if lowered.startswith(prefix + sep):
                return text[len(prefix) + len(sep) :].strip()
    return text


_NAME_WORD_PARTS = re.compile(r"([-'’])")


def proper_case_name(value: str) -> str:
    """A person's name typed all in lower or upper case, in proper case: "nguyễn văn đức" ->
    "Nguyễn Văn Đức", "NGUYỄN" -> "Nguyễn".

    Word by word: a word already in mixed case ("Nguyễn", "H'Hen", "McLean") is kept as typed, so
    a name written properly is never changed. The parts of a word joined by a hyphen or an
    apostrophe ("y-ngông", "h'hen") each get their capital, as minority names write them.
    """
    words = nfc(value).split(" ")
    return " ".join(_proper_word(w) if w.islower() or w.isupper() else w for w in words)


def _proper_word(word: str) -> str:
    parts = _NAME_WORD_PARTS.split(word)
    return "".join(p[:1].upper() + p[1:].lower() for p in parts)


def split_full_name(value: str) -> tuple[str, str, str]:
    """Split "Nguyễn Thị Minh Khai" into (họ, chữ đệm, tên) = ("Nguyễn", "Thị Minh", "Khai").

    The family name is the first word and the given name the last, which holds
    for Vietnamese names as written on the ID; a one-word name is a given name.
    """
    parts = strip_honorific(value).split(" ")
    parts = [p for p in parts if p]
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


# A search box holds up to 32,767 characters; nobody searches for more than a line of them, and a
# longer pattern overruns SQLite's LIKE limit (50,000 bytes) or its expression depth (one test a word).
SEARCH_LIMIT = 200
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x1f\x7f]")


def search_text(term: str) -> str:
    """What a search box's text searches for: its first ``SEARCH_LIMIT`` characters, without the lone
    surrogates (half of a pasted emoji) that no driver can encode, control characters as spaces
    (PostgreSQL refuses NUL)."""
    return _CONTROLS.sub(" ", _SURROGATES.sub("", term[:SEARCH_LIMIT]))


def like_pattern(term: str) -> str:
    """A LIKE pattern matching ``term`` anywhere in a folded column, with wildcards escaped."""
    folded = fold(search_text(term))
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# How lists and the app write a household before its head's name: "Hộ ông (bà)" (the app),
# "Hộ gia đình ông", "Gia đình bà", "Hộ ông/bà", and the English interface's "Household of".
_HOUSEHOLD_LEADS = (("household", "of"), ("ho", "gia", "dinh"), ("gia", "dinh"), ("ho",))
_HOUSEHOLD_TITLES = (
    ("ong", "(ba)"),
    ("ba", "(ong)"),
    ("ong", "/", "ba"),
    ("ba", "/", "ong"),
    ("(ong)",),
    ("(ba)",),
    ("ong",),
    ("ba",),
    ("anh",),
    ("chi",),
)
_HOUSEHOLD_TOKENS = re.compile(r"\([^()]*\)|/|[^\s/()]+")
_LABEL_TAIL = re.compile(r"\s+[–-]\s+")


def household_heads(text: str) -> list[str]:
    """The head names a household written as a list or the app shows it may mean, likeliest first.

    "Hộ ông (bà) Nguyễn Quốc An" -> ["Nguyễn Quốc An", …]. The less stripped readings follow
    because "Ông" is also a family name: "Hộ Ông Văn Tùng" may be the household of Ông Văn Tùng.
    A picker's " – address" tail is not part of the name (see :func:`household_address`).
    """
    label = _LABEL_TAIL.split(nfc(text), maxsplit=1)[0]
    tokens = _HOUSEHOLD_TOKENS.findall(label)
    keys = [fold(t).replace(" ", "") for t in tokens]

    def skip(start: int, patterns: tuple[tuple[str, ...], ...]) -> int:
        for pattern in patterns:
            if tuple(keys[start : start + len(pattern)]) == pattern:
                return start + len(pattern)
        return start

    lead = skip(0, _HOUSEHOLD_LEADS)
    starts = [skip(lead, _HOUSEHOLD_TITLES), lead, skip(0, _HOUSEHOLD_TITLES), 0]
    out: list[str] = []
    for start in starts:
        head = " ".join(tokens[start:])
        if head and head not in out:
            out.append(head)
    return out or [nfc(text)]


def household_address(text: str) -> str:
    """The address a picker shows after the head ("Hộ ông (bà) Lê Văn Ba – Thôn Đông"), or ""."""
    parts = _LABEL_TAIL.split(nfc(text), maxsplit=1)
    return parts[1] if len(parts) == 2 else ""


def name_fold(value: str) -> str:
    """The stored search form of a name: its folded words, each after a space (" nguyen van duc").

    The leading space makes every word start the same way, so "a word of the name starts with
    duc" is one substring test (" duc") that SQLite and PostgreSQL scan as fast as the plain
    substring search it replaced; with a bare fold it took a second test for the first word.
    """
    folded = fold(value)
    return f" {folded}" if folded else ""


def search_words(term: str) -> list[str]:
    """The folded words of a search, each to be matched against the start of some word of a name.

    A word that starts another typed word adds nothing ("nguy nguyen" is "nguyen") and is dropped;
    the rest come last-typed first, because people type the family name first and the given name
    last, and the given name is the rarer, so a scan rejects most names on its first test.
    """
    words = list(dict.fromkeys(fold(search_text(term)).split()))
    kept = [w for w in words if not any(o != w and o.startswith(w) for o in words)]
    return kept[::-1]


def has_words(text: str, term: str) -> bool:
    """Every word typed in ``term`` is somewhere in ``text``, diacritics and case ignored (đ→d)."""
    folded = fold(text)
    return all(word in folded for word in fold(search_text(term)).split())


# --- hostile text ---------------------------------------------------------------------------------

NAME_MAX = 300
"""Longest name (person, unit, household head, award form) accepted; real ones stay under 150."""
LINE_MAX = 2000
"""Longest one-line text (an address, a position, a title)."""
LONG_MAX = 20_000
"""Longest multi-line text (a note, a plan's legal basis)."""

# Bidi embeddings, overrides and isolates: they reorder what a list or a terminal shows,
# so "Nguyễn Văn A" can display as a different name than the one stored (CVE-2021-42574).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\t\n\r")
# What a terminal or a log must never receive raw: C0, DEL, C1, format characters, surrogates.
_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    r"\ud800-\udfff]"
)


def text_problem(value: str, *, max_length: int = LINE_MAX) -> str | None:
    """Why ``value`` may not be stored (a translated sentence), or None when it may.

    Refused: control characters (NUL, ESC, backspace…) and invisible format characters, which
    can rewrite a terminal or hide part of a name; bidi overrides, which make the text display
    as something else; and text longer than ``max_length``. Tabs and line breaks are ordinary
    whitespace (a list's Alt+Enter in a cell).
    """
    if len(value) > max_length:
        return _("The text is {n} characters long; at most {max} are accepted.").format(
            n=f"{len(value):,}".replace(",", "."), max=f"{max_length:,}".replace(",", ".")
        )
    if value.isprintable():  # C speed, and true of almost every real name: skip the scan
        return None
    for position, char in enumerate(value, start=1):
        if char in _LINE_BREAKS or _PASTED_INVISIBLE.match(char):
            continue  # whitespace, or dropped when stored (nfc)
        if char in _BIDI_CONTROLS:
            return _(
                "The text contains a bidirectional override (U+{code:04X}) at character {pos}, "
                "which makes it display differently from what is stored."
            ).format(code=ord(char), pos=position)
        if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            return _(
                "The text contains an invisible control character (U+{code:04X}) at character {pos}; "
                "retype it or remove that character."
            ).format(code=ord(char), pos=position)
    return None


def escape_controls(value: str) -> str:
    """``value`` safe to print to a terminal: control characters as ``\\x1b``, ``\\u007f``, ``\\u202e``."""
    return _UNPRINTABLE.sub(_escape_one, value)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    # \u for all but C0 keeps JSON output valid: json.dumps already escapes C0 itself.
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"
