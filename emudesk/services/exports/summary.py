"""Báo cáo tổng hợp: nominations and awards per award form × kind of subject × proposing unit,
quota limits and use, campaign targets against results — for one campaign or one year.

The counts come from one GROUP BY query; quotas are counted by ``campaigns.quotas.usage``
(the meters the nomination screens show), so the report and the screens agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import AwardForm, Campaign, CampaignTarget, Nomination, Unit
from emudesk.domain.award_names import expand, official_name
from emudesk.domain.enums import NominationStatus, QuotaKind, SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.text import fold, sort_key
from emudesk.export import (
    CellValue,
    Chart,
    Column,
    ColumnKind,
    Document,
    Metadata,
    Orientation,
    Row,
    Section,
    Table,
    TotalRow,
    format_number,
)
from emudesk.i18n import _
from emudesk.services.campaigns import charts, quotas
from emudesk.services.core.common import get_live
from emudesk.services.decisions import signing
from emudesk.services.exports.common import KIND_ORDER, Office, campaign_phrase, join_notes

S = NominationStatus
# "Số đề nghị" counts every file that reached the office: drafts and withdrawn files never did.
PROPOSED: frozenset[NominationStatus] = frozenset(S) - {S.DRAFT, S.WITHDRAWN}
_PROPOSED_NOTE = (
    "Số đề nghị gồm các hồ sơ đã trình, kể cả hồ sơ bị trả lại hoặc không được chấp thuận; "
    "không tính hồ sơ đang soạn và hồ sơ đã rút."
)
_KIND_TITLE = {
    SubjectKind.UNIT: "Tập thể",
    SubjectKind.INDIVIDUAL: "Cá nhân",
    SubjectKind.HOUSEHOLD: "Hộ gia đình",
}
_NO_PROPOSER = "(Không ghi đơn vị đề nghị)"
_COMPARATOR = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "="}


def _count_columns() -> tuple[Column, ...]:
    columns = [Column("stt", "STT", 4.5, ColumnKind.INT), Column("form", "Hình thức khen thưởng", 29)]
    for prefix, group in (("p", "Số đề nghị"), ("a", "Số được khen thưởng")):
        columns += [
            Column(f"{prefix}_{k.value}", _KIND_TITLE[k], 7, ColumnKind.INT, group=group) for k in KIND_ORDER
        ]
        columns.append(Column(f"{prefix}_all", "Cộng", 7, ColumnKind.INT, group=group))
    return tuple(columns)


COUNT_COLUMNS = _count_columns()

QUOTA_COLUMNS = (
    Column("stt", "STT", 4.5, ColumnKind.INT),
    Column("label", "Chỉ tiêu khen thưởng", 25),
    Column("applies", "Áp dụng cho", 23),
    Column("limit", "Tối đa", 7, ColumnKind.INT),
    Column("used", "Đã sử dụng", 8, ColumnKind.INT),
    Column("left", "Còn lại", 7, ColumnKind.INT),
    Column("note", "Ghi chú", 13),
)

TARGET_COLUMNS = (
    Column("stt", "STT", 4.5, ColumnKind.INT),
    Column("target", "Mục tiêu của phong trào", 40),
    Column("planned", "Chỉ tiêu", 15),
    Column("result", "Kết quả", 15),
    Column("verdict", "Đánh giá", 15),
)


@dataclass
class _Counts:
    """Nominations proposed and approved, per kind of subject."""

    proposed: dict[SubjectKind, int] = field(default_factory=dict)
    approved: dict[SubjectKind, int] = field(default_factory=dict)

    def add(self, kind: SubjectKind, proposed: int, approved: int) -> None:
        self.proposed[kind] = self.proposed.get(kind, 0) + proposed
        self.approved[kind] = self.approved.get(kind, 0) + approved

    def cells(self) -> tuple[int, ...]:
        out: list[int] = []
        for side in (self.proposed, self.approved):
            out += [side.get(k, 0) for k in KIND_ORDER]
            out.append(sum(side.values()))
        return tuple(out)

    def totals(self) -> dict[str, CellValue]:
        keys = [c.key for c in COUNT_COLUMNS[2:]]
        return dict(zip(keys, self.cells(), strict=True))


def summary_report(
    session: Session,
    *,
    campaign_id: int | None = None,
    year: int | None = None,
    issued_on: date | None = None,
    recipients: tuple[str, ...] = (),
) -> Document:
    """The summary report of one campaign (``campaign_id``) or of one year's nominations (``year``).

    ``recipients`` are the "Nơi nhận" lines; by default the body that issued the campaign's plan
    (it asked for the report), else the province's Ủy ban nhân dân, and the office's own copy.

    Raises:
        NotFoundError: no such campaign.
        ValidationError: neither or both of campaign and year, or nothing to report.
    """
    if (campaign_id is None) == (year is None):
        raise ValidationError(_("Choose either a campaign or a year for the summary report."))
    office = Office.load(session)
    campaign = get_live(session, Campaign, campaign_id, _("Campaign")) if campaign_id is not None else None
    scope = (
        [Nomination.campaign_id == campaign_id]
        if campaign_id is not None
        else [Nomination.year == year, Campaign.deleted_at.is_(None)]
    )
    by_form, by_unit, campaign_ids = _count(session, scope)
    if not by_form:
        raise ValidationError(_("No nomination has been submitted here yet; there is nothing to report."))

    # Forms are named as the level that grants them: the campaign's issuer, or the office's province.
    issuer = campaign.issuing_body if campaign is not None else expand(office.parent_agency)
    totals = _Counts()
    for counts in by_form.values():
        for kind in KIND_ORDER:
            totals.add(kind, counts.proposed.get(kind, 0), counts.approved.get(kind, 0))
    forms_table = Table(
        columns=COUNT_COLUMNS,
        sections=(Section(rows=_form_rows(by_form, issuer)),),
        title="1. Số lượng đề nghị và khen thưởng theo hình thức",
        totals=(TotalRow("Tổng cộng", totals.totals()),),
        sheet_name="Theo hình thức",
    )
    unit_sections = tuple(
        Section(f"{i}. {name}", rows=_form_rows(forms, issuer))
        for i, (name, forms) in enumerate(by_unit, start=1)
    )
    units_table = Table(
        columns=COUNT_COLUMNS,
        sections=unit_sections,
        title="2. Số lượng theo đơn vị đề nghị",
        totals=(TotalRow("Tổng cộng", totals.totals()),),
        sheet_name="Theo đơn vị",
    )
    tables = [forms_table, units_table]
    campaigns = _campaigns(session, campaign_ids)
    several = campaign is None
    quota_sections = [s for c in campaigns if (s := _quota_section(session, c, several)) is not None]
    if quota_sections:
        tables.append(
            Table(
                columns=QUOTA_COLUMNS,
                sections=tuple(quota_sections),
                title=f"{len(tables) + 1}. Chỉ tiêu số lượng khen thưởng và việc sử dụng",
                sheet_name="Chỉ tiêu",
            )
        )
    target_sections = [s for c in campaigns if (s := _target_section(c, year, several)) is not None]
    if target_sections:
        tables.append(
            Table(
                columns=TARGET_COLUMNS,
                sections=tuple(target_sections),
                title=f"{len(tables) + 1}. Mục tiêu của phong trào và kết quả thực hiện",
                sheet_name="Mục tiêu",
            )
        )

    figures = _charts(session, by_form, by_unit, campaigns, issuer, year)

    title = "Tổng hợp kết quả đề nghị, khen thưởng"
    summary = (
        (title, f"trong {campaign_phrase(campaign)}") if campaign is not None else (f"{title} năm {year}",)
    )
    header = office.header(
        prefix="BC",
        doc_type="BÁO CÁO",
        summary=summary,
        issued_on=issued_on,
        place=campaign.place if campaign is not None else "",
    )
    return Document(
        header=header,
        tables=tuple(tables),
        footnotes=(_PROPOSED_NOTE,),
        signatures=(office.signature(),),
        recipients=recipients or _recipients(session, office, campaign, issued_on),
        orientation=Orientation.AUTO,
        charts=figures,
        metadata=Metadata(
            author=office.issuing_agency,
            subject=campaign.title if campaign is not None else f"Năm {year}",
            keywords=("emudesk",),
        ),
    )


def default_recipients(
    session: Session, *, campaign_id: int | None = None, issued_on: date | None = None
) -> tuple[str, ...]:
    """The "Nơi nhận" lines the summary report prints unless others are given."""
    campaign = get_live(session, Campaign, campaign_id, _("Campaign")) if campaign_id is not None else None
    return _recipients(session, Office.load(session), campaign, issued_on)


def _recipients(
    session: Session, office: Office, campaign: Campaign | None, issued_on: date | None
) -> tuple[str, ...]:
    above = campaign.issuing_body.strip() if campaign is not None else ""
    if not above or fold(above).startswith(fold(office.issuing_agency) or "\0"):
        above = signing.province_name(session, issued_on)
    return (f"{above} (để báo cáo);", "Lưu: VT.")


_PROPOSED, _AWARDED = "Số đề nghị", "Số được khen thưởng"


def _charts(
    session: Session,
    by_form: dict[FormKey, _Counts],
    by_unit: list[tuple[str, dict[FormKey, _Counts]]],
    campaigns: list[Campaign],
    issuer: str,
    year: int | None,
) -> tuple[Chart, ...]:
    """The report's figures drawn: forms and units as in its tables, the years before a year's
    report, each campaign's quota use and targets against results."""
    out: list[Chart] = []
    if year is not None:
        out.append(charts.awards_by_year(session, "Số lượt khen thưởng theo năm", year, series=_AWARDED))
    forms = [(official_name(key[2], issuer), counts) for key, counts in by_form.items()]
    out.append(
        Chart(
            "Đề nghị và khen thưởng theo hình thức",
            tuple(name for name, _c in forms),
            (
                (_PROPOSED, tuple(sum(c.proposed.values()) for _n, c in forms)),
                (_AWARDED, tuple(sum(c.approved.values()) for _n, c in forms)),
            ),
            horizontal=True,
        )
    )
    units = sorted(
        (
            (
                name,
                sum(sum(c.proposed.values()) for c in f.values()),
                sum(sum(c.approved.values()) for c in f.values()),
            )
            for name, f in by_unit
        ),
        key=lambda u: -u[1],
    )[: charts.TOP]
    out.append(
        Chart(
            "Đề nghị và khen thưởng theo đơn vị đề nghị"
            + (f" ({charts.TOP} đơn vị nhiều nhất)" if len(by_unit) > charts.TOP else ""),
            tuple(u[0] for u in units),
            ((_PROPOSED, tuple(u[1] for u in units)), (_AWARDED, tuple(u[2] for u in units))),
            horizontal=True,
        )
    )
    for c in campaigns:
        name = c.short_title or c.title
        out.append(
            charts.quota_use(session, c.id, f"Sử dụng chỉ tiêu khen thưởng – {name}", "Tối đa", "Đã sử dụng")
        )
        out.append(
            charts.target_results(
                session, c.id, f"Kết quả so với mục tiêu – {name}", "Kết quả so với chỉ tiêu"
            )
        )
    return tuple(chart for chart in out if not chart.empty)


