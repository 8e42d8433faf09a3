"""Small builders for the rules tests: awards, ratings, initiatives and a campaign offering a form."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from emudesk.db.models import Initiative
from emudesk.domain.enums import AwardLevel, AwardType, CampaignKind, Rating, SubjectKind
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import CampaignDef, OfferedFormDef
from emudesk.services.core.common import SubjectRef
from emudesk.services.register import awards, individuals

IND, UNIT, HH = SubjectKind.INDIVIDUAL, SubjectKind.UNIT, SubjectKind.HOUSEHOLD


def give(
    s: Session, kind: SubjectKind, sid: int, code: str, year: int, award_type: AwardType | None = None
) -> int:
    """An award of ``code`` for ``year``, decided early the next year."""
    signed = date(year + 1, 1, 15)
    return awards.create_award(
        s,
        awards.AwardInput(
            subject=SubjectRef(kind, sid),
            year=year,
            award_form_code=code,
            decision_number=f"{year % 100 + 10}/QĐ-UBND",
            decision_date=signed if signed <= date.today() else None,
            award_type=award_type,
        ),
    )


def rate(
    s: Session, year: int, rating: Rating, *, individual: int | None = None, unit: int | None = None
) -> None:
    individuals.set_rating(s, year=year, rating=rating, individual_id=individual, unit_id=unit)


def initiative(s: Session, person: int, year: int, scope: AwardLevel = AwardLevel.GRASSROOTS) -> int:
    row = Initiative(
        individual_id=person,
        title=f"Sáng kiến {year}",
        year=year,
        scope_level=scope,
        recognized_by="Hội đồng sáng kiến",
        recognition_ref=f"{year % 100}/QĐ-HĐSK",
        recognized_on=date(year, 11, 20),
    )
    s.add(row)
    s.flush()
    return row.id


def campaign(s: Session, *codes: str, title: str = "Thi đua thường xuyên năm 2025") -> int:
    """A regular campaign offering ``codes`` to individuals and collectives, without quotas."""
    return campaigns.create_campaign(
        s,
        CampaignDef(
            title=title,
            kind=CampaignKind.REGULAR,
            offered_forms=[OfferedFormDef(c, True, True, True) for c in codes],
        ),
    )
