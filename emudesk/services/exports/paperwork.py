"""The papers an office signs, as Word (.docx) and PDF from its templates: the Quyết định khen
thưởng with its danh sách, the Tờ trình đề nghị khen thưởng, a nominee's Báo cáo thành tích and
the Biên bản of a council session.

Each builder reads the database into a plain context for the template (``export.word``); the
danh sách come from the list exporters (``exports.lists``, ``exports.minutes``), so a paper and
its list never disagree. The .docx is rendered from the office's template (or the bundled one)
and the PDF is drawn from that same .docx (``export.word_pdf``)::

    export_paper(store, PaperKind.DECISION, PaperParams(decision_id=5), Path("qd.docx"))

The Vietnamese built here is legal document text, not interface text, so it is not translated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    Achievement,
    AnnualRating,
    AwardForm,
    AwardRecord,
    Campaign,
    Decision,
    Individual,
    Nomination,
    Rule,
    RuleSet,
    Unit,
)
from emudesk.domain.amounts import amount_in_words
from emudesk.domain.enums import AwardCategory, AwardStatus, NominationStatus, SubjectKind
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.domain.text import fold, nfc
from emudesk.export import Document, dateline, display_text, format_number, long_date
from emudesk.export.word import TemplateKind, render_docx
from emudesk.i18n import N_, _
from emudesk.services.core.common import check_text, get_live
from emudesk.services.core.outputs import atomic_output, check_output
from emudesk.services.core.store import Store, all_settings
from emudesk.services.decisions import cash as decision_cash
from emudesk.services.decisions import signing
from emudesk.services.exports import lists as export_lists
from emudesk.services.exports.common import GENDER_TEXT, KIND_HEADING, KIND_ORDER, Office, campaign_phrase
from emudesk.services.exports.templates import template_bytes

__all__ = [
    "PAPERS",
    "TAKES_RECIPIENTS",
    "PaperFormat",
    "PaperKind",
    "PaperParams",
    "build_context",
    "default_recipients",
    "export_paper",
]


class PaperKind(StrEnum):
    """The values are the CLI's ``emudesk export KIND`` choices."""

    DECISION = "decision-document"
    SUBMISSION = "submission"
    ACHIEVEMENT_REPORT = "achievement-report"
    MINUTES = "minutes"


class PaperFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"


PAPERS: dict[PaperKind, tuple[TemplateKind, str]] = {
    PaperKind.DECISION: (TemplateKind.DECISION, N_("Award decision with its list")),
    PaperKind.SUBMISSION: (TemplateKind.SUBMISSION, N_("Submission for awards with its list")),
    PaperKind.ACHIEVEMENT_REPORT: (TemplateKind.ACHIEVEMENT_REPORT, N_("Achievement report of a nominee")),
    PaperKind.MINUTES: (TemplateKind.MINUTES, N_("Minutes of a council session with every vote")),
}


@dataclass(frozen=True)
class PaperParams:
    decision_id: int | None = None
    campaign_id: int | None = None
    unit_id: int | None = None
    status: NominationStatus | None = None
    nomination_id: int | None = None
    session_id: int | None = None
    issued_on: date | None = None
    # The "Nơi nhận" lines as the clerk wrote them; empty: the paper's own (``default_recipients``).
    recipients: tuple[str, ...] = ()


# The papers that end with a "Nơi nhận" the clerk may rewrite.
TAKES_RECIPIENTS = frozenset({PaperKind.DECISION, PaperKind.SUBMISSION})


@dataclass(frozen=True)
class Paper:
    """A filled context and what the PDF says about itself."""

    context: dict[str, Any]
    title: str
    author: str
    subject: str


_RATING_TEXT = {
    "htxsnv": "Hoàn thành xuất sắc nhiệm vụ",
    "httnv": "Hoàn thành tốt nhiệm vụ",
    "htnv": "Hoàn thành nhiệm vụ",
    "khtnv": "Không hoàn thành nhiệm vụ",
}
_LAW_ORDER = ("luat", "nghi quyet", "nghi dinh", "thong tu", "quyet dinh", "quy che")


# --- shared wording -----------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _proper(agency: str) -> str:
    """ "SỞ NỘI VỤ" -> "Sở Nội vụ": a name typed in capitals in Settings, as a sentence writes it."""
    words = agency.strip().split()
    if not words or agency != agency.upper():
        return agency.strip()
    return " ".join(w.capitalize() if i < 2 else w.lower() for i, w in enumerate(words))


