"""Award forms as a decision prints them, from the catalogue's generic names.

The catalogue names a form the way the law lists it, for every level at once ("Cờ thi đua của bộ,
ban, ngành, tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"). A decision names it as its issuer grants
it, spelled out (NĐ 30/2020 writes agency names in full): "Cờ thi đua của Ủy ban nhân dân tỉnh",
"Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Chiến sĩ thi đua cấp tỉnh".
"""

from __future__ import annotations

import re

from emudesk.domain.text import fold

# Abbreviations a catalogue or a clerk uses that an official paper writes in full.
_ABBREVIATIONS = (
    (re.compile(r"\bUBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b"), "Hội đồng nhân dân"),
    (re.compile(r"\bTW\b"), "Trung ương"),
    (re.compile(r"\bCT\b(?= UBND| Ủy ban)"), "Chủ tịch"),
)
_GENERIC_LEVEL = re.compile(r"\b(của|cấp) bộ, ban, ngành, tỉnh\b", re.IGNORECASE)
_GENERIC_MINISTER = re.compile(r"\bcủa Bộ trưởng, thủ trưởng ban, ngành Trung ương\b", re.IGNORECASE)


def _level(issuer: str) -> str:
    """ "province", "ministry" or "" for an issuer as printed ("Ủy ban nhân dân tỉnh Hưng Yên")."""
    folded = fold(issuer)
    if re.search(r"\b(uy ban nhan dan|ubnd) (tinh|thanh pho)\b", folded) or folded.startswith("tinh "):
        return "province"
    if folded.startswith("bo "):
        return "ministry"
    return ""


def expand(text: str) -> str:
    """Abbreviations written in full: "Chủ tịch UBND tỉnh" -> "Chủ tịch Ủy ban nhân dân tỉnh"."""
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    return text


def official_name(name: str, issuer: str = "") -> str:
    """The form's name as a decision of ``issuer`` prints it; generic wording stays where the
    issuer does not settle it."""
    text = expand(name.strip())
    level = _level(issuer)
    if level == "province":
        text = _GENERIC_LEVEL.sub(
            lambda m: "của Ủy ban nhân dân tỉnh" if m.group(1).lower() == "của" else "cấp tỉnh", text
        )
    elif level == "ministry":
        ministry = " ".join(issuer.split())
        text = _GENERIC_LEVEL.sub(
            lambda m: f"của {ministry}" if m.group(1).lower() == "của" else "cấp bộ", text
        )
        text = _GENERIC_MINISTER.sub(f"của Bộ trưởng {ministry}", text)
    return text
