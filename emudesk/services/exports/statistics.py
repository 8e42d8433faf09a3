"""Statistical reports per TT 02/2023/TT-BNV: Biểu 0601–0605, for a year or a half-year.

Layouts (rows, codes, columns, form numbers, position keywords) are cited data: the shipped
``resources/statistics/tt_02_2023_bnv.json`` or the office's corrected copy
(``statistics_setup``), because the official text of TT 02/2023 was not available. What no
record counts (0604's bodies and 0605's people doing emulation work) the office enters per
period; 0602's lines by submitting body count every state-level award under the kind of body the
office reports for. Every report says how many records it could not place in a row.

Period: an award counts in the period its decision was signed in; an award recorded without a
decision date counts in its year's yearly report and is "not placed" in a half-year report.
A campaign counts in every period it runs in.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import AwardForm, AwardRecord, Campaign, Individual, Unit, UnitKind
from emudesk.domain.enums import AwardLevel, AwardStatus, AwardType, SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.statistics import (
    AwardMethod,
    CampaignLevel,
    RecipientCategory,
    award_method,
    campaign_level,
    campaign_scope,
    default_category,
    duration,
)
from emudesk.domain.statistics_layout import (
    ENTERED,
    FORM_CODES,
    SUM,
    AwardColumn,
    Block,
    FormLayout,
    Layout,
    Row,
    check_form,
)
from emudesk.domain.text import fold
from emudesk.export import (
    Align,
    Column,
    ColumnKind,
    Document,
    ExportFormat,
    Header,
    Metadata,
    Orientation,
    Section,
    Signature,
    Table,
    render,
)
from emudesk.i18n import _
from emudesk.services.core.outputs import check_output
from emudesk.services.core.store import Store
from emudesk.services.exports.common import Office
from emudesk.services.exports.statistics_setup import current_layout, figures

__all__ = ["FORM_CODES", "Period", "award_lines", "export_statistics", "statistics_document"]

CIRCULAR = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"
RECEIVER = "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)"


@dataclass(frozen=True)
class Period:
    year: int
    half: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.half is None:
            return f"Năm {self.year}"
        return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"


# --- counting ---------------------------------------------------------------------------------------


@dataclass
class Counts:
    """Counts by (row key, column key); ``notes`` say what could not be placed."""

    cells: Counter[tuple[str, str]] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, row: str, column: str) -> None:
        self.cells[(row, column)] += 1
        self.cells[(row, "total")] += 1


@dataclass(frozen=True)
class AwardLine:
    """One award as the statistics see it (also what ``emudesk list awards`` prints)."""

    id: int
    recipient: str
    kind: SubjectKind
    form_code: str | None
    form_name: str | None
    level: AwardLevel | None
    year: int
    decision_number: str
    decision_date: date | None
    category: RecipientCategory | None
    method: AwardMethod
    # The legal kind the form counts as: itself, or the kind of a named authority's form (a
    # "Bằng khen của Bộ trưởng Bộ NN&PTNT" counts as a BK_BO).
    kind_code: str | None = None
    kind_name: str | None = None


def _in_period(period: Period) -> Any:
    dated = and_(AwardRecord.decision_date >= period.start, AwardRecord.decision_date <= period.end)
    if period.half is not None:
        return dated
    return or_(dated, and_(AwardRecord.decision_date.is_(None), AwardRecord.year == period.year))


def award_lines(session: Session, period: Period) -> list[AwardLine]:
    """The awards that stand and were decided in ``period`` (or are of its year, if undated)."""
    person_unit = aliased(Unit)
    person_kind = aliased(UnitKind)
    subject_unit = aliased(Unit)
    subject_kind = aliased(UnitKind)
    legal = aliased(AwardForm)
    stmt = (
        select(
            AwardRecord.id,
            AwardRecord.recipient_name,
            AwardRecord.subject_kind,
            AwardForm.code,
            AwardForm.name,
            legal.code,
            legal.name,
            AwardForm.level,
            AwardRecord.year,
            AwardRecord.decision_number,
            AwardRecord.decision_date,
            AwardRecord.recipient_category,
            AwardRecord.award_type,
            Campaign.kind,
            Individual.position,
            person_kind.code,
            subject_kind.code,
        )
        .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
        .outerjoin(legal, legal.id == func.coalesce(AwardForm.kind_of_id, AwardForm.id))
        .outerjoin(Campaign, Campaign.id == AwardRecord.campaign_id)
        .outerjoin(Individual, Individual.id == AwardRecord.individual_id)
        .outerjoin(person_unit, person_unit.id == Individual.unit_id)
        .outerjoin(person_kind, person_kind.id == person_unit.kind_id)
        .outerjoin(subject_unit, subject_unit.id == AwardRecord.unit_id)
        .outerjoin(subject_kind, subject_kind.id == subject_unit.kind_id)
        .where(AwardRecord.deleted_at.is_(None), AwardRecord.status == AwardStatus.VALID, _in_period(period))
        .order_by(AwardRecord.decision_date, AwardRecord.id)
    )
    rules = current_layout(session).positions.rules
    lines = []
    for (
        rid,
        recipient,
        kind,
        code,
        form_name,
        kind_code,
        kind_name,
        level,
        year,
        number,
        decided,
        stored,
        award_type,
        campaign_kind,
        position,
        person_unit_kind,
        unit_kind,
    ) in session.execute(stmt):
        category = stored or default_category(
            kind,
            rules,
            position=position,
            unit_kind_code=person_unit_kind if kind is SubjectKind.INDIVIDUAL else unit_kind,
        )
        lines.append(
            AwardLine(
                rid,
                recipient,
                kind,
                code,
                form_name,
                level,
                year,
                number,
                decided,
                category,
                award_method(award_type or AwardType.MERIT, campaign_kind),
                kind_code,
                kind_name,
            )
        )
    return lines


def undated_in_year(session: Session, period: Period) -> int:
    """Awards of the period's year with no decision date: a half-year report cannot place them."""
    if period.half is None:
        return 0
    stmt = select(AwardRecord.id).where(
        AwardRecord.deleted_at.is_(None),
        AwardRecord.status == AwardStatus.VALID,
        AwardRecord.decision_date.is_(None),
        AwardRecord.year == period.year,
    )
    return len(session.scalars(stmt).all())


