"""A plan damaged the way OCR damages Vietnamese: tone marks swapped or lost, hats and horns dropped,
"tr" read as "ừ". Deterministic (seeded), digits and punctuation untouched."""

from __future__ import annotations

import random
import re
import unicodedata

_TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng
_SHAPES = ("\u0302", "\u0306", "\u031b")  # hat, breve, horn


def _damage_word(word: str, rng: random.Random) -> str:
    if word.lower().startswith("tr") and rng.random() < 0.2:
        return ("Ừ" if word[0].isupper() else "ừ") + word[2:]
    chars = list(unicodedata.normalize("NFD", word))
    tones = [i for i, c in enumerate(chars) if c in _TONES]
    shapes = [i for i, c in enumerate(chars) if c in _SHAPES]
    roll = rng.random()
    if tones and roll < 0.5:
        i = rng.choice(tones)
        chars[i] = rng.choice([t for t in _TONES if t != chars[i]] + [""])
    elif shapes and roll < 0.8:
        chars[rng.choice(shapes)] = ""
    elif not tones:
        # A tone OCR saw where there is none ("Thai" for "Thái" the other way round).
        vowels = [i for i, c in enumerate(chars) if c.lower() in "aeiouy"]
        if vowels:
            chars.insert(rng.choice(vowels) + 1, rng.choice(_TONES))
    return unicodedata.normalize("NFC", "".join(chars))


def ocr_damage(text: str, rate: float = 0.08, seed: int = 17) -> str:
    """``text`` with about ``rate`` of its words damaged."""
    rng = random.Random(seed)
    return re.sub(
        r"[^\W\d_]+", lambda m: _damage_word(m.group(), rng) if rng.random() < rate else m.group(), text
    )
