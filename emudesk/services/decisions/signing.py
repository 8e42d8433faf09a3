"""Who issues and who signs: a decision's issuer and signature block, a list's letterhead.

A decision is issued by the authority that grants its award form (the catalogue's
"Thẩm quyền"), not by the office that drafts it: a Bằng khen of the Chủ tịch UBND tỉnh comes
from "Ủy ban nhân dân tỉnh …", signed "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" or, by a deputy,
"KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (NĐ 30/2020 Phụ lục I: TM. for a collective body, KT. for a deputy
signing for the head). Only the office's own forms (Giấy khen, Lao động tiên tiến… of a Giám đốc
sở) are signed by the signer in Settings. A list of nominations carries the letterhead and the
head of the unit that proposes it.

The dialog prefills from :func:`signing_for_nominations` / :func:`signing_for_session` (the user
may still edit every field), the services fill a decision left without issuer and signer, and
the exports print a stored decision's block or, for one recorded without, this default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AgendaItem,
    AwardForm,
    AwardRecord,
    Decision,
    Nomination,
    Unit,
    UnitKind,
)
from emudesk.domain.rules import AgendaOutcome
from emudesk.domain.text import fold, nfc
from emudesk.services.core.store import all_settings

# The prefixes NĐ 30/2020 puts before the signer's position.
_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s*", re.IGNORECASE)
_SEPARATOR = " – "


class Authority(StrEnum):
    """Who grants a form, as far as the signature block goes."""

    PRESIDENT = "president"  # Chủ tịch nước
    PRIME_MINISTER = "prime_minister"  # Thủ tướng Chính phủ
    PROVINCE = "province"  # (Chủ tịch) UBND tỉnh
    MINISTER = "minister"  # Bộ trưởng, thủ trưởng ban, ngành Trung ương
    OFFICE = "office"  # the office running emudesk (Giám đốc sở, thủ trưởng cơ quan)
    COMMUNE = "commune"  # Chủ tịch UBND xã


# Highest first: a decision granting forms of several authorities is drafted for the highest.
_RANK = tuple(Authority)

# Folded words of the catalogue's "Thẩm quyền" text, checked highest authority first.
_WORDS: tuple[tuple[Authority, tuple[str, ...]], ...] = (
    (Authority.PRESIDENT, ("chu tich nuoc",)),
    (Authority.PRIME_MINISTER, ("thu tuong chinh phu", "thu tuong")),
    (Authority.PROVINCE, ("ubnd tinh", "uy ban nhan dan tinh", "ubnd cap tinh")),
    (Authority.OFFICE, ("giam doc so", "thu truong co quan")),
    (Authority.MINISTER, ("bo truong", "thu truong ban, nganh")),
    (Authority.COMMUNE, ("ubnd xa", "uy ban nhan dan xa")),
)


def authority_of(text: str) -> Authority:
    """The authority a catalogue entry names; the office itself when it names none it knows.

    "Thủ trưởng cơ quan, đơn vị; Giám đốc sở; Chủ tịch UBND xã" lists who may grant a Giấy
    khen; emudesk runs at a provincial office, so the office grants it.
    """
    key = fold(text)
    for authority, words in _WORDS:
        if any(w in key for w in words):
            return authority
    return Authority.OFFICE


def compose_title(authority: str, position: str) -> str:
    """ "TM. ỦY BAN NHÂN DÂN" + "CHỦ TỊCH" -> "TM. ỦY BAN NHÂN DÂN – CHỦ TỊCH", as decisions store it."""
    authority, position = nfc(authority), nfc(position)
    return f"{authority}{_SEPARATOR}{position}" if authority and position else authority or position


def split_title(title: str) -> tuple[str, str]:
    """A stored signer title -> (authority line, position): the inverse of :func:`compose_title`."""
    parts = [p.strip() for p in re.split(r"\s+[–-]\s+", nfc(title), maxsplit=1) if p.strip()]
    if len(parts) == 2 and _PREFIX.match(parts[0]):
        return parts[0], parts[1]
    return "", nfc(title)


@dataclass(frozen=True)
class SignerBlock:
    """An issuer with one way of signing for it.

    Attributes:
        issuer: as the decision names it ("Ủy ban nhân dân tỉnh Hưng Yên"); printed upper case.
        authority: the line above the position ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), or "".
        position: "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC"…
        name: the signer's full name when known (Settings, or the last decision so signed).
    """

    issuer: str
    authority: str
    position: str
    name: str = ""

    @property
    def title(self) -> str:
        """The signer title as a decision stores it."""
        return compose_title(self.authority, self.position)

    @property
    def label(self) -> str:
        """ "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH – Trần Quốc Văn", for a choice in the dialog."""
        lines = " / ".join(p for p in (self.authority, self.position) if p)
        return f"{lines} – {self.name}" if self.name else lines


@dataclass(frozen=True)
class Signing:
    """The default issuer and signature of a decision, and the other ways to sign it.

    Attributes:
        authority: who grants the forms the decision is about.
        choices: the head signing, then a deputy signing for the head (KT.); the first is the default.
        forms: the award forms it was worked out from.
        other_forms: forms in the same decision granted by a lower authority (worth a look).
    """

    authority: Authority
    choices: tuple[SignerBlock, ...]
    forms: tuple[str, ...] = ()
    other_forms: tuple[str, ...] = ()

    @property
    def default(self) -> SignerBlock:
        return self.choices[0]


# --- places and the office --------------------------------------------------------------------------

_PROVINCE_HEAD = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+(tinh|thanh pho)\s+", re.IGNORECASE)


def province_name(session: Session, on: date | None = None) -> str:
    """ "Ủy ban nhân dân tỉnh Hưng Yên": the province's UBND in the unit tree, else from Settings."""
    settings = all_settings(session)
    place = str(settings.get("office.place") or "").strip()
    parent = str(settings.get("office.parent_agency") or "").strip()
    day = on or date.today()
    rows = list(
        session.scalars(
            select(Unit.name)
            .join(UnitKind, UnitKind.id == Unit.kind_id)
            .where(
                Unit.deleted_at.is_(None),
                UnitKind.code == "ubnd_tinh",
                (Unit.valid_to.is_(None)) | (Unit.valid_to >= day),
                (Unit.valid_from.is_(None)) | (Unit.valid_from <= day),
            )
            .order_by(Unit.id)
        )
    )
    wanted = [fold(t) for t in (place, _PROVINCE_HEAD.sub("", fold(parent))) if t]
    for name in rows:
        if any(fold(name).endswith(w) for w in wanted):
            return name
    if len(rows) == 1:
        return rows[0]
    m = _PROVINCE_HEAD.match(fold(parent))
    if m and len(parent) > m.end():
        kind = "thành phố" if m.group(1) == "thanh pho" else "tỉnh"
        return f"Ủy ban nhân dân {kind} {_title_case(parent[m.end() :])}"
    return f"Ủy ban nhân dân tỉnh {place}".strip()


