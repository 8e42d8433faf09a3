"""Repairing the words OCR gets wrong in Vietnamese, only where the domain's vocabulary is sure.

OCR of Vietnamese mostly damages diacritics ("Thải Bình" for "Thái Bình", "Uy ban" for "Ủy ban") and
reads a few letter groups as one ("ừong" for "trong", "rn" for "m"). A word is replaced only by a
word of the vocabulary that differs from it in marks (or by one of those confusions) and that its
neighbours confirm: the pair it forms with the word before or after is known and the damaged one is
not. Without such evidence the word stays as read: a wrong "correction" would be worse than none.

difflib is used for the rare letter-level near-miss rather than rapidfuzz: the vocabulary is a few
thousand words and the candidates are first narrowed by their folded form, so speed does not matter
and the standard library is enough.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from emudesk.domain.plan_reading.layout import fold_same_length

_WORD = re.compile(r"[^\W\d_]+")
# Letter groups OCR reads for others (seen on scanned plans): read -> meant.
_CONFUSIONS = (("ừ", "tr"), ("ư", "tr"), ("rn", "m"), ("cl", "d"), ("ii", "u"), ("0", "o"))


def _fold(word: str) -> str:
    return fold_same_length(word)


@dataclass(frozen=True)
class Repair:
    start: int  # in the text as read
    end: int
    read: str
    meant: str


@dataclass
class Lexicon:
    words: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_fold: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Lexicon:
        lex = cls()
        for text in texts:
            lex.add(text)
        return lex

    def add(self, text: str) -> None:
        words = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))]
        self.words.update(words)
        self.pairs.update(itertools.pairwise(words))
        for w in words:
            self.by_fold.setdefault(_fold(w), set()).add(w)

    def candidates(self, word: str) -> set[str]:
        out = set(self.by_fold.get(_fold(word), ()))
        for read, meant in _CONFUSIONS:
            if read in word:
                for variant in (word.replace(read, meant, 1), word.replace(read, meant)):
                    out |= self.by_fold.get(_fold(variant), set())
        if not out and len(word) >= 5:
            folded = list(self.by_fold)
            for near in difflib.get_close_matches(_fold(word), folded, n=3, cutoff=0.85):
                out |= self.by_fold[near]
        out.discard(word)
        return out


def _support(lex: Lexicon, prev: str | None, word: str, nxt: str | None) -> int:
    return (lex.pairs[(prev, word)] if prev else 0) + (lex.pairs[(word, nxt)] if nxt else 0)


def _cased_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def repair(text: str, lex: Lexicon) -> tuple[str, list[Repair]]:
    """``text`` with the words the vocabulary is sure of repaired, and what was changed."""
    text = unicodedata.normalize("NFC", text)
    tokens = list(_WORD.finditer(text))
    lowered = [m.group().lower() for m in tokens]
    repairs: list[Repair] = []
    for i, m in enumerate(tokens):
        word = lowered[i]
        prev = lowered[i - 1] if i > 0 and _adjacent(text, tokens[i - 1], m) else None
        nxt = lowered[i + 1] if i + 1 < len(tokens) and _adjacent(text, m, tokens[i + 1]) else None
        own = _support(lex, prev, word, nxt)
        known = lex.words[word] > 0
        if known and own > 0:
            continue
        scored = sorted(
            ((_support(lex, prev, c, nxt), lex.words[c], c) for c in lex.candidates(word)), reverse=True
        )
        if not scored:
            continue
        best_support, _count, best = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0
        if known:
            # A real word in a pair never seen ("Thải Bình"): only a candidate the context confirms.
            # Both neighbours must confirm it where there are two ("nghiêm túc" stays).
            left = lex.pairs[(prev, best)] if prev else 1
            right = lex.pairs[(best, nxt)] if nxt else 1
            sure = best_support >= 2 and runner_up == 0 and left > 0 and right > 0
        else:
            # An unknown word: still only with a neighbour that confirms the candidate, never
            # from frequency alone ("chất thải" is no damaged "thái").
            sure = best_support >= 1 and best_support > runner_up
        if sure:
            repairs.append(Repair(m.start(), m.end(), m.group(), _cased_like(m.group(), best)))
            lowered[i] = best
    out = []
    pos = 0
    for rep in repairs:
        out.append(text[pos : rep.start])
        out.append(rep.meant)
        pos = rep.end
    out.append(text[pos:])
    return "".join(out), repairs


def _adjacent(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    return text[a.end() : b.start()] in {" ", "  "}