def _counts_phrase(counts: dict[SubjectKind, int]) -> str:
    parts = [f"{counts[k]:02d} {KIND_HEADING[k].lower()}" for k in KIND_ORDER if counts.get(k)]
    return " và ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def _join_and(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(n for n in names if n))
    return " và ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _award_phrase(category: AwardCategory | None, name: str) -> str:
    """How a paper names an award: a title (danh hiệu) says so, "danh hiệu Chiến sĩ thi đua cơ sở"."""
    return ("danh hiệu " if category is AwardCategory.TITLE else "") + name


def _signer(authority: str, position: str, name: str) -> dict[str, str]:
    return {"quyen_han": authority.upper(), "chuc_vu": position.upper(), "ho_ten": name}


def _legal_bases(
    session: Session, day: date, place_words: Iterable[str], form_ids: Iterable[int | None] = ()
) -> list[str]:
    """ "Căn cứ …" of the rule sets in force on ``day``: national ones, and the province's own; of
    those, the ones with a rule for every form or for a form the paper grants (so a Bằng khen does
    not cite the decree on Gia đình văn hóa)."""
    wanted = [fold(w) for w in place_words if w]
    codes = set(session.scalars(select(AwardForm.code).where(AwardForm.id.in_([f for f in form_ids if f]))))
    governs: dict[int, bool] = {}
    for set_id, award_codes in session.execute(
        select(Rule.rule_set_id, Rule.award_codes).where(Rule.active.is_(True))
    ):
        if not award_codes or codes & set(award_codes):
            governs[set_id] = True
    rows = session.scalars(
        select(RuleSet).where(
            RuleSet.active.is_(True),
            (RuleSet.effective_from.is_(None)) | (RuleSet.effective_from <= day),
            (RuleSet.effective_to.is_(None)) | (RuleSet.effective_to >= day),
        )
    ).all()
    chosen = []
    for rs in rows:
        if codes and not governs.get(rs.id):
            continue
        if rs.jurisdiction.value != "national":
            where = fold(rs.jurisdiction_name or "")
            if not any(w and (w in where or where.endswith(w)) for w in wanted):
                continue
        chosen.append(rs)

    def rank(rs: RuleSet) -> tuple[int, int, str]:
        key = fold(rs.name)
        order = next((i for i, w in enumerate(_LAW_ORDER) if key.startswith(w)), len(_LAW_ORDER))
        return (0 if rs.jurisdiction.value == "national" else 1, order, key)

    return [f"Căn cứ {_cited(rs)}" for rs in sorted(chosen, key=rank)]


_NUMBERED = re.compile(r"^(.*?\bsố\s+\S+)(.*)$")


def _cited(rs: RuleSet) -> str:
    """ "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết …":
    the date (and, but for a law, the issuer) right after the number, as a Căn cứ cites it."""
    name = rs.name.strip()
    if rs.issued_on is None or " ngày " in name:
        return name
    when = long_date(rs.issued_on)
    by = f" của {rs.jurisdiction_name}" if rs.jurisdiction_name and not fold(name).startswith("luat") else ""
    m = _NUMBERED.match(name)
    if m is None:
        return f"{name} {when}{by}"
    return f"{m.group(1)} {when}{by}{m.group(2)}"


def _plan_basis(campaign: Campaign | None) -> str:
    if campaign is None:
        return ""
    # A plan recorded without its number keeps the blank a clerk fills in ("số      /KH-SNV").
    number = "/".join(
        p
        for p in (campaign.plan_number or ("     " if campaign.plan_symbol else ""), campaign.plan_symbol)
        if p
    )
    text = f"Căn cứ Kế hoạch số {number}" if number else "Căn cứ Kế hoạch"
    if campaign.issue_date is not None:
        text += f" {long_date(campaign.issue_date)}"
    if campaign.issuing_body:
        text += f" của {campaign.issuing_body}"
    return f"{text} về {campaign_phrase(campaign)}"


def _punctuate(lines: Sequence[str]) -> list[str]:
    """NĐ 30: each Căn cứ ends with ";" and the last with "."."""
    cleaned = [line.strip().rstrip(" ;.") for line in lines if line and line.strip()]
    return [line + (";" if i < len(cleaned) - 1 else ".") for i, line in enumerate(cleaned)]


