"""The layout of a Vietnamese administrative plan (NĐ 30/2020 Phụ lục I): lines, sections, spans.

Everything is matched on a *folded* copy of the text (lower case, no diacritics, đ -> d) of the
same length as the original, so a span found in the folded copy is a span of the original and a
plan whose diacritics were damaged by OCR still matches the same rules.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field


def fold_same_length(text: str) -> str:
    """Each character lower-cased without its marks ("Đ" -> "d", "ừ" -> "u"); same length as ``text``."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


_MARKUP = " \t*#_>`"


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # of the content, markup (markdown emphasis, heading marks) stripped

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def lines_of(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        while start < end and text[start] in _MARKUP:
            start += 1
        while end > start and text[end - 1] in _MARKUP + "\r":
            end -= 1
        if end > start:
            out.append(Line(start, end))
        pos += len(raw) + 1
    return out


# A line a page broke (a PDF's or a scan's text): it does not end a sentence or an item, and the
# next line goes on in lower case without starting an item of its own ("a)", "1.", "-").
_ENDS_ITEM = re.compile(r"[.;:!?…]\s*$")
# "… giai đoạn 2024 / - 2030": a dash between two numbers is a range, not a new item.
_RANGE_GOES_ON = re.compile(r"^[-–]\s*\d")
_STARTS_ITEM = re.compile(r"^\s*(?:[-–+•*]|[a-zđ]\)|\d{1,2}[.)]|[ivx]{1,4}[.)])")


def unwrap(text: str) -> str:
    """``text`` with the lines a page broke joined again, each break replaced by one space.

    Same length as ``text``: a span of the result is a span of the original. Rules read a
    paragraph as a line ("… cho không quá 01 tập thể là đơn vị trực thuộc Sở;"), which a PDF
    or an OCR copy breaks wherever the page's width fell.
    """
    chars = list(text)
    pos = 0
    raws = text.split("\n")
    for raw, nxt in itertools.pairwise(raws):
        pos += len(raw)
        body = raw.rstrip()
        following = nxt.lstrip()
        goes_on = (following[:1].islower() and not _STARTS_ITEM.match(following)) or (
            body[-1:].isdigit() and _RANGE_GOES_ON.match(following) is not None
        )
        if body and following and not _ENDS_ITEM.search(body) and goes_on:
            chars[pos] = " "
        pos += 1
    return "".join(chars)


_ROMAN = r"(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)"
_HEADING = re.compile(rf"^(?:-\s*)?({_ROMAN})[.)]\s+(\S.*)$")
_NUMBERED = re.compile(r"^(?:-\s*)?(\d{1,2})[.)]\s*(\S.*)$")
_LETTERED = re.compile(r"^(?:-\s*)?([a-zđ])\)\s*(\S.*)$")


@dataclass
class Section:
    """A heading of the plan ("IV. ĐỐI TƯỢNG ...", "2. Tiêu chuẩn", "a) Đối với cấp huyện") and its body."""

    level: int  # 1 roman, 2 numbered, 3 lettered
    label: str  # "IV", "2", "a"
    title_start: int
    title_end: int
    end: int  # of the body (start of the next heading of this level or above)
    children: list[Section] = field(default_factory=list)

    @property
    def body_start(self) -> int:
        return self.title_end


def sections_of(text: str, folded: str) -> list[Section]:
    """The plan's headings as a tree; lettered items only inside numbered ones, numbered inside roman."""
    lines = lines_of(text)
    flat: list[Section] = []
    for line in lines:
        f = folded[line.start : line.end]
        for level, pattern in ((1, _HEADING), (2, _NUMBERED), (3, _LETTERED)):
            m = pattern.match(f)
            if m is None:
                continue
            if level == 1 and not _looks_like_roman_heading(text[line.start : line.end]):
                continue
            title_start = line.start + m.start(2)
            # A heading ends at its colon when a sentence follows it ("2. Hình thức: Căn cứ ...").
            colon = text.find(":", title_start, line.end)
            title_end = colon if 0 < colon - title_start < 90 else line.end
            flat.append(Section(level, m.group(1), title_start, title_end, len(text)))
            break
    roots: list[Section] = []
    stack: list[Section] = []
    for s in flat:
        while stack and stack[-1].level >= s.level:
            stack.pop().end = _line_start(text, s.title_start)
        # A lettered item outside a numbered one, or a numbered one with no roman heading, still counts.
        (stack[-1].children if stack else roots).append(s)
        stack.append(s)
    return roots


def _looks_like_roman_heading(line: str) -> bool:
    # "I. MỤC ĐÍCH" is a heading; "I. Hoàn thành ..." rarely is, but "v." could be a sentence.
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def walk(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(walk(s.children))
    return out


def find_section(sections: list[Section], folded: str, pattern: str) -> Section | None:
    """The first heading (any level) whose title matches ``pattern`` (a regex on folded text)."""
    rx = re.compile(pattern)
    # A heading is short; a numbered sentence ("4. Tập trung đẩy nhanh tiến độ ...") only counts
    # when it starts with the words.
    hits = [
        s
        for s in walk(sections)
        if rx.match(folded, s.title_start, s.title_end)
        or (s.title_end - s.title_start < 80 and rx.search(folded, s.title_start, s.title_end))
    ]
    if not hits:
        return None
    # "IV. ĐỐI TƯỢNG, TIÊU CHUẨN ..." and its "1. Đối tượng thi đua": the narrower one.
    # "IV. ĐỐI TƯỢNG, TIÊU CHUẨN ..." and its "1. Đối tượng thi đua": the first child that matches
    # too (not a deeper "e) Đối tượng khác").
    # A heading is short: "4. Tổ chức thực hiện đồng bộ, hiệu quả các nhiệm vụ ..." is a sentence.
    short = [s for s in hits if s.title_end - s.title_start < 60]
    found = (short or hits)[0]
    while True:
        child = next((c for c in found.children if c in hits), None)
        if child is None:
            return found
        found = child


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` without surrounding blanks, markup and list dashes."""
    while start < end and (text[start].isspace() or text[start] in _MARKUP + "-–+:;,."):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _MARKUP + "-–+:;,"):
        end -= 1
    return start, end


def items_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The bullet items ("- ...", "+ ...") or lines of a body, each trimmed."""
    out = []
    for line in lines_of(text[start:end]):
        s, e = trim(text, start + line.start, start + line.end)
        if e > s:
            out.append((s, e))
    return out


def squash(text: str) -> str:
    return " ".join(text.split())
