"""Documents built from the demo database, written in both formats and read back.

openpyxl checks every row against the database (names, forms, units, order); pdftotext checks
that every name comes back with its diacritics; the summary report's numbers are checked
against counts taken here and against the quota meters.
"""

from __future__ import annotations

import itertools
import zipfile
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, update

from emudesk.db.models import (
    AgendaItem,
    AwardForm,
    AwardRecord,
    Campaign,
    CouncilMember,
    Decision,
    Nomination,
    ReviewSession,
    SessionAttendance,
    Unit,
)
from emudesk.domain.award_names import official_name
from emudesk.domain.enums import CampaignStatus, NominationStatus, SubjectKind
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.export import Orientation
from emudesk.services.campaigns import quotas
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.decisions import cash
from emudesk.services.exports import documents as exports
from emudesk.services.exports import minutes as export_minutes
from emudesk.services.exports.documents import (
    DocumentKind,
    ExportFormat,
    ExportParams,
    build_document,
    export_document,
)
from emudesk.services.nominations.workflow import NominationInput, create_nomination, transition
from emudesk.services.register.households import HouseholdInput, create_household
from tests import factories
from tests.readback import (
    DATE,
    data_rows,
    demo_campaign_ids,
    expected_nominations,
    pdf_pages,
    pdf_raw_text,
    render_page1,
    xlsx_body,
)

S = NominationStatus
# Columns of the nomination list: STT, name, gender, born, position, unit, summary, form, proposer, note.
NAME, GENDER, BORN, POSITION, UNIT, SUMMARY, FORM, PROPOSER = 1, 2, 3, 4, 5, 6, 7, 8


def _export(store: Store, kind: str, params: ExportParams, path: Path) -> Path:
    return export_document(store, kind, params, path)


def test_every_demo_campaign_list_reads_back_from_xlsx_and_pdf(demo_store: Store, tmp_path: Path) -> None:
    pages: dict[int, tuple[int, int]] = {}
    for cid in demo_campaign_ids(demo_store):
        with demo_store.read() as s:
            expected = expected_nominations(s, cid)
        assert expected, cid
        params = ExportParams(campaign_id=cid, issued_on=DATE)
        xlsx = _export(demo_store, "nominations", params, tmp_path / f"ds-{cid}.xlsx")
        pdf = _export(demo_store, "nominations", params, tmp_path / f"ds-{cid}.pdf")

        body = xlsx_body(xlsx)
        rows = data_rows(body)
        assert [r[NAME] for r in rows] == [e.name for e in expected]
        assert [r[FORM] for r in rows] == [e.form for e in expected]
        assert [r[BORN] for r in rows] == [e.born for e in expected]
        assert [r[POSITION] or "" for r in rows] == [e.position for e in expected]
        assert [r[PROPOSER] or "" for r in rows] == [e.proposer for e in expected]
        # Headings: "I. FORM" then "1. Tập thể" / "2. Cá nhân", numbering restarting in each block.
        headings = [r[0] for r in body if isinstance(r[0], str)]
        forms = list(dict.fromkeys(e.form for e in expected))
        assert [h for h in headings if h.split(". ", 1)[0].isupper()] == [
            f"{roman}. {form.upper()}"
            for roman, form in zip(["I", "II", "III", "IV", "V"], forms, strict=False)
        ]
        numbers = [r[0] for r in rows]
        assert numbers[0] == 1 and all(b in (a + 1, 1) for a, b in itertools.pairwise(numbers))

        text = pdf_raw_text(pdf)
        position = 0
        for e in expected:  # every name, with its diacritics, in print order
            found = text.find(e.name, position)
            assert found >= 0, (cid, e.name)
            position = found + len(e.name)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        # The office's letterhead, or the proposing unit's when one unit proposed the whole list.
        assert "ngày 02 tháng 3 năm 2026" in text and "/DS-" in text
        pages[cid] = (len(expected), pdf_pages(pdf))

    by_rows = sorted(pages.values())
    assert by_rows[-1][1] > by_rows[0][1], pages  # the longest list has more pages than the shortest
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(by_rows)), pages


