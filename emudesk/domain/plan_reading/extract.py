"""A plan's text read into values, each with the span of the words it came from.

General rules of how Vietnamese administrative plans are written (NĐ 30/2020: "Số: 12/KH-UBND",
"Thái Bình, ngày 15 tháng 3 năm 2024", "KẾ HOẠCH" then the title, "Căn cứ"/"Thực hiện" lines,
roman-numbered parts "I. MỤC ĐÍCH, YÊU CẦU" ..., the signer, "Nơi nhận"), and of how the Luật Thi
đua, khen thưởng names award forms. Nothing here knows a particular plan.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from emudesk.domain.plan_reading.layout import (
    find_section,
    fold_same_length,
    items_of,
    lines_of,
    sections_of,
    squash,
    trim,
    walk,
)
from emudesk.domain.plan_reading.when import TIME, PartialDate, parse_time, year_span


@dataclass(frozen=True)
class Found:
    """One value read from the plan: ``start``..``end`` is where its words are; ``sure`` is False when
    the reader inferred or guessed it (the review screen marks those)."""

    value: Any
    start: int
    end: int
    sure: bool = True


@dataclass
class FoundMilestone:
    kind: str  # MilestoneKind value
    title: Found
    when: PartialDate | None
    when_text: str
    actor: str = ""
    phase: str | None = None


@dataclass
class FoundPhase:
    name: Found
    first_year: int | None
    last_year: int | None
    description: str


@dataclass
class FoundTarget:
    description: Found
    value: str  # a decimal as text ("1.5"); the low end of a range
    value_high: str | None  # the high end of a range ("3–3,5 %")
    comparator: str
    unit: str
    target_year: int | None


@dataclass
class FoundParticipant:
    subject_kind: str
    unit_kind: str | None
    description: Found


@dataclass
class FoundForm:
    code: str  # catalogue code of the legal kind (BK_TINH, BK_BO, GK ...)
    name: Found  # as written, with its authority ("Bằng khen của Bộ trưởng Bộ Nông nghiệp và PTNT")
    authority: str
    for_units: bool = True
    for_individuals: bool = True
    for_households: bool = False
    within_authority: bool = False
    note: str = ""


@dataclass
class FoundCriterion:
    text: Found
    group: str
    code: str
    subject_kind: str | None
    unit_kind: str | None
    award_form: str | None
    children: list[FoundCriterion] = field(default_factory=list)


@dataclass
class FoundQuota:
    label: str
    forms: list[str]
    subject_kind: str | None
    unit_kind: str | None
    limit: int | None
    kind: str  # QuotaKind value: count or priority
    source: Found
    note: str = ""
    per_unit: bool = False  # "mỗi huyện", "mỗi đơn vị": counted per proposing unit


@dataclass
class FoundTheme:
    """A chuyên đề: its name, its own content, and the stretch of the plan that is its part
    (``start``..``end``: the targets written there are its targets)."""

    name: Found
    content: Found | None
    start: int
    end: int


@dataclass
class PlanReading:
    text: str
    plan_number: Found | None = None
    plan_symbol: Found | None = None
    issuing_body: Found | None = None
    place: Found | None = None
    issue_date: Found | None = None  # value: PartialDate
    title: Found | None = None
    name: Found | None = None  # the campaign's name, the quoted words of the title
    kind: Found | None = None  # "regular" / "thematic"
    legal_basis: list[Found] = field(default_factory=list)
    purpose: Found | None = None
    requirements: Found | None = None
    content: Found | None = None
    organisation: Found | None = None  # Tổ chức thực hiện
    period: Found | None = None  # value: (first year, last year)
    phases: list[FoundPhase] = field(default_factory=list)
    milestones: list[FoundMilestone] = field(default_factory=list)
    targets: list[FoundTarget] = field(default_factory=list)
    participants: list[FoundParticipant] = field(default_factory=list)
    criteria: list[FoundCriterion] = field(default_factory=list)
    award_forms: list[FoundForm] = field(default_factory=list)
    quotas: list[FoundQuota] = field(default_factory=list)
    themes: list[FoundTheme] = field(default_factory=list)  # chuyên đề
    signer_authority: Found | None = None
    signer_title: Found | None = None
    signer_name: Found | None = None
    recipients: list[Found] = field(default_factory=list)  # Nơi nhận


class _Doc:
    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold_same_length(text)
        self.sections = sections_of(text, self.folded)

    def found(self, start: int, end: int, value: Any = None, sure: bool = True) -> Found:
        start, end = trim(self.text, start, end)
        return Found(squash(self.text[start:end]) if value is None else value, start, end, sure)

    def body(self, pattern: str) -> tuple[int, int] | None:
        s = find_section(self.sections, self.folded, pattern)
        return (s.body_start, s.end) if s else None


def read_plan(text: str) -> PlanReading:
    """Everything the reader finds in ``text`` (NFC, as shown to the clerk)."""
    doc = _Doc(text)
    r = PlanReading(text)
    _header(doc, r)
    _title(doc, r)
    _basis(doc, r)
    _parts(doc, r)
    _period(doc, r)
    r.participants = _participants(doc)
    r.award_forms = _offered_forms(doc, r)
    r.criteria = _criteria(doc)
    r.quotas = _quotas(doc)
    r.milestones = _milestones(doc, r)
    r.targets = _targets(doc)
    r.themes = _themes(doc)
    _signature(doc, r)
    return r


# --- header: number, place and date, issuer ----------------------------------------------------

_NUMBER = re.compile(r"\bso\s*:?\s*(\d*)\s*/\s*((?:kh|qd|hd|ct)-[a-z0-9&-]+)", re.IGNORECASE)
_PLACE_DATE = re.compile(
    # "Thái Bình, ngày 12 tháng 7 năm 2022", "ngày    tháng 01 năm 2024" (day left blank) and
    # "Hà Nội, tháng 01 năm 2024" (no day at all).
    r"(?m)^[\s*#_]*([a-z][a-z .'-]{1,40}?),\s*(?:ngay\s+(\d{1,2}|[.…\s]*)\s*)?"
    r"thang\s+(\d{1,2}|[.…\s]*)\s*nam\s+(\d{4})"
)
_NEWS_REF = re.compile(r"ke hoach so\s+(\d+)\s*/\s*([a-z0-9&-]+)")
_NEWS_DATE = re.compile(r"\bngay\s+(\d{1,2})\s*/\s*(\d{1,2})\b(?!\s*/)")
_FULL_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")


def _header(doc: _Doc, r: PlanReading) -> None:
    t, f = doc.text, doc.folded
    head = f[:3000]
    m = _NUMBER.search(head)
    if m:
        if m.group(1):
            r.plan_number = doc.found(m.start(1), m.end(1))
        r.plan_symbol = doc.found(m.start(2), m.end(2), t[m.start(2) : m.end(2)].upper())
    else:
        # A news item about the plan: "... đã ban hành Kế hoạch số 101/KH-UBND ..."
        m = _NEWS_REF.search(f)
        if m:
            r.plan_number = doc.found(m.start(1), m.end(1), sure=False)
            r.plan_symbol = doc.found(m.start(2), m.end(2), t[m.start(2) : m.end(2)].upper(), sure=False)
    m = _PLACE_DATE.search(head)
    if m:
        r.place = doc.found(m.start(1), m.end(1))
        day = int(m.group(2)) if m.group(2) and m.group(2).strip().isdigit() else None
        month = int(m.group(3)) if m.group(3).strip().isdigit() else None
        r.issue_date = Found(PartialDate(int(m.group(4)), month, day), *trim(t, m.end(1) + 1, m.end(4)))
    else:
        m = _NEWS_DATE.search(f[:3000])
        if m:
            years = [int(y.group(3)) for y in _FULL_DATE.finditer(f[:3000])]
            if years:
                value = PartialDate(years[0], int(m.group(2)), int(m.group(1)))
                r.issue_date = Found(value, m.start(), m.end(), False)
    r.issuing_body = _issuer(doc, r, m.start() if m and r.place else 0)
    if r.place is None:
        # A news item has no "Thái Bình, ngày ..." line: the province the text names first.
        for pm in _PROVINCE.finditer(f, 0, 3000):
            name = _proper_name(t, pm.end())
            if name:
                r.place = Found(name, pm.end(), pm.end() + len(name), False)
                break


_BODY_UPPER = re.compile(r"^(uy ban nhan dan|ubnd|so |ban |hoi dong|bo |tong cuc|cuc |van phong|truong)")


def _issuer(doc: _Doc, r: PlanReading, header_end: int) -> Found | None:
    t, f = doc.text, doc.folded
    # The issuer's name in capitals at the top left, above "Số:" ("ỦY BAN NHÂN DÂN / TỈNH THÁI BÌNH").
    stop = r.plan_symbol.start if r.plan_symbol and r.plan_symbol.sure else header_end
    caps = [ln for ln in lines_of(t[:stop]) if t[ln.start : ln.end].isupper()]
    caps = [ln for ln in caps if not f[ln.start : ln.end].startswith(("cong hoa", "doc lap", "so:"))]
    for i, ln in enumerate(caps):
        if _BODY_UPPER.match(f[ln.start : ln.end]):
            end = caps[i + 1].end if i + 1 < len(caps) and len(caps[i + 1].text(t)) < 40 else ln.end
            return doc.found(ln.start, end, _sentence_case(squash(t[ln.start : end])))
    # Otherwise the subject of the preamble: "...; Ủy ban nhân dân tỉnh ban hành Kế hoạch ...".
    m = re.search(
        r"(?:^|[;,.]\s*|\n)((?:uy ban nhan dan|so|ban|bo|hoi dong)\b[^;.\n]{0,80}?)\s+"
        r"(?:da\s+)?(?:ban hanh|xay dung)\s+ke hoach",
        f,
    )
    if m is None:
        return None
    name = _canonical(squash(t[m.start(1) : m.end(1)]))
    place = r.place.value if r.place else _place_in(doc)
    if place and fold_same_length(place) not in fold_same_length(name):
        name = name + " " + place if fold_same_length(name).endswith(" tinh") else f"{name} tỉnh {place}"
    return doc.found(m.start(1), m.end(1), name, sure=False)


# The words of an issuer's name as NĐ 30 writes them: a damaged copy ("Ủy ban nhân dân tĩnh") is
# written back in full, matched without diacritics (same length, so spliced in place).
_BODY_WORDS = (
    ("uy ban nhan dan", "Ủy ban nhân dân"),
    ("tinh", "tỉnh"),
    ("thanh pho", "thành phố"),
    ("huyen", "huyện"),
    ("so", "Sở"),
    ("nong nghiep va phat trien nong thon", "Nông nghiệp và Phát triển nông thôn"),
)


def _canonical(name: str) -> str:
    folded = fold_same_length(name)
    for words, written in _BODY_WORDS:
        for m in re.finditer(rf"\b{words}\b", folded):
            name = name[: m.start()] + written + name[m.end() :]
    return name


def _place_in(doc: _Doc) -> str:
    m = _PROVINCE.search(doc.folded, 0, 2000)
    return _proper_name(doc.text, m.end()) if m else ""


_PROVINCE = re.compile(r"\b(?:tinh|thanh pho)\s+(?=[A-ZĐ])", re.IGNORECASE)


def _proper_name(text: str, pos: int) -> str:
    """The capitalised words at ``pos`` ("Hòa Bình" in "tỉnh Hòa Bình giai đoạn")."""
    m = re.compile(r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,2}").match(text, pos)
    return m.group() if m else ""


def _sentence_case(caps: str) -> str:
    words = caps.lower().split()
    out = []
    proper = False
    for i, w in enumerate(words):
        out.append(w.capitalize() if i == 0 or proper else w)
        if w in {"tỉnh", "thành", "huyện", "xã", "quận", "phường"} and i > 0:
            proper = True
    return " ".join(out).replace("Ủy ban nhân dân", "Ủy ban nhân dân")


# --- title, name, kind ------------------------------------------------------------------------

_QUOTED = re.compile(r"[\"“”«]([^\"“”«»\n]{4,200})[\"“”»]")


def _title(doc: _Doc, r: PlanReading) -> None:
    t, f = doc.text, doc.folded
    lines = lines_of(t)
    for i, ln in enumerate(lines[:40]):
        if f[ln.start : ln.end].strip() == "ke hoach" and i + 1 < len(lines):
            nxt = lines[i + 1]
            r.title = doc.found(nxt.start, nxt.end)
            break
    if r.title is None:
        # No "KẾ HOẠCH" line (a news item): the first line naming a movement in quotes.
        for ln in lines[:20]:
            if "phong trao" in f[ln.start : ln.end] and _QUOTED.search(t[ln.start : ln.end]):
                r.title = doc.found(ln.start, ln.end, sure=False)
                break
    if r.title is None:
        return
    q = _QUOTED.search(t, r.title.start, r.title.end)
    if q:
        r.name = doc.found(q.start(1), q.end(1))
    title = f[r.title.start : r.title.end]
    if "thuong xuyen" in title or re.search(r"cong tac thi dua,? khen thuong", title):
        r.kind = Found("regular", r.title.start, r.title.end)
    elif "chuyen de" in title or "dot thi dua" in title:
        r.kind = Found("thematic", r.title.start, r.title.end)
    else:
        # A movement with its own name and a set period is a chuyên đề one (Luật TĐKT 2022, Điều 9).
        r.kind = Found("thematic" if q else "regular", r.title.start, r.title.end, False)


# --- Căn cứ, the parts of the plan ------------------------------------------------------------

_DOC_KINDS = (
    r"(luat|bo luat|nghi dinh|nghi quyet|quyet dinh|ke hoach|chi thi|thong tu|huong dan|cong van|"
    r"ket luan|chuong trinh|de an|thong bao)"
)
_DOC_REF = re.compile(rf"{_DOC_KINDS}(?:\s+[^;\n\d]{{0,60}}?\s+so)?\s+(?:so\s+)?[\w-]*\d[\w-]*/[\w/.-]+")


def _basis(doc: _Doc, r: PlanReading) -> None:
    t, f = doc.text, doc.folded
    first = doc.sections[0].title_start if doc.sections else min(len(t), 4000)
    start = r.title.end if r.title else 0
    region = f[start:first]
    for m in re.finditer(r"(?:can cu|thuc hien|theo)\s+", region):
        pos = start + m.end()
        end = pos
        while end < first and t[end] not in ";\n":
            end += 1
        if _DOC_REF.match(f, pos):
            r.legal_basis.append(doc.found(pos, end))
    # "Thực hiện A; B; X ban hành Kế hoạch": the documents after the first, joined by ";".
    for m in _DOC_REF.finditer(f, start, first):
        if t[max(start, m.start() - 2) : m.start()].strip() in {";", ""} and not any(
            b.start <= m.start() < b.end for b in r.legal_basis
        ):
            end = m.start()
            while end < first and t[end] not in ";\n":
                end += 1
            r.legal_basis.append(doc.found(m.start(), end))
    r.legal_basis.sort(key=lambda b: b.start)


_FOOT = re.compile(r"(?m)^[\s*_#-]*noi nhan\b")


def _parts(doc: _Doc, r: PlanReading) -> None:
    for attr, pattern in (
        ("purpose", r"muc dich$|muc dich\b(?!, yeu cau)"),
        ("requirements", r"yeu cau"),
        ("content", r"noi dung"),
        ("organisation", r"to chuc thuc hien"),
    ):
        span = doc.body(pattern)
        if span:
            # The last part runs to the end of the text: Nơi nhận and the signature are not in it.
            foot = _FOOT.search(doc.folded, *span)
            start, end = span[0], foot.start() if foot else span[1]
            if doc.text[start:end].strip():
                setattr(r, attr, doc.found(*trim(doc.text, start, end)))
    if r.purpose is None:
        m = re.search(r"muc dich(?: la|:)\s*", doc.folded)
        if m:
            end = doc.text.find("\n", m.end())
            r.purpose = doc.found(m.end(), end if end > 0 else len(doc.text), sure=False)


def _period(doc: _Doc, r: PlanReading) -> None:
    f = doc.folded
    title = f[r.title.start : r.title.end] if r.title else ""
    m = re.search(r"tu nam\s+(\d{4})\s+den(?: het)? nam\s+(\d{4})", f)
    if m:
        r.period = Found((int(m.group(1)), int(m.group(2))), m.start(), m.end())
    else:
        years = year_span(title)
        if years and r.title:
            r.period = Found(years, r.title.start, r.title.end)
    for m in re.finditer(
        r"giai doan\s+(\d|i{1,3}|iv)\s*(?:\(|:|,)?\s*(?:tu\s+)?(?:nam\s+)?(\d{4})\s*"
        r"(?:-|–|den(?: nam)?)\s*(?:nam\s+)?(\d{4})",
        f,
    ):
        name = doc.text[m.start() : m.start(1) + len(m.group(1))]
        name = name[0].upper() + name[1:]
        end = doc.text.find("\n", m.end())
        desc = squash(doc.text[m.end() : end if end > 0 else len(doc.text)]).lstrip(":), ")
        if all(p.name.value != name for p in r.phases):
            r.phases.append(
                FoundPhase(doc.found(m.start(), m.end(), name), int(m.group(2)), int(m.group(3)), desc)
            )


# --- participants ------------------------------------------------------------------------------

# (folded pattern, subject kind, unit kind): the kinds of subject the law and the catalogue know.
_SUBJECTS: tuple[tuple[str, str, str | None], ...] = (
    (
        r"(?:phong|don vi|phong, ban|phong, don vi)[^;.]{0,40}?\b(?:thuoc|truc thuoc)\b",
        "unit",
        "don_vi_truc_thuoc",
    ),
    (
        r"\b(?:cac )?so, ban, nganh\b|\bcac so\b|(?<![a-z] )\bso\b(?=\s*(?:$|[;:,]|\s+va\s))",
        "unit",
        "so_nganh",
    ),
    (r"mat tran to quoc|doan the|chinh tri - xa hoi|to chuc hoi", "unit", "doan_the"),
    (r"nganh doc|co quan trung uong", "unit", "nganh_doc"),
    (
        r"\b(?:cap huyen|huyen, thanh pho|huyen, thi xa|quan, huyen)\b|^huyen\b|, huyen\b",
        "unit",
        "ubnd_huyen",
    ),
    (r"\bcap xa\b|(?<!tac )(?<!hop tac )\bxa\b(?! hoi)(?!, phuong)|\bxa, phuong\b", "unit", "ubnd_xa"),
    (r"\bthon\b|to dan pho", "unit", "thon_tdp"),
    (r"hop tac xa", "unit", "hop_tac_xa"),
    (r"doanh nghiep|nha dau tu", "unit", "doanh_nghiep"),
    (r"truong hoc|co so giao duc", "unit", "truong_hoc"),
    (r"\bcum, khoi\b|cum thi dua|khoi thi dua", "unit", "cum_khoi"),
    (r"\bho gia dinh\b|\bgia dinh\b|\bho kinh doanh\b|\bho san xuat\b", "household", None),
    (
        r"\bca nhan\b|can bo, cong chuc|cong chuc|vien chuc|nguoi lao dong"
        r"|(?<!uy ban )(?<!hoi dong )\bnhan dan\b",
        "individual",
        None,
    ),
)


def subject_of(folded: str) -> tuple[str | None, str | None]:
    """The first kind of subject a phrase names ("Đối với cấp huyện" -> unit, ubnd_huyen)."""
    best: tuple[int, str, str | None] | None = None
    for pattern, subject, unit in _SUBJECTS:
        m = re.search(pattern, folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), subject, unit)
    if best is None:
        if re.search(r"\btap the\b", folded):
            return "unit", None
        return None, None
    return best[1], best[2]


def _participants(doc: _Doc) -> list[FoundParticipant]:
    span = doc.body(r"doi tuong")
    if span is None:
        m = re.search(r"doi tuong(?: thi dua| tham gia)?\s*:", doc.folded)
        if m is None:
            return []
        end = doc.text.find("\n", m.end())
        span = (m.end(), end if end > 0 else len(doc.text))
    start, end = span
    # Only the first paragraph(s) up to the next heading-like line ("2. Tiêu chuẩn ...").
    f = doc.folded
    out: list[FoundParticipant] = []
    seen: set[tuple[str, str | None]] = set()
    for pattern, subject, unit in _SUBJECTS:
        for m in re.finditer(pattern, f[start:end], re.MULTILINE):
            key = (subject, unit)
            if key in seen:
                break
            if unit == "so_nganh" and any(u == "don_vi_truc_thuoc" for _, u in seen):
                # "các phòng, đơn vị thuộc Sở": the Sở here names whose divisions they are.
                tail = f[start + m.start() - 12 : start + m.start()]
                if "thuoc" in tail:
                    continue
            seen.add(key)
            s, e = start + m.start(), start + m.end()
            out.append(FoundParticipant(subject, unit, doc.found(*_phrase(doc.text, doc.folded, s, e))))
            break
    return out


def _phrase(text: str, folded: str, start: int, end: int) -> tuple[int, int]:
    """The list item around a match: from the previous ", " / ";" to the next one (or " và ")."""
    s = start
    while s > 0 and text[s - 1] not in ";\n:" and text[s - 2 : s] != ", ":
        s -= 1
    m = re.compile(r",\s|;|\n|\.|\s+va\s").search(folded, end)
    return s, (m.start() if m else len(text))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``start``..``end``: up to the nearest ";", line break or sentence end."""
    s = start
    while s > 0 and text[s - 1] not in ";\n:.":
        s -= 1
    e = end
    while e < len(text) and text[e] not in ";\n.":
        e += 1
    return s, e