def _list_rows(document: Document, mapping: dict[str, Sequence[str]]) -> list[dict[str, Any]]:
    """A list exporter's table as template rows; a section heading is a row whose ``heading`` is set."""
    table = document.tables[0]
    index = {c.key: i for i, c in enumerate(table.columns)}
    rows: list[dict[str, Any]] = []
    blank = dict.fromkeys(mapping, "")
    for _depth, section in table.blocks():
        if section.heading:
            rows.append({**blank, "heading": section.heading})
        for values in section.rows:
            row: dict[str, Any] = {"heading": ""}
            for key, sources in mapping.items():
                parts = [
                    display_text(values[index[s]], table.columns[index[s]]) for s in sources if s in index
                ]
                row[key] = ", ".join(p for p in parts if p)
            rows.append(row)
    return rows


# --- Quyết định khen thưởng -----------------------------------------------------------------------


def decision_paper(session: Session, decision_id: int) -> Paper:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFoundError(_("Decision #{id} does not exist.").format(id=decision_id))
    listing = export_lists.decision_list(session, decision_id)  # ValidationError when it grants nothing
    office = Office.load(session)
    settings = all_settings(session)
    fallback = (
        signing.signing_for_decision(session, decision_id).default
        if not (decision.issuer and decision.signer_title)
        else None
    )
    issuer = decision.issuer or (fallback.issuer if fallback else "") or office.issuing_agency
    same_office = bool(office.issuing_agency) and fold(issuer).startswith(fold(office.issuing_agency))
    if decision.signer_title:
        authority, position = signing.split_title(decision.signer_title)
        name = decision.signer_name
    elif fallback is not None:
        authority, position, name = fallback.authority, fallback.position, fallback.name
    else:
        authority, position, name = office.signer_authority, office.signer_title, office.signer_name
    if authority.upper().startswith("TM."):
        power = issuer  # a collective body decides
    else:
        head = re.sub(r"^(KT|Q|TL|TUQ)\.\s*", "", authority, flags=re.IGNORECASE) if authority else position
        power = f"{head} {issuer}"
    campaign = session.get(Campaign, decision.campaign_id) if decision.campaign_id else None
    live = (AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None))
    records = session.execute(
        select(
            AwardRecord.subject_kind,
            AwardRecord.award_name,
            AwardForm.name,
            AwardRecord.status,
            AwardForm.category,
        )
        .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
        .where(*live)
        .order_by(AwardForm.sort_order, AwardRecord.id)
    ).all()
    counts: dict[SubjectKind, int] = {}
    for kind, _award, _form, status, _category in records:
        if status is AwardStatus.VALID:
            counts[kind] = counts.get(kind, 0) + 1
    forms = _join_and([_award_phrase(category, form or award) for _k, award, form, _s, category in records])
    money = decision_cash.compute(session, decision_id)
    province = signing.province_name(session, decision.signed_on)
    ubnd = fold(issuer).startswith(("uy ban nhan dan", "ubnd"))
    office_name = _proper(office.issuing_agency)
    form_ids = session.scalars(select(AwardRecord.award_form_id).where(*live)).all()
    bases = _legal_bases(session, decision.signed_on, (office.place, issuer), form_ids)
    plan = _plan_basis(campaign)
    if plan:
        bases.append(plan)
    bases.append(_proposal_basis(decision, issuer, office, office_name, ubnd=ubnd))
    year = campaign.end_date.year if campaign and campaign.end_date else decision.signed_on.year - 1
    merit = (
        f"đã có thành tích xuất sắc trong {campaign_phrase(campaign)}"
        if campaign
        else f"đã có thành tích xuất sắc trong công tác năm {year}"
    )
    funding = str(settings.get("paperwork.funding") or "").strip() or f"Quỹ Thi đua, khen thưởng của {issuer}"
    carry_out = (
        f"Chánh Văn phòng {province}, {head_of(office).capitalize()} {office_name}"
        if ubnd
        else f"Chánh Văn phòng {issuer}"
    )
    recipients = ["Như Điều 3;"]
    if not same_office and office_name:
        recipients.append(f"{office_name};")
    recipients.append(f"Lưu: VT, {office.symbol or 'TĐKT'}.")
    summary = decision.summary.strip() or "khen thưởng"
    trich_yeu = f"Về việc {_lower_first(summary)}"
    table = listing.tables[0]
    total_row = next((t for t in table.totals if "amount" in t.values), None)
    rows = _list_rows(
        listing,
        {
            "stt": ("stt",),
            "name": ("name",),
            "sex": ("gender",),
            "born": ("born",),
            "where": ("position",),
            "form": ("form",),
            "book": ("book",),
            "amount": ("amount",),
            "summary": (),
            "proposer": (),
            "yes": (),
            "members": (),
            "share": (),
            "passed": (),
            "conclusion": (),
        },
    )
    list_total = display_text(total_row.values["amount"], table.columns[-2]) if total_row else ""
    if total_row is None and money.total:
        # Amounts not recorded on the awards yet: the list carries what Điều 2 pays, line by line.
        due = {
            (line.golden_book_no or "", line.recipient_name): line.amount
            for line in money.lines
            if line.amount is not None and line.status is AwardStatus.VALID
        }
        for row in rows:
            amount = due.get((row.get("book", ""), row.get("name", "")))
            if not row["heading"] and amount is not None:
                row["amount"] = format_number(amount)
        list_total = format_number(money.total)
    agency, parent = _agency_and_parent(issuer)
    context = {
        "co_quan_chu_quan": (office.parent_agency if same_office else parent).upper(),
        "co_quan_ban_hanh": (office.issuing_agency if same_office else agency).upper(),
        "so_ky_hieu": f"Số: {decision.number}" if decision.number else "Số:      ",
        "dia_danh_ngay": dateline(office.place, decision.signed_on),
        "trich_yeu": trich_yeu,
        "tham_quyen": power.upper(),
        "can_cu": _punctuate(bases),
        "hinh_thuc": forms,
        "doi_tuong": _counts_phrase(counts) or "các tập thể, cá nhân",
        "thanh_tich": merit,
        "co_tien": money.total > 0,
        "tong_tien": format_number(money.total),
        "tong_tien_chu": amount_in_words(money.total),
        "nguon_kinh_phi": funding,
        "thi_hanh": carry_out,
        "so_quyet_dinh": decision.number,
        "ngay_quyet_dinh": f"{decision.signed_on:%d/%m/%Y}",
        "noi_nhan": recipients,
        "ky": _signer(authority, position, name),
        "danh_sach": {
            "co_quan": issuer.upper(),
            "tieu_de": " ".join(listing.header.summary),
            "tham_chieu": listing.header.reference,
            "dong": rows,
            "tong_tien": list_total,
            "tong_so": " ".join(listing.closing),
        },
    }
    return Paper(context, f"Quyết định số {decision.number} {trich_yeu}", issuer, summary)


