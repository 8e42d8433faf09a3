"""Reference resolution for imports: names written in a spreadsheet to records in the database.

Everything an import refers to is loaded once per import into small in-memory
indexes (a province has a few thousand units, a few dozen award forms), so a
10,000-row list costs a handful of queries instead of one per row. Names are
compared folded (no case, accents or NFD differences), with "UBND" and
"Ủy ban nhân dân" treated as the same words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AwardForm,
    Campaign,
    CampaignPhase,
    Household,
    Individual,
    Unit,
    UnitKind,
)
from emudesk.domain.text import fold, household_address, household_heads, name_fold
from emudesk.i18n import _

_EXPANSIONS = (
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
    ("thanh pho", "tp"),
)
_PUNCT = re.compile(r"[^\w&]+")
_CHUNK = 500


def key(text: str) -> str:
    """The form names are compared in: folded, punctuation as spaces, common abbreviations applied."""
    k = " ".join(_PUNCT.sub(" ", fold(text)).split())
    for long, short in _EXPANSIONS:
        if long in k:
            k = re.sub(rf"\b{long}\b", short, k)
    return k


def chunks(items: Sequence[object], size: int = _CHUNK) -> Iterable[Sequence[object]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass(frozen=True)
class Pending:
    """A record the import will create itself (a unit earlier in the file, a new person); ``key``
    is the plan row index (units) or the person's key."""

    kind: str
    key: object


# --- units --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitEntry:
    id: int
    name: str
    short_name: str
    code: str
    parent_id: int | None
    kind_id: int
    dissolved: bool


class UnitIndex:
    """Every live unit, by folded name, short name and code."""

    def __init__(self, session: Session) -> None:
        today = date.today()
        self.by_id: dict[int, UnitEntry] = {}
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._by_name: dict[str, list[int]] = defaultdict(list)
        rows = session.execute(
            select(
                Unit.id, Unit.name, Unit.short_name, Unit.code, Unit.parent_id, Unit.kind_id, Unit.valid_to
            ).where(Unit.deleted_at.is_(None))
        )
        for uid, name, short, code, parent, kind, end in rows:
            entry = UnitEntry(
                uid, name, short or "", code or "", parent, kind, end is not None and end < today
            )
            self.by_id[uid] = entry
            self._by_name[key(name)].append(uid)
            for text in {name, short or "", code or ""}:
                k = key(text)
                if k and uid not in self._by_key[k]:
                    self._by_key[k].append(uid)

    def named(self, name: str) -> list[int]:
        """Units whose full name is ``name``."""
        return list(self._by_name.get(key(name), ()))

    def with_code(self, code: str) -> list[int]:
        k = key(code)
        return [uid for uid in self._by_key.get(k, ()) if key(self.by_id[uid].code) == k]

    def lookup(self, text: str) -> list[int]:
        """Units called ``text`` (full name, short name or code); with several, a path such as
        "Phòng Nội vụ - UBND huyện Vũ Thư" narrows them to the one under the named parent."""
        found = list(self._by_key.get(key(text), ()))
        if len(found) == 1:
            return found
        narrowed = self._by_path(text)
        return narrowed or found

    def _by_path(self, text: str) -> list[int]:
        for sep in (" - ", " – ", ", ", " (", " thuộc ", " thuoc "):
            head, found_sep, tail = text.partition(sep)
            if not found_sep or not head.strip() or not tail.strip():
                continue
            own = self._by_key.get(key(head), [])
            parents = set(self.lookup(tail.strip().rstrip(")")))
            if own and parents:
                hits = [u for u in own if self.ancestors(u) & parents]
                if hits:
                    return hits
        return []

    def ancestors(self, uid: int) -> set[int]:
        seen: set[int] = set()
        parent = self.by_id[uid].parent_id if uid in self.by_id else None
        while parent is not None and parent not in seen:
            seen.add(parent)
            entry = self.by_id.get(parent)
            parent = entry.parent_id if entry else None
        return seen

    def describe(self, uid: int) -> str:
        """ "Phòng Nội vụ (#12, thuộc UBND huyện Vũ Thư)", for messages naming candidates."""
        entry = self.by_id[uid]
        parent = self.by_id.get(entry.parent_id) if entry.parent_id else None
        parts = [f"#{uid}"]
        if parent is not None:
            parts.append(_("under {parent}").format(parent=parent.short_name or parent.name))
        if entry.dissolved:
            parts.append(_("dissolved"))
        return f"{entry.name} ({', '.join(parts)})"


def ambiguous(what: str, text: str, candidates: Sequence[str]) -> str:
    shown = "; ".join(candidates[:6]) + ("; …" if len(candidates) > 6 else "")
    return _("“{text}” matches several {what}: {candidates}. Write it so that only one matches.").format(
        text=text, what=what, candidates=shown
    )


# --- kinds of unit, award forms -----------------------------------------------------------------