# --- award forms ------------------------------------------------------------------------------

# The body after an authority ("Bộ trưởng Bộ Nông nghiệp và PTNT"), up to the words that say to whom.
_OF_BODY = r"\s+[^;:,.\n]{1,70}?(?=\s+(?:cho|tang|ve|vao|doi voi|de)\b|\s*[;:,.\n]|$)"
_FORM_NAMES: tuple[tuple[str, str, bool, bool], ...] = (
    # folded pattern, code, for units, for individuals
    (r"co thi dua cua chinh phu", "CO_CP", True, False),
    (r"co thi dua cua (?:uy ban nhan dan|ubnd) (?:tinh|thanh pho)", "CO_TINH", True, False),
    (r"co thi dua cua (?:bo|ban|nganh)\b[^;:,.\n]{0,60}", "CO_TINH", True, False),
    (r"bang khen cua thu tuong(?: chinh phu)?", "BK_TTG", True, True),
    (rf"bang khen cua bo truong(?:{_OF_BODY})?", "BK_BO", True, True),
    (r"bang khen cua (?:chu tich )?(?:uy ban nhan dan|ubnd) (?:tinh|thanh pho)", "BK_TINH", True, True),
    (rf"giay khen cua (?:giam doc|chu tich|thu truong|truong)(?:{_OF_BODY})?", "GK", True, True),
    (r"chien si thi dua cap (?:tinh|bo)", "CSTD_TINH", False, True),
    (r"chien si thi dua co so", "CSTDCS", False, True),
    (r"tap the lao dong xuat sac", "TTLDXS", True, False),
    (r"khen thuong cap nha nuoc", "BK_TTG", True, True),
)
_ELIDED = re.compile(
    r"\s+hoac\s+(?:cua\s+)?(bo truong[^;:,.\n]{0,60}|thu tuong(?: chinh phu)?"
    r"|chu tich (?:uy ban nhan dan|ubnd) (?:tinh|thanh pho))"
)