def _proposal_basis(decision: Decision, issuer: str, office: Office, office_name: str, *, ubnd: bool) -> str:
    """The last Căn cứ: who proposed, and the tờ trình the decision answers as recorded on it.

    A UBND decides on the office's tờ trình; a sở or a unit on its own council's proposal (with
    its tờ trình when one is recorded). A tờ trình nobody recorded prints as the blank a clerk
    fills in, only where one is expected."""
    if ubnd:
        head = re.sub(r"^(KT|Q|TL|TUQ)\.\s*", "", office.signer_authority or office.signer_title, flags=re.I)
        proposer = f"{head.capitalize() or 'Thủ trưởng'} {office_name}"
    else:
        proposer = f"Hội đồng Thi đua - Khen thưởng {_agency_and_parent(issuer)[0]}"
    proposer = decision.submission_by or proposer
    if decision.submission_number:
        when = f" {long_date(decision.submission_date)}" if decision.submission_date else ""
        return f"Theo đề nghị của {proposer} tại Tờ trình số {decision.submission_number}{when}"
    if ubnd:
        return (
            f"Theo đề nghị của {proposer} tại Tờ trình số      /TTr-{office.symbol or 'SNV'} "
            f"{long_date(None).strip()}"
        )
    return f"Theo đề nghị của {proposer}"


_PROVINCIAL = re.compile(r"^(.+?)\s+(tỉnh|thành phố)\s+(\S.*)$")


