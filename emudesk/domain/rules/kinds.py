"""The typed rule kinds: one frozen dataclass of parameters per kind, parsed from and dumped to JSON.

Rules are stored with their parameters as JSON so staff can add a province's
rules without code; every read and write goes through ``parse_params`` so a
stored rule is always one of these shapes, never a free-form expression.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Union

from emudesk.domain.enums import AwardLevel, AwardType, DisciplineForm, DisciplineKind, Rating
from emudesk.domain.errors import ValidationError
from emudesk.domain.rules.enums import CompositionScope, Ending, RuleKind
from emudesk.i18n import _


@dataclasses.dataclass(frozen=True)
class HistoryStreak:
    """``years`` consecutive years holding one of ``awards``, ending with the year judged (or before)."""

    awards: tuple[str, ...]
    years: int
    ending: Ending = Ending.THIS_YEAR


@dataclasses.dataclass(frozen=True)
class Prerequisite:
    """``count`` earlier awards of ``awards``; ``max_gap_years`` apart at most makes them consecutive."""

    awards: tuple[str, ...]
    count: int = 1
    within_years: int | None = None
    max_gap_years: int | None = None
    ending: Ending = Ending.THIS_YEAR


@dataclasses.dataclass(frozen=True)
class RatingRule:
    """Rated ``min_rating`` or better for ``years`` years; optionally with initiatives in those years."""

    min_rating: Rating
    years: int = 1
    ending: Ending = Ending.THIS_YEAR
    with_initiatives: int = 0
    initiative_scope: AwardLevel = AwardLevel.GRASSROOTS


@dataclasses.dataclass(frozen=True)
class InitiativeRule:
    """``count`` recognised initiatives of scope ``min_scope`` or wider within the last ``years`` years."""

    min_scope: AwardLevel = AwardLevel.GRASSROOTS
    count: int = 1
    years: int = 1


@dataclasses.dataclass(frozen=True)
class Composition:
    """Members of a collective in the year: a share (``min_percent``) or number (``min_count``) with one of
    ``awards`` or rated ``min_rating`` or better; ``strict`` means "more than" instead of "at least"."""

    awards: tuple[str, ...] = ()
    min_rating: Rating | None = None
    min_percent: Decimal | None = None
    min_count: int | None = None
    strict: bool = False


@dataclasses.dataclass(frozen=True)
class DisciplineBlock:
    """No award while a case of ``pending_kinds`` is open, nor for a year touched by discipline of
    ``min_form`` or worse; ``scope`` members applies the discipline part to a collective's members."""

    scope: CompositionScope = CompositionScope.SUBJECT
    pending_kinds: tuple[DisciplineKind, ...] = (
        DisciplineKind.UNDER_REVIEW,
        DisciplineKind.INVESTIGATION,
        DisciplineKind.COMPLAINT,
    )
    min_form: DisciplineForm = DisciplineForm.REPRIMAND


@dataclasses.dataclass(frozen=True)
class VoteThreshold:
    """Votes for ≥ ``min_percent`` of all council members (not of those present).

    ``written_counts``: an absent member's written opinion is a ballot. NĐ 98/2023 Điều 30 khoản 7 and
    NĐ 152/2025 have absent members vote in writing, so it is the default; a regulation that wants
    ballots only from those in the room sets it false.
    """

    min_percent: Decimal
    written_counts: bool = True


@dataclasses.dataclass(frozen=True)
class Quorum:
    """A session may decide awards when ≥ ``min_present_percent`` of members attend
    (``written_counts``: written opinions of absent members count as attendance)."""

    min_present_percent: Decimal
    written_counts: bool = False


@dataclasses.dataclass(frozen=True)
class QuotaRule:
    """At most ``percent`` % of the unit's holders of ``base`` may get the award (or ``awards``)."""

    percent: Decimal
    base: tuple[str, ...]
    awards: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class SingleGround:
    """One achievement, one initiative, and (for yearly titles) one year's results ground one award."""

    achievement: bool = True
    initiative: bool = True
    same_year: bool = True


@dataclasses.dataclass(frozen=True)
class HistoryBasis:
    """Only awards of ``count_types`` count in history checks (đột xuất and chuyên đề never do)."""

    count_types: tuple[AwardType, ...] = (AwardType.MERIT,)


@dataclasses.dataclass(frozen=True)
class CashReward:
    """Cash = coefficient × lương cơ sở rounded up to ``round_up_to``; households: × ``household_factor``."""

    round_up_to: int = 10_000
    household_factor: Decimal = Decimal("1.5")


@dataclasses.dataclass(frozen=True)
class Manual:
    """A criterion only a person can judge; ``decisive`` ones leave the verdict open."""

    text: str
    decisive: bool = False


Params = (
    HistoryStreak
    | Prerequisite
    | RatingRule
    | InitiativeRule
    | Composition
    | DisciplineBlock
    | VoteThreshold
    | Quorum
    | QuotaRule
    | SingleGround
    | HistoryBasis
    | CashReward
    | Manual
)