def forms_in(folded: str, start: int, end: int) -> list[tuple[str, int, int, bool]]:
    """Award forms named in ``start``..``end`` as (code, start, end, sure), in order; "Bằng khen của Chủ
    tịch UBND tỉnh hoặc Bộ trưởng" is two forms."""
    out: list[tuple[str, int, int, bool]] = []
    for pattern, code, _units, _people in _FORM_NAMES:
        for m in re.finditer(pattern, folded[start:end]):
            s, e = start + m.start(), start + m.end()
            if any(a <= s < b for _, a, b, _ in out):
                continue
            out.append((code, s, e, code != "BK_TTG" or "bang khen" in folded[s:e]))
            el = _ELIDED.match(folded, e)
            if el and folded[s:e].startswith(("bang khen", "giay khen")):
                who = el.group(1)
                other = "BK_BO" if who.startswith("bo") else "BK_TTG" if who.startswith("thu") else "BK_TINH"
                out.append((other, start + 0 + el.start(1), el.end(1), True))
    out.sort(key=lambda x: x[1])
    return out


def _offered_forms(doc: _Doc, r: PlanReading) -> list[FoundForm]:
    span = doc.body(r"hinh thuc(?: khen thuong)?")
    start, end = span if span else (0, len(doc.text))
    issuer = fold_same_length(r.issuing_body.value) if r.issuing_body else ""
    out: list[FoundForm] = []
    for code, s, e, sure in forms_in(doc.folded, start, end):
        name = squash(doc.text[s:e])
        # Forms of one kind count once, unless each names its own authority (two Sở's Giấy khen).
        if any(_form_key(f.code, f.authority) == _form_key(code, _authority(name)) for f in out):
            continue
        units, people = next((u, p) for pat, c, u, p in _FORM_NAMES if c == code)
        item_end = doc.text.find("\n", e)
        region = doc.folded[s : item_end if item_end > 0 else end]
        # What the paragraph that follows the form says it is given to.
        following = doc.folded[e : _next_form_start(doc, e, end)]
        households = bool(re.search(r"\bho gia dinh\b|\bgia dinh\b|\bcac xa\b", following))
        within = bool(issuer) and (
            (code in {"BK_TINH", "CO_TINH"} and issuer.startswith(("uy ban nhan dan tinh", "ubnd tinh")))
            or (code == "GK" and _issuer_key(issuer) in region)
        )
        out.append(
            FoundForm(
                code,
                doc.found(s, e, name[0].upper() + name[1:], sure),
                _authority(name),
                for_units=units,
                for_individuals=people,
                for_households=households,
                within_authority=within,
            )
        )
    return out


