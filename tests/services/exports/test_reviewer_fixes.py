"""What a reviewer sent back in the lists (issue 16, point 7), each checked in the exported file.

Sổ vàng numbers in list order; forms by their official names; the cash column wherever a decision
pays; units named as on the paper's date; no number or code cut in a PDF cell; the signature never
alone on the last page; "Nơi nhận" from the document; PDF metadata and a Vietnamese text layer.
(The .xlsx letterhead in LibreOffice is in test_reviewer_libreoffice.py.)
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from emudesk.db.models import AwardRecord, Decision, Nomination, Unit
from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.export import Column, ColumnKind, Document, Header, Signature, Table, render
from emudesk.services.core.store import Store
from emudesk.services.decisions import cash
from emudesk.services.exports.documents import ExportParams, export_document
from emudesk.services.exports.table import list_document
from emudesk.services.nominations.workflow import DecisionInput, transition
from tests.cli.running import run, target_of
from tests.export.conftest import pdf_text
from tests.readback import data_rows, pdf_raw_text, xlsx_body

S = NominationStatus
NAME, WHERE, FORM, BOOK, AMOUNT = 1, 4, 5, 6, 7
LOCAL = pytest.mark.sqlite_only("reads back a rendered file; the queries run on both engines elsewhere")


def _export(store: Store, kind: str, params: ExportParams, path: Path) -> Path:
    return export_document(store, kind, params, path)


def _decision_id(store: Store, number: str) -> int:
    with store.read() as s:
        found = s.scalar(select(Decision.id).where(Decision.number == number))
    assert found is not None, number
    return found


def test_golden_book_numbers_run_down_every_demo_decision_list(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.read() as s:
        ids = list(
            s.scalars(
                select(Decision.id)
                .where(Decision.kind == "award")
                .where(Decision.id.in_(select(AwardRecord.decision_id)))
                .order_by(Decision.id)
            )
        )
    assert len(ids) >= 4
    for did in ids:
        rows = data_rows(
            xlsx_body(
                _export(demo_store, "decision", ExportParams(decision_id=did), tmp_path / f"{did}.xlsx")
            )
        )
        assert [r[BOOK] for r in rows] == [str(n) for n in range(1, len(rows) + 1)], did


def test_files_approved_together_number_in_list_order(demo_store: Store, tmp_path: Path) -> None:
    """Files approved in any order: the sổ vàng follows the printed list, not the order given.
    (Files approved into the decision later keep the numbers given and take the next ones:
    tests/services/decisions/test_decisions.py.)"""
    with demo_store.write("test") as s:
        waiting = list(
            s.scalars(
                select(Nomination)
                .where(Nomination.status == S.APPRAISED, Nomination.subject_kind == SubjectKind.UNIT)
                .order_by(Nomination.id)
            )
        )
        assert len(waiting) >= 2
        names = {n.id: s.get(Unit, n.unit_id).name for n in waiting[:2]}  # type: ignore[union-attr]
        # The one printed last is approved first.
        order = sorted(names, key=lambda i: names[i], reverse=True)
        decision = DecisionInput(
            "901/QĐ-UBND", date(2026, 3, 2), "Ủy ban nhân dân tỉnh Hưng Yên", "CHỦ TỊCH", "Trần Quốc Văn"
        )
        transition(s, order, S.APPROVED, decision=decision, override_reason="kiểm thử")
    did = _decision_id(demo_store, "901/QĐ-UBND")
    rows = data_rows(
        xlsx_body(_export(demo_store, "decision", ExportParams(decision_id=did), tmp_path / "q.xlsx"))
    )
    assert [r[BOOK] for r in rows] == ["1", "2"]
    assert {r[NAME] for r in rows} == set(names.values())


@LOCAL
def test_forms_print_by_official_names_and_decision_112_shows_its_cash(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    did = _decision_id(store, "112/QĐ-UBND")
    xlsx = _export(store, "decision", ExportParams(decision_id=did), tmp_path / "112.xlsx")
    body = xlsx_body(xlsx)
    rows = data_rows(body)
    assert {r[FORM] for r in rows} == {
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    }
    headings = [r[0] for r in body if isinstance(r[0], str) and r[0][:2] in ("I.", "II")]
    assert headings == [
        "I. CỜ THI ĐUA CỦA ỦY BAN NHÂN DÂN TỈNH",
        "II. BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    ]
    assert not any("UBND" in str(v) for r in body for v in r if v)
    # 112 recorded no amount on its lines; its forms pay by coefficient, so the list shows what it pays.
    with store.read() as s:
        paid = cash.compute(s, did)
    assert paid.total > 0
    assert {r[NAME]: r[AMOUNT] for r in rows} == {line.recipient_name: line.amount for line in paid.lines}
    total = next(r for r in body if r[0] == "Tổng cộng")
    assert total[AMOUNT] == paid.total == sum(r[AMOUNT] or 0 for r in rows)


def test_units_are_named_as_on_the_decision_date(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.read() as s:
        old = [
            (d.id, d.signed_on)
            for d in s.scalars(
                select(Decision).where(Decision.kind == "award", Decision.signed_on < date(2025, 7, 1))
            )
        ]
        later = {u.name: u.valid_from for u in s.scalars(select(Unit).where(Unit.valid_from.is_not(None)))}
    assert old
    seen = []
    for did, day in old:
        path = _export(demo_store, "decision", ExportParams(decision_id=did), tmp_path / f"{did}.xlsx")
        for row in data_rows(xlsx_body(path)):
            where = str(row[WHERE] or "")
            seen.append(where)
            # No unit founded after the decision's date (the merged Sở, the new communes) is named.
            assert not [n for n, start in later.items() if start > day and n in where], (row[NAME], where)
    # The 2024 Bằng khen went to a specialist of the Sở NN&PTNT Thái Bình, merged in 2025.
    assert any("Chi cục Trồng trọt và Bảo vệ thực vật – Sở NN&PTNT Thái Bình" in w for w in seen)
    assert not any("Sở Nông nghiệp và Môi trường" in w for w in seen)


@LOCAL
def test_revocation_note_keeps_its_decision_number_whole(sqlite_demo_store: Store, tmp_path: Path) -> None:
    did = _decision_id(sqlite_demo_store, "25/QĐ-UBND")
    pdf = _export(sqlite_demo_store, "decision", ExportParams(decision_id=did), tmp_path / "25.pdf")
    words = pdf_raw_text(pdf).split()
    assert "418/QĐ-UBND" in words and "20/05/2024:" in words


def _narrow(code: str, rows: int = 1) -> Document:
    columns = (
        Column("stt", "STT", 5, ColumnKind.INT),
        Column("name", "Họ và tên", 40),
        Column("note", "Ghi chú", 6),
    )
    body = [(i + 1, f"Nguyễn Văn Đức {i}", f"Theo {code} ngày 20/05/2024") for i in range(rows)]
    return Document(
        header=Header("Sở Nội vụ", "UBND tỉnh Hưng Yên", doc_type="DANH SÁCH"),
        tables=(Table.from_rows(columns, body),),
        closing=("Tổng số: 01 cá nhân.",),
        signatures=(Signature("GIÁM ĐỐC", "Trần Thị Hương"),),
    )


def test_a_code_wider_than_its_cell_is_set_smaller_not_cut(tmp_path: Path) -> None:
    pdf = render(_narrow("12345/QĐ-UBND"), tmp_path / "narrow.pdf")
    words = pdf_raw_text(pdf).split()
    assert "12345/QĐ-UBND" in words and "20/05/2024" in words


def test_the_signature_never_stands_alone_on_the_last_page(tmp_path: Path) -> None:
    moved = 0
    for rows in range(15, 40):
        pdf = render(_narrow("1/QĐ", rows), tmp_path / f"{rows}.pdf")
        pages = len(pypdf.PdfReader(pdf).pages)
        last = pdf_text(pdf, first=pages, last=pages)
        assert "Trần Thị Hương" in last
        # The last page carries at least the list's last line and the count with the signer.
        assert f"Nguyễn Văn Đức {rows - 1}" in last and "Tổng số" in last, rows
        moved += pages > 1
    assert moved  # some lengths did need a second page


@LOCAL
def test_summary_recipients_come_from_the_report(
    sqlite_demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = sqlite_demo_store
    with store.read() as s:
        campaign = s.scalar(select(Decision.campaign_id).where(Decision.number == "112/QĐ-UBND"))
    pdf = _export(store, "summary", ExportParams(campaign_id=campaign), tmp_path / "bc.pdf")
    text = " ".join(pdf_text(pdf).split())
    # The plan's issuer asked for the report: it goes there, and a copy stays in the office.
    assert "Nơi nhận: - Ủy ban nhân dân tỉnh Hưng Yên (để báo cáo); - Lưu: VT." in text
    out = tmp_path / "bc2.xlsx"
    code, _out, err = run(
        capsys,
        "export",
        "summary",
        "--db",
        target_of(store),
        "--campaign",
        str(campaign),
        "--recipient",
        "Ban Thi đua - Khen thưởng tỉnh;",
        "--recipient",
        "Lưu: VT, TĐKT.",
        "-o",
        str(out),
    )
    assert code == 0, err
    import openpyxl

    # The signed report ends on its last table's sheet; the charts' sheet follows it.
    signed = [ws for ws in openpyxl.load_workbook(out).worksheets if ws.title != "Biểu đồ"][-1]
    cells = {c for row in signed.iter_rows(values_only=True) for c in row if c}
    assert {"- Ban Thi đua - Khen thưởng tỉnh;", "- Lưu: VT, TĐKT."} <= cells
    assert not any("để báo cáo" in str(c) for c in cells)
    code, _out, err = run(
        capsys,
        "export",
        "decision",
        "--db",
        target_of(store),
        "--decision",
        "1",
        "--recipient",
        "x",
        "-o",
        str(tmp_path / "d.pdf"),
    )
    assert code == 2 and "--recipient" in err and not (tmp_path / "d.pdf").exists()


@LOCAL
def test_every_pdf_says_what_it_is_and_copies_out_as_vietnamese(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    did = _decision_id(store, "112/QĐ-UBND")
    with store.read() as s:
        campaign = s.scalar(select(Decision.campaign_id).where(Decision.id == did))
        screen = list_document(
            s, "Danh sách cán bộ", ["Họ và tên", "Đơn vị"], [["Nguyễn Văn Đức", "Sở Nội vụ"]]
        )
    files = [
        _export(store, "nominations", ExportParams(campaign_id=campaign), tmp_path / "ds.pdf"),
        _export(store, "decision", ExportParams(decision_id=did), tmp_path / "qd.pdf"),
        _export(store, "summary", ExportParams(campaign_id=campaign), tmp_path / "bc.pdf"),
        _export(store, "minutes", ExportParams(campaign_id=campaign), tmp_path / "bb.pdf"),
        render(screen, tmp_path / "screen.pdf"),
    ]
    for pdf in files:
        meta = pypdf.PdfReader(pdf).metadata
        assert meta is not None, pdf.name
        assert meta.title and meta.author and meta.subject, (pdf.name, meta)
        text = pdf_text(pdf)
        assert text == unicodedata.normalize("NFC", text), pdf.name
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Phạm Ngọc Châu" in pdf_text(files[1]) and "Nguyễn Văn Đức" in pdf_text(files[4])


def test_a_back_dated_nomination_list_names_units_of_its_date(demo_store: Store, tmp_path: Path) -> None:
    from emudesk.db.models import Campaign

    with demo_store.read() as s:
        cid = s.scalar(select(Campaign.id).where(Campaign.plan_symbol == "KH-SNNPTNT"))
    assert cid is not None
    then = _export(
        demo_store,
        "nominations",
        ExportParams(campaign_id=cid, issued_on=date(2023, 12, 1)),
        tmp_path / "a.xlsx",
    )
    now = _export(demo_store, "nominations", ExportParams(campaign_id=cid), tmp_path / "b.xlsx")
    person = {r[NAME]: r[5] for r in data_rows(xlsx_body(then))}
    assert person["Nguyễn Công Nghĩa"] == "Chi cục Trồng trọt và Bảo vệ thực vật – Sở NN&PTNT Thái Bình"
    today = {r[NAME]: r[5] for r in data_rows(xlsx_body(now))}
    assert today["Nguyễn Công Nghĩa"].endswith("Sở Nông nghiệp và Môi trường")