def column_0603(columns: tuple[AwardColumn, ...], name: str | None) -> str | None:
    """The 0603 column of a ministry/province award form, by its name (None: not on the form)."""
    return next((c.key for c in columns if c.takes(name or "")), None)


def _count_awards(
    lines: Iterable[AwardLine], column_of: Any, counts: Counts, submitter: str | None = None
) -> None:
    no_form = 0
    no_category = 0
    for line in lines:
        if line.form_code is None:
            no_form += 1
            continue
        column = column_of(line)
        if column is None:
            continue
        counts.add("total", column)
        if submitter is not None:
            counts.add(f"submitter:{submitter}", column)
        counts.add(f"kind:{line.kind.value}", column)
        if line.category is RecipientCategory.ENTERPRISE:
            counts.add(RecipientCategory.ENTERPRISE, column)
        elif line.kind is SubjectKind.INDIVIDUAL:
            if line.category is None:
                no_category += 1
            else:
                counts.add(line.category, column)
        counts.add(line.method, column)
    if no_form:
        counts.notes.append(
            _(
                "{n} awards in the period are recorded without an award form of the catalogue; they are "
                "not counted (give them their form in the award history)."
            ).format(n=no_form)
        )
    if no_category:
        counts.notes.append(
            _(
                "{n} individuals could not be placed by category (no position in the register, no "
                "category on the award); they count in “Cá nhân” only."
            ).format(n=no_category)
        )


@dataclass(frozen=True)
class FormData:
    layout: FormLayout
    columns: tuple[tuple[str, str], ...]  # (key, title) after "Tổng số"
    counts: Counts
    with_unit_column: bool = True

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.layout.blocks


def form_0603(session: Session, period: Period, layout: Layout) -> FormData:
    counts = Counts()
    form = layout.forms["0603"]
    lines = award_lines(session, period)
    provincial = [ln for ln in lines if ln.level in (AwardLevel.PROVINCE, None)]
    _count_awards(
        provincial, lambda ln: column_0603(form.columns, ln.kind_name) if ln.level else None, counts
    )
    _undated_note(session, period, counts)
    return FormData(form, tuple((c.key, c.title) for c in form.columns), counts)


def reporter_kind(office: Office) -> str:
    """The kind of body that submits this office's files to the Prime Minister: "ministry" for a
    ministry, sector or central body, else "province" (a province, its Sở, districts, communes)."""
    text = fold(office.parent_agency or office.issuing_agency)
    local = ("uy ban nhan dan", "ubnd", "tinh ", "thanh pho")
    central = ("bo ", "ban ", "tong cuc", "uy ban ", "trung uong", "tong lien doan", "hoi ")
    if not any(w in text for w in local) and any(text.startswith(w) or f" {w}" in text for w in central):
        return "ministry"
    return "province"


