"""Lists of names as Documents: the nominations of a campaign, and the awards attached to a decision.

Each list is read with one query whose ORDER BY is the print order (award
form, then tập thể / cá nhân / hộ gia đình, then Vietnamese name order from
the stored sort keys), and is cut into sections in a single pass: no query per
row, so a 10,000-name list costs about what its rendering costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import (
    Achievement,
    AwardForm,
    AwardRecord,
    Campaign,
    Decision,
    Household,
    Individual,
    Nomination,
    Unit,
)
from emudesk.domain.award_names import official_name
from emudesk.domain.enums import AwardStatus, NominationStatus, SubjectKind
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.domain.text import fold
from emudesk.domain.workflow import HOLDS_PLACE
from emudesk.export import (
    Align,
    CellValue,
    Column,
    ColumnKind,
    Document,
    Header,
    Metadata,
    Orientation,
    Row,
    Section,
    Signature,
    Table,
    TotalRow,
    reference_line,
)
from emudesk.i18n import _
from emudesk.services.campaigns.quotas import priority_text
from emudesk.services.core.common import get_live
from emudesk.services.decisions import cash, signing
from emudesk.services.exports.common import (
    GENDER_TEXT,
    KIND_HEADING,
    Office,
    birth_year,
    campaign_phrase,
    count_sentence,
    join_notes,
    roman,
    subjects_phrase,
)
from emudesk.services.register import as_of, decision_order

# The statuses a "danh sách đề nghị" shows unless one is asked for: files that were
# sent and hold their place (drafts, returned, rejected and withdrawn files are not proposals).
PROPOSED: frozenset[NominationStatus] = HOLDS_PLACE

_DECISION_KIND = "Quyết định"


@dataclass(frozen=True)
class _Item:
    """One printed line before numbering: its award form, kind of subject and cells after STT."""

    form_key: Any
    form_name: str
    kind: SubjectKind
    cells: tuple[CellValue, ...]


def _sections(items: Iterable[_Item]) -> tuple[tuple[Section, ...], dict[SubjectKind, int]]:
    """Cut ordered items into "I. FORM" > "1. Tập thể" sections, numbering STT from 1 in each."""
    forms: list[Section] = []
    counts: dict[SubjectKind, int] = {}
    current_form: Any = object()
    form_name = ""
    kinds: list[Section] = []
    rows: list[Row] = []
    kind: SubjectKind | None = None

    def close_kind() -> None:
        if kind is not None and rows:
            kinds.append(Section(f"{len(kinds) + 1}. {KIND_HEADING[kind]}", rows=tuple(rows)))

    def close_form() -> None:
        close_kind()
        if kinds:
            forms.append(Section(f"{roman(len(forms) + 1)}. {form_name.upper()}", sections=tuple(kinds)))

    for item in items:
        if item.form_key != current_form:
            close_form()
            current_form, form_name, kinds, rows, kind = item.form_key, item.form_name, [], [], None
        if item.kind is not kind:
            close_kind()
            kind, rows = item.kind, []
        rows.append((len(rows) + 1, *item.cells))
        counts[item.kind] = counts.get(item.kind, 0) + 1
    close_form()
    return tuple(forms), counts


# --- Danh sách đề nghị khen thưởng -----------------------------------------------------------------

NOMINATION_COLUMNS = (
    Column("stt", "STT", 4.5, ColumnKind.INT),
    Column("name", "Tên tập thể, họ và tên cá nhân", 22),
    Column("gender", "Giới tính", 6, align=Align.CENTER),
    Column("born", "Năm sinh", 6, ColumnKind.INT),
    Column("position", "Chức vụ", 14),
    Column("unit", "Đơn vị công tác", 20),
    Column("summary", "Tóm tắt thành tích", 35),
    Column("form", "Hình thức đề nghị", 16),
    Column("proposer", "Đơn vị đề nghị", 15),
    Column("note", "Ghi chú", 10),
)


def nomination_list(
    session: Session,
    campaign_id: int,
    *,
    unit_id: int | None = None,
    status: NominationStatus | None = None,
    issued_on: date | None = None,
) -> Document:
    """Danh sách đề nghị khen thưởng of a campaign (optionally one proposing unit, one status).

    Raises:
        NotFoundError: no such campaign or unit.
        ValidationError: no nomination matches.
    """
    campaign = get_live(session, Campaign, campaign_id, _("Campaign"))
    proposer_name = get_live(session, Unit, unit_id, _("Unit")).name if unit_id is not None else ""
    statuses = [status] if status is not None else sorted(PROPOSED)
    columns = tuple(c for c in NOMINATION_COLUMNS if not (unit_id is not None and c.key == "proposer"))

    listed = [
        Nomination.campaign_id == campaign_id,
        Nomination.deleted_at.is_(None),
        Nomination.status.in_(statuses),
    ]
    if unit_id is not None:
        listed.append(Nomination.proposing_unit_id == unit_id)
    person_unit = aliased(Unit)
    subject_unit = aliased(Unit)
    subject_parent = aliased(Unit)
    proposer = aliased(Unit)
    stmt = (
        select(
            AwardForm.id,
            AwardForm.name,
            Nomination.subject_kind,
            Nomination.individual_id,
            Nomination.unit_id,
            Individual.full_name,
            subject_unit.name,
            Household.head_name,
            Individual.gender,
            Individual.birth_year,
            Individual.birth_date,
            Individual.position,
            person_unit.name,
            subject_parent.name,
            Household.address,
            Nomination.summary,
            Achievement.summary,
            func.coalesce(func.nullif(proposer.short_name, ""), proposer.name),
            Nomination.note,
            Nomination.override_reason,
            priority_text(),
        )
        .join(AwardForm, AwardForm.id == Nomination.award_form_id)
        .outerjoin(Individual, Individual.id == Nomination.individual_id)
        .outerjoin(person_unit, person_unit.id == Individual.unit_id)
        .outerjoin(subject_unit, subject_unit.id == Nomination.unit_id)
        .outerjoin(subject_parent, subject_parent.id == subject_unit.parent_id)
        .outerjoin(Household, Household.id == Nomination.household_id)
        .outerjoin(Achievement, Achievement.id == Nomination.achievement_id)
        .outerjoin(proposer, proposer.id == Nomination.proposing_unit_id)
        .where(*listed)
        .order_by(
            AwardForm.sort_order,
            AwardForm.id,
            decision_order.kind_order_sql(Nomination.subject_kind),
            func.coalesce(Individual.sort_key, subject_unit.sort_key, Household.sort_key),
            Nomination.id,
        )
    )
    with_proposer = unit_id is None
    rows = session.execute(stmt).all()
    # A back-dated list names posts and units as they were on its date (the register keeps both).
    past = issued_on is not None and issued_on < date.today()
    posts = (
        as_of.posts_on(session, [r.individual_id for r in rows if r.individual_id is not None], issued_on)
        if past and issued_on is not None
        else {}
    )
    names = as_of.UnitNames(session, issued_on) if past and issued_on is not None else None

    def items() -> Iterator[_Item]:
        for (
            form_id,
            form,
            kind,
            individual_id,
            subject_unit_id,
            person,
            unit,
            head,
            gender,
            year,
            born,
            position,
            person_unit_name,
            parent_name,
            address,
            summary,
            achievement,
            proposing,
            note,
            override,
            priority,
        ) in rows:
            post = posts.get(individual_id) if individual_id is not None else None
            if post is not None and names is not None:
                position, person_unit_name = post.position, names.name(post.unit_id)
            if names is not None and kind is SubjectKind.UNIT:
                parent_name = names.parent_name(subject_unit_id)
            if kind is SubjectKind.INDIVIDUAL:
                cells: tuple[CellValue, ...] = (
                    person,
                    GENDER_TEXT.get(gender, ""),
                    birth_year(year, born),
                    position or "",
                    person_unit_name or "",
                )
            elif kind is SubjectKind.UNIT:
                cells = (unit, "", None, "", parent_name or "")
            else:
                cells = (f"Hộ ông (bà) {head}", "", None, "", address or "")
            printed = official_name(form, campaign.issuing_body)
            cells += (summary or achievement or "", printed)
            if with_proposer:
                cells += (proposing or "",)
            # A file moved on although judged not eligible says so, and why, wherever it is printed.
            overridden = f"Vượt qua kết quả xét điều kiện: {override}" if override else None
            # The plan's priority for the files its quota concerns, for the council to weigh.
            prioritised = f"Ưu tiên theo kế hoạch: {priority}" if priority else None
            yield _Item(form_id, printed, kind, (*cells, join_notes((note, prioritised, overridden))))

    sections, counts = _sections(items())
    if not sections:
        raise ValidationError(_("No nomination of this campaign matches; there is nothing to export."))
    who = subjects_phrase(counts)
    by = f" do {proposer_name}" if proposer_name else ""
    # The list is the proposing unit's paper: its letterhead and its head's signature. A list of
    # several units' files is the office's own, consolidated.
    proposers = set(session.scalars(select(Nomination.proposing_unit_id).where(*listed).distinct()))
    sender = signing.letterhead(session, proposers.pop() if len(proposers) == 1 else None)
    header = Header(
        issuing_agency=sender.issuing_agency,
        parent_agency=sender.parent_agency,
        code=f"DS-{sender.symbol}" if sender.symbol else "DS",
        place=sender.place or campaign.place,
        date=issued_on,
        doc_type="DANH SÁCH",
        summary=(f"{who}{by} đề nghị khen thưởng", f"trong {campaign_phrase(campaign)}"),
    )
    signer = sender.signer
    return Document(
        header=header,
        tables=(Table(columns=columns, sections=sections, sheet_name="Danh sách đề nghị"),),
        closing=(count_sentence(counts),),
        signatures=(Signature(position=signer.position, name=signer.name, authority=signer.authority),),
        orientation=Orientation.LANDSCAPE,
        font_size=11,
        metadata=Metadata(author=sender.issuing_agency, subject=campaign.title, keywords=("emudesk",)),
    )


# --- Danh sách khen thưởng kèm theo quyết định -------------------------------------------------------

DECISION_COLUMNS = (
    Column("stt", "STT", 4.5, ColumnKind.INT),
    Column("name", "Tên tập thể, họ và tên cá nhân", 26),
    Column("gender", "Giới tính", 6, align=Align.CENTER),
    Column("born", "Năm sinh", 6, ColumnKind.INT),
    Column("position", "Chức vụ, đơn vị công tác", 30),
    Column("form", "Hình thức khen thưởng", 24),
    Column("book", "Số sổ vàng", 8, align=Align.CENTER),
    Column("amount", "Số tiền (đồng)", 13, ColumnKind.NUMBER),
    Column("note", "Ghi chú", 12),
)

_STATUS_NOTE = {AwardStatus.REVOKED: "Đã thu hồi", AwardStatus.ANNULLED: "Đã hủy bỏ"}


def decision_list(session: Session, decision_id: int) -> Document:
    """Danh sách khen thưởng: the awards of a decision, "(Kèm theo Quyết định số … ngày … của …)".

    Recipients are printed as the decision wrote them (``AwardRecord.recipient_name``), their
    posts and units as they were on the decision's date, the forms by their official names, the
    sổ vàng numbers, and the cash of each line wherever the decision pays any.

    Raises:
        NotFoundError: no such decision.
        ValidationError: the decision grants nothing.
    """
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFoundError(_("Decision #{id} does not exist.").format(id=decision_id))
    office = Office.load(session)
    live = (AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None))
    amounts = cash.line_amounts(session, decision_id)
    with_amount = any(v is not None for v in amounts.values())
    subject_unit = aliased(Unit)
    stmt = (
        select(
            AwardRecord.id,
            AwardRecord.award_name,
            AwardRecord.subject_kind,
            AwardRecord.recipient_name,
            AwardRecord.individual_id,
            AwardRecord.unit_id,
            Individual.gender,
            Individual.birth_year,
            Individual.birth_date,
            Household.address,
            AwardRecord.golden_book_no,
            AwardRecord.status,
            AwardRecord.note,
        )
        .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
        .outerjoin(Individual, Individual.id == AwardRecord.individual_id)
        .outerjoin(subject_unit, subject_unit.id == AwardRecord.unit_id)
        .outerjoin(Household, Household.id == AwardRecord.household_id)
        .where(*live)
        .order_by(*decision_order.print_order(subject_unit))
    )
    rows = session.execute(stmt).all()
    # Names of the decision's day: a list of 2024 says "Sở NN&PTNT Thái Bình", not the merged Sở.
    day = decision.signed_on
    posts = as_of.posts_on(session, [r.individual_id for r in rows if r.individual_id is not None], day)
    units = as_of.UnitNames(session, day)
    # A decision recorded without its issuer or signer prints the default of the forms it grants.
    fallback = (
        signing.signing_for_decision(session, decision_id).default
        if not (decision.issuer and decision.signer_title)
        else None
    )
    issuer = decision.issuer or (fallback.issuer if fallback else "") or office.issuing_agency

    def items() -> Iterator[_Item]:
        for (
            record_id,
            award,
            kind,
            recipient,
            individual_id,
            unit_id,
            gender,
            year,
            born,
            address,
            book,
            status,
            note,
        ) in rows:
            if kind is SubjectKind.INDIVIDUAL:
                post = posts.get(individual_id) if individual_id is not None else None
                where = ", ".join(p for p in ((post.position, units.name(post.unit_id)) if post else ()) if p)
                cells: tuple[CellValue, ...] = (
                    recipient,
                    GENDER_TEXT.get(gender, ""),
                    birth_year(year, born),
                )
            else:
                where = (units.parent_name(unit_id) if kind is SubjectKind.UNIT else address) or ""
                cells = (recipient, "", None)
            form = official_name(award, issuer)
            cells += (where, form, book or "")
            if with_amount:
                cells += (amounts.get(record_id),)
            state = _STATUS_NOTE.get(status)
            if state and note and fold(note).startswith(fold(state)):
                state = None  # the note already says so ("Đã thu hồi theo quyết định …")
            yield _Item(form, form, kind, (*cells, join_notes((state, note))))

    sections, counts = _sections(items())
    if not sections:
        raise ValidationError(
            _("Decision {number} grants no award; there is nothing to export.").format(number=decision.number)
        )
    columns = tuple(c for c in DECISION_COLUMNS if with_amount or c.key != "amount")
    # The office's parent agency heads the list only when the office itself issued the decision.
    same_office = bool(office.issuing_agency) and fold(issuer).startswith(fold(office.issuing_agency))
    header = Header(
        issuing_agency=issuer,
        parent_agency=office.parent_agency if same_office else "",
        doc_type="DANH SÁCH",
        summary=(f"{subjects_phrase(counts)} được khen thưởng",),
        reference=reference_line(_DECISION_KIND, decision.number, decision.signed_on, issuer),
    )
    if decision.signer_title:
        authority, position = signing.split_title(decision.signer_title)
        signatures: tuple[Signature, ...] = (Signature(position, decision.signer_name, authority),)
    elif fallback is not None and fallback.position:
        signatures = (Signature(fallback.position, fallback.name, fallback.authority),)
    else:
        signatures = ()
    total = sum(v for v in amounts.values() if v is not None)
    totals = (TotalRow("Tổng cộng", {"amount": total}),) if with_amount else ()
    return Document(
        header=header,
        tables=(Table(columns=columns, sections=sections, totals=totals, sheet_name="Danh sách"),),
        closing=(count_sentence(counts),),
        signatures=signatures,
        orientation=Orientation.LANDSCAPE,
        font_size=11,
        metadata=Metadata(
            title=f"Danh sách kèm theo Quyết định số {decision.number}",
            author=issuer,
            subject=decision.summary or f"Quyết định số {decision.number}",
            keywords=("emudesk",),
        ),
    )