def _title_case(text: str) -> str:
    """ "HƯNG YÊN" -> "Hưng Yên" (a place name typed in capitals in Settings)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in nfc(text).split(" "))


def _office_issuer(session: Session, agency: str) -> str:
    """ "SỞ NỘI VỤ" in Settings -> "Sở Nội vụ tỉnh Hưng Yên", the office's unit as the tree names it."""
    key = fold(agency)
    if not key:
        return agency
    names = [
        n
        for n in session.scalars(
            select(Unit.name).where(
                Unit.deleted_at.is_(None),
                Unit.valid_to.is_(None),
                # Stored folds start with a space before each word (domain.text.name_fold).
                Unit.name_fold.like(" " + key.replace("%", "").replace("_", "") + "%"),
            )
        )
        if fold(n) == key or fold(n).startswith(key + " ")
    ]
    province = _place_suffix(province_name(session))
    exact = [n for n in names if province and fold(n).endswith(" " + fold(province))]
    chosen = exact or names
    return chosen[0] if len(chosen) == 1 else agency


def _office(session: Session) -> tuple[SignerBlock, ...]:
    """The office's own signer (Settings), then its head or deputy as the other choice."""
    s = all_settings(session)

    def text(key: str) -> str:
        return nfc(str(s.get(key) or ""))

    issuer = _office_issuer(session, text("office.issuing_agency"))
    own = SignerBlock(issuer, text("signer.authority"), text("signer.title"), text("signer.name"))
    head = _PREFIX.sub("", own.authority) if own.authority.upper().startswith("KT.") else ""
    if head:
        other = SignerBlock(issuer, "", head)
    elif own.position and not own.authority:
        other = SignerBlock(issuer, f"KT. {own.position}", f"PHÓ {own.position}")
    else:
        return (own,)
    return own, other