def form_0602(session: Session, period: Period, layout: Layout) -> FormData:
    counts = Counts()
    forms = session.execute(
        select(AwardForm.code, AwardForm.name)
        .where(AwardForm.level == AwardLevel.STATE, AwardForm.kind_of_id.is_(None))
        .order_by(AwardForm.sort_order, AwardForm.id)
    ).all()
    lines = [ln for ln in award_lines(session, period) if ln.level in (AwardLevel.STATE, None)]
    office = Office.load(session)
    submitter = reporter_kind(office)
    _count_awards(lines, lambda ln: ln.kind_code if ln.level else None, counts, submitter)
    _undated_note(session, period, counts)
    if any(ln.level is AwardLevel.STATE for ln in lines):
        counts.notes.append(
            _(
                "The state-level awards were submitted to the Prime Minister by {body}; they are counted "
                "on the line of a {kind}."
            ).format(
                body=office.parent_agency or office.issuing_agency or "—",
                kind=_("ministry or central body") if submitter == "ministry" else _("province or city"),
            )
        )
    return FormData(layout.forms["0602"], tuple((code, name) for code, name in forms), counts)


def _undated_note(session: Session, period: Period, counts: Counts) -> None:
    undated = undated_in_year(session, period)
    if undated:
        counts.notes.append(
            _(
                "{n} awards of {year} have no decision date and could not be placed in a half-year; "
                "they are not counted."
            ).format(n=undated, year=period.year)
        )