def _agency_and_parent(issuer: str) -> tuple[str, str]:
    """ "Sở Y tế tỉnh Hưng Yên" -> ("Sở Y tế", "UBND tỉnh Hưng Yên"): NĐ 30 puts the parent above.
    A UBND, or a name without a province, is its own agency with no parent line."""
    m = _PROVINCIAL.match(issuer.strip())
    if m is None or fold(issuer).startswith(("uy ban nhan dan", "ubnd")):
        return issuer, ""
    return m.group(1), f"UBND {m.group(2)} {m.group(3)}"


def head_of(office: Office) -> str:
    """ "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" in Settings -> "GIÁM ĐỐC": the office's head."""
    if office.signer_authority:
        return re.sub(r"^(KT|Q|TL|TUQ|TM)\.\s*", "", office.signer_authority, flags=re.I)
    return office.signer_title or "Giám đốc"


# --- Tờ trình đề nghị khen thưởng ---------------------------------------------------------------------


def submission_paper(
    session: Session,
    campaign_id: int,
    *,
    unit_id: int | None = None,
    status: NominationStatus | None = None,
    issued_on: date | None = None,
) -> Paper:
    campaign = get_live(session, Campaign, campaign_id, _("Campaign"))
    day = issued_on or date.today()
    listing = export_lists.nomination_list(
        session, campaign_id, unit_id=unit_id, status=status, issued_on=day
    )
    statuses = [status] if status is not None else sorted(export_lists.PROPOSED)
    where = [
        Nomination.campaign_id == campaign_id,
        Nomination.deleted_at.is_(None),
        Nomination.status.in_(statuses),
    ]
    if unit_id is not None:
        where.append(Nomination.proposing_unit_id == unit_id)
    rows = session.execute(
        select(
            Nomination.id,
            Nomination.subject_kind,
            AwardForm.name,
            Nomination.proposing_unit_id,
            AwardForm.category,
        )
        .join(AwardForm, AwardForm.id == Nomination.award_form_id)
        .where(*where)
        .order_by(AwardForm.sort_order, Nomination.id)
    ).all()
    counts: dict[SubjectKind, int] = {}
    for _id, kind, _form, _unit, _category in rows:
        counts[kind] = counts.get(kind, 0) + 1
    proposers = {r[3] for r in rows}
    sender = signing.letterhead(session, proposers.pop() if len(proposers) == 1 else None)
    decider = signing.signing_for_nominations(session, [r[0] for r in rows]).default
    to = decider.issuer or "Hội đồng Thi đua - Khen thưởng"
    office = Office.load(session)
    form_ids = session.scalars(select(Nomination.award_form_id).where(*where)).all()
    bases = _legal_bases(session, day, (office.place, to), form_ids)
    plan = _plan_basis(campaign)
    if plan:
        bases.append(plan)
    who = _counts_phrase(counts)
    sender_name = _proper(sender.issuing_agency)
    context = {
        "co_quan_chu_quan": sender.parent_agency.upper(),
        "co_quan_ban_hanh": sender.issuing_agency.upper(),
        "co_quan_ban_hanh_ten": sender_name,
        "so_ky_hieu": f"Số:      /TTr-{sender.symbol}" if sender.symbol else "Số:      /TTr",
        "dia_danh_ngay": dateline(sender.place or campaign.place or office.place, day),
        "trich_yeu": f"Về việc đề nghị khen thưởng {who} trong {campaign_phrase(campaign)}",
        "kinh_gui": to,
        "can_cu": _punctuate(bases),
        "ket_qua": (
            f"Thực hiện {campaign_phrase(campaign)}, {sender_name} đã tổ chức bình xét thi đua, khen "
            f"thưởng; có {who} đạt tiêu chuẩn đề nghị khen thưởng."
        ),
        "de_nghi": "tặng " + _join_and([_award_phrase(r[4], r[2]) for r in rows]),
        "doi_tuong": who,
        "noi_nhan": ["Như trên;", f"Lưu: VT, {sender.symbol or 'TĐKT'}."],
        "ky": _signer(sender.signer.authority, sender.signer.position, sender.signer.name),
        "danh_sach": {
            "co_quan": sender.issuing_agency.upper(),
            "tieu_de": " ".join(listing.header.summary),
            "tham_chieu": (
                f"(Kèm theo Tờ trình số      /TTr-{sender.symbol} {long_date(day)} của {sender_name})"
            ),
            "dong": _list_rows(
                listing,
                {
                    "stt": ("stt",),
                    "name": ("name",),
                    "where": ("position", "unit"),
                    "summary": ("summary",),
                    "form": ("form",),
                    "proposer": ("proposer",),
                    "sex": ("gender",),
                    "born": ("born",),
                    "book": (),
                    "amount": (),
                    "yes": (),
                    "members": (),
                    "share": (),
                    "passed": (),
                    "conclusion": (),
                },
            ),
            "tong_tien": "",
            "tong_so": " ".join(listing.closing),
        },
    }
    return Paper(context, f"Tờ trình {context['trich_yeu']}", sender.issuing_agency, campaign.title)


