"""Statistical reports per TT 02/2023/TT-BNV: Biểu 0601–0605, for a year or a half-year.

Layouts (rows, codes, columns) are data (``FORMS``), transcribed from LIFESOFT's rendering of the
forms (see docs/statistics.md): the official PDF of TT 02/2023 was not available, so an office
should check them against its copy. What the register cannot count (0604 organisations, 0605
staff; 0602's split by the unit that submitted) is printed blank for the office to fill in, and
every report says how many records it could not place in a row.

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
from emudesk.domain.enums import AwardLevel, AwardStatus, AwardType, CampaignKind, SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.statistics import (
    AwardMethod,
    CampaignLevel,
    CampaignScope,
    Duration,
    RecipientCategory,
    award_method,
    campaign_level,
    campaign_scope,
    default_category,
    duration,
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

FORM_CODES = ("0601", "0602", "0603", "0604", "0605")
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


@dataclass(frozen=True)
class RowSpec:
    """A line of a form: its label, its code (mã số) and unit (đơn vị tính); ``key`` is what it counts."""

    label: str
    code: str = ""
    unit: str = ""
    key: str = ""


@dataclass(frozen=True)
class Block:
    """A headed group of lines ("1. Chia theo đối tượng khen thưởng"); no heading for the total."""

    heading: str
    rows: tuple[RowSpec, ...]


# --- the layouts ------------------------------------------------------------------------------------

_RECIPIENT_ROWS = (
    RowSpec("- Tập thể", "", "Tập thể", "kind:unit"),
    RowSpec("Trong đó: Doanh nghiệp", "", "Doanh nghiệp", RecipientCategory.ENTERPRISE),
    RowSpec("- Hộ gia đình", "", "Hộ", "kind:household"),
    RowSpec("- Cá nhân", "", "Người", "kind:individual"),
    RowSpec(
        "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "", "Người", RecipientCategory.LEADER_CENTRAL
    ),
    RowSpec("+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "", "Người", RecipientCategory.LEADER_DEPARTMENT),
    RowSpec("+ Doanh nhân", "", "Người", RecipientCategory.ENTREPRENEUR),
    RowSpec("+ Các cấp lãnh đạo khác từ phó phòng trở lên", "", "Người", RecipientCategory.LEADER_OTHER),
    RowSpec(
        "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu"
        " (công nhân, nông dân…)",
        "",
        "Người",
        RecipientCategory.WORKER,
    ),
)
_METHOD_ROWS = (
    RowSpec("- Thường xuyên", "", "", AwardMethod.REGULAR),
    RowSpec("- Chuyên đề", "", "", AwardMethod.THEMATIC),
    RowSpec("- Đột xuất", "", "", AwardMethod.AD_HOC),
    RowSpec("- Đối ngoại", "", "", AwardMethod.FOREIGN),
    RowSpec("- Cống hiến", "", "", AwardMethod.CAREER),
    RowSpec("- Niên hạn", "", "", AwardMethod.SERVICE_LENGTH),
    RowSpec("- Kháng chiến", "", "", AwardMethod.RESISTANCE),
)


def _numbered(blocks: Iterable[Block], first: int = 1) -> tuple[Block, ...]:
    """Give the lines with something to count their mã số 01, 02… in order."""
    out: list[Block] = []
    n = first
    for block in blocks:
        rows = []
        for row in block.rows:
            rows.append(RowSpec(row.label, f"{n:02d}", row.unit, row.key))
            n += 1
        out.append(Block(block.heading, tuple(rows)))
    return tuple(out)


# The first line of a counted form: everything it counts.
_TOTAL = Block("", (RowSpec("Tổng số", key="total"),))
_AWARD_BLOCKS_0603 = _numbered(
    (
        _TOTAL,
        Block("1. Chia theo đối tượng khen thưởng", _RECIPIENT_ROWS),
        Block("2. Chia theo phương thức khen thưởng", _METHOD_ROWS),
    )
)
_AWARD_BLOCKS_0602 = _numbered(
    (
        _TOTAL,
        Block(
            "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng",
            (
                RowSpec("- Bộ, ban, ngành, đoàn thể Trung ương", unit="Bộ, ngành", key="blank"),
                RowSpec("- Tỉnh, thành phố trực thuộc Trung ương", unit="Tỉnh, TP", key="blank"),
            ),
        ),
        Block("2. Chia theo đối tượng khen thưởng", _RECIPIENT_ROWS),
        Block("3. Chia theo phương thức khen thưởng", _METHOD_ROWS),
    )
)
_CAMPAIGN_BLOCKS = _numbered(
    (
        _TOTAL,
        Block(
            "1. Chia theo phạm vi tổ chức thi đua",
            (
                RowSpec("- Toàn quốc", key=CampaignScope.NATIONAL),
                RowSpec("- Bộ, ban, ngành, đoàn thể, địa phương", key=CampaignScope.SECTOR_LOCAL),
                RowSpec(
                    "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức",
                    key=CampaignScope.CLUSTER,
                ),
                RowSpec("- Cơ quan, tổ chức, đơn vị", key=CampaignScope.AGENCY),
            ),
        ),
        Block(
            "2. Chia theo thời hạn thi đua",
            (
                RowSpec("- Dưới 1 năm", key=Duration.UNDER_ONE),
                RowSpec("- 1 năm", key=Duration.ONE),
                RowSpec("- Từ 1 năm đến dưới 3 năm", key=Duration.ONE_TO_THREE),
                RowSpec("- Từ 3 năm đến dưới 5 năm", key=Duration.THREE_TO_FIVE),
                RowSpec("- Từ 5 năm trở lên", key=Duration.FIVE_PLUS),
            ),
        ),
        Block(
            "3. Chia theo phương thức tổ chức phong trào thi đua",
            (
                RowSpec("- Thi đua theo chuyên đề", key=CampaignKind.THEMATIC),
                RowSpec("- Thi đua thường xuyên hàng năm", key=CampaignKind.REGULAR),
            ),
        ),
    )
)


def _to_fill_in(blocks: Iterable[tuple[str, str, tuple[str, ...]]]) -> tuple[Block, ...]:
    """A form's blocks, each as (heading, unit, labels), with every line left blank."""
    return _numbered(
        Block(heading, tuple(RowSpec(label, unit=unit, key="blank") for label in labels))
        for heading, unit, labels in blocks
    )