def form_0601(session: Session, period: Period, layout: Layout) -> FormData:
    counts = Counts()
    stmt = select(Campaign).where(
        Campaign.deleted_at.is_(None),
        or_(Campaign.start_date.is_(None), Campaign.start_date <= period.end),
        or_(Campaign.end_date.is_(None), Campaign.end_date >= period.start),
    )
    undated = 0
    for campaign in session.scalars(stmt):
        if campaign.start_date is None and campaign.issue_date is None:
            undated += 1
            continue
        level = campaign.organizer_level or campaign_level(campaign.issuing_body)
        scope = campaign.scope or campaign_scope(campaign.title, level)
        counts.add("total", level)
        counts.add(scope, level)
        counts.add(campaign.kind, level)
        band = duration(campaign.start_date, campaign.end_date)
        if band is None:
            undated += 1
        else:
            counts.add(band, level)
    if undated:
        counts.notes.append(
            _("{n} campaigns have no start or end date; they could not be placed by duration.").format(
                n=undated
            )
        )
    columns = (
        (CampaignLevel.CENTRAL.value, "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)"),
        (
            CampaignLevel.MINISTRY_PROVINCE.value,
            "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        ),
        (CampaignLevel.AGENCY.value, "Cơ quan, tổ chức, đơn vị"),
    )
    return FormData(layout.forms["0601"], columns, counts, with_unit_column=False)


def form_data(session: Session, form: str, period: Period, layout: Layout | None = None) -> FormData:
    layout = layout or current_layout(session)
    if form == "0601":
        data = form_0601(session, period, layout)
    elif form == "0602":
        data = form_0602(session, period, layout)
    elif form == "0603":
        data = form_0603(session, period, layout)
    elif form in FORM_CODES:
        data = FormData(layout.forms[form], (), Counts())
    else:
        raise ValidationError(
            _("Unknown statistics form “{form}”; choose {forms}.").format(
                form=form, forms=", ".join(FORM_CODES)
            )
        )
    _fill_entered(session, form, period, data)
    return data


def _fill_entered(session: Session, form: str, period: Period, data: FormData) -> None:
    """Entered figures and the sums over them, in the "Tổng số" column; notes on what is missing."""
    rows = data.layout.rows
    if not any(r.key in (ENTERED, SUM) for r in rows):
        return
    entered = figures(session, form, period.year, period.half)
    values: dict[str, int | None] = {}
    for row in rows:
        if row.key == ENTERED:
            values[row.code] = entered.get(row.code)
        elif row.key != SUM:
            values[row.code] = data.counts.cells.get((row.key, "total"), 0)
    for row in rows:
        if row.key == SUM:
            parts = [values.get(c) for c in row.of]
            values[row.code] = None if all(v is None for v in parts) else sum(v or 0 for v in parts)
    for row in rows:
        if row.key in (ENTERED, SUM) and values.get(row.code) is not None:
            data.counts.cells[(f"line:{row.code}", "total")] = int(values[row.code] or 0)
    missing = [r.code for r in data.layout.entered if r.code not in entered]
    if missing:
        data.counts.notes.append(
            _(
                "{n} lines ({codes}) have no figure entered for {period}; enter them with "
                "“emudesk statistics set --form {form}”."
            ).format(n=len(missing), codes=", ".join(missing), period=period.label, form=form)
        )
    for block in data.blocks:
        if not block.adds_up_to or values.get(block.adds_up_to) is None:
            continue
        parts = [values.get(r.code) for r in block.rows if r.key == ENTERED]
        if any(v is not None for v in parts) and sum(v or 0 for v in parts) != values[block.adds_up_to]:
            data.counts.notes.append(
                _("The lines of “{heading}” add up to {sum}, not to line {code} ({total}).").format(
                    heading=block.heading,
                    sum=sum(v or 0 for v in parts),
                    code=block.adds_up_to,
                    total=values[block.adds_up_to],
                )
            )


# --- the document -----------------------------------------------------------------------------------


def statistics_document(
    session: Session, form: str, period: Period, *, issued_on: date | None = None
) -> Document:
    """The form as a Document: "Biểu số …" lines, the table laid out as the form, notes, signatures."""
    layout = current_layout(session)
    data = form_data(session, form, period, layout)
    form_title = data.layout.title
    office = Office.load(session)
    columns: list[Column] = [
        Column("label", "", 34),
        Column("code", "Mã số", 5, align=Align.CENTER, wrap=False),
    ]
    if data.with_unit_column:
        columns.append(Column("unit", "Đơn vị tính", 8, align=Align.CENTER))
    columns.append(Column("total", "Tổng số", 7, ColumnKind.INT))
    split = "Chia ra" if data.columns else ""
    # Few columns get room for their long titles; 0602's many share the page.
    width = 14.0 if len(data.columns) <= 4 else 10.0
    for key, heading in data.columns:
        columns.append(Column(f"c:{key}", heading, width, ColumnKind.INT, group=split))
    index_row: list[Any] = ["A", "B"] + (["C"] if data.with_unit_column else [])
    index_row += [str(i) for i in range(1, len(data.columns) + 2)]

    def value(row: Row, column: str) -> int | None:
        if row.key in (ENTERED, SUM):
            return data.counts.cells.get((f"line:{row.code}", column))
        return data.counts.cells.get((row.key, column), 0)

    sections = [Section(rows=(tuple(index_row),))]
    for block in data.blocks:
        rows = []
        for spec in block.rows:
            cells: list[Any] = [spec.label, spec.code]
            if data.with_unit_column:
                cells.append(spec.unit)
            cells.append(value(spec, "total"))
            cells += [value(spec, key) for key, _title in data.columns]
            rows.append(tuple(cells))
        sections.append(Section(heading=block.heading, rows=tuple(rows)))
    reporter = office.issuing_agency
    header = Header(
        issuing_agency=office.issuing_agency,
        parent_agency=office.parent_agency,
        place=office.place,
        date=issued_on,
        doc_type=form_title,
        summary=(period.label,),
    )
    intro = (
        f"Biểu số: {layout.form_number(form, period.half)}. {CIRCULAR}.",
        f"Đơn vị báo cáo: {reporter}. Đơn vị nhận báo cáo: {RECEIVER}.",
        "Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo."
        + (f" Đơn vị tính: {data.layout.unit}." if data.layout.unit else ""),
    )
    notes = tuple(f"Ghi chú: {n}" for n in data.counts.notes)
    return Document(
        header=header,
        tables=(Table(columns=tuple(columns), sections=tuple(sections), sheet_name=f"Biểu {form}"),),
        intro=intro,
        footnotes=notes,
        signatures=(
            Signature(position="NGƯỜI LẬP BIỂU"),
            Signature(
                position=office.signer_title or "THỦ TRƯỞNG ĐƠN VỊ",
                name=office.signer_name,
                authority=office.signer_authority,
            ),
        ),
        orientation=Orientation.LANDSCAPE,
        font_size=11,
        metadata=Metadata(
            title=f"Biểu số {form} – {form_title.capitalize()} – {period.label}",
            author=reporter,
            subject=CIRCULAR,
            keywords=("emudesk", "TT 02/2023/TT-BNV"),
        ),
    )


@dataclass(frozen=True)
class StatisticsResult:
    path: Path
    notes: tuple[str, ...]


def export_statistics(
    store: Store,
    form: str,
    year: int,
    path: str | os.PathLike[str],
    *,
    half: int | None = None,
    issued_on: date | None = None,
    fmt: ExportFormat | str | None = None,
) -> StatisticsResult:
    """Write one form for a year (or half-year) as .xlsx or PDF; the notes say what was not placed."""
    check_form(form)
    if half not in (None, 1, 2):
        raise ValidationError(_("A half-year is 1 or 2."))
    target = Path(path)
    check_output(target, database=store.path, force=True)
    period = Period(year, half)
    with store.read() as session:
        document = statistics_document(session, form, period, issued_on=issued_on or date.today())
    notes = tuple(n.removeprefix("Ghi chú: ") for n in document.footnotes)
    render(document, target, fmt)
    return StatisticsResult(target, notes)
