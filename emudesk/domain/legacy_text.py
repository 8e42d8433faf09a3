"""Vietnamese typed in the pre-Unicode encodings: recognised, and converted to Unicode NFC.

Office lists from before ~2005 were typed with the ABC (TCVN3, ``.VnTime``) or VNI
(``VNI-Times``) fonts: the file stores Western characters that only the font draws as
Vietnamese, so "Nguyễn Văn Đức" arrives as "NguyÔn V¨n §øc" (TCVN3) or "Nguyeãn Vaên Ñöùc"
(VNI). VIQR ("Nguye^~n Va(n DDu+'c") is the ASCII spelling mailing lists used.

No maintained Python library converts these (PyPI has input-method helpers and a RAG loader
whose tables miss letters), so the tables are generated here from the layouts: TCVN3 from
TCVN 5712:1993 (VN3, one byte per letter, no upper-case toned letters), VNI-Windows as a base
letter plus one mark byte, VIQR after RFC 1456. They were cross-checked entry by entry against
UniKey's converter tables (vnconv), the converter Vietnamese offices use.

Conversion is only ever as good as the evidence: :func:`judge` says whether a text reads as
valid Vietnamese syllables in an encoding while it does not as written. Callers decide per
column (a staff list is typed in one font) and show the user every cell they cannot decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import lru_cache


class Legacy(StrEnum):
    TCVN3 = "TCVN3"
    VNI = "VNI"
    VIQR = "VIQR"


_TONE_MARKS = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền hỏi ngã sắc nặng
_SAC, _NANG = "\u0301", "\u0323"


def _toned(letter: str, tone: str) -> str:
    return unicodedata.normalize("NFC", letter + tone)


# --- TCVN3 (TCVN 5712:1993, VN3) ---------------------------------------------------------------
# Each lower-case vowel with its five toned forms, in the order huyền hỏi ngã sắc nặng; the
# upper-case toned letters have no code of their own (the .VnTimeH font draws these capitals).
_TCVN3_VOWELS = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_LETTERS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
_TCVN3_LETTERS |= {"ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE}


def _tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    decode: dict[str, str] = {}
    for vowel, codes in _TCVN3_VOWELS.items():
        for tone, code in zip(_TONE_MARKS, codes, strict=True):
            decode[chr(code)] = _toned(vowel, tone)
    for letter, byte in _TCVN3_LETTERS.items():
        decode[chr(byte)] = letter
    encode = {v: k for k, v in decode.items()}
    # Upper-case toned letters are typed with the lower-case codes.
    for char, letter in list(decode.items()):
        if letter.upper() not in encode:
            encode[letter.upper()] = char
    return decode, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _tcvn3_tables()
# Letters TCVN3 writes with one code for both cases: their case comes from the context.
_TCVN3_CASELESS = frozenset(chr(c) for codes in _TCVN3_VOWELS.values() for c in codes)


# --- VNI-Windows -------------------------------------------------------------------------------
# A toned or modified vowel is the base letter followed by one mark byte (upper-case marks
# after upper-case letters). ơ ư đ and the i/ỵ letters are single bytes.
_VNI_TONES = {"\u0301": "ùÙ", "\u0300": "øØ", "\u0309": "ûÛ", "\u0303": "õÕ", "\u0323": "ïÏ"}
_VNI_CIRCUMFLEX = {"": "âÂ", "\u0301": "áÁ", "\u0300": "àÀ", "\u0309": "åÅ", "\u0303": "ãÃ", "\u0323": "äÄ"}
_VNI_BREVE = {"": "êÊ", "\u0301": "éÉ", "\u0300": "èÈ", "\u0309": "úÚ", "\u0303": "üÜ", "\u0323": "ëË"}
_VNI_SINGLE = {
    "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ",
    "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "ỉ": "æ", "Ỉ": "Æ", "ĩ": "ó", "Ĩ": "Ó", "ị": "ò", "Ị": "Ò",
    "ỵ": "î", "Ỵ": "Î",
}  # fmt: skip


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = dict(_VNI_SINGLE)
    for upper in (False, True):
        pick = 1 if upper else 0
        for base in "aeouy":
            b = base.upper() if upper else base
            for tone, marks in _VNI_TONES.items():
                encode.setdefault(_toned(b, tone), b + marks[pick])
        for base, marks_by_tone in (("a", _VNI_CIRCUMFLEX), ("e", _VNI_CIRCUMFLEX), ("o", _VNI_CIRCUMFLEX)):
            b = base.upper() if upper else base
            for tone, marks in marks_by_tone.items():
                encode[_toned(b + "\u0302", tone)] = b + marks[pick]
        a = "A" if upper else "a"
        for tone, marks in _VNI_BREVE.items():
            encode[_toned(a + "\u0306", tone)] = a + marks[pick]
        for base, single in (("ơ", "ô"), ("ư", "ö")):
            b, s = (base.upper(), single.upper()) if upper else (base, single)
            for tone, marks in _VNI_TONES.items():
                encode[_toned(b, tone)] = s + marks[pick]
    decode = {v: k for k, v in encode.items()}
    return decode, encode


_VNI_DECODE, _VNI_ENCODE = _vni_tables()
_VNI_PAIRS = frozenset(k for k in _VNI_DECODE if len(k) == 2)
_VNI_SINGLE_DECODE = {k: v for k, v in _VNI_DECODE.items() if len(k) == 1}


# --- VIQR (RFC 1456) ---------------------------------------------------------------------------
_VIQR_TONES = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_MODIFIERS = {"^": "\u0302", "(": "\u0306", "+": "\u031b"}
_VIQR_TAKES = {"\u0302": "aeoAEO", "\u0306": "aA", "\u031b": "ouOU"}
_VOWELS = "aeiouyAEIOUY"


def _decode_viqr(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        at_word_start = i == 0 or not text[i - 1].isalpha()
        if c == "\\" and i + 1 < n and (text[i + 1] in _VIQR_TONES or text[i + 1] in _VIQR_MODIFIERS):
            out.append(text[i + 1])
            i += 2
            continue
        # đ starts a syllable; inside a word only in capitals (HDDND for HĐND).
        in_capitals = text[i - 1].isupper() if i else False
        if c in "dD" and (at_word_start or in_capitals) and i + 1 < n and text[i + 1] in "dD-":
            out.append("Đ" if c == "D" else "đ")
            i += 2
            continue
        if c in _VOWELS:
            marks = ""
            j = i + 1
            if j < n and text[j] in _VIQR_MODIFIERS and c in _VIQR_TAKES[_VIQR_MODIFIERS[text[j]]]:
                marks += _VIQR_MODIFIERS[text[j]]
                j += 1
            if j < n and text[j] in _VIQR_TONES:
                marks += _VIQR_TONES[text[j]]
                j += 1
            out.append(unicodedata.normalize("NFC", c + marks))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _encode_viqr(text: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if base not in _VOWELS or not marks:
            out.append(ch)
            continue
        s = base
        for mod, sign in _VIQR_MODIFIERS.items():
            if sign in marks:
                s += mod
        for tone, sign in _VIQR_TONES.items():
            if sign in marks:
                s += tone
        out.append(s)
    return "".join(out)


# --- decoding ----------------------------------------------------------------------------------


_TCVN3_UPPER_BASES = frozenset(chr(c) for c in range(0xA1, 0xA8))
_TCVN3_LOWER_BASES = frozenset(chr(c) for c in range(0xA8, 0xAF))


def _case_letters(word: str) -> list[bool]:
    """For each letter of a TCVN3 word whose case is written, whether it is a capital."""
    out = []
    for c in word:
        if c in _TCVN3_UPPER_BASES:
            out.append(True)
        elif c in _TCVN3_LOWER_BASES:
            out.append(False)
        elif c.isascii() and c.isalpha():
            out.append(c.isupper())
    return out


def _decode_tcvn3(text: str) -> str:
    if not any(c in _TCVN3_DECODE for c in text):
        return text
    words = re.split(r"(\s+)", text)
    cases = [_case_letters(w) for w in words]
    every = [c for case in cases for c in case]
    # A cell typed in capitals (for the .VnTimeH font) keeps them; so does a word in capitals. Only
    # a capital past a word's first letter shows it: "Vò Vò" (Vũ Vũ) has capitals at its starts only.
    past_start = [c for case in cases for c in case[1:]]
    cell_upper = len(every) >= 2 and all(every) and bool(past_start)
    starts = [case[0] for w, case in zip(words, cases, strict=True) if case and w[0] not in _TCVN3_CASELESS]
    out: list[str] = []
    for raw, case in zip(words, cases, strict=True):
        word = "".join(_TCVN3_DECODE.get(c, c) for c in raw)
        if not any(c in _TCVN3_CASELESS for c in raw):
            out.append(word)
        elif cell_upper or (len(case) >= 2 and all(case)):
            out.append(word.upper())
        elif raw[0] in _TCVN3_CASELESS and (not out or (starts and all(starts))):
            # Lists start a cell with a capital ("Ủy ban…", "Ứng Văn…"), and in a cell whose other
            # words all start with one (a name), so does every word.
            out.append(word[0].upper() + word[1:])
        else:
            out.append(word)
    return "".join(out)


def _decode_vni(text: str) -> str:
    if text.isascii():
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        pair = text[i : i + 2]
        if pair in _VNI_PAIRS:
            out.append(_VNI_DECODE[pair])
            i += 2
            continue
        out.append(_VNI_SINGLE_DECODE.get(text[i], text[i]))
        i += 1
    return "".join(out)


def decode(text: str, encoding: Legacy) -> str:
    """``text`` read in ``encoding``, as Unicode NFC."""
    if encoding is Legacy.TCVN3:
        result = _decode_tcvn3(text)
    elif encoding is Legacy.VNI:
        result = _decode_vni(text)
    else:
        result = _decode_viqr(text)
    return unicodedata.normalize("NFC", result)


def encode(text: str, encoding: Legacy) -> str:
    """``text`` as it would be typed in ``encoding`` (tests, and showing a user what was seen).

    TCVN3 has no upper-case toned letters: they are written with the lower-case codes."""
    text = unicodedata.normalize("NFC", text)
    if encoding is Legacy.TCVN3:
        return "".join(_TCVN3_ENCODE.get(c, c) for c in text)
    if encoding is Legacy.VNI:
        return "".join(_VNI_ENCODE.get(c, c) for c in text)
    return _encode_viqr(text)


# --- Vietnamese syllables ----------------------------------------------------------------------

_ONSETS = sorted(
    [*"ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split(" "), ""],  # noqa: SIM905
    key=len,
    reverse=True,
)
_RHYMES = frozenset(
    """
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong ooc oong op ot
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăp oăt
    oe oec oem oen oeo oep oet
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u uc ui um un ung up ut ua uân uâng uât uây uê uêch uênh uêu uơ
    uôc uôi uôm uôn uông uôp uôt uy uya uych uyên uyêt uyn uynh uyp uyt uyu
    ư ưc ưi ưm ưn ưng ưt ưu ưa ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu ynh yt ych
    """.split()  # noqa: SIM905 - a table reads better as words
)
_STOPS = ("p", "t", "c", "ch")


@lru_cache(maxsize=4096)
def is_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC or not) is one Vietnamese syllable: "Nguyễn", "đức"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    tone = tones[0] if tones else ""
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if not base or not all(c in "abcdđeêghiklmnoôơpqrstuưvxyăâ" for c in base):
        return False
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if rhyme in _RHYMES:
            return not (rhyme.endswith(_STOPS) and tone not in (_SAC, _NANG))
    return False


_EDGE = "\"'`.,;:!?()[]{}<>«»“”‘’–—-/\\*"
# An opening mark never ends a word and a closing one never starts it: "Ng«" is TCVN3's "Ngô",
# not "Ng" before a quote.
_LEADING = "".join(c for c in _EDGE if c not in "»”’)]}>")
_TRAILING = "".join(c for c in _EDGE if c not in "«“‘([{<")


def _strip_edges(chunk: str) -> str:
    return chunk.lstrip(_LEADING).rstrip(_TRAILING)


def _tokens(text: str) -> Iterable[str]:
    for chunk in text.split():
        for part in re.split(r"(?<=\w)[-/](?=\w)", _strip_edges(chunk)):
            if part:
                yield part


_ABBREVIATION = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")


def _neutral(token: str) -> bool:
    """Words that are evidence of nothing: numbers, ASCII abbreviations and plain ASCII words."""
    return token.isascii() and token.isalnum()


def _plain(token: str, *, strict: bool) -> bool | None:
    """Whether a token reads as Vietnamese; None when it says nothing either way."""
    if token.isascii() and token.isalnum() and any(c.isdigit() for c in token):
        return None  # 68, 12A
    if len(token) > 1 and all(c in _ABBREVIATION for c in token) and not is_syllable(token):
        return None  # UBND, THCS, HĐND
    if not strict and _neutral(token):
        return None
    return is_syllable(token)


def reads_as_vietnamese(text: str, *, strict: bool = False) -> bool:
    """Every word that says anything is a Vietnamese syllable. With ``strict`` (VIQR, which is
    ASCII) plain ASCII words count too."""
    return all(v is not False for v in (_plain(t, strict=strict) for t in _tokens(text)))


# Latin letters and combining marks above U+00FF, where every Vietnamese letter outside Latin-1
# lives; the legacy fonts never produce one (Windows-1252's Š š Ž ž Œ œ Ÿ ƒ left out).
_UNICODE_LETTER = re.compile(
    "[\u0100-\u0151\u0154-\u015f\u0162-\u0177\u0179-\u017c\u017f-\u0191\u0193-\u024f"
    "\u0300-\u036f\u1e00-\u1eff]"
)


def has_unicode_letters(text: str) -> bool:
    """Whether ``text`` holds a letter no legacy font types: it was typed in Unicode."""
    return _UNICODE_LETTER.search(text) is not None


class Verdict(Enum):
    NONE = "none"  # the encoding changes nothing
    CONVERT = "convert"  # Vietnamese in the encoding, not as written
    AS_WRITTEN = "as_written"  # Vietnamese as written, not in the encoding
    BOTH = "both"  # Vietnamese either way: undecidable from the text alone
    NEITHER = "neither"  # Vietnamese neither way


@dataclass(frozen=True, slots=True)
class Judgement:
    encoding: Legacy
    verdict: Verdict
    decoded: str


@lru_cache(maxsize=20_000)
def judge(text: str, encoding: Legacy) -> Judgement:
    """How ``text`` reads in ``encoding`` compared with as written."""
    if encoding is Legacy.VIQR:
        if not text.isascii() or not any(c in text for c in "^(+'`?~.-dD"):
            return Judgement(encoding, Verdict.NONE, text)
    elif text.isascii() or has_unicode_letters(text):
        return Judgement(encoding, Verdict.NONE, text)
    decoded = decode(text, encoding)
    if decoded == unicodedata.normalize("NFC", text):
        return Judgement(encoding, Verdict.NONE, text)
    strict = encoding is Legacy.VIQR
    as_written = reads_as_vietnamese(text, strict=strict)
    converted = reads_as_vietnamese(decoded, strict=strict)
    # VIQR's marks are ASCII punctuation: a full stop or question mark ending the text ("Nguyen
    # Van A.") is punctuation, not evidence.
    if strict:
        bare = text.rstrip(".?")
        if _decode_viqr(bare) == bare:
            converted = converted and as_written
    verdict = {
        (True, False): Verdict.CONVERT,
        (False, True): Verdict.AS_WRITTEN,
        (True, True): Verdict.BOTH,
        (False, False): Verdict.NEITHER,
    }[(converted, as_written)]
    return Judgement(encoding, verdict, decoded)


def judgements(text: str) -> list[Judgement]:
    """The encodings that would change ``text``, each judged."""
    return [j for j in (judge(text, e) for e in Legacy) if j.verdict is not Verdict.NONE]


def restore_lost_u(text: str) -> str | None:
    """A TCVN3 text stored after its ư (the soft hyphen U+00AD) was dropped, with each ư put
    back where exactly one place makes the word a Vietnamese syllable; None if any word cannot be.

    "Nguyễn Văn Hng" -> "Nguyễn Văn Hưng"; "Trờng" -> "Trường".
    """
    out: list[str] = []
    changed = False
    for chunk in re.split(r"(\s+)", text):
        word = _strip_edges(chunk)
        reads = _plain(word, strict=False) if word and not chunk.isspace() else True
        # A word that is no syllable: its ư may be missing. Plain ASCII words are checked too
        # ("Hng"), but one that nothing fixes stays (a foreign name, an abbreviation).
        suspect = reads is False or (reads is None and word.isalpha() and not is_syllable(word))
        fixed = _insert_u(word) if suspect else None
        if fixed is None:
            if reads is False:
                return None
            out.append(chunk)
            continue
        out.append(chunk.replace(word, fixed))
        changed = True
    return "".join(out) if changed else None


def _insert_u(word: str) -> str | None:
    u = "Ư" if word.isupper() and len(word) > 1 else "ư"
    found = {word[:i] + u + word[i:] for i in range(1, len(word) + 1)}
    valid = [w for w in found if is_syllable(w)]
    return valid[0] if len(valid) == 1 else None
