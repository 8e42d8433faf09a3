"""Demo achievements: communes and people of the NTM plan (104/KH-UBND), ticked against its criteria.

The demo attaches no evidence files; ``docs/screenshots/render.py`` attaches some for the README's
picture.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Campaign, Criterion, Individual, Unit, UnitKind
from emudesk.domain.enums import SubjectKind
from emudesk.services.campaigns.achievements import AchievementInput, create_achievement
from emudesk.services.core.common import SubjectRef

_COMMUNE_SAMPLES: tuple[tuple[str, str, tuple[str, ...], dict[str, Any]], ...] = (
    (
        "Đạt chuẩn nông thôn mới nâng cao năm 2023",
        "Hoàn thành 19/19 tiêu chí nông thôn mới nâng cao; không nợ đọng xây dựng cơ bản.",
        (
            "Đạt chuẩn nông thôn mới nâng cao",
            "Không nợ đọng xây dựng cơ bản trong xây dựng nông thôn mới nâng",
        ),
        {
            "Thu nhập bình quân": {"value": 72.5, "unit": "triệu đồng/người/năm"},
            "Tỷ lệ hộ nghèo": {"value": 0.8, "unit": "%"},
        },
    ),
    (
        "Xã nông thôn mới kiểu mẫu",
        "Mô hình khu dân cư kiểu mẫu ở 5/7 thôn; đường giao thông nông thôn được cứng hóa 100%.",
        ("Đạt chuẩn nông thôn mới kiểu mẫu",),
        {"Thôn đạt khu dân cư kiểu mẫu": {"value": 5, "unit": "thôn"}},
    ),
    (
        "Dẫn đầu huyện về nâng cao chất lượng tiêu chí",
        "Nâng cao chất lượng tiêu chí môi trường và an toàn thực phẩm; 3 sản phẩm OCOP 3 sao.",
        ("Là xã có kết quả nâng cao chất lượng tiêu chí",),
        {"Sản phẩm OCOP 3 sao trở lên": {"value": 3, "unit": "sản phẩm"}},
    ),
)
_PERSON_SAMPLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "Hiến đất làm đường giao thông liên thôn",
        "Tự nguyện hiến 320 m² đất và vận động 12 hộ cùng tham gia.",
        {"Diện tích đất hiến": {"value": 320, "unit": "m²"}},
    ),
    (
        "Tham mưu cơ chế hỗ trợ xây dựng nông thôn mới kiểu mẫu",
        "Chủ trì soạn thảo hướng dẫn tiêu chí thôn kiểu mẫu, áp dụng tại 40 thôn.",
        {"Thôn áp dụng": {"value": 40, "unit": "thôn"}},
    ),
)


def build(session: Session) -> int:
    """Add the demo achievements; returns how many."""
    campaign = session.scalar(select(Campaign.id).where(Campaign.plan_number == "104"))
    if campaign is None:
        return 0
    criteria = list(
        session.execute(select(Criterion.id, Criterion.text).where(Criterion.campaign_id == campaign))
    )
    communes = list(
        session.scalars(
            select(Unit.id)
            .join(UnitKind, UnitKind.id == Unit.kind_id)
            .where(UnitKind.code == "ubnd_xa", Unit.valid_to.is_not(None))
            .order_by(Unit.id)
            .limit(len(_COMMUNE_SAMPLES))
        )
    )
    people = list(
        session.scalars(
            select(Individual.id)
            .where(Individual.position.like("%UBND xã%"))
            .order_by(Individual.id)
            .limit(2)
        )
    )

    def ticked(prefixes: tuple[str, ...]) -> list[int]:
        return [cid for cid, text in criteria if text.startswith(prefixes)]

    count = 0
    for unit_id, (title, summary, prefixes, figures) in zip(communes, _COMMUNE_SAMPLES, strict=False):
        create_achievement(
            session,
            AchievementInput(
                subject=SubjectRef(SubjectKind.UNIT, unit_id),
                campaign_id=campaign,
                year=2023,
                title=title,
                summary=summary,
                criterion_ids=ticked(prefixes),
                figures=figures,
            ),
        )
        count += 1
    for person, (title, summary, figures) in zip(people, _PERSON_SAMPLES, strict=False):
        create_achievement(
            session,
            AchievementInput(
                subject=SubjectRef(SubjectKind.INDIVIDUAL, person),
                campaign_id=campaign,
                year=2023,
                title=title,
                summary=summary,
                criterion_ids=ticked(("Tích cực đóng góp", "Cán bộ, công chức")),
                figures=figures,
            ),
        )
        count += 1
    return count
