"""What every exported document shares: the office's header and signer, and Vietnamese list wording.

The wording built here ("Tập thể", "Nam", "I. BẰNG KHEN…", "Tổng số: …") is
printed on official papers, which are Vietnamese whatever the interface
language, so it is constant text rather than translated messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from emudesk.db.models import Campaign
from emudesk.domain.enums import Gender, SubjectKind
from emudesk.export import Header, Signature
from emudesk.services.core.store import all_settings
from emudesk.services.register.decision_order import KIND_ORDER

# The kinds of subject inside an award form print in decision_order.KIND_ORDER; their headings:
KIND_HEADING = {
    SubjectKind.UNIT: "Tập thể",
    SubjectKind.INDIVIDUAL: "Cá nhân",
    SubjectKind.HOUSEHOLD: "Hộ gia đình",
}
GENDER_TEXT = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ", Gender.OTHER: "Khác"}

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
# "Tổ chức thực hiện Phong trào thi đua …" -> "Phong trào thi đua …" for "… khen thưởng trong Phong trào …".
_QUOTED = re.compile(r'"([^"]+)"')  # straight quotes typed in a plan title -> “…”
_PLAN_VERB = re.compile(r"^\s*(tổ chức\s+)?(thực hiện\s+|triển khai\s+)?(?=phong trào)", re.IGNORECASE)


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


@dataclass(frozen=True)
class Office:
    """The agency that runs emudesk, from the database settings (Settings dialog)."""

    parent_agency: str
    issuing_agency: str
    place: str
    symbol: str
    signer_authority: str
    signer_title: str
    signer_name: str

    @classmethod
    def load(cls, session: Session) -> Office:
        s = all_settings(session)

        def text(key: str) -> str:
            value = s.get(key)
            return str(value).strip() if value is not None else ""

        return cls(
            parent_agency=text("office.parent_agency"),
            issuing_agency=text("office.issuing_agency"),
            place=text("office.place"),
            symbol=text("office.symbol"),
            signer_authority=text("signer.authority"),
            signer_title=text("signer.title"),
            signer_name=text("signer.name"),
        )

    def code(self, prefix: str) -> str:
        """Ký hiệu of a document type: "DS" -> "DS-SNV"."""
        return f"{prefix}-{self.symbol}" if self.symbol else prefix

    def header(
        self,
        *,
        prefix: str,
        doc_type: str,
        summary: Sequence[str],
        issued_on: date | None,
        place: str = "",
        reference: str = "",
    ) -> Header:
        """The NĐ 30 header of a paper this office issues; the number is left for the clerk."""
        return Header(
            issuing_agency=self.issuing_agency,
            parent_agency=self.parent_agency,
            number=None,
            code=self.code(prefix),
            place=self.place or place,
            date=issued_on,
            doc_type=doc_type,
            summary=tuple(summary),
            reference=reference,
        )

    def signature(self) -> Signature:
        return Signature(position=self.signer_title, name=self.signer_name, authority=self.signer_authority)


def campaign_phrase(campaign: Campaign) -> str:
    """The campaign as the object of "khen thưởng trong …": "Phong trào thi đua … năm 2025"."""
    title = _QUOTED.sub(r"“\1”", _PLAN_VERB.sub("", campaign.title).strip())
    return title[:1].upper() + title[1:] if title else campaign.short_title


def subjects_phrase(kinds: Iterable[SubjectKind]) -> str:
    """ "Tập thể, cá nhân" for the kinds present, in print order."""
    present = set(kinds) or {SubjectKind.UNIT, SubjectKind.INDIVIDUAL}
    words = [KIND_HEADING[k].lower() for k in KIND_ORDER if k in present]
    text = ", ".join(words)
    return text[:1].upper() + text[1:]


def count_sentence(counts: Mapping[SubjectKind, int], prefix: str = "Tổng số") -> str:
    """ "Tổng số: 12 tập thể, 40 cá nhân." (kinds with none are left out)."""
    parts = [f"{counts[k]:02d} {KIND_HEADING[k].lower()}" for k in KIND_ORDER if counts.get(k)]
    return f"{prefix}: {', '.join(parts) or '0'}."


def birth_year(year: int | None, born: date | None) -> int | None:
    if year is not None:
        return year
    return born.year if born is not None else None


def join_notes(parts: Iterable[str | None]) -> str:
    """ "Đã thu hồi; Bổ sung hồ sơ": notes joined without doubled punctuation."""
    return "; ".join(text for part in parts if part and (text := part.strip().rstrip(" .;")))