def _next_form_start(doc: _Doc, pos: int, end: int) -> int:
    nxt = [s for _, s, _e, _ in forms_in(doc.folded, pos, end)]
    return min(nxt) if nxt else end


def _issuer_key(issuer_folded: str) -> str:
    return issuer_folded.split(" tinh ")[0]


# Bare titles: "Bằng khen của Bộ trưởng" names no body, so it is the catalogue's own form.
_BARE_AUTHORITIES = {"bo truong", "giam doc", "chu tich", "thu truong", "truong"}


def named_authority(code: str, authority: str) -> bool:
    """Whether a form names its authority beyond the catalogue's kind ("Bằng khen của Bộ trưởng
    Bộ Nông nghiệp và PTNT", "Giấy khen của Giám đốc Sở Tài chính", "Cờ thi đua của Bộ …")."""
    folded = " ".join(fold_same_length(authority).lower().split())
    if not folded or folded in _BARE_AUTHORITIES:
        return False
    if code == "CO_TINH":
        return folded.startswith(("bo ", "ban ", "nganh "))
    return code in {"BK_BO", "GK"}


def _form_key(code: str, authority: str) -> tuple[str, str]:
    return code, fold_same_length(authority) if named_authority(code, authority) else ""


def _authority(name: str) -> str:
    m = re.search(r"\bcủa\s+(.+)$", name)
    return m.group(1).strip() if m else ""