def _aliases(name: str) -> set[str]:
    """ "Sở, ban, ngành tỉnh" -> {"so ban nganh tinh", "so", "ban", "nganh tinh"}; "UBND xã" also as "xa"."""
    out = {key(name)}
    for part in re.split(r"[,;()]", name):
        k = key(part)
        if k:
            out.add(k)
            if k.startswith("ubnd "):
                out.add(k[5:])
    return out


class KindIndex:
    """Kinds of unit by code, name, or a word of the name ("Sở", "Phòng", "UBND xã", "Thôn")."""

    def __init__(self, session: Session) -> None:
        self.rows = [(k.id, k.code, k.name) for k in session.scalars(select(UnitKind).order_by(UnitKind.id))]
        self.code_of = {kid: code for kid, code, _n in self.rows}
        self.name_of = {code: name for _i, code, name in self.rows}
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._alias: dict[str, set[str]] = defaultdict(set)
        for _kid, code, name in self.rows:
            self._exact[key(code)].add(code)
            self._exact[key(name)].add(code)
            for alias in _aliases(name):
                self._alias[alias].add(code)

    def lookup(self, text: str) -> list[str]:
        k = key(text)
        for table in (self._exact, self._alias):
            if k in table:
                return sorted(table[k])
        # "Đơn vị trực thuộc Sở" starts with the alias "đơn vị trực thuộc": the longest such alias wins.
        best: tuple[int, set[str]] = (0, set())
        for alias, codes in self._alias.items():
            if len(alias) > best[0] and (k.startswith(alias + " ")):
                best = (len(alias), codes)
        return sorted(best[1])

    def names(self) -> list[str]:
        return [name for _i, _c, name in self.rows]


@dataclass(frozen=True)
class FormEntry:
    id: int
    code: str
    name: str
    active: bool


_FORM_PREFIX = re.compile(r"^(?:danh hieu|hinh thuc)\s+")


class FormIndex:
    """Award forms by code, name or short name; "Bằng khen của Chủ tịch UBND tỉnh Thái Bình" finds
    the form whose name it starts with."""

    def __init__(self, session: Session) -> None:
        self.by_id: dict[int, FormEntry] = {}
        self.by_code: dict[str, FormEntry] = {}
        self._exact: dict[str, set[int]] = defaultdict(set)
        self._names: list[tuple[str, int]] = []
        for f in session.scalars(select(AwardForm).order_by(AwardForm.sort_order, AwardForm.id)):
            entry = FormEntry(f.id, f.code, f.name, f.active)
            self.by_id[f.id] = entry
            self.by_code[f.code] = entry
            for text in (f.code, f.name, f.short_name):
                if text:
                    self._exact[key(text)].add(f.id)
            self._names.append((key(f.name), f.id))
            if f.short_name:
                self._names.append((key(f.short_name), f.id))

    def lookup(self, text: str) -> list[FormEntry]:
        k = _FORM_PREFIX.sub("", key(text))
        ids = self._exact.get(k) or self._exact.get(key(text))
        if not ids:
            best = 0
            for name, fid in self._names:
                if len(name) >= best and k.startswith(name + " "):
                    if len(name) > best:
                        ids, best = set(), len(name)
                    ids = (ids or set()) | {fid}
        return [self.by_id[i] for i in sorted(ids or ())]


# --- campaigns and phases -----------------------------------------------------------------------

_PLAN_REF = re.compile(r"(\d*)\s*/\s*([A-Za-zĐđ][\w\-Đđ]*)")


@dataclass(frozen=True)
class CampaignEntry:
    id: int
    title: str
    short_title: str
    plan_number: str
    plan_symbol: str
    issuing_body: str


class CampaignIndex:
    """Live campaigns by title, short title or plan reference ("104/KH-UBND"); phases by name."""

    def __init__(self, session: Session) -> None:
        self.by_id: dict[int, CampaignEntry] = {}
        self._by_key: dict[str, set[int]] = defaultdict(set)
        self._by_ref: dict[tuple[str, str], set[int]] = defaultdict(set)
        for c in session.execute(
            select(
                Campaign.id,
                Campaign.title,
                Campaign.short_title,
                Campaign.plan_number,
                Campaign.plan_symbol,
                Campaign.issuing_body,
            ).where(Campaign.deleted_at.is_(None))
        ):
            entry = CampaignEntry(*c)
            self.by_id[entry.id] = entry
            for text in (entry.title, entry.short_title):
                if text:
                    self._by_key[key(text)].add(entry.id)
            if entry.plan_symbol:
                self._by_ref[(entry.plan_number, key(entry.plan_symbol))].add(entry.id)
        self.phases: dict[int, dict[str, int]] = defaultdict(dict)
        for pid, cid, name in session.execute(
            select(CampaignPhase.id, CampaignPhase.campaign_id, CampaignPhase.name)
        ):
            self.phases[cid][key(name)] = pid

    def lookup(self, text: str) -> list[int]:
        stripped = text.strip()
        if stripped.startswith("#") and stripped[1:].isdigit():
            cid = int(stripped[1:])
            return [cid] if cid in self.by_id else []
        found = self._by_key.get(key(text))
        if found:
            return sorted(found)
        m = _PLAN_REF.search(text)
        if m:
            return sorted(self._by_ref.get((m.group(1), key(m.group(2))), ()))
        return []

    def label(self, cid: int) -> str:
        c = self.by_id[cid]
        ref = f"{c.plan_number}/{c.plan_symbol}" if c.plan_symbol else ""
        return f"{c.short_title or c.title} ({ref or '#' + str(cid)})"

    def phase(self, cid: int, text: str) -> int | None:
        return self.phases.get(cid, {}).get(key(text))