# Not in the register: printed for the office to fill in (layouts unconfirmed, see docs/statistics.md).
_ORGANISATION_BLOCKS = _to_fill_in(
    (
        ("", "Tổ chức", ("Tổng số",)),
        (
            "1. Hội đồng Thi đua - Khen thưởng",
            "Hội đồng",
            ("- Cấp bộ, ban, ngành, tỉnh", "- Cấp cơ quan, tổ chức, đơn vị"),
        ),
        (
            "2. Cơ quan, bộ phận làm công tác thi đua, khen thưởng",
            "Tổ chức",
            ("- Chuyên trách", "- Kiêm nhiệm"),
        ),
        ("3. Cụm, khối thi đua", "Cụm, khối", ("- Số cụm, khối thi đua",)),
    )
)
_STAFF_BLOCKS = _to_fill_in(
    (
        ("", "Người", ("Tổng số",)),
        ("1. Chia theo tính chất công việc", "Người", ("- Chuyên trách", "- Kiêm nhiệm")),
        ("2. Chia theo giới tính", "Người", ("- Nam", "- Nữ")),
        ("3. Chia theo trình độ chuyên môn", "Người", ("- Trên đại học", "- Đại học", "- Khác")),
    )
)

# 0603's columns: the ministry/province award forms, recognised by the start of their names.
COLUMNS_0603: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bang_khen", "Bằng khen", ("bang khen",)),
    ("cstd", "Chiến sĩ thi đua cấp bộ, cấp tỉnh", ("chien si thi dua",)),
    (
        "co",
        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        ("co thi dua",),
    ),
    (
        "huy_hieu",
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc "
        "Trung ương",
        ("ky niem chuong", "huy hieu"),
    ),
)

TITLES = {
    "0601": "SỐ PHONG TRÀO THI ĐUA",
    "0602": "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
    "0603": (
        "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG"
        " VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
    ),
    "0604": "TỔ CHỨC BỘ MÁY LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
    "0605": "SỐ LƯỢNG NGƯỜI LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
}


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


def column_0603(name: str | None) -> str | None:
    """The 0603 column of a ministry/province award form, by its name (None: not on the form)."""
    text = fold(name or "").strip()
    for key, _title, starts in COLUMNS_0603:
        if any(text.startswith(s) for s in starts):
            return key
    return None


def _count_awards(lines: Iterable[AwardLine], column_of: Any, counts: Counts) -> None:
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
    blocks: tuple[Block, ...]
    columns: tuple[tuple[str, str], ...]  # (key, title) after "Tổng số"
    counts: Counts
    unit: str = ""  # "Đơn vị tính" above the table when all rows share it
    with_unit_column: bool = True


