"""The demo database: a province after the 2025 merger, its people, history and campaigns.

Thái Bình (with its districts, communes and the seed plans it issued) merged
into Hưng Yên on 01/7/2025; the district level ended that day and communes were
merged. The register is written with bulk inserts (fast, deterministic for a
seed); campaigns and nominations go through the services, so every quota and
workflow rule holds in the demo exactly as in real use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk import paths
from emudesk.db.audit import log_summary
from emudesk.db.models import AwardRecord, Decision, Nomination, Unit
from emudesk.db.search import settle_search_indexes
from emudesk.db.sequences import advance_sequences
from emudesk.domain.errors import ConflictError
from emudesk.i18n import _
from emudesk.services.core.store import set_setting
from emudesk.services.demo import achievements as demo_achievements
from emudesk.services.demo import council as demo_council
from emudesk.services.demo.base import SIZES, DemoSummary, Progress
from emudesk.services.demo.campaigns import DemoBuilder
from emudesk.services.demo.province import ProvinceBuilder
from emudesk.services.exchange.office import ensure_office
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
    ensure_office(session, PROVINCE_OFFICE)
    log_summary(
        session, "create", "demo", _("Demo data set “{size}”, seed {seed}").format(size=size, seed=seed)
    )
    settle_search_indexes(session)
    return builder.summary
