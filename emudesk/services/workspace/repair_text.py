"""Names stored in an old Vietnamese encoding (TCVN3, VNI, VIQR), found and repaired.

Before imports recognised the legacy fonts, a list typed in TCVN3 was stored as it read:
"NguyÔn V¨n §øc". Worse, the storage dropped TCVN3's ư (the soft hyphen U+00AD), so "Hưng"
became "Hng". :func:`find_garbled` judges every stored name as the importer judges a cell;
where the ư was lost it is put back only where exactly one place makes each word a Vietnamese
syllable (``restored_u``). Names with two possible readings are listed, never repaired.
:func:`apply_repairs` writes through the ORM in the caller's transaction, so the derived
search and sort columns and the audit log follow as for any edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.audit import log_summary
from emudesk.db.models import AwardRecord, Household, Individual, Unit
from emudesk.domain.errors import ConflictError
from emudesk.domain.legacy_text import (
    Legacy,
    Verdict,
    decode,
    judge,
    judgements,
    reads_as_vietnamese,
    restore_lost_u,
)
from emudesk.domain.text import fold, split_full_name, strip_honorific
from emudesk.i18n import _

_TABLES = {"individuals": Individual, "units": Unit, "households": Household, "awards": AwardRecord}
_INDIVIDUAL_PARTS = ("family_name", "middle_name", "given_name")


@dataclass(frozen=True, slots=True)
class TextRepair:
    """One field of one record: ``before`` as stored, ``after`` in Unicode."""

    table: str
    record_id: int
    field: str
    before: str
    after: str
    encoding: Legacy
    restored_u: bool = False


@dataclass(frozen=True, slots=True)
class UndecidedText:
    """A stored text that may be legacy-encoded but reads as Vietnamese in more than one way."""

    table: str
    record_id: int
    field: str
    text: str
    readings: tuple[tuple[Legacy, str], ...]
    parts: tuple[tuple[str, str], ...] = ()  # the fields judged together, as stored


@dataclass
class RepairPlan:
    repairs: list[TextRepair] = field(default_factory=list)
    undecided: list[UndecidedText] = field(default_factory=list)

    @property
    def records(self) -> int:
        return len({(r.table, r.record_id) for r in self.repairs})


@dataclass(frozen=True, slots=True)
class Reading:
    """How a stored text should read: ``text`` in Unicode, or several ``candidates`` (undecided)."""

    encoding: Legacy | None
    text: str = ""
    restored_u: bool = False
    candidates: tuple[tuple[Legacy, str], ...] = ()


def reading(text: str) -> Reading | None:
    """How a stored ``text`` should read; None when it is fine as it is (or cannot be told)."""
    if not text.strip():
        return None
    converts = [j for j in judgements(text) if j.verdict is Verdict.CONVERT]
    if len(converts) > 1:
        return Reading(None, candidates=tuple((j.encoding, j.decoded) for j in converts))
    if converts:
        j = converts[0]
        if j.encoding is Legacy.TCVN3:
            restored = restore_lost_u(j.decoded)
            if restored is not None:
                return _unless_lu(Reading(j.encoding, restored, restored_u=True))
            return _unless_lu(Reading(j.encoding, j.decoded))
        return Reading(j.encoding, j.decoded)
    tcvn3 = judge(text, Legacy.TCVN3)
    if tcvn3.verdict is Verdict.NEITHER:
        restored = restore_lost_u(tcvn3.decoded)
        if restored is not None and reads_as_vietnamese(restored) and not reads_as_vietnamese(text):
            return _unless_lu(Reading(Legacy.TCVN3, restored, restored_u=True))
    return None


# Family names whose ư, once lost, leaves another syllable: "Lưu" stored as "Lu" (a word too).
_LOST_U_NAMES = {"lu": "lưu", "khu": "khưu"}


def _unless_lu(found: Reading) -> Reading:
    """The reading, or both readings when a word may be one of those names without its ư."""
    words = found.text.split(" ")
    other = [_LOST_U_NAMES.get(w.lower(), w.lower()) for w in words]
    if other == [w.lower() for w in words]:
        return found
    with_u = " ".join(
        w if o == w.lower() else (o.capitalize() if w[:1].isupper() else o)
        for w, o in zip(words, other, strict=True)
    )
    return Reading(None, candidates=((Legacy.TCVN3, found.text), (Legacy.TCVN3, with_u)))


def find_garbled(session: Session) -> RepairPlan:
    """Every live name (people, units, households, award history) that reads as Vietnamese in a
    legacy encoding and not as stored."""
    plan = RepairPlan()
    people = session.execute(
        select(
            Individual.id,
            Individual.family_name,
            Individual.middle_name,
            Individual.given_name,
            Individual.position,
        )
        .where(Individual.deleted_at.is_(None))
        .order_by(Individual.id)
    )
    for pid, family, middle, given, position in people:
        parts = (family, middle, given)
        _judge_parts(plan, "individuals", pid, list(zip(_INDIVIDUAL_PARTS, parts, strict=True)))
        if position:
            _judge_parts(plan, "individuals", pid, [("position", position)])
    for uid, name, short in session.execute(
        select(Unit.id, Unit.name, Unit.short_name).where(Unit.deleted_at.is_(None)).order_by(Unit.id)
    ):
        _judge_parts(plan, "units", uid, [("name", name)])
        if short:
            _judge_parts(plan, "units", uid, [("short_name", short)])
    for hid, head in session.execute(
        select(Household.id, Household.head_name).where(Household.deleted_at.is_(None)).order_by(Household.id)
    ):
        _judge_parts(plan, "households", hid, [("head_name", head)])
    # Award history imported from old lists keeps the names as written at the time.
    for aid, recipient, award in session.execute(
        select(AwardRecord.id, AwardRecord.recipient_name, AwardRecord.award_name)
        .where(AwardRecord.deleted_at.is_(None))
        .order_by(AwardRecord.id)
    ):
        _judge_parts(plan, "awards", aid, [("recipient_name", recipient)])
        _judge_parts(plan, "awards", aid, [("award_name", award)])
    _settle_by_majority(plan)
    return plan


# A database garbled by old imports is garbled in one font: a name that reads as Vietnamese in
# TCVN3 and in VNI follows the encoding of every other repair, when there are enough of them.
_MAJORITY_MIN = 5


def _settle_by_majority(plan: RepairPlan) -> None:
    encodings = {r.encoding for r in plan.repairs}
    if len(encodings) != 1 or plan.records < _MAJORITY_MIN:
        return
    (only,) = encodings
    still: list[UndecidedText] = []
    for u in plan.undecided:
        matching = [text for encoding, text in u.readings if encoding is only]
        if len(matching) == 1 and len({e for e, _ in u.readings}) > 1:
            _add_repairs(plan, u.table, u.record_id, u.parts, Reading(only, matching[0]))
        else:
            still.append(u)
    plan.undecided = still


def _judge_parts(plan: RepairPlan, table: str, record_id: int, parts: Sequence[tuple[str, str]]) -> None:
    """Judge the parts of one name together (a name is typed in one font) and split the reading
    back by word counts: the encodings never add or remove a space."""
    filled = [(name, value or "") for name, value in parts if (value or "").strip()]
    whole = " ".join(v for _, v in filled)
    found = reading(whole)
    if found is None:
        return
    if found.encoding is None:
        fields = "+".join(n for n, _ in filled)
        plan.undecided.append(UndecidedText(table, record_id, fields, whole, found.candidates, tuple(parts)))
        return
    _add_repairs(plan, table, record_id, parts, found)


def _add_repairs(
    plan: RepairPlan, table: str, record_id: int, parts: Sequence[tuple[str, str]], found: Reading
) -> None:
    assert found.encoding is not None
    filled = [(name, value or "") for name, value in parts if (value or "").strip()]
    encoding = found.encoding
    words = found.text.split(" ")
    news = []
    for _name, value in filled:
        n = len(value.split(" "))
        news.append(" ".join(words[:n]))
        words = words[n:]
    # Honorifics were not recognised in the legacy text ("¤ng NguyÔn V¨n §øc" stored "¤ng" as the
    # family name): split the repaired name as an import of it would.
    honorific = strip_honorific(found.text) != found.text
    if table == "individuals" and len(parts) == len(_INDIVIDUAL_PARTS) and honorific:
        filled = [(name, value or "") for name, value in parts]
        news = list(split_full_name(found.text))
    for (name, value), new in zip(filled, news, strict=True):
        if new != value:
            restored = found.restored_u and fold(new) != fold(decode(value, encoding))
            plan.repairs.append(TextRepair(table, record_id, name, value, new, encoding, restored))


def apply_repairs(session: Session, repairs: Iterable[TextRepair]) -> int:
    """Write ``repairs`` through the ORM; ConflictError (nothing written by the caller's rollback)
    when a field no longer holds what was shown. Returns how many records changed."""
    touched: set[tuple[str, int]] = set()
    for r in repairs:
        record = session.get(_TABLES[r.table], r.record_id)
        if record is None or getattr(record, r.field) != r.before:
            raise ConflictError(
                _("Record #{id} changed since the repair was listed; list the repairs again.").format(
                    id=r.record_id
                )
            )
        setattr(record, r.field, r.after)
        touched.add((r.table, r.record_id))
    session.flush()
    if touched:
        log_summary(
            session,
            "update",
            "text",
            _("Names converted from old Vietnamese encodings: {n} records.").format(n=len(touched)),
        )
    return len(touched)