def form_0603(session: Session, period: Period) -> FormData:
    counts = Counts()
    lines = award_lines(session, period)
    provincial = [ln for ln in lines if ln.level in (AwardLevel.PROVINCE, None)]
    _count_awards(provincial, lambda ln: column_0603(ln.kind_name) if ln.level else None, counts)
    _undated_note(session, period, counts)
    columns = tuple((key, title) for key, title, _starts in COLUMNS_0603)
    return FormData(_AWARD_BLOCKS_0603, columns, counts)


def form_0602(session: Session, period: Period) -> FormData:
    counts = Counts()
    forms = session.execute(
        select(AwardForm.code, AwardForm.name)
        .where(AwardForm.level == AwardLevel.STATE, AwardForm.kind_of_id.is_(None))
        .order_by(AwardForm.sort_order, AwardForm.id)
    ).all()
    lines = [ln for ln in award_lines(session, period) if ln.level in (AwardLevel.STATE, None)]
    _count_awards(lines, lambda ln: ln.kind_code if ln.level else None, counts)
    _undated_note(session, period, counts)
    counts.notes.append(
        _("Lines 02–03 (who submitted the file to the Prime Minister) are not in the register: fill them in.")
    )
    return FormData(_AWARD_BLOCKS_0602, tuple((code, name) for code, name in forms), counts)


def _undated_note(session: Session, period: Period, counts: Counts) -> None:
    undated = undated_in_year(session, period)
    if undated:
        counts.notes.append(
            _(
                "{n} awards of {year} have no decision date and could not be placed in a half-year; "
                "they are not counted."
            ).format(n=undated, year=period.year)
        )


def form_0601(session: Session, period: Period) -> FormData:
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
    return FormData(_CAMPAIGN_BLOCKS, columns, counts, unit="Phong trào", with_unit_column=False)


def _blank_form(blocks: tuple[Block, ...], note: str) -> FormData:
    counts = Counts()
    counts.notes.append(note)
    return FormData(blocks, (), counts)


def form_data(session: Session, form: str, period: Period) -> FormData:
    if form == "0601":
        return form_0601(session, period)
    if form == "0602":
        return form_0602(session, period)
    if form == "0603":
        return form_0603(session, period)
    if form == "0604":
        return _blank_form(
            _ORGANISATION_BLOCKS,
            _("The register does not hold the bodies doing emulation work: fill form 0604 in by hand."),
        )
    if form == "0605":
        return _blank_form(
            _STAFF_BLOCKS,
            _("The register does not hold the staff doing emulation work: fill form 0605 in by hand."),
        )
    raise ValidationError(
        _("Unknown statistics form “{form}”; choose {forms}.").format(form=form, forms=", ".join(FORM_CODES))
    )


# --- the document -----------------------------------------------------------------------------------


def statistics_document(
    session: Session, form: str, period: Period, *, issued_on: date | None = None
) -> Document:
    """The form as a Document: "Biểu số …" lines, the table laid out as the form, notes, signatures."""
    data = form_data(session, form, period)
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
    for key, title in data.columns:
        columns.append(Column(f"c:{key}", title, width, ColumnKind.INT, group=split))
    index_row: list[Any] = ["A", "B"] + (["C"] if data.with_unit_column else [])
    index_row += [str(i) for i in range(1, len(data.columns) + 2)]
    fillable = bool(data.columns) or form in ("0601",)

    def value(row: RowSpec, column: str) -> int | None:
        if row.key == "blank" or not fillable:
            return None
        return data.counts.cells.get((str(row.key), column), 0)

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
        doc_type=TITLES[form],
        summary=(period.label,),
    )
    suffix = "N" if period.half is None else "6T"
    intro = (
        f"Biểu số: {form}.{suffix}/BNV-TĐKT. {CIRCULAR}.",
        f"Đơn vị báo cáo: {reporter}. Đơn vị nhận báo cáo: {RECEIVER}.",
        "Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo."
        + (f" Đơn vị tính: {data.unit}." if data.unit else ""),
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
            title=f"Biểu số {form} – {TITLES[form].capitalize()} – {period.label}",
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
    if form not in FORM_CODES:
        form_data_error = _("Unknown statistics form “{form}”; choose {forms}.")
        raise ValidationError(form_data_error.format(form=form, forms=", ".join(FORM_CODES)))
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