def test_vietnamese_order_within_each_block(demo_store: Store, tmp_path: Path) -> None:
    """Individuals by tên, then chữ đệm, then họ, with Vietnamese letters and tones (ICU's order)."""
    icu_order = [
        "Đặng Văn An",
        "Nguyễn Văn An",
        "Ngô Đức Anh",
        "Lê Thị Ánh",
        "Nguyễn Văn Ân",
        "Dương Thị Bình",
    ]
    with demo_store.write("test") as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2026%")))
        form = s.scalar(select(AwardForm.id).where(AwardForm.code == "BK_TINH"))
        assert cid and form
        office = factories.unit(s, "Phòng Thử nghiệm", "so_nganh")
        for i, name in enumerate(reversed(icu_order)):
            pid = factories.person(s, name, office, born=date(1980 + i, 3, 1))
            create_nomination(
                s,
                NominationInput(
                    SubjectRef(SubjectKind.INDIVIDUAL, pid),
                    cid,
                    form,
                    proposing_unit_id=office,
                    filed_on=date(2026, 12, 1),  # before the round's deadline, whatever today is
                ),
            )
    params = ExportParams(campaign_id=cid, unit_id=office, status=S.DRAFT)
    rows = data_rows(xlsx_body(_export(demo_store, "nominations", params, tmp_path / "ds.xlsx")))
    assert [r[NAME] for r in rows] == icu_order
    text = pdf_raw_text(_export(demo_store, "nominations", params, tmp_path / "ds.pdf"))
    assert [text.index(name) for name in icu_order] == sorted(text.index(name) for name in icu_order)


def _ids(store: Store, campaign_id: int) -> list[int]:
    with store.read() as s:
        return list(
            s.scalars(
                select(Nomination.id).where(
                    Nomination.campaign_id == campaign_id,
                    Nomination.status.in_(sorted(exports.export_lists.PROPOSED)),
                )
            )
        )