# --- criteria ---------------------------------------------------------------------------------


def _criteria(doc: _Doc) -> list[FoundCriterion]:
    section = find_section(doc.sections, doc.folded, r"tieu chuan|tieu chi")
    if section is None:
        return []
    out: list[FoundCriterion] = []
    groups = section.children or [section]
    for g in groups:
        group_text = squash(doc.text[g.title_start : g.title_end])
        gf = doc.folded[g.title_start : g.title_end]
        subject, unit = _group_subject(gf)
        forms = forms_in(doc.folded, g.title_start, g.title_end)
        form = forms[0][0] if forms else None
        label = f"{g.label}) {group_text}" if g is not section else group_text
        body_start = g.body_start
        # "e) Đối tượng khác: Tích cực ...": the criterion is on the heading's own line.
        line_end = doc.text.find("\n", g.title_end)
        line_end = line_end if line_end > 0 else g.end
        if line_end - g.title_end > 3:
            out.append(FoundCriterion(doc.found(g.title_end, line_end), label, g.label, subject, unit, form))
            body_start = line_end
        parent: FoundCriterion | None = None
        for s, e in items_of(doc.text, body_start, g.end):
            item_f = doc.folded[s:e]
            sub_item = (
                doc.text[s - 2 : s].strip().startswith("+") or doc.text[_line_start(doc.text, s)] == "+"
            )
            if parent is not None and sub_item:
                parent.children.append(
                    FoundCriterion(
                        doc.found(s, e), label, g.label, parent.subject_kind, parent.unit_kind, form
                    )
                )
                continue
            # "- Sở: Hoàn thành ...", "- Đối với cá nhân là ...: Bám sát ..." name their own subject;
            # for a group named by its award form the item's words say who it is for.
            own = re.match(r"([^:]{2,120}):(?:\s|$)", item_f)
            s_kind, u_kind = _group_subject(own.group(1)) if own else (None, None)
            if s_kind is None and form is not None and subject is None:
                s_kind, u_kind = _group_subject(item_f)
            criterion = FoundCriterion(
                doc.found(s, e), label, g.label, s_kind or subject, u_kind or unit, form
            )
            out.append(criterion)
            # "- Đối với xã được công nhận ...:" heads the "+" items below it.
            parent = criterion if doc.text[e : e + 2].startswith(":") else None
    return out


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _group_subject(folded: str) -> tuple[str | None, str | None]:
    """The kind of subject a group names; no kind of unit when it names several ("doanh nghiệp,
    hợp tác xã")."""
    kinds = {(sk, uk) for pattern, sk, uk in _SUBJECTS if re.search(pattern, folded)}
    units = {uk for _, uk in kinds}
    # Kinds of one tier ("sở, ban, ngành, Mặt trận và đoàn thể tỉnh") read as the first one named.
    if len({sk for sk, _ in kinds}) == 1 and len(kinds) > 1 and not units <= _DEPARTMENT_TIER:
        return next(iter(kinds))[0], None
    return subject_of(folded)


_DEPARTMENT_TIER = {"so_nganh", "doan_the", "nganh_doc"}


# --- quotas -----------------------------------------------------------------------------------

