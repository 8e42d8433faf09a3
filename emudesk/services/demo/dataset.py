"""The demo database: a province after the 2025 merger, its people, history and campaigns.

Thái Bình (with its districts, communes and the seed plans it issued) merged
into Hưng Yên on 01/7/2025; the district level ended that day and communes were
merged. The register is written with bulk inserts (fast, deterministic for a
seed); campaigns and nominations go through the services, so every quota and
workflow rule holds in the demo exactly as in real use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk import paths
from emudesk.db.audit import log_summary
from emudesk.db.models import AwardForm, AwardRecord, Decision, Individual, Nomination, Unit, UnitKind
from emudesk.db.search import settle_search_indexes
from emudesk.db.sequences import advance_sequences
from emudesk.domain.enums import AwardLevel, AwardType, RecordSource, SubjectKind
from emudesk.domain.errors import ConflictError
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.services.core.store import set_setting
from emudesk.services.demo import achievements as demo_achievements
from emudesk.services.demo import council as demo_council
from emudesk.services.demo.base import SIZES, DemoSummary, Progress
from emudesk.services.demo.campaigns import DemoBuilder
from emudesk.services.demo.province import ProvinceBuilder
from emudesk.services.exchange.office import ensure_office
from emudesk.services.exports.statistics_setup import set_figures
from emudesk.services.register import decision_order

# The demo's office, as the district demo (``demo --office district``) trusts it.
PROVINCE_OFFICE = "Sở Nội vụ tỉnh Hưng Yên"


def _council_demo(session: Session, builder: DemoBuilder, seed: int) -> None:
    demo_council.build(session, builder, seed)


def _achievements_demo(session: Session, builder: DemoBuilder) -> None:
    builder.summary.counts["achievements"] = demo_achievements.build(session)


def generate(
    session: Session,
    *,
    size: str = "demo",
    seed: int = 2025,
    progress: Progress | None = None,
    seeds_dir: Path | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo data set (one transaction: the caller's)."""
    if session.scalar(select(func.count()).select_from(Unit)):
        raise ConflictError(_("The database already has units; build the demo in a new database file."))
    builder_class: type[DemoBuilder] = DemoBuilder
    if size == "province":
        builder_class = ProvinceBuilder
    builder = builder_class(session, SIZES[size], seed, progress)
    steps: list[tuple[str, Callable[[], None]]] = [
        (_("Units"), builder.build_units),
        (_("Individuals"), builder.build_people),
        (_("Award history"), builder.build_history),
        (_("Households"), builder.build_households),
        (_("Campaigns"), lambda: builder.build_campaigns(seeds_dir or paths.resources_dir() / "seeds")),
        (_("Nominations"), builder.build_nominations),
        (_("Council session and decisions"), lambda: _council_demo(session, builder, seed)),
        (_("Achievements"), lambda: _achievements_demo(session, builder)),
    ]
    for i, (label, step) in enumerate(steps):
        builder.progress(i, len(steps), label)
        step()
        session.flush()
        # The steps write units, people, households (and at province scale nominations and awards)
        # with ids of their own; the next step's ORM inserts take theirs from the sequences.
        advance_sequences(session)
    builder.close_campaigns()
    _state_awards(session)
    # The history and the bulk rounds count serials as they go; the sổ vàng follows the printed list.
    for decision_id in session.scalars(select(Decision.id).where(Decision.kind == "award")):
        decision_order.renumber(session, decision_id)
    # The council's session adds files and its decision adds awards after their own steps counted:
    # the summary says what the file holds, as `emudesk check` does.
    for key, model in (("nominations", Nomination), ("awards", AwardRecord)):
        builder.summary.counts[key] = int(session.scalar(select(func.count()).select_from(model)) or 0)
    builder.progress(len(steps), len(steps), _("Done"))
    for key, value in {
        "office.parent_agency": "UBND TỈNH HƯNG YÊN",
        "office.issuing_agency": "SỞ NỘI VỤ",
        "office.place": "Hưng Yên",
        "office.symbol": "SNV",
        "signer.authority": "KT. GIÁM ĐỐC",
        "signer.title": "PHÓ GIÁM ĐỐC",
        "signer.name": "Trần Thị Hương",
    }.items():
        set_setting(session, key, value)
    _statistics_figures(session)
    ensure_office(session, PROVINCE_OFFICE)
    log_summary(
        session, "create", "demo", _("Demo data set “{size}”, seed {seed}").format(size=size, seed=seed)
    )
    settle_search_indexes(session)
    return builder.summary