# --- Báo cáo thành tích -------------------------------------------------------------------------------


def achievement_paper(session: Session, nomination_id: int, *, issued_on: date | None = None) -> Paper:
    nomination = get_live(session, Nomination, nomination_id, _("Nomination"))
    day = issued_on or date.today()
    form = session.get(AwardForm, nomination.award_form_id)
    form_name = form.name if form is not None else ""
    achievement = session.get(Achievement, nomination.achievement_id) if nomination.achievement_id else None
    deeds = [t for t in (nomination.summary, achievement.summary if achievement else "") if t and t.strip()]
    ly_lich: list[dict[str, str]] = []
    ratings_where: Any
    awards_where: Any
    if nomination.subject_kind is SubjectKind.INDIVIDUAL and nomination.individual_id is not None:
        person = session.get(Individual, nomination.individual_id)
        assert person is not None
        unit = session.get(Unit, person.unit_id) if person.unit_id else None
        born = f"{person.birth_date:%d/%m/%Y}" if person.birth_date else str(person.birth_year or "")
        facts = [
            ("Họ, chữ đệm và tên", person.full_name),
            ("Giới tính", GENDER_TEXT.get(person.gender, "")),
            ("Ngày, tháng, năm sinh", born),
            ("Dân tộc", person.ethnicity),
            ("Quê quán", person.hometown or ""),
            ("Nơi thường trú", person.residence or ""),
            ("Điện thoại", person.phone or ""),
            (
                "Chức vụ, đơn vị công tác",
                ", ".join(p for p in (person.position or "", unit.name if unit else "") if p),
            ),
        ]
        name, head_unit = person.full_name, person.unit_id
        duties = ", ".join(p for p in (person.position or "", unit.name if unit else "") if p)
        ratings_where = AnnualRating.individual_id == person.id
        awards_where = AwardRecord.individual_id == person.id
        signer = {"quyen_han": "", "chuc_vu": "NGƯỜI BÁO CÁO THÀNH TÍCH", "ho_ten": name}
        confirm = {}
    elif nomination.unit_id is not None:
        unit = session.get(Unit, nomination.unit_id)
        assert unit is not None
        parent = session.get(Unit, unit.parent_id) if unit.parent_id else None
        facts = [
            ("Tên tập thể", unit.name),
            ("Cơ quan cấp trên", parent.name if parent else ""),
            ("Địa chỉ", unit.address or ""),
            ("Số thành viên", str(unit.member_count or "")),
        ]
        name, head_unit, duties = unit.name, unit.id, f"Chức năng, nhiệm vụ của {unit.name}"
        ratings_where = AnnualRating.unit_id == unit.id
        awards_where = AwardRecord.unit_id == unit.id
        head = signing.letterhead(session, unit.id).signer
        signer = _signer(head.authority, head.position, head.name)
        # A collective's report is confirmed by the level that proposes it, not by itself.
        above = signing.letterhead(session, unit.parent_id).signer if unit.parent_id else None
        confirm = {
            "quyen_han": "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
            "chuc_vu": (above.position if above else "THỦ TRƯỞNG CƠ QUAN CẤP TRÊN").upper(),
            "ho_ten": above.name if above else "",
        }
    else:
        raise ValidationError(_("An achievement report is written for an individual or a collective."))
    ly_lich = [{"nhan": k, "gia_tri": v} for k, v in facts if v]
    sender = signing.letterhead(session, head_unit)
    ratings = session.execute(
        select(AnnualRating.year, AnnualRating.rating)
        .where(ratings_where)
        .order_by(AnnualRating.year.desc())
        .limit(5)
    ).all()
    awards = session.execute(
        select(
            AwardRecord.year,
            AwardRecord.award_name,
            AwardRecord.decision_number,
            AwardRecord.decision_date,
            AwardRecord.issuer,
            AwardForm.category,
        )
        .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
        .where(awards_where, AwardRecord.deleted_at.is_(None), AwardRecord.status == AwardStatus.VALID)
        .order_by(AwardRecord.year, AwardRecord.id)
    ).all()

    def ref(number: str, signed: date | None, issuer: str) -> str:
        parts = [f"Quyết định số {number}" if number else ""]
        if signed is not None:
            parts.append(f"ngày {signed:%d/%m/%Y}")
        text = " ".join(p for p in parts if p)
        return "; ".join(p for p in (text, issuer) if p)

    titles = [
        {"year": y, "name": n, "ref": ref(num, d, iss)}
        for y, n, num, d, iss, cat in awards
        if cat is AwardCategory.TITLE
    ]
    others = [
        {"year": y, "name": n, "ref": ref(num, d, iss)}
        for y, n, num, d, iss, cat in awards
        if cat is not AwardCategory.TITLE
    ]
    context = {
        "co_quan_chu_quan": sender.parent_agency.upper(),
        "co_quan_ban_hanh": sender.issuing_agency.upper(),
        "so_ky_hieu": "",
        "dia_danh_ngay": dateline(sender.place, day),
        "trich_yeu": f"Đề nghị tặng {form_name}" if form_name else "Đề nghị khen thưởng",
        "noi_nhan": [],
        "ho_ten": name,
        "ly_lich": ly_lich,
        "nhiem_vu": duties or "…",
        "thanh_tich": deeds or ["…"],
        "xep_loai": [{"nam": y, "muc": _RATING_TEXT.get(r.value, r.value)} for y, r in ratings],
        "danh_hieu": titles,
        "hinh_thuc": others,
        "ky": signer,
        "xac_nhan": confirm
        or {
            "quyen_han": "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ",
            "chuc_vu": sender.signer.position.upper(),
            "ho_ten": sender.signer.name,
        },
    }
    return Paper(context, f"Báo cáo thành tích {name}", sender.issuing_agency, str(context["trich_yeu"]))


