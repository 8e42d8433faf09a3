"""What every part of the demo builder shares: the story's dates, the sizes and the builder's base.

The builder is one class in layers, in build order: ``UnitBuilder`` extends ``BuilderBase``,
``PeopleBuilder`` extends it, ``DemoBuilder`` extends that, and ``ProvinceBuilder`` scales it up.
All draw from one seeded generator, so the order of the draws is what keeps a seed's data set.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.base import new_uuid, utcnow
from emudesk.db.models import AwardForm

MERGER = date(2025, 7, 1)
OLD_END = MERGER - timedelta(days=1)
FIRST_YEAR = 2016
LAST_YEAR = 2025

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DemoSize:
    """How big a demo to build. ``province`` is the scale of a merged province's register."""

    name: str
    individuals: int
    households: int
    districts: int
    communes_per_district: int
    villages_per_commune: int
    divisions_per_department: int
    # Share of person-years whose awards are on record (a province's register is sparser).
    history_share: float = 1.0


SIZES: dict[str, DemoSize] = {
    "demo": DemoSize("demo", 2000, 300, 8, 6, 3, 5),
    # ~5,000 units, 100,000 people, 20,000 households, ~300,000 awards (built by province.ProvinceBuilder).
    "province": DemoSize("province", 100_000, 20_000, 18, 25, 8, 12, history_share=0.3),
}


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)


def stamp() -> dict[str, Any]:
    """The columns every bulk-inserted row needs and the ORM would otherwise fill in."""
    now = utcnow()
    return {"uuid": new_uuid(), "created_at": now, "updated_at": now}


class BuilderBase:
    """The state all parts share: one session, one size and one seeded generator, drawn in build order."""

    def __init__(self, session: Session, size: DemoSize, seed: int, progress: Progress | None) -> None:
        self.s = session
        self.size = size
        self.rng = random.Random(seed)
        self.progress = progress or (lambda _d, _t, _m: None)
        self.forms: dict[str, AwardForm] = {f.code: f for f in session.scalars(select(AwardForm))}
        self.summary = DemoSummary()
