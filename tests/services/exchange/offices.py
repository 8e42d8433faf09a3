"""Two offices for the exchange tests: a province (Sở Nội vụ) and a commune below it, each a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from emudesk.db.models import Campaign
from emudesk.domain.enums import CampaignKind, Gender, NominationStatus, SubjectKind
from emudesk.services.campaigns import achievements, plans
from emudesk.services.campaigns.definition import CampaignDef, OfferedFormDef, QuotaDef
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.exchange import exporting, importing, office
from emudesk.services.exchange.package import open_package
from emudesk.services.nominations import workflow
from tests.factories import council_vote, form_id, person, unit

S = NominationStatus
OVERRIDE = "Hội đồng đã xem xét hồ sơ"


@dataclass
class Offices:
    folder: Path
    upper: Store
    lower: Store
    campaign_uuid: str = ""

    def close(self) -> None:
        self.upper.close()
        self.lower.close()

    def package(self, name: str) -> Path:
        return self.folder / name


def make_offices(folder: Path) -> Offices:
    upper = Store.open(folder / "tinh.sqlite3", create=True)
    lower = Store.open(folder / "xa.sqlite3", create=True)
    with upper.write() as s:
        office.init_office(s, "Sở Nội vụ tỉnh Hưng Yên")
    with lower.write() as s:
        office.init_office(s, "UBND xã Vũ Thư")
    with upper.read() as s:
        upper_key = office.export_key(s)
    with lower.read() as s:
        lower_key = office.export_key(s)
    with upper.write() as s:
        office.trust(s, lower_key)
    with lower.write() as s:
        office.trust(s, upper_key)
    return Offices(folder, upper, lower)


def add_commune(offices: Offices, name: str) -> Store:
    """Another office below the province, each trusting the other."""
    store = Store.open(offices.folder / f"{len(list(offices.folder.glob('*.sqlite3')))}.sqlite3", create=True)
    with store.write() as s:
        office.init_office(s, name)
        key = office.export_key(s)
    with offices.upper.read() as s:
        upper_key = office.export_key(s)
    with store.write() as s:
        office.trust(s, upper_key)
    with offices.upper.write() as s:
        office.trust(s, key)
    return store


def province_campaign(offices: Offices, *, limit: int = 2) -> int:
    """The province's plan: Bằng khen of the Chairman, at most ``limit`` across the campaign."""
    with offices.upper.write() as s:
        cid = plans.create_campaign(
            s,
            CampaignDef(
                title="Thi đua thực hiện chuyển đổi số năm 2026",
                kind=CampaignKind.THEMATIC,
                offered_forms=[OfferedFormDef("BK_TINH", True, True, False)],
                quotas=[QuotaDef("Bằng khen của Chủ tịch UBND tỉnh", ["BK_TINH"], limit=limit)],
            ),
        )
        offices.campaign_uuid = s.get(Campaign, cid).uuid  # type: ignore[union-attr]
        return cid


def send(source: Store, target_path: Path, **kw: object) -> exporting.ExportResult:
    with source.write() as s:
        return exporting.export_package(s, target_path, **kw)  # type: ignore[arg-type]


def receive(
    store: Store,
    path: Path,
    resolution: importing.Resolution | None = None,
    *,
    receipt: Path | None = None,
    dry_run: bool = False,
) -> importing.ImportResult:
    with store.write() as s:
        package = open_package(s, path)
        pv = importing.preview(s, package)
        result = importing.apply(s, package, pv, resolution, dry_run=dry_run)
        if receipt is not None:
            importing.write_receipt(s, result, receipt)
        return result


def local_campaign(store: Store, campaign_uuid: str) -> int:
    with store.read() as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.uuid == campaign_uuid))
    assert cid is not None
    return cid


@dataclass
class Commune:
    unit: int
    people: list[int]
    nominations: list[int]


def commune_dossiers(offices: Offices, evidence: Path, names: list[str]) -> Commune:
    """The commune's staff nominated for the province's campaign: filed, appraised and voted here."""
    cid = local_campaign(offices.lower, offices.campaign_uuid)
    with offices.lower.write() as s:
        commune = unit(s, "UBND xã Vũ Thư", "ubnd_xa")
        people = [
            person(s, n, commune, gender=Gender.FEMALE if "Thị" in n else Gender.MALE, position="Công chức")
            for n in names
        ]
        ids: list[int] = []
        for pid in people:
            ach = achievements.create_achievement(
                s,
                achievements.AchievementInput(
                    subject=SubjectRef(SubjectKind.INDIVIDUAL, pid),
                    campaign_id=cid,
                    year=2026,
                    title="Số hóa hồ sơ một cửa",
                    summary="Hoàn thành số hóa 100 % hồ sơ thủ tục hành chính của xã.",
                ),
            )
            achievements.add_evidence(s, ach, evidence)
            ids.append(
                workflow.create_nomination(
                    s,
                    workflow.NominationInput(
                        subject=SubjectRef(SubjectKind.INDIVIDUAL, pid),
                        campaign_id=cid,
                        award_form_id=form_id(s, "BK_TINH"),
                        proposing_unit_id=commune,
                        year=2026,
                        filed_on=date(2026, 11, 2),
                        summary="Hoàn thành xuất sắc nhiệm vụ chuyển đổi số",
                        achievement_id=ach,
                    ),
                )
            )
    vote(offices.lower, ids, (9, 0, 0, 9))
    return Commune(commune, people, ids)


def vote(store: Store, ids: list[int], votes: tuple[int, int, int, int]) -> None:
    with store.write() as s:
        workflow.transition(s, ids, S.SUBMITTED)
        workflow.transition(s, ids, S.APPRAISED, override_reason=OVERRIDE)
        council_vote(s, ids, votes[0], votes[1], votes[2], members=votes[3])