# --- Biên bản họp Hội đồng ------------------------------------------------------------------------------


_NO_CLOCK = "…… giờ …… phút"


def _clock(moment: datetime | None) -> str:
    """ "08 giờ 30 phút"; the blanks for the secretary to write in when the time was not recorded."""
    return _NO_CLOCK if moment is None else f"{moment:%H} giờ {moment:%M} phút"


def minutes_paper(session: Session, session_id: int) -> Paper:
    from emudesk.services.council.sessions import get_review_session, local_time
    from emudesk.services.exports import minutes as export_minutes

    document = export_minutes.council_minutes(session, session_id)
    row = get_review_session(session, session_id, editable=False)
    opened, closed = local_time(row.opened_at), local_time(row.closed_at)
    header = document.header
    chair = next((s for s in document.signatures if fold(s.position) == "chu tri"), None)
    secretary = next((s for s in document.signatures if fold(s.position) == "thu ky"), None)
    context = {
        "co_quan_chu_quan": header.parent_agency.upper(),
        "co_quan_ban_hanh": header.issuing_agency.upper(),
        "so_ky_hieu": header.number_line,
        "dia_danh_ngay": header.dateline,
        "trich_yeu": " ".join(header.summary),
        "ngay_hop": long_date(header.date),
        "gio_bat_dau": _clock(opened),
        "ngay_bat_dau": f"{(opened.date() if opened else row.held_on):%d/%m/%Y}",
        "gio_ket_thuc": _clock(closed),
        "ngay_ket_thuc": f"{closed:%d/%m/%Y}" if closed else f"{row.held_on:%d/%m/%Y}",
        "noi_dung": list(document.intro),
        "ket_luan": [*document.closing, *document.footnotes],
        "noi_nhan": [],
        "ky": _signer("", "CHỦ TRÌ", chair.name if chair else ""),
        "thu_ky": _signer("", "THƯ KÝ", secretary.name if secretary else ""),
        "danh_sach": {
            "co_quan": header.issuing_agency.upper(),
            "tieu_de": "Kết quả biểu quyết",
            "tham_chieu": "",
            "dong": _list_rows(
                document,
                {
                    "stt": ("stt",),
                    "name": ("name",),
                    "proposer": ("proposer",),
                    "form": ("form",),
                    "yes": ("yes",),
                    "members": ("members",),
                    "share": ("share",),
                    "passed": ("passed", "needed"),
                    "conclusion": ("conclusion", "note"),
                    "where": (),
                    "summary": (),
                    "book": (),
                    "amount": (),
                    "sex": (),
                    "born": (),
                },
            ),
            "tong_tien": "",
            "tong_so": "",
        },
    }
    summary = " ".join(header.summary)
    return Paper(context, f"Biên bản {summary}", header.issuing_agency, summary)