def _ubnd(issuer: str) -> tuple[SignerBlock, ...]:
    return (
        SignerBlock(issuer, "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        SignerBlock(issuer, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    )


def _blocks(session: Session, authority: Authority, commune: str = "") -> tuple[SignerBlock, ...]:
    if authority is Authority.PRESIDENT:
        issuer = "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam"
        return (
            SignerBlock(issuer, "", "CHỦ TỊCH NƯỚC"),
            SignerBlock(issuer, "KT. CHỦ TỊCH NƯỚC", "PHÓ CHỦ TỊCH NƯỚC"),
        )
    if authority is Authority.PRIME_MINISTER:
        issuer = "Thủ tướng Chính phủ"
        return SignerBlock(issuer, "", "THỦ TƯỚNG"), SignerBlock(issuer, "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG")
    if authority is Authority.PROVINCE:
        return _ubnd(province_name(session))
    if authority is Authority.MINISTER:
        return SignerBlock("", "", "BỘ TRƯỞNG"), SignerBlock("", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG")
    if authority is Authority.COMMUNE:
        return _ubnd(commune or "Ủy ban nhân dân xã")
    return _office(session)


def _with_names(session: Session, blocks: Iterable[SignerBlock]) -> tuple[SignerBlock, ...]:
    """Each block with a name: its own, else the one on the latest decision of that issuer so signed."""
    recent = list(
        session.execute(
            select(Decision.issuer, Decision.signer_title, Decision.signer_name)
            .where(Decision.signer_name != "")
            .order_by(Decision.signed_on.desc(), Decision.id.desc())
            .limit(500)
        )
    )
    out: list[SignerBlock] = []
    for block in blocks:
        name = block.name
        if not name and block.issuer:
            issuer, position = fold(block.issuer), fold(block.position)
            name = next(
                (n for i, t, n in recent if fold(i) == issuer and fold(split_title(t)[1]) == position),
                "",
            )
        out.append(SignerBlock(block.issuer, block.authority, block.position, name))
    return tuple(out)


# --- decisions ------------------------------------------------------------------------------------------


def signing_for_forms(session: Session, form_ids: Iterable[int], *, commune: str = "") -> Signing:
    """The issuer and signers of a decision granting these award forms (the highest authority's)."""
    ids = sorted(set(form_ids))
    forms = list(
        session.execute(
            select(AwardForm.name, AwardForm.authority)
            .where(AwardForm.id.in_(ids))
            .order_by(AwardForm.sort_order, AwardForm.id)
        )
    )
    found = [(name, authority_of(text or "")) for name, text in forms]
    authority = min((a for _n, a in found), key=_RANK.index, default=Authority.OFFICE)
    return Signing(
        authority,
        _with_names(session, _blocks(session, authority, commune)),
        tuple(n for n, a in found if a is authority),
        tuple(n for n, a in found if a is not authority),
    )


def _commune_of(session: Session, unit_ids: Iterable[int | None]) -> str:
    """The one UBND xã proposing every nomination, if so: a commune's own decision names it."""
    ids = {u for u in unit_ids if u is not None}
    if len(ids) != 1:
        return ""
    row = session.execute(
        select(Unit.name, UnitKind.code).join(UnitKind, UnitKind.id == Unit.kind_id).where(Unit.id.in_(ids))
    ).first()
    return row[0] if row is not None and row[1] == "ubnd_xa" else ""


def signing_for_nominations(session: Session, nomination_ids: Iterable[int]) -> Signing:
    """The default block of a decision granting these nominations."""
    rows = list(
        session.execute(
            select(Nomination.award_form_id, Nomination.proposing_unit_id).where(
                Nomination.id.in_(list(nomination_ids))
            )
        )
    )
    return signing_for_forms(
        session, [f for f, _u in rows], commune=_commune_of(session, [u for _f, u in rows])
    )


def signing_for_session(session: Session, session_id: int) -> Signing:
    """The default block of the decision for what a council session approved."""
    ids = session.scalars(
        select(AgendaItem.nomination_id).where(
            AgendaItem.session_id == session_id,
            AgendaItem.outcome.in_([AgendaOutcome.APPROVED, AgendaOutcome.APPROVED_OTHER_LEVEL]),
        )
    )
    return signing_for_nominations(session, list(ids))


def signing_for_decision(session: Session, decision_id: int) -> Signing:
    """The default block of a recorded decision, from the forms it grants."""
    rows = list(
        session.execute(
            select(AwardRecord.award_form_id, Nomination.proposing_unit_id)
            .outerjoin(Nomination, Nomination.id == AwardRecord.nomination_id)
            .where(AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None))
        )
    )
    return signing_for_forms(
        session,
        [f for f, _u in rows if f is not None],
        commune=_commune_of(session, [u for _f, u in rows]),
    )


# --- a proposing unit's letterhead ----------------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """The header and signature of a paper a unit sends (NĐ 30: parent agency over the issuing one).

    Attributes:
        parent_agency: "UBND TỈNH HƯNG YÊN" (may be "").
        issuing_agency: "SỞ Y TẾ".
        symbol: the ký hiệu after the document type ("SYT" -> "DS-SYT").
        signer: the head of the unit (the office's signer from Settings for the office itself).
        place: địa danh of the dateline ("Thái Bình" for a Sở of Thái Bình); "" when unknown.
    """

    parent_agency: str
    issuing_agency: str
    symbol: str
    signer: SignerBlock
    place: str = ""


# The head of a unit by its kind, or by the first words of its name for divisions and other units.
_HEAD_BY_KIND = {
    "so_nganh": ("", "GIÁM ĐỐC"),
    "ubnd_tinh": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    "ubnd_huyen": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    "ubnd_xa": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    "truong_hoc": ("", "HIỆU TRƯỞNG"),
    "hop_tac_xa": ("", "GIÁM ĐỐC"),
    "doanh_nghiep": ("", "GIÁM ĐỐC"),
}
_HEAD_BY_NAME = (
    ("phong", "TRƯỞNG PHÒNG"),
    ("chi cuc", "CHI CỤC TRƯỞNG"),
    ("cuc", "CỤC TRƯỞNG"),
    ("trung tam", "GIÁM ĐỐC"),
    ("benh vien", "GIÁM ĐỐC"),
    ("truong", "HIỆU TRƯỞNG"),
    ("ban", "TRƯỞNG BAN"),
    ("van phong", "CHÁNH VĂN PHÒNG"),
    ("thon", "TRƯỞNG THÔN"),
    ("to dan pho", "TỔ TRƯỞNG"),
)
_ABBREVIATE = (("ủy ban nhân dân", "UBND"),)


def _short_parent(name: str) -> str:
    out = name
    for long, short in _ABBREVIATE:
        out = re.sub(long, short, out, flags=re.IGNORECASE)
    return out


def _place_suffix(parent: str) -> str:
    """ "Ủy ban nhân dân tỉnh Hưng Yên" -> "tỉnh Hưng Yên" (what unit names under it end with)."""
    m = re.match(r"^(?:ủy ban nhân dân|ubnd)\s+(.+)$", nfc(parent), re.IGNORECASE)
    return m.group(1) if m else ""


def _symbol(name: str, kind: str) -> str:
    """ "Sở Nông nghiệp và Môi trường" -> "SNNMT", as offices abbreviate themselves in ký hiệu."""
    if kind.startswith("ubnd_"):
        return "UBND"
    words = [w for w in re.split(r"[^a-z0-9]+", fold(name)) if w and w != "va"]
    return "".join(w[0] for w in words).upper()


def _own_name(name: str, parent: str) -> str:
    """A unit's name without what its parent already says: "Sở Y tế tỉnh Hưng Yên" under UBND tỉnh
    Hưng Yên -> "Sở Y tế"; "Phòng Thi đua - Khen thưởng – Sở Nội vụ" under Sở Nội vụ -> "Phòng …"."""
    suffix = _place_suffix(parent)
    if suffix and fold(name).endswith(" " + fold(suffix)):
        name = name[: len(name) - len(suffix)].rstrip(" ,")
    head, sep, tail = name.rpartition(" – ")
    if sep and head and fold(parent).startswith(fold(tail)):
        name = head
    return name


def letterhead(session: Session, unit_id: int | None) -> Letterhead:
    """The letterhead of a paper proposed by ``unit_id``; the office's own (Settings) for None or
    for the office's own unit."""
    s = all_settings(session)
    office_name = nfc(str(s.get("office.issuing_agency") or ""))
    office = Letterhead(
        nfc(str(s.get("office.parent_agency") or "")),
        office_name,
        nfc(str(s.get("office.symbol") or "")),
        _office(session)[0],
        nfc(str(s.get("office.place") or "")),
    )
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        return office
    parent = session.get(Unit, unit.parent_id) if unit.parent_id is not None else None
    parent_name = parent.name if parent is not None else ""
    name = _own_name(unit.name, parent_name)
    if office_name and fold(name) == fold(office_name):
        return office
    code = unit.kind.code if unit.kind is not None else ""
    authority, position = _HEAD_BY_KIND.get(code, ("", ""))
    if not position:
        key = fold(name)
        heads = (p for w, p in _HEAD_BY_NAME if key == w or key.startswith(w + " "))
        position = next(heads, "THỦ TRƯỞNG ĐƠN VỊ")
    return Letterhead(
        _short_parent(parent_name),
        name,
        _symbol(name, code),
        SignerBlock(unit.name, authority, position),
        _place_of(session, unit),
    )


_PLACE = re.compile(
    r"^(?:ủy ban nhân dân|ubnd)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|đặc khu)\s+", re.IGNORECASE
)


def _place_of(session: Session, unit: Unit) -> str:
    """The place a unit writes in its dateline: the name of the nearest UBND above it (or itself),
    else the place its own name ends with ("Sở Y tế tỉnh Hưng Yên" -> "Hưng Yên")."""
    seen: set[int] = set()
    current: Unit | None = unit
    while current is not None and current.id not in seen:
        seen.add(current.id)
        m = _PLACE.match(nfc(current.name))
        if m:
            return nfc(current.name)[m.end() :]
        m = re.search(r"\b(?:tỉnh|thành phố)\s+(.+)$", nfc(current.name))
        if m:
            return m.group(1)
        current = session.get(Unit, current.parent_id) if current.parent_id is not None else None
    return ""