# What a provincial Sở Nội vụ would enter for TT 02/2023 forms 0604 (the bodies doing emulation
# work: the province's council, the councils of its agencies, the Ban TĐKT and the part-time
# desks, the clusters) and 0605 (the people doing it), by line code; each split adds up.
_FIGURES = {
    ("0604", 2024): {"02": 1, "03": 40, "04": 1, "05": 39, "06": 12},
    ("0604", 2025): {"02": 1, "03": 38, "04": 1, "05": 37, "06": 12},
    ("0605", 2024): {"02": 15, "03": 102, "04": 45, "05": 72, "06": 21, "07": 90, "08": 6},
    ("0605", 2025): {"02": 14, "03": 96, "04": 41, "05": 69, "06": 23, "07": 82, "08": 5},
}


def _statistics_figures(session: Session) -> None:
    for (form, year), values in _FIGURES.items():
        set_figures(session, form, year, None, dict(values))


# A few state-level awards (Thủ tướng, Chủ tịch nước) so Biểu 0602 counts something: picked from
# the register by position and unit kind, without drawing on the builders' random stream.
_PM, _PRESIDENT = "Thủ tướng Chính phủ", "Chủ tịch nước"
_STATE_AWARDS = (
    # (year, form, decision number, signed, issuer, subject: ("unit", unit kind) or ("person", position), nth)
    (2024, "CO_CP", "1390/QĐ-TTg", date(2024, 7, 5), _PM, ("unit", "don_vi_truc_thuoc"), 1),
    (
        2024,
        "BK_TTG",
        "2210/QĐ-TTg",
        date(2024, 11, 20),
        "Thủ tướng Chính phủ",
        ("person", "Chuyên viên chính"),
        0,
    ),
    (
        2024,
        "BK_TTG",
        "2210/QĐ-TTg",
        date(2024, 11, 20),
        "Thủ tướng Chính phủ",
        ("person", "Chủ tịch UBND xã"),
        1,
    ),
    (2025, "HCLD3", "745/QĐ-CTN", date(2025, 5, 14), _PRESIDENT, ("unit", "hop_tac_xa"), 0),
    (2025, "BK_TTG", "1856/QĐ-TTg", date(2025, 9, 12), _PM, ("unit", "doanh_nghiep"), 0),
    (
        2025,
        "BK_TTG",
        "1856/QĐ-TTg",
        date(2025, 9, 12),
        "Thủ tướng Chính phủ",
        ("unit", "don_vi_truc_thuoc"),
        0,
    ),
    (
        2025,
        "BK_TTG",
        "1856/QĐ-TTg",
        date(2025, 9, 12),
        "Thủ tướng Chính phủ",
        ("person", "Chủ tịch UBND xã"),
        0,
    ),
    (2025, "BK_TTG", "1856/QĐ-TTg", date(2025, 9, 12), _PM, ("person", "Kỹ sư"), 0),
)


def _state_awards(session: Session) -> None:
    forms = {f.code: f for f in session.scalars(select(AwardForm).where(AwardForm.level == AwardLevel.STATE))}
    for year, code, number, signed, issuer, (what, which), nth in _STATE_AWARDS:
        form = forms.get(code)
        if form is None:
            continue
        record = AwardRecord(
            award_form_id=form.id,
            award_name=form.name,
            year=year,
            decision_number=number,
            decision_date=signed,
            issuer=issuer,
            award_type=AwardType.MERIT,
            source=RecordSource.DEMO,
        )
        if what == "unit":
            unit = session.scalars(
                select(Unit)
                .join(UnitKind, UnitKind.id == Unit.kind_id)
                .where(UnitKind.code == which, Unit.valid_to.is_(None), Unit.deleted_at.is_(None))
                .order_by(Unit.id)
                .offset(nth)
                .limit(1)
            ).first()
            if unit is None:
                continue
            record.subject_kind, record.unit_id, record.recipient_name = SubjectKind.UNIT, unit.id, unit.name
        else:
            person = session.scalars(
                select(Individual)
                .where(Individual.position == which, Individual.deleted_at.is_(None))
                .order_by(Individual.id)
                .offset(nth)
                .limit(1)
            ).first()
            if person is None:
                continue
            record.subject_kind, record.individual_id = SubjectKind.INDIVIDUAL, person.id
            record.recipient_name = person.full_name
        record.search_fold = fold(f"{record.recipient_name} {form.name} {number} {issuer}")
        session.add(record)
    session.flush()