_COUNT = re.compile(
    r"(?:(?P<cap>khong qua|toi da|khong vuot qua|chi)\s+)?(?P<n>\d{1,4})\s+"
    r"(?P<who>tap the|ca nhan|ho gia dinh|ho|don vi|xa|huyen)\b"
    r"(?:\s+(?:la|thuoc|cua)?\s*(?P<of>[^;.,\n]{0,60}))?"
)
_PRIORITY = re.compile(r"\buu tien\b")


def _quotas(doc: _Doc) -> list[FoundQuota]:
    t, _f = doc.text, doc.folded
    span = doc.body(r"so luong|chi tieu khen|dinh muc")
    out: list[FoundQuota] = []
    # Every item of the plan: a quota is an item that names an award form and a count of subjects.
    sections = [s for s in walk(doc.sections)]
    bounds = sorted({0, len(t), *(s.title_start for s in sections)})
    items: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(bounds):
        items.extend(items_of(t, a, b))
    for s, e in items:
        for sub_s, sub_e in _sentences(t, s, e):
            q = _quota_in(doc, sub_s, sub_e, in_section=bool(span and span[0] <= sub_s < span[1]))
            if q:
                out.append(q)
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in re.finditer(r"[;.](?=\s|$)", text[start:end]):
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, end))
    return [(a, b) for a, b in out if b > a]


def _quota_in(doc: _Doc, s: int, e: int, *, in_section: bool) -> FoundQuota | None:
    t, f = doc.text, doc.folded
    forms = forms_in(f, s, e)
    if not forms:
        if in_section and _PRIORITY.search(f, s, e):
            # "Ưu tiên các tập thể nhỏ": a note for reviewers, never blocking.
            subject, unit = subject_of(f[s:e])
            note = squash(t[s:e])
            return FoundQuota(note, [], subject, unit, None, "priority", doc.found(s, e), note=note)
        return None
    codes = list(dict.fromkeys(c for c, *_ in forms))
    label_m = re.match(r"(?:doi voi\s+)?([^:]{2,60}):\s", f[s:e])
    lead_subject, lead_unit = subject_of(label_m.group(1)) if label_m else (None, None)
    count = None
    for m in _COUNT.finditer(f, s, e):
        # Not a count of subjects: "xếp loại từ 01 đến 05", "100% nhiệm vụ".
        if f[max(s, m.start() - 4) : m.start()].strip().endswith(("tu", "den")):
            continue
        count = m
        break
    if count is None:
        if not (in_section and label_m and lead_subject):
            return None
        # "Đối với Sở: ... đề nghị tặng Cờ thi đua hoặc Bằng khen": the one subject it names.
        singular = not re.match(r"cac\b", label_m.group(1).strip())
        if not singular:
            return None
        who = "tập thể" if lead_subject == "unit" else "cá nhân"
        label = f"{squash(t[s + label_m.start(1) : s + label_m.end(1)])}: " + " hoặc ".join(codes)
        return FoundQuota(
            label,
            codes,
            lead_subject,
            lead_unit,
            1,
            "count",
            doc.found(s, e, squash(t[s:e]), sure=False),
            note=f"01 {who}",
        )
    who = count.group("who")
    subject = {"ca nhan": "individual", "ho gia dinh": "household", "ho": "household"}.get(who, "unit")
    unit = None
    if subject == "unit":
        of = count.group("of") or ""
        _s, unit = subject_of(of) if of else (None, None)
        if unit is None and who in {"xa", "huyen"}:
            unit = "ubnd_xa" if who == "xa" else "ubnd_huyen"
        if unit is None:
            unit = lead_unit
        if unit is None and re.search(r"\btruc thuoc\b", f[count.start() : e]):
            unit = "don_vi_truc_thuoc"
    limit = int(count.group("n"))
    sure = bool(count.group("cap")) or ":" in t[s : count.start()]
    per_unit = bool(re.search(r"\b(?:moi|tung)\s+(?:huyen|xa|don vi|co quan|dia phuong|so|phong)\b", f[s:e]))
    label = f"{squash(t[forms[0][1] : forms[-1][2]])} – {t[count.start('who') : count.end('who')]}"
    return FoundQuota(
        label[0].upper() + label[1:],
        codes,
        subject,
        unit,
        limit,
        "count",
        doc.found(s, e, squash(t[s:e]), sure=sure),
        note=squash(t[count.start() : count.end()]),
        per_unit=per_unit,
    )


# --- milestones -------------------------------------------------------------------------------

_MILESTONE_WORDS: tuple[tuple[str, str], ...] = (
    ("nomination_due", r"ho so de nghi|gui ho so|nop ho so|de nghi khen thuong"),
    ("interim_review", r"\bso ket\b"),
    ("final_review", r"\btong ket\b"),
    ("report_due", r"\bbao cao\b"),
    (
        "launch",
        r"phat dong|ban hanh ke hoach|xay dung ke hoach|trien khai (?:to chuc )?(?:thuc hien )?phong trao",
    ),
)


def _milestones(doc: _Doc, r: PlanReading) -> list[FoundMilestone]:
    t, f = doc.text, doc.folded
    first_year = r.period.value[0] if r.period else None
    if r.issue_date and r.issue_date.value.year and first_year:
        # A recurring deadline first falls in the year the plan is signed.
        first_year = max(first_year, r.issue_date.value.year)
    progress = find_section(doc.sections, f, r"tien do|thoi gian|lo trinh|thoi han")
    # (start, end, undated steps count): the timetable's steps count even without a date.
    regions: list[tuple[int, int, bool]] = []
    if progress:
        regions.append((progress.body_start, progress.end, True))
    for p in r.phases:
        end = t.find("\n", p.name.end)
        regions.append((p.name.end, end if end > 0 else len(t), False))
    body = doc.body(r"to chuc thuc hien")
    if body:
        regions.append((*body, False))
    if not regions or not doc.sections:
        regions.append((0, len(t), False))
    out: list[FoundMilestone] = []

    def add(m: FoundMilestone | None) -> None:
        if m and not any(
            o.kind == m.kind
            and o.when == m.when
            and o.title.start < m.title.end
            and m.title.start < o.title.end
            for o in out
        ):
            out.append(m)

    for a, b, undated in regions:
        for s, e in _sentences(t, a, b):
            for clause_s, clause_e in _split_actions(f, s, e):
                add(_milestone_in(doc, clause_s, clause_e, first_year, r, undated=undated))
    # Deadlines with a day anywhere in the plan ("báo cáo ... trước ngày 01/12 hằng năm").
    for s, e in _sentences(t, 0, len(t)):
        for clause_s, clause_e in _split_actions(f, s, e):
            m = _milestone_in(doc, clause_s, clause_e, first_year, r, undated=False)
            if m and m.kind in {"report_due", "nomination_due"} and m.when and m.when.day:
                add(m)
    out.sort(key=lambda m: (m.when.last_day(first_year) if m.when else None) or _FAR)
    return out