PARAM_CLASSES: dict[RuleKind, type[Any]] = {
    RuleKind.HISTORY_STREAK: HistoryStreak,
    RuleKind.PREREQUISITE: Prerequisite,
    RuleKind.RATING: RatingRule,
    RuleKind.INITIATIVE: InitiativeRule,
    RuleKind.COMPOSITION: Composition,
    RuleKind.DISCIPLINE_BLOCK: DisciplineBlock,
    RuleKind.VOTE_THRESHOLD: VoteThreshold,
    RuleKind.QUORUM: Quorum,
    RuleKind.QUOTA: QuotaRule,
    RuleKind.SINGLE_GROUND: SingleGround,
    RuleKind.HISTORY_BASIS: HistoryBasis,
    RuleKind.CASH_REWARD: CashReward,
    RuleKind.MANUAL: Manual,
}

# Kinds that say something about a subject; the others feed the council, the history filter or cash.
SUBJECT_KINDS: frozenset[RuleKind] = frozenset(
    {
        RuleKind.HISTORY_STREAK,
        RuleKind.PREREQUISITE,
        RuleKind.RATING,
        RuleKind.INITIATIVE,
        RuleKind.COMPOSITION,
        RuleKind.DISCIPLINE_BLOCK,
        RuleKind.VOTE_THRESHOLD,
        RuleKind.QUOTA,
        RuleKind.SINGLE_GROUND,
        RuleKind.MANUAL,
    }
)

_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


class _BadValueError(Exception):
    pass


def _coerce(value: Any, tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _coerce(value, options[0])
    if value is None:
        raise _BadValueError(_("a value is required"))
    if origin is tuple:
        (item_type, _ellipsis) = typing.get_args(tp)
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise _BadValueError(_("a list is expected"))
        return tuple(_coerce(v, item_type) for v in value)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(m.value for m in tp)
            raise _BadValueError(
                _("“{value}” is not one of: {allowed}").format(value=value, allowed=allowed)
            ) from None
    if tp is bool:
        if not isinstance(value, bool):
            raise _BadValueError(_("true or false is expected"))
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _BadValueError(_("a whole number of at least 0 is expected"))
        return value
    if tp is Decimal:
        if isinstance(value, bool):
            raise _BadValueError(_("a number is expected"))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise _BadValueError(_("a number is expected")) from None
        if not number.is_finite() or number < 0:
            raise _BadValueError(_("a number of at least 0 is expected"))
        return number
    if tp is str:
        if not isinstance(value, str) or not value.strip():
            raise _BadValueError(_("a text is expected"))
        return value.strip()
    raise _BadValueError(repr(tp))  # a parameter type this parser does not know: a programming error


def parse_params(kind: RuleKind, raw: dict[str, Any] | None) -> Params:
    """Build the typed parameters of ``kind`` from JSON, or raise ValidationError saying what is wrong."""
    cls = PARAM_CLASSES[kind]
    data = dict(raw or {})
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValidationError(
            _("A “{kind}” rule has no parameter “{name}” (allowed: {allowed}).").format(
                kind=kind.label, name=unknown[0], allowed=", ".join(sorted(names))
            ),
            fields={"params": unknown[0]},
        )
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ValidationError(
                    _("The “{kind}” rule needs the parameter “{name}”.").format(kind=kind.label, name=f.name),
                    fields={"params": f.name},
                )
            continue
        try:
            values[f.name] = _coerce(data[f.name], hints[f.name])
        except _BadValueError as exc:
            raise ValidationError(
                _("Parameter “{name}” of the “{kind}” rule: {problem}.").format(
                    name=f.name, kind=kind.label, problem=exc
                ),
                fields={"params": f.name},
            ) from None
    params = cls(**values)
    _check(kind, params)
    return typing.cast(Params, params)


def _check(kind: RuleKind, p: Any) -> None:
    def bad(message: str) -> ValidationError:
        return ValidationError(
            _("The “{kind}” rule: {problem}").format(kind=kind.label, problem=message), fields={"params": "?"}
        )

    if isinstance(p, HistoryStreak | Prerequisite) and not p.awards:
        raise bad(_("name at least one award form."))
    if isinstance(p, HistoryStreak | RatingRule) and p.years < 1:
        raise bad(_("the number of years must be at least 1."))
    if isinstance(p, Prerequisite | InitiativeRule) and p.count < 1:
        raise bad(_("the number must be at least 1."))
    if isinstance(p, Composition):
        if bool(p.awards) == (p.min_rating is not None):
            raise bad(_("give either award forms or a minimum rating, not both."))
        if p.min_percent is None and p.min_count is None:
            raise bad(_("give a minimum share or a minimum number of members."))
    percent = getattr(p, "min_percent", None) or getattr(p, "min_present_percent", None)
    percent = percent if percent is not None else getattr(p, "percent", None)
    if isinstance(percent, Decimal) and percent > 100:
        raise bad(_("a percentage cannot exceed 100."))
    if isinstance(p, QuotaRule) and not p.base:
        raise bad(_("name the base award forms of the ratio."))
    if isinstance(p, CashReward) and p.round_up_to < 1:
        raise bad(_("the rounding step must be at least 1 đồng."))


def dump_params(params: Params) -> dict[str, Any]:
    """JSON for storage: enums as values, tuples as lists, numbers as int or float."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(params):
        out[f.name] = _jsonable(getattr(params, f.name))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