FormKey = tuple[int, int, str]  # sort order, id, name: sorting keys sorts the forms as the catalogue does


def _count(
    session: Session, scope: list[Any]
) -> tuple[dict[FormKey, _Counts], list[tuple[str, dict[FormKey, _Counts]]], set[int]]:
    """Counts per form and per (proposing unit, form), in print order, and the campaigns seen."""
    proposer = aliased(Unit)
    proposed = func.sum(case((Nomination.status.in_(sorted(PROPOSED)), 1), else_=0))
    approved = func.sum(case((Nomination.status == S.APPROVED, 1), else_=0))
    stmt = (
        select(
            Nomination.campaign_id,
            AwardForm.sort_order,
            AwardForm.id,
            AwardForm.name,
            Nomination.subject_kind,
            proposer.name,
            proposed,
            approved,
        )
        .join(AwardForm, AwardForm.id == Nomination.award_form_id)
        .join(Campaign, Campaign.id == Nomination.campaign_id)
        .outerjoin(proposer, proposer.id == Nomination.proposing_unit_id)
        .where(Nomination.deleted_at.is_(None), *scope)
        .group_by(
            Nomination.campaign_id,
            AwardForm.sort_order,
            AwardForm.id,
            AwardForm.name,
            Nomination.subject_kind,
            Nomination.proposing_unit_id,
            proposer.name,
            proposer.sort_key,
        )
        # Units in Vietnamese order; nominations without a proposing unit last.
        .order_by(proposer.sort_key.is_(None), proposer.sort_key, Nomination.proposing_unit_id)
    )
    by_form: dict[FormKey, _Counts] = {}
    by_unit: dict[str, dict[FormKey, _Counts]] = {}
    campaign_ids: set[int] = set()
    for cid, rank, form_id, form, kind, unit, n_proposed, n_approved in session.execute(stmt):
        if not (n_proposed or n_approved):
            continue
        campaign_ids.add(cid)
        key = (rank, form_id, form)
        by_form.setdefault(key, _Counts()).add(kind, int(n_proposed), int(n_approved))
        unit_forms = by_unit.setdefault(unit or _NO_PROPOSER, {})
        unit_forms.setdefault(key, _Counts()).add(kind, int(n_proposed), int(n_approved))
    return (
        dict(sorted(by_form.items())),
        [(name, dict(sorted(forms.items()))) for name, forms in by_unit.items()],
        campaign_ids,
    )