# --- people and households ----------------------------------------------------------------------


@dataclass
class PersonEntry:
    """A person in the register, or one the import creates (``id`` is then a Pending)."""

    id: int | Pending
    full_name: str
    name_key: str
    gender: object
    birth_date: date | None
    birth_year: int | None
    id_number: str | None
    unit_id: int | Pending | None

    def born(self) -> str:
        if self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return str(self.birth_year) if self.birth_year else "?"


@dataclass
class PersonIndex:
    """The people an import may refer to: those with the file's ID numbers or names, fetched in
    chunks, plus the people the import itself creates."""

    by_number: dict[str, PersonEntry] = field(default_factory=dict)
    by_name: dict[str, list[PersonEntry]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, session: Session, numbers: Iterable[str], names: Iterable[str]) -> PersonIndex:
        index = cls()
        cols = (
            Individual.id,
            Individual.full_name,
            Individual.name_fold,
            Individual.gender,
            Individual.birth_date,
            Individual.birth_year,
            Individual.id_number,
            Individual.unit_id,
        )
        seen: set[int] = set()
        wanted_numbers = sorted(set(numbers))
        wanted_names = sorted({name_fold(n) for n in names if n})
        queries = [
            select(*cols).where(Individual.id_number.in_(part), Individual.deleted_at.is_(None))
            for part in chunks(wanted_numbers)
        ] + [
            select(*cols).where(Individual.name_fold.in_(part), Individual.deleted_at.is_(None))
            for part in chunks(wanted_names)
        ]
        for stmt in queries:
            for pid, full, stored, gender, bdate, byear, number, unit in session.execute(stmt):
                if pid in seen:
                    continue
                seen.add(pid)
                # Keyed by the bare fold, as the rows of the file are looked up.
                index.add(PersonEntry(pid, full, stored.lstrip(), gender, bdate, byear, number, unit))
        return index

    def add(self, entry: PersonEntry) -> None:
        if entry.id_number:
            self.by_number[entry.id_number] = entry
        self.by_name[entry.name_key].append(entry)


def same_birth(entry: PersonEntry, birth_date: date | None, birth_year: int | None) -> bool:
    """The rule of ``individuals.find_duplicate``: the same date, or the same year when only one
    side has a date."""
    if birth_date is not None and entry.birth_date is not None:
        return entry.birth_date == birth_date
    year = birth_date.year if birth_date else birth_year
    return year is not None and entry.birth_year == year


@dataclass(frozen=True)
class HouseholdEntry:
    id: int
    head_name: str
    village_id: int | None
    commune_id: int | None
    address: str


def households_named(session: Session, heads: Iterable[str]) -> dict[str, list[HouseholdEntry]]:
    """Live households by folded head name, for the heads a file names."""
    out: dict[str, list[HouseholdEntry]] = defaultdict(list)
    for head in sorted({fold(h) for h in heads if h}):
        pattern = " " + head.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        for hid, name, village, commune, address in session.execute(
            select(
                Household.id,
                Household.head_name,
                Household.village_id,
                Household.commune_id,
                Household.address,
            ).where(Household.deleted_at.is_(None), Household.name_fold.like(pattern, escape="\\"))
        ):
            if fold(name) == head:
                out[head].append(HouseholdEntry(hid, name, village, commune, address or ""))
    return out


def find_household(
    session: Session,
    text: str,
    known: dict[str, list[HouseholdEntry]],
    fits: Callable[[HouseholdEntry], bool] = lambda _h: True,
) -> tuple[str, list[HouseholdEntry]]:
    """The head a household name means and the live households (that ``fits``) it matches.

    ``text`` may be written as the app shows it ("Hộ ông (bà) Nguyễn Quốc An", with a picker's
    " – address" tail), as lists write it ("Hộ gia đình ông …", "Gia đình bà …") or as the bare
    head name; each reading of :func:`household_heads` is tried in turn. ``known`` caches
    :func:`households_named` across rows. With no match, the head is the likeliest reading.
    """
    heads = household_heads(text)
    missing = [h for h in heads if fold(h) not in known]
    if missing:
        known.update(households_named(session, missing))
        for head in missing:
            known.setdefault(fold(head), [])
    address = fold(household_address(text))
    for head in heads:
        found = [h for h in known[fold(head)] if fits(h)]
        if address and len(found) > 1:
            found = [h for h in found if fold(h.address) == address] or found
        if found:
            return head, found
    return heads[0], []
