"""The plain facts the engine judges: a subject's awards, ratings, discipline, initiatives, members.

The service layer gathers these in a few bulk queries; the engine never
touches the database, so every rule kind is tested on hand-made facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from emudesk.domain.enums import (
    AwardLevel,
    AwardStatus,
    AwardType,
    DisciplineForm,
    DisciplineKind,
    Rating,
    SubjectKind,
)


# Facts are built by the hundred thousand for a run over the register: plain slotted classes,
# not frozen ones, whose __init__ costs several times more.
@dataclass(slots=True)
class AwardFact:
    """An award held (or, with ``pending``, a nomination for it still in the workflow).

    Attributes:
        code: the award form's code ("" for awards entered by name only).
        decision: the decision number as written, for messages.
        nomination_id: the nomination it came from (or is, when pending).
    """

    year: int
    code: str
    award_type: AwardType = AwardType.MERIT
    status: AwardStatus = AwardStatus.VALID
    decision: str = ""
    pending: bool = False
    nomination_id: int | None = None


@dataclass(frozen=True, slots=True)
class DisciplineFact:
    """A discipline decision or an open review, investigation or complaint, with its period."""

    kind: DisciplineKind
    form: DisciplineForm | None
    start: date
    end: date | None = None
    ref: str = ""

    def overlaps_year(self, year: int) -> bool:
        return self.start <= date(year, 12, 31) and (self.end is None or self.end >= date(year, 1, 1))

    def open_on(self, on: date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


@dataclass(frozen=True, slots=True)
class InitiativeFact:
    """A sáng kiến or research topic; ``used_by`` lists other nominations it already grounds."""

    id: int
    title: str
    year: int
    scope: AwardLevel
    recognized: bool = True
    used_by: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MemberFact:
    """A member of a collective during the year judged: that year's awards, rating and discipline."""

    id: int
    name: str
    awards: tuple[AwardFact, ...] = ()
    rating: Rating | None = None
    discipline: tuple[DisciplineFact, ...] = ()


@dataclass(slots=True)
class SubjectFacts:
    """Everything the rules look at for one subject.

    Attributes:
        awards: awards of the forms the rules name (all years needed), and pending nominations.
        ratings: yearly assessment by year.
        members: the collective's members in the year judged (None for individuals and households).
        unit_name/unit_counts: the unit a ratio cap counts in, and per form code the awards and places
            already held there in the year (this subject excluded).
    """

    kind: SubjectKind
    id: int
    name: str
    awards: tuple[AwardFact, ...] = ()
    ratings: Mapping[int, Rating] = field(default_factory=dict)
    discipline: tuple[DisciplineFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    members: tuple[MemberFact, ...] | None = None
    unit_name: str = ""
    unit_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class VoteFacts:
    """A council tally: ballots for, against and invalid, out of all council members."""

    votes_for: int
    votes_against: int
    votes_invalid: int
    council_size: int


@dataclass(frozen=True)
class Case:
    """What is being judged: an award for a year, on the day the file was received.

    Attributes:
        names: award form names by code, for messages.
        yearly: the award is a yearly title (one per year and subject).
        recorded_years: per form code, the years for which the register already holds that form for
            anyone; a missing current year is "not decided yet" only while nobody has it recorded.
        achievement_used_by: other nominations already grounded on this nomination's achievement.
        initiative: the initiative this nomination is grounded on, if any.
    """

    award_code: str
    year: int
    on: date
    names: Mapping[str, str] = field(default_factory=dict)
    yearly: bool = False
    recorded_years: Mapping[str, frozenset[int]] = field(default_factory=dict)
    nomination_id: int | None = None
    achievement_used_by: tuple[int, ...] = ()
    initiative: InitiativeFact | None = None
    votes: VoteFacts | None = None

    @property
    def award_name(self) -> str:
        return self.names.get(self.award_code, self.award_code)

    def name_of(self, codes: tuple[str, ...] | frozenset[str]) -> str:
        return " / ".join(self.names.get(c, c) for c in codes)

    def recorded(self, codes: tuple[str, ...], year: int) -> bool:
        return any(year in self.recorded_years.get(c, frozenset()) for c in codes)