_FAR = date(9999, 12, 31)
# "kết quả tính từ Quý I năm 2023" is where counting starts, not a deadline.
_STARTS_COUNTING = re.compile(r"\b(?:tu|tinh tu|ke tu|bat dau)\s*$")


def _split_actions(folded: str, s: int, e: int) -> list[tuple[int, int]]:
    """One clause per dated action: "... trong quý III năm 2022; tiến hành sơ kết ... vào quý III năm
    2023 và tổng kết ... vào năm 2025" is three. A time that opens a clause ("hằng năm tổng hợp, báo
    cáo ...") belongs to the words after it."""
    cuts = [s]
    for m in TIME.finditer(folded, s, e):
        if not m.group().strip() or _STARTS_COUNTING.search(folded[s : m.start()]):
            continue
        if not folded[cuts[-1] : m.start()].strip(" ,;:-+\n\t"):
            continue
        cuts.append(m.end())
    if cuts[-1] < e:
        cuts.append(e)
    return list(itertools.pairwise(cuts)) or [(s, e)]


def _milestone_in(
    doc: _Doc, s: int, e: int, first_year: int | None, r: PlanReading, *, undated: bool
) -> FoundMilestone | None:
    t, f = doc.text, doc.folded
    clause = f[s:e]
    # The action the clause opens with: "Báo cáo kết quả ... trong báo cáo tổng kết" is a report.
    hits = [(m.start(), k) for k, pattern in _MILESTONE_WORDS if (m := re.search(pattern, clause))]
    if not hits:
        return None
    kind = min(hits)[1]
    times = [
        m
        for m in TIME.finditer(f, s, e)
        if m.group().strip() and not _STARTS_COUNTING.search(f[s : m.start()])
    ]
    when: PartialDate | None = None
    when_text = ""
    title_s, title_e = s, e
    if times:
        tm = times[-1]
        when = parse_time(tm)
        when_text = squash(t[tm.start() : tm.end()])
        if tm.start() - s < 3:
            title_s = tm.end()
        else:
            title_e = tm.start()
        if when and when.year is None and first_year:
            when = PartialDate(first_year, when.month, when.day, when.quarter, when.recurring, when.before)
    elif not (undated and kind in {"interim_review", "final_review", "launch"} and _is_labelled(f, s)):
        return None
    ts, te = trim(t, title_s, title_e)
    title = squash(t[ts:te])
    title = re.sub(r"^(?:và|đồng thời|sau đó)\s+", "", title)
    title = re.sub(r"\s+(?:vào|trong|trước|chậm nhất là|chậm nhất|hằng năm|hàng năm)$", "", title).strip(
        " ,;:"
    )
    if not title:
        return None
    phase = next((p.name.value for p in r.phases if _same_line(t, p.name.start, s)), None)
    return FoundMilestone(
        kind, doc.found(ts, te, title[0].upper() + title[1:], when is not None), when, when_text, "", phase
    )


def _is_labelled(folded: str, pos: int) -> bool:
    line_start = folded.rfind("\n", 0, pos) + 1
    return bool(re.match(r"\s*\d{1,2}\.\s", folded[line_start : pos + 3]))


