"""The bundled Liberation Serif fonts: registration with reportlab, text measuring and wrapping.

Liberation Serif 2.x has the metrics of Times New Roman (the NĐ 30 font) and
covers Vietnamese, so the same measurements serve the PDF layout and the
row heights of the .xlsx (which Excel and LibreOffice would otherwise leave
at one line for wrapped cells).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from emudesk.domain.errors import StorageError
from emudesk.i18n import _
from emudesk.paths import resources_dir

REGULAR = "EmuSerif"
BOLD = "EmuSerif-Bold"
ITALIC = "EmuSerif-Italic"
BOLD_ITALIC = "EmuSerif-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False
_CACHE_LIMIT = 100_000  # words per font; a list uses a few thousand


class _Face:
    """Advance widths of one font at 1 pt, per character and per word.

    reportlab's own stringWidth is pure Python in 5.x; a per-word cache makes
    wrapping cheap because list text (Vietnamese syllables, names, units)
    repeats the same few thousand words.
    """

    __slots__ = ("chars", "default", "words")

    def __init__(self, font: TTFont) -> None:
        self.chars: dict[str, float] = {
            chr(code): width / 1000 for code, width in font.face.charWidths.items()
        }
        self.default: float = font.face.defaultWidth / 1000
        self.words: dict[str, float] = {" ": self.chars.get(" ", self.default)}

    def width(self, text: str) -> float:
        try:
            return sum(map(self.chars.__getitem__, text))
        except KeyError:  # a character the font lacks: drawn as .notdef
            return sum(self.chars.get(ch, self.default) for ch in text)

    def word(self, word: str) -> float:
        width = self.words.get(word)
        if width is None:
            if len(self.words) > _CACHE_LIMIT:
                self.words = {" ": self.chars.get(" ", self.default)}
            width = self.words[word] = self.width(word)
        return width


_faces: dict[str, _Face] = {}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Register the four faces with reportlab once per process (thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = fonts_dir()
        for name, filename in _FILES.items():
            path = folder / filename
            try:
                font = TTFont(name, str(path))
            except OSError as exc:
                raise StorageError(
                    _("The font file {path} is missing or unreadable; please reinstall emudesk.").format(
                        path=path
                    )
                ) from exc
            pdfmetrics.registerFont(font)
            _faces[name] = _Face(font)
        _registered = True


def face(font: str) -> _Face:
    register_fonts()
    return _faces[font]


def text_width(text: str, font: str, size: float) -> float:
    """Advance width of ``text`` in points."""
    return face(font).width(text) * size


def _break_word(word: str, f: _Face, limit: float) -> list[str]:
    """Split a word longer than the line into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    start = 0
    used = 0.0
    for i, ch in enumerate(word):
        w = f.chars.get(ch, f.default)
        if i > start and used + w > limit:
            pieces.append(word[start:i])
            start, used = i, 0.0
        used += w
    pieces.append(word[start:])
    return pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width`` points.

    Explicit newlines are kept; a word wider than the line is broken by characters.
    """
    f = face(font)
    limit = width / size  # compare in 1 pt units, as cached
    space = f.words[" "]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            if not word:  # a run of spaces: kept inside a line ("Số:     /QĐ"), dropped at its start
                if line:
                    line.append(word)
                    used += space
                continue
            w = f.word(word)
            if line and used + space + w <= limit:
                line.append(word)
                used += space + w
                continue
            if line:
                lines.append(" ".join(line).rstrip(" "))
            if w <= limit:
                line, used = [word], w
            else:
                *full, last = _break_word(word, f, limit)
                lines.extend(full)
                line, used = [last], f.width(last)
        lines.append(" ".join(line).rstrip(" "))
    return lines


def count_lines(text: str, font: str, size: float, width: float) -> int:
    """``len(wrap(...))`` without building the lines: the .xlsx row-height hot path."""
    f = face(font)
    limit = width / size
    space = f.words[" "]
    words = f.words
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = -space
        for word in paragraph.split(" "):
            if not word:
                if used >= 0:
                    used += space
                continue
            w = words.get(word)
            if w is None:
                w = f.word(word)
            if w > limit:  # a word needing to be broken: rare, take the slow path
                return len(wrap(text, font, size, width))
            used += space + w
            if used > limit:
                count += 1
                used = w
    return count
