"""The demo's lower office (``emudesk demo --office district``): a commune below the province demo.

It trusts the province and the province trusts it; it holds the province's campaign plans as a
real package brought them (so both offices work against the same quotas), its own small register
(the commune's units and staff with achievements and evidence) and files for the open round,
voted by its council, ready to send up with ``emudesk exchange export``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from emudesk.db.models import AwardForm, Campaign, OfferedForm, Unit
from emudesk.domain.enums import CampaignStatus, Gender, NominationStatus, SubjectKind
from emudesk.domain.errors import ConflictError, EmudeskError, NotFoundError
from emudesk.i18n import _
from emudesk.services.campaigns import achievements
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.demo.votes import seed_votes
from emudesk.services.exchange import exporting, importing, office
from emudesk.services.exchange.package import open_package
from emudesk.services.nominations import workflow
from emudesk.services.register import individuals, units

DISTRICT_OFFICE = "UBND xã Vũ Thư"
_STAFF = (
    ("Nguyễn", "Văn", "Hùng", Gender.MALE, date(1979, 3, 14), "Chủ tịch UBND xã"),
    ("Trần", "Thị", "Lan", Gender.FEMALE, date(1986, 9, 2), "Công chức Văn phòng - Thống kê"),
    ("Phạm", "Đức", "Thắng", Gender.MALE, date(1990, 1, 25), "Công chức Tư pháp - Hộ tịch"),
    ("Vũ", "Thị", "Hằng", Gender.FEMALE, date(1992, 6, 30), "Công chức Địa chính - Xây dựng"),
)
_OVERRIDE = "Hội đồng Thi đua - Khen thưởng xã đã xét, đề nghị cấp trên khen thưởng"


@dataclass
class DistrictSummary:
    office: str
    campaigns: int
    people: int
    nominations: int
    notes: list[str] = field(default_factory=list)


def _pair(upper: Store, lower: Store) -> None:
    with lower.write() as s:
        office.ensure_office(s, DISTRICT_OFFICE)
        lower_key = office.export_key(s)
    with upper.read() as s:
        upper_key = office.export_key(s)
    with lower.write() as s:
        office.trust(s, upper_key)
    with upper.write() as s:
        office.trust(s, lower_key)


def _open_round(lower: Store) -> tuple[int, str] | None:
    """The active campaign the province offers a Bằng khen in, and that form's code."""
    with lower.read() as s:
        rows = s.execute(
            select(Campaign.id, AwardForm.code)
            .join(OfferedForm, OfferedForm.campaign_id == Campaign.id)
            .join(AwardForm, AwardForm.id == OfferedForm.award_form_id)
            .where(Campaign.status == CampaignStatus.ACTIVE, AwardForm.for_individuals.is_(True))
            .order_by(Campaign.id.desc(), AwardForm.sort_order)
        ).all()
    preferred = [r for r in rows if r[1] == "BK_TINH"] or list(rows)
    return (preferred[0][0], preferred[0][1]) if preferred else None


def _register(lower: Store, evidence: Path, round_: tuple[int, str] | None) -> tuple[int, int, list[str]]:
    notes: list[str] = []
    with lower.write() as s:
        commune = units.create_unit(s, units.UnitInput(name=DISTRICT_OFFICE, kind_code="ubnd_xa"))
        office_unit = units.create_unit(
            s,
            units.UnitInput(
                name="Văn phòng HĐND và UBND xã", kind_code="don_vi_truc_thuoc", parent_id=commune
            ),
        )
        people = [
            individuals.create_individual(
                s,
                individuals.IndividualInput(
                    family_name=f,
                    middle_name=m,
                    given_name=g,
                    gender=gender,
                    birth_date=born,
                    unit_id=office_unit,
                    position=position,
                ),
            )
            for f, m, g, gender, born, position in _STAFF
        ]
    nominated: list[int] = []
    if round_ is None:
        notes.append(_("The province demo has no open campaign; no nominations were drafted."))
        return len(people), 0, notes
    campaign_id, code = round_
    with lower.write() as s:
        form_id = s.scalar(select(AwardForm.id).where(AwardForm.code == code))
        assert form_id is not None
        for pid in people[:3]:
            ref = SubjectRef(SubjectKind.INDIVIDUAL, pid)
            ach = achievements.create_achievement(
                s,
                achievements.AchievementInput(
                    subject=ref,
                    campaign_id=campaign_id,
                    year=date.today().year,
                    title="Hoàn thành xuất sắc nhiệm vụ năm",
                    summary="Dẫn đầu xã về chuyển đổi số: 100 % hồ sơ một cửa được số hóa, "
                    "không có hồ sơ trễ hạn.",
                ),
            )
            achievements.add_evidence(s, ach, evidence)
            try:
                with s.begin_nested():
                    nominated.append(
                        workflow.create_nomination(
                            s,
                            workflow.NominationInput(
                                subject=ref,
                                campaign_id=campaign_id,
                                award_form_id=form_id,
                                proposing_unit_id=commune,
                                year=date.today().year,
                                summary="Có thành tích xuất sắc trong phong trào thi đua",
                                achievement_id=ach,
                            ),
                        )
                    )
            except EmudeskError as exc:
                notes.append(exc.message)
    steps: tuple[tuple[NominationStatus, dict[str, object]], ...] = (
        (NominationStatus.SUBMITTED, {}),
        (NominationStatus.APPRAISED, {"override_reason": _OVERRIDE}),
    )
    for status, extra in steps:
        try:
            with lower.write() as s:
                workflow.transition(s, nominated, status, **extra)  # type: ignore[arg-type]
        except EmudeskError as exc:
            notes.append(exc.message)
            break
    else:
        with lower.write() as s:  # the commune council's vote, a past session the demo does not build
            seed_votes(s, nominated, workflow.Votes(7, 0, 0, 7))
    return len(people), len(nominated), notes


def build_district(upper: Store, lower: Store) -> DistrictSummary:
    """Make ``lower`` (a new database) the commune below the province demo ``upper``.

    Raises:
        NotFoundError: ``upper`` is not an office (not a demo database).
        PackageRefusedError / EmudeskError: the plans could not be brought over (nothing kept).
    """
    with upper.read() as s:
        if not office.has_office(s):
            raise NotFoundError(
                _("{db} is not an office; build the province demo first (emudesk demo).").format(
                    db=upper.display_name
                )
            )
    with lower.read() as s:
        if s.scalar(select(func.count()).select_from(Unit)):
            raise ConflictError(_("The database already has units; build the demo in a new database file."))
    _pair(upper, lower)
    with tempfile.TemporaryDirectory(prefix="emudesk-district-") as folder:
        plans = Path(folder) / "ke-hoach.emx"
        with upper.write() as s:
            exporting.export_package(s, plans, to=DISTRICT_OFFICE)
        with lower.write() as s:
            package = open_package(s, plans)
            result = importing.apply(s, package, importing.preview(s, package))
        evidence = Path(folder) / "bien-ban-hop-hoi-dong.pdf"
        evidence.write_bytes(_EVIDENCE)
        people, nominations, notes = _register(lower, evidence, _open_round(lower))
    notes = [f"{o.label}: {o.reason}" for o in result.refused] + notes
    received = sum(o.section == "campaigns" and o.outcome == importing.ACCEPTED for o in result.outcomes)
    return DistrictSummary(DISTRICT_OFFICE, received, people, nominations, notes)


# A one-page PDF standing for the minutes of the commune council's meeting.
_EVIDENCE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