def test_one_proposing_unit_one_status_and_households(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.write("test") as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2025 trên%")))
        form = s.scalar(select(AwardForm.id).where(AwardForm.code == "BK_TINH"))
        unit = s.scalar(select(Unit.id).where(Unit.name == "Sở Y tế tỉnh Hưng Yên"))
        assert cid and form and unit
        # The 2025 round is closed: reopened to take one more file, received in time.
        s.execute(update(Campaign).where(Campaign.id == cid).values(status=CampaignStatus.ACTIVE))
        hid = create_household(s, HouseholdInput(head_name="Nguyễn Văn Ước", address="Thôn Đông, xã Vũ Thư"))
        nid = create_nomination(
            s,
            NominationInput(
                SubjectRef(SubjectKind.HOUSEHOLD, hid),
                cid,
                form,
                proposing_unit_id=unit,
                year=2025,
                filed_on=date(2025, 12, 5),
                summary="Hiến đất",
            ),
        )
        transition(s, [nid], S.SUBMITTED)
    xlsx = _export(
        demo_store, "nominations", ExportParams(campaign_id=cid, unit_id=unit), tmp_path / "yte.xlsx"
    )
    with demo_store.read() as s:
        expected = expected_nominations(s, cid, unit_id=unit)
    body = xlsx_body(xlsx)
    rows = data_rows(body)
    assert [r[NAME] for r in rows] == [e.name for e in expected]
    assert rows[-1][NAME] == "Hộ ông (bà) Nguyễn Văn Ước" and rows[-1][UNIT] == "Thôn Đông, xã Vũ Thư"
    assert "3. Hộ gia đình" in [r[0] for r in body]
    assert len(rows[0]) == 9  # no "Đơn vị đề nghị" column when the list is one unit's
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    top = [c for row in wb.worksheets[0].iter_rows(max_row=12, values_only=True) for c in row if c]
    wb.close()
    assert any("do Sở Y tế tỉnh Hưng Yên đề nghị khen thưởng" in str(c) for c in top)

    approved = _export(
        demo_store,
        "nominations",
        ExportParams(campaign_id=cid, status=S.APPROVED),
        tmp_path / "approved.xlsx",
    )
    with demo_store.read() as s:
        want = expected_nominations(s, cid, statuses=frozenset({S.APPROVED}))
    assert [r[NAME] for r in data_rows(xlsx_body(approved))] == [e.name for e in want]


def test_decision_list_with_golden_book_numbers_and_amounts(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.write("test") as s:
        decision = s.scalar(select(Decision).where(Decision.number == "112/QĐ-UBND"))
        assert decision is not None
        did, cid = decision.id, decision.campaign_id
        records = list(s.scalars(select(AwardRecord).where(AwardRecord.decision_id == did)))
        # Amounts fixed on two records; the others are paid by coefficient × lương cơ sở.
        for record, amount in zip(records[:2], (Decimal(7_020_000), Decimal(3_510_000)), strict=True):
            record.cash_amount = amount
        s.flush()
        paid = {line.award_record_id: line.amount for line in cash.compute(s, did).lines}
        expected = {
            r.recipient_name: (
                r.golden_book_no,
                paid[r.id],
                official_name(r.award_name, "Ủy ban nhân dân tỉnh Hưng Yên"),
            )
            for r in records
        }
    assert {amount for _b, amount, _f in expected.values()} > {7_020_000, 3_510_000}
    xlsx = _export(demo_store, "decision", ExportParams(decision_id=did), tmp_path / "qd.xlsx")
    pdf = _export(demo_store, "decision", ExportParams(decision_id=did), tmp_path / "qd.pdf")
    body = xlsx_body(xlsx)
    rows = data_rows(body)
    # STT, name, gender, born, position and unit, form, sổ vàng, amount, note
    got = {r[1]: (r[6], r[7], r[5]) for r in rows}
    assert got == expected
    total = next(r for r in body if r[0] == "Tổng cộng")
    grand = sum(amount or 0 for _b, amount, _f in expected.values())
    assert total[7] == grand
    text = pdf_raw_text(pdf)
    assert (
        "(Kèm theo Quyết định số 112/QĐ-UBND ngày 20 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Hưng Yên)"
        in text
    )
    for name in expected:
        assert name in text
    assert f"{grand:,}".replace(",", ".") in text  # the total, with Vietnamese digit grouping
    # The campaign issued more than one award decision: asking by campaign names them.
    with demo_store.read() as s:
        awards = list(
            s.scalars(select(Decision.id).where(Decision.campaign_id == cid, Decision.kind == "award"))
        )
    assert len(awards) > 1
    with pytest.raises(ValidationError) as caught:
        _export(demo_store, "decision", ExportParams(campaign_id=cid), tmp_path / "which.pdf")
    assert all(str(i) in str(caught.value) for i in awards)


def test_a_campaign_with_one_decision_needs_no_decision_id(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.read() as s:
        decision = s.scalar(select(Decision).where(Decision.number == "08/QĐ-SNNMT"))
        assert decision is not None
        names = set(
            s.scalars(select(AwardRecord.recipient_name).where(AwardRecord.decision_id == decision.id))
        )
        cid = decision.campaign_id
    rows = data_rows(
        xlsx_body(_export(demo_store, "decision", ExportParams(campaign_id=cid), tmp_path / "q.xlsx"))
    )
    assert {r[1] for r in rows} == names
    # No amount was written on issue, but every form here pays (LĐTT: 0.3 × lương cơ sở, rounded up).
    assert len(rows[0]) == 9 and all(isinstance(r[7], int) and r[7] > 0 for r in rows)
    assert {r[7] for r in rows if r[5] == "Lao động tiên tiến"} == {710_000}


def _form_counts(store: Store, campaign_id: int) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """(form, kind) -> nominations proposed / approved, tallied one by one."""
    proposed: Counter[tuple[str, str]] = Counter()
    approved: Counter[tuple[str, str]] = Counter()
    with store.read() as s:
        for n in s.scalars(select(Nomination).where(Nomination.campaign_id == campaign_id)):
            if n.deleted_at is not None or n.status in (S.DRAFT, S.WITHDRAWN):
                continue
            form = s.get(AwardForm, n.award_form_id)
            campaign = s.get(Campaign, n.campaign_id)
            assert form is not None and campaign is not None
            name = official_name(form.name, campaign.issuing_body)
            proposed[(name, n.subject_kind.value)] += 1
            if n.status is S.APPROVED:
                approved[(name, n.subject_kind.value)] += 1
    return proposed, approved


def test_summary_report_numbers_equal_the_database_and_the_quota_meters(
    demo_store: Store, tmp_path: Path
) -> None:
    with demo_store.read() as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2025 trên%")))
        assert cid is not None
        meters = quotas.usage(s, cid)
    xlsx = _export(demo_store, "summary", ExportParams(campaign_id=cid, issued_on=DATE), tmp_path / "bc.xlsx")
    proposed, approved = _form_counts(demo_store, cid)
    kinds = [k.value for k in (SubjectKind.UNIT, SubjectKind.INDIVIDUAL, SubjectKind.HOUSEHOLD)]
    body = xlsx_body(xlsx, "Theo hình thức")
    for row in data_rows(body):
        form = row[1]
        assert list(row[2:5]) == [proposed[(form, k)] for k in kinds], form
        assert row[5] == sum(proposed[(form, k)] for k in kinds)
        assert list(row[6:9]) == [approved[(form, k)] for k in kinds], form
        assert row[9] == sum(approved[(form, k)] for k in kinds)
    assert {r[1] for r in data_rows(body)} == {form for form, _k in proposed}
    total = next(r for r in body if r[0] == "Tổng cộng")
    assert total[5] == sum(proposed.values()) and total[9] == sum(approved.values())

    units = xlsx_body(xlsx, "Theo đơn vị")
    assert sum(r[5] for r in data_rows(units)) == sum(proposed.values())

    quota_rows = [r for r in xlsx_body(xlsx, "Chỉ tiêu") if isinstance(r[0], int)]
    assert [r[1] for r in quota_rows] == [m.label for m in meters]
    for row, meter in zip(quota_rows, meters, strict=True):
        if meter.limit is not None:
            assert (row[3], row[4]) == (meter.limit, meter.used), meter.label


def test_summary_report_of_a_year_and_targets(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.write("test") as s:
        ntm = s.scalar(select(Campaign).where(Campaign.plan_number == "104"))
        assert ntm is not None
        target = ntm.targets[0]
        target.result_value = target.value + 5 if target.value is not None else Decimal(1)
        want = {t.description for t in ntm.targets}
    xlsx = _export(demo_store, "summary", ExportParams(campaign_id=ntm.id), tmp_path / "ntm.xlsx")
    rows = data_rows(xlsx_body(xlsx, "Mục tiêu"))
    assert {r[1] for r in rows} == want
    assert rows[0][4] == "Đạt" and rows[1][4] == "Chưa có số liệu"

    year = _export(demo_store, "summary", ExportParams(year=2025), tmp_path / "y.pdf")
    text = pdf_raw_text(year)
    assert "Tổng hợp kết quả đề nghị, khen thưởng năm 2025" in text
    with pytest.raises(ValidationError):
        _export(demo_store, "summary", ExportParams(year=1990), tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_a_formula_in_a_name_stays_text(demo_store: Store, tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://example.com","Bấm vào đây")'
    with demo_store.write("test") as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2025 trên%")))
        s.execute(update(Unit).where(Unit.name == "Sở Y tế tỉnh Hưng Yên").values(name=evil))
    xlsx = _export(demo_store, "summary", ExportParams(campaign_id=cid), tmp_path / "bc.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    cells = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value == evil or (isinstance(c.value, str) and c.value.endswith(evil))
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(xlsx) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_council_minutes(demo_store: Store, tmp_path: Path) -> None:
    """The demo's signed session: every agenda item with its tally over all members and the conclusion."""
    with demo_store.read() as s:
        session = s.scalar(select(ReviewSession).order_by(ReviewSession.id))
        assert session is not None, "the demo has a council session"
        sid, cid, number = session.id, session.campaign_id, session.minutes_number
        items = [
            (i.votes_for, i.council_size, i.outcome)
            for i in s.scalars(
                select(AgendaItem).where(AgendaItem.session_id == sid).order_by(AgendaItem.position)
            )
        ]
        absent = [
            m.full_name
            for a, m in s.execute(
                select(SessionAttendance, CouncilMember)
                .join(CouncilMember, CouncilMember.id == SessionAttendance.member_id)
                .where(SessionAttendance.session_id == sid, SessionAttendance.present.is_(False))
            )
        ]
    xlsx = _export(demo_store, "minutes", ExportParams(session_id=sid), tmp_path / "bb.xlsx")
    pdf = _export(
        demo_store, "minutes", ExportParams(campaign_id=cid), tmp_path / "bb.pdf"
    )  # its only session
    rows = data_rows(xlsx_body(xlsx))
    assert len(rows) == len(items)
    for row, (yes, size, outcome) in zip(rows, items, strict=True):
        assert row[4:6] == (yes, size if yes is not None else None)
        if yes is not None:
            assert size and row[6] == pytest.approx(yes / size)
        assert row[9].startswith(export_minutes._CONCLUSION[outcome])
    text = pdf_raw_text(pdf)
    assert "BIÊN BẢN" in text and f"Số: {number}" in text
    for name in absent:
        assert name in text
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text


def test_kinds_formats_and_bad_ids(demo_store: Store, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    assert exports.KINDS[DocumentKind.CAMPAIGN].formats == (ExportFormat.XLSX,)
    assert all(
        ExportFormat.PDF in info.formats
        for k, info in exports.KINDS.items()
        if k is not DocumentKind.CAMPAIGN
    )
    with pytest.raises(ValidationError):
        _export(demo_store, "campaign", ExportParams(campaign_id=1), tmp_path / "c.pdf")
    with pytest.raises(ValidationError):
        _export(demo_store, "nominations", ExportParams(), tmp_path / "x.pdf")  # no campaign
    with pytest.raises(NotFoundError):
        _export(demo_store, "nominations", ExportParams(campaign_id=9999), tmp_path / "x.pdf")
    with pytest.raises(NotFoundError):
        _export(demo_store, "decision", ExportParams(decision_id=9999), tmp_path / "x.xlsx")
    with pytest.raises(NotFoundError):
        _export(demo_store, "nominations", ExportParams(campaign_id=1, unit_id=99999), tmp_path / "x.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_preview_keeps_page_one(demo_store: Store) -> None:
    with demo_store.read() as s:
        cid = max(demo_campaign_ids(demo_store), key=lambda c: len(_ids(demo_store, c)))
        document = build_document(s, "nominations", ExportParams(campaign_id=cid))
    preview = exports.preview_document(document, rows=10)
    assert preview.row_count() == 10 < document.row_count()
    assert preview.header == document.header and preview.orientation is Orientation.LANDSCAPE


def test_page_one_of_a_nomination_list_for_a_person_to_look_at(demo_store: Store, tmp_path: Path) -> None:
    """The PNG is left in tmp_path, which pytest keeps for its last three runs (pytest-current/…)."""
    with demo_store.read() as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2025 trên%")))
    pdf = _export(
        demo_store,
        "nominations",
        ExportParams(campaign_id=cid, issued_on=DATE),
        tmp_path / "exports-nominations.pdf",
    )
    png = render_page1(pdf, tmp_path / "exports-nominations-page1.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000


def test_an_overridden_file_says_so_in_the_nominations_list(demo_store: Store, tmp_path: Path) -> None:
    """The demo's council candidate went on although not eligible: its row says why (issue 12, item 4)."""
    with demo_store.read() as s:
        n = s.scalar(select(Nomination).where(Nomination.override_reason.is_not(None)))
        assert n is not None
        cid, reason, name = n.campaign_id, n.override_reason, n.individual.full_name if n.individual else ""
    path = _export(demo_store, "nominations", ExportParams(campaign_id=cid), tmp_path / "ds.xlsx")
    rows = [r for r in data_rows(xlsx_body(path)) if r[NAME] == name]
    assert len(rows) == 1 and rows[0][-1] == f"Vượt qua kết quả xét điều kiện: {reason}".rstrip(".")


def test_the_minutes_name_an_override_of_the_eligibility_check(demo_store: Store, tmp_path: Path) -> None:
    """The demo's third candidate went to the council although not eligible: both minutes say why."""
    from emudesk.services.council import screens

    with demo_store.read() as s:
        session = s.scalar(select(ReviewSession).order_by(ReviewSession.id))
        n = s.scalar(select(Nomination).where(Nomination.override_reason.is_not(None)))
        assert session is not None and n is not None and n.individual is not None
        sid, reason, name = session.id, n.override_reason, n.individual.full_name
        lines = screens.minutes(s, sid)
    at = next(i for i, line in enumerate(lines) if name in line)
    following = lines[at + 1 : at + 6]
    assert any(
        line.strip().startswith("Vượt qua kết quả xét điều kiện khi chuyển sang “Đã thẩm định”")
        and line.rstrip().endswith(reason or "?")
        for line in following
    )
    rows = data_rows(
        xlsx_body(_export(demo_store, "minutes", ExportParams(session_id=sid), tmp_path / "bb.xlsx"))
    )
    noted = [r for r in rows if r[1] == name]
    assert len(noted) == 1 and f"Vượt qua kết quả xét điều kiện: {reason}".rstrip(".") in noted[0][10]