# --- writing ----------------------------------------------------------------------------------------------


def build_paper(session: Session, kind: PaperKind | str, params: PaperParams) -> Paper:
    kind = PaperKind(kind)
    if kind is PaperKind.DECISION:
        if params.decision_id is None:
            raise ValidationError(_("The award decision needs a decision to print."))
        paper = decision_paper(session, params.decision_id)
    elif kind is PaperKind.SUBMISSION:
        if params.campaign_id is None:
            raise ValidationError(_("The submission needs a campaign."))
        paper = submission_paper(
            session,
            params.campaign_id,
            unit_id=params.unit_id,
            status=params.status,
            issued_on=params.issued_on,
        )
    else:
        return _other_paper(session, kind, params)
    typed = _recipient_lines(params.recipients)
    if typed:
        paper.context["noi_nhan"] = typed
    return paper


def _other_paper(session: Session, kind: PaperKind, params: PaperParams) -> Paper:
    if kind is PaperKind.ACHIEVEMENT_REPORT:
        if params.nomination_id is None:
            raise ValidationError(_("The achievement report needs a nomination."))
        return achievement_paper(session, params.nomination_id, issued_on=params.issued_on)
    if params.session_id is None and params.campaign_id is None:
        raise ValidationError(_("The minutes need a council session."))
    from emudesk.services.exports.documents import ExportParams, _session_id

    # The campaign's only session, as the list-style minutes took it.
    return minutes_paper(
        session,
        _session_id(session, ExportParams(campaign_id=params.campaign_id, session_id=params.session_id)),
    )


def build_context(session: Session, kind: PaperKind | str, params: PaperParams) -> dict[str, Any]:
    return build_paper(session, kind, params).context


def _recipient_lines(lines: Iterable[str]) -> list[str]:
    """The lines typed for "Nơi nhận", NFC, without blank ones; a control character is refused."""
    label = _("Recipients")
    return [check_text(nfc(line).strip(), "recipients", label) for line in lines if line and line.strip()]


def default_recipients(session: Session, kind: PaperKind | str, params: PaperParams) -> list[str]:
    """The "Nơi nhận" lines the paper prints unless the clerk writes others (none for a paper
    that has no Nơi nhận)."""
    kind = PaperKind(kind)
    if kind not in TAKES_RECIPIENTS:
        return []
    plain = PaperParams(**{**params.__dict__, "recipients": ()})
    return list(build_paper(session, kind, plain).context["noi_nhan"])


def export_paper(
    store: Store,
    kind: PaperKind | str,
    params: PaperParams,
    path: str | Path,
    fmt: PaperFormat | str | None = None,
) -> Path:
    """Write the paper ``kind`` as .docx or PDF (from the file's suffix unless ``fmt``); atomic.

    Raises:
        NotFoundError: an id that does not exist.
        ValidationError: a missing parameter, nothing to print, a template that cannot be filled.
        StorageError: the file cannot be written.
    """
    kind = PaperKind(kind)
    target = Path(path)
    chosen = PaperFormat(fmt or target.suffix.lower().lstrip(".") or "docx")
    check_output(target, database=store.path, force=True)
    template_kind = PAPERS[kind][0]
    with store.read() as session:
        paper = build_paper(session, kind, params)
        template, custom = template_bytes(session, template_kind)
    name = _("the office's template “{name}”") if custom else _("the bundled template “{name}”")
    filled = render_docx(template, paper.context, name=name.format(name=template_kind.filename))
    with atomic_output(target) as temporary:
        if chosen is PaperFormat.DOCX:
            temporary.write_bytes(filled)
        else:
            from emudesk.export.word_pdf import docx_to_pdf

            buffer = io.BytesIO()
            docx_to_pdf(filled, buffer, title=paper.title, author=paper.author, subject=paper.subject)
            temporary.write_bytes(buffer.getvalue())
    return target