def _same_line(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


# --- targets ----------------------------------------------------------------------------------

_NUM = r"\d+(?:[.,]\d+)?"
_TARGET = re.compile(
    rf"(?P<cmp>tren|hon|khong duoi|it nhat|toi thieu|tu|dat|>=|≥|>)?\s*(?P<v>{_NUM})\s*"
    rf"(?:(?:-|–|den)\s*(?P<hi>{_NUM})\s*)?"
    # A rate's unit may be several words before its slash ("tiêu chí/xã", "triệu đồng/người/năm").
    r"(?P<mult>nghin|trieu|ty)?\s*"
    r"(?P<unit>%(?:\s+so\s+\w+)?|lan|[a-z]+(?: [a-z]+){0,2}(?:/[a-z]+)+|[a-z]+(?:/[a-z]+)?)"
    r"(?P<more>\s+tro len)?"
)


def _targets(doc: _Doc) -> list[FoundTarget]:
    t, f = doc.text, doc.folded
    out: list[FoundTarget] = []
    starts = list(re.finditer(r"phan dau|muc tieu|chi tieu", f))
    for k, m in enumerate(starts):
        end = m.end()
        stop = starts[k + 1].start() if k + 1 < len(starts) else len(t)
        while end < stop and t[end] not in ".\n":
            end += 1
        by = re.search(r"den (?:het )?nam\s+(\d{4})", f[m.end() : end])
        year = int(by.group(1)) if by else None
        # Pieces: ", " (not the "," of "1,5"), ";" and "trong đó".
        cuts = [m.end()]
        for sep in re.finditer(r",\s|;|\btrong do\b", f[m.end() : end]):
            cuts += [m.end() + sep.start(), m.end() + sep.end()]
        cuts.append(end)
        for ps, pe in zip(cuts[::2], cuts[1::2], strict=False):
            tm = next(
                (x for x in _TARGET.finditer(f, ps, pe) if not re.fullmatch(r"(?:19|20)\d\d", x.group("v"))),
                None,
            )
            if tm is None or tm.group("unit") in {"nam", "thang", "ngay", "sao"}:
                continue
            value = tm.group("v").replace(".", "").replace(",", ".")
            hi = tm.group("hi").replace(".", "").replace(",", ".") if tm.group("hi") else None
            cmp_word = tm.group("cmp") or ""
            comparator = ">" if cmp_word in {"tren", "hon", ">"} else ">="
            unit_text = t[tm.start("unit") : tm.end("unit")]
            if tm.group("mult"):
                unit_text = t[tm.start("mult") : tm.end("mult")] + " " + unit_text
            ds, de = trim(t, ps, pe)
            desc = re.sub(r"^(?:phấn đấu |đến (?:hết )?năm \d{4},? |toàn tỉnh |có )+", "", squash(t[ds:de]))
            if not desc or any(o.description.start <= tm.start() < o.description.end for o in out):
                continue
            out.append(
                FoundTarget(Found(desc[0].upper() + desc[1:], ds, de), value, hi, comparator, unit_text, year)
            )
    return out


# --- chuyên đề -----------------------------------------------------------------------------------

# "Chuyên đề 1:", "Chuyên đề số 2.", "Chuyên đề thứ nhất –", "Chuyên đề II:", "Chuyên đề:" opening
# a heading or a line; what follows is the theme's name.
_THEME_HEAD = re.compile(
    r"(?:[-+•]\s*)?chuyen de\s*(?:(?:so\s*)?\d{1,2}|thu\s+\w+|[ivx]{1,5})?\s*(?:[:.–—-]\s*|$)"
)
# A part that groups themes: "III. CÁC PHONG TRÀO THI ĐUA CHUYÊN ĐỀ", "2. Các chuyên đề thi đua",
# "Phong trào thi đua theo chuyên đề": each item under it is one.
_THEME_GROUP = re.compile(r"(?:phong trao thi dua (?:theo )?chuyen de|cac chuyen de)")
# Launched in a sentence: "phát động phong trào thi đua chuyên đề “Chung tay vì người nghèo”".
_THEME_INLINE = re.compile(r"(?:thi dua|phong trao) (?:theo )?chuyen de\s*[“\"«]([^”\"»\n]{4,160})[”\"»]")
_QUOTED = re.compile(r"[“\"«]([^”\"»\n]{4,200})[”\"»]")


def _theme_name(text: str, start: int, end: int) -> tuple[int, int]:
    """The name in ``start``..``end``: the quoted words if any ("Phong trào thi đua “X”"), else the
    words up to the first sentence break."""
    q = _QUOTED.search(text, start, end)
    if q:
        return q.start(1), q.end(1)
    stop = start
    while stop < end and text[stop] not in ".;:\n":
        stop += 1
    return trim(text, start, stop)


def _themes(doc: _Doc) -> list[FoundTheme]:
    """The plan's chuyên đề, by the ways plans write them: a heading or a line "Chuyên đề 1: …",
    the items of a part "Các phong trào thi đua chuyên đề", or one launched in a sentence."""
    t, f = doc.text, doc.folded
    out: list[FoundTheme] = []

    def add(ns: int, ne: int, body_start: int, body_end: int) -> None:
        ns, ne = trim(t, ns, ne)
        if ne - ns < 3 or any(
            fold_same_length(squash(t[ns:ne])) == fold_same_length(o.name.value) for o in out
        ):
            return
        bs, be = trim(t, body_start, body_end)
        content = doc.found(bs, be) if be - bs > 3 else None
        out.append(FoundTheme(doc.found(ns, ne), content, body_start, body_end))

    def line_end(pos: int) -> int:
        nl = t.find("\n", pos)
        return len(t) if nl < 0 else nl

    sections = walk(doc.sections)
    for s in sections:
        head = _THEME_HEAD.match(f, s.title_start, line_end(s.title_start))
        if head is not None:
            # "1. Chuyên đề 1: Thi đua chuyển đổi số" — the name is the rest of the heading's line.
            rest_end = line_end(s.title_start)
            ns, ne = _theme_name(t, head.end(), rest_end)
            add(ns, ne, rest_end, s.end)
            continue
        if _THEME_GROUP.search(f, s.title_start, s.title_end) and s.children:
            for c in s.children:
                if _THEME_HEAD.match(f, c.title_start, line_end(c.title_start)):
                    continue  # read as a "Chuyên đề" heading of its own
                ns, ne = _theme_name(t, c.title_start, line_end(c.title_start))
                add(ns, ne, line_end(c.title_start), c.end)
    # Lines that are no heading: "- Chuyên đề 1: …", each running to the next one or its part's end.
    heads = [s.title_start for s in sections]
    lines = [ln for ln in lines_of(t) if _THEME_HEAD.match(f, ln.start, ln.end)]
    for k, ln in enumerate(lines):
        if any(ln.start <= h < ln.end for h in heads):
            continue
        head = _THEME_HEAD.match(f, ln.start, ln.end)
        assert head is not None
        # Up to the next theme's line, within the part that holds this one.
        holders = [s.end for s in sections if s.title_start < ln.start < s.end]
        stop = min([*holders, len(t)])
        if k + 1 < len(lines):
            stop = min(stop, lines[k + 1].start)
        ns, ne = _theme_name(t, head.end(), ln.end)
        rest = ne + 1 if t[ne : ne + 1] in '”"»' else ne  # the line goes on with its content
        add(ns, ne, rest, stop)
    if not out:
        for m in _THEME_INLINE.finditer(f):
            add(m.start(1), m.end(1), m.end(), m.end())
    return out


# --- signer, Nơi nhận -------------------------------------------------------------------------

_SIGN_AUTHORITY = re.compile(r"^(kt|tm|tl|tuq|q)\.\s")
_TITLE_WORDS = re.compile(
    r"^(pho )?(chu tich|giam doc|truong ban|bo truong|thu truong|chanh van phong|truong phong|ke toan)"
)


def _signature(doc: _Doc, r: PlanReading) -> None:
    t, f = doc.text, doc.folded
    m = list(re.finditer(r"noi nhan\s*[:;.]?", f))
    start = m[-1].start() if m else max(0, len(t) - 1500)
    lines = lines_of(t[start:])
    for ln in lines:
        a, b = start + ln.start, start + ln.end
        lf = f[a:b]
        if lf.startswith("-") or lf.startswith("noi nhan"):
            if lf.startswith("-"):
                r.recipients.append(doc.found(a, b))
            continue
        if _SIGN_AUTHORITY.match(lf):
            r.signer_authority = doc.found(a, b)
        elif _TITLE_WORDS.match(lf) and t[a:b].isupper():
            r.signer_title = doc.found(a, b)
        elif r.signer_title and re.fullmatch(
            r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s+){1,4}[A-ZĐÀ-Ỹ][\wÀ-ỹ]*", squash(t[a:b])
        ):
            r.signer_name = doc.found(a, b)