def _form_rows(forms: dict[FormKey, _Counts], issuer: str) -> tuple[Row, ...]:
    return tuple(
        (i, official_name(key[2], issuer), *counts.cells())
        for i, (key, counts) in enumerate(forms.items(), start=1)
    )


def _campaigns(session: Session, ids: Iterable[int]) -> list[Campaign]:
    return list(
        session.scalars(
            select(Campaign).where(Campaign.id.in_(sorted(ids))).order_by(Campaign.start_date, Campaign.id)
        )
    )


def _quota_section(session: Session, campaign: Campaign, headed: bool) -> Section | None:
    meters = quotas.usage(session, campaign.id)
    if not meters:
        return None
    rows: list[Row] = []
    for i, m in enumerate(meters, start=1):
        if m.kind is QuotaKind.PRIORITY:  # a note for reviewers: no limit, nothing counted
            rows.append((i, m.label, m.note, None, None, None, m.source))
            continue
        note = join_notes((m.note, m.source))
        left = max(m.limit - m.used, 0) if m.limit is not None else None
        rows.append((i, m.label, m.description, m.limit, m.used, left, note))
        rows += [
            (None, f"– {u.unit_name}", "", u.limit, u.used, max(u.limit - u.used, 0), "")
            for u in sorted(m.per_unit, key=lambda u: sort_key(u.unit_name))
        ]
    return Section(campaign.short_title or campaign.title if headed else "", rows=tuple(rows))


def _target_section(campaign: Campaign, year: int | None, headed: bool) -> Section | None:
    targets: list[CampaignTarget] = [
        t for t in campaign.targets if year is None or t.target_year in (None, year)
    ]
    if not targets:
        return None
    rows = tuple(
        (i, t.description, _planned(t), _amount(t.result_value, t.unit), _verdict(t))
        for i, t in enumerate(targets, start=1)
    )
    return Section(campaign.short_title or campaign.title if headed else "", rows=rows)


def _amount(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{format_number(value, decimals)} {unit}".strip()


def _planned(t: CampaignTarget) -> str:
    amount = _amount(t.value, t.unit)
    if not amount:
        return ""
    text = f"{_COMPARATOR.get(t.comparator, t.comparator)} {amount}"
    return f"{text} (năm {t.target_year})" if t.target_year else text


def _verdict(t: CampaignTarget) -> str:
    if t.result_value is None or t.value is None:
        return "Chưa có số liệu"
    result, goal = t.result_value, t.value
    met = {
        ">": result > goal,
        ">=": result >= goal,
        "<": result < goal,
        "<=": result <= goal,
        "=": result == goal,
    }.get(t.comparator, result >= goal)
    return "Đạt" if met else "Chưa đạt"
