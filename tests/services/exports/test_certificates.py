"""Certificates on pre-printed blanks, read back with pypdf: pages, texts, where the text lands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from emudesk.db.models import AwardRecord, Individual, Membership, Unit
from emudesk.domain.enums import AwardStatus, SubjectKind
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.export import fonts
from emudesk.export.certificate import (
    LAYOUTS,
    MM,
    Blank,
    CertificateText,
    Field,
    Offset,
    write_certificates,
)
from emudesk.services.core.store import Store
from emudesk.services.exports import certificates
from emudesk.services.exports import lists as export_lists

# Layout on paper does not depend on the engine; the demo store on both engines is read once.
LAYOUT_ONLY = pytest.mark.sqlite_only("the PDF layout does not depend on the engine")

DECISION = 3  # 112/QĐ-UBND of the demo: 18 recipients, collectives and individuals


@dataclass(frozen=True)
class Placed:
    text: str
    x: float
    y: float
    size: float


def placed(path: Path) -> list[list[Placed]]:
    """Every text run of every page with its position (points from the bottom left) and size."""
    pages: list[list[Placed]] = []
    for page in PdfReader(path).pages:
        runs: list[Placed] = []

        def visit(
            text: str, cm: list[float], tm: list[float], _font: object, size: float, runs: list[Placed] = runs
        ) -> None:
            if text.strip():
                # reportlab writes each string with its own text matrix; cm is the identity.
                runs.append(Placed(text.strip(), tm[4] + cm[4], tm[5] + cm[5], size * tm[0]))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def list_names(store: Store, decision_id: int) -> list[str]:
    """The recipients in the order of the decision's list as exported today."""
    with store.read() as session:
        document = export_lists.decision_list(session, decision_id)
    names: list[str] = []
    for table in document.tables:
        for _depth, section in table.blocks():
            names.extend(str(row[1]) for row in section.rows)
    return names


def test_one_page_per_recipient_in_the_lists_order_with_every_text(demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "bang-khen.pdf"
    result = certificates.export_certificates(demo_store, DECISION, target)
    names = list_names(demo_store, DECISION)
    reader = PdfReader(target)
    assert result.pages == len(reader.pages) == len(names) == 18
    with demo_store.read() as session:
        books = {
            r.recipient_name: r.golden_book_no
            for r in session.scalars(select(AwardRecord).where(AwardRecord.decision_id == DECISION))
        }
    for page, name in zip(reader.pages, names, strict=True):
        text = page.extract_text()
        assert name in text
        assert "Quyết định số 112/QĐ-UBND ngày 20/01/2026" in text
        assert f"Số sổ vàng: {books[name]}" in text
    assert reader.metadata is not None and "112/QĐ-UBND" in (reader.metadata.title or "")


@LAYOUT_ONLY
def test_a_revoked_award_gets_no_certificate_and_a_decision_without_awards_is_refused(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    with store.write() as session:
        record = session.scalars(select(AwardRecord).where(AwardRecord.decision_id == DECISION)).first()
        assert record is not None
        record.status = AwardStatus.REVOKED
        revoked = record.recipient_name
    result = certificates.export_certificates(store, DECISION, tmp_path / "a.pdf")
    assert result.pages == 17
    assert revoked not in "".join(p.extract_text() for p in PdfReader(tmp_path / "a.pdf").pages)
    with pytest.raises(ValidationError, match="162/QĐ-UBND"):
        certificates.export_certificates(store, 6, tmp_path / "b.pdf")  # a correction grants nothing
    with pytest.raises(NotFoundError):
        certificates.export_certificates(store, 999, tmp_path / "c.pdf")
    assert not (tmp_path / "b.pdf").exists() and not (tmp_path / "c.pdf").exists()


@LAYOUT_ONLY
def test_the_unit_is_the_one_held_on_the_decisions_date(sqlite_demo_store: Store, tmp_path: Path) -> None:
    store = sqlite_demo_store
    with store.write() as session:
        record = session.scalars(
            select(AwardRecord).where(
                AwardRecord.decision_id == DECISION, AwardRecord.subject_kind == SubjectKind.INDIVIDUAL
            )
        ).first()
        assert record is not None
        person = session.get(Individual, record.individual_id)
        assert person is not None and person.unit is not None
        then_unit = person.unit.name
        # Moved to another unit after the decision (20/01/2026): the certificate keeps the old one.
        other = session.scalars(
            select(Unit).where(Unit.id != person.unit_id, Unit.deleted_at.is_(None))
        ).first()
        assert other is not None
        for membership in session.scalars(select(Membership).where(Membership.individual_id == person.id)):
            if membership.end_date is None:
                membership.end_date = date(2026, 3, 1)
        session.add(
            Membership(
                individual_id=person.id, unit_id=other.id, position="Chuyên viên", start_date=date(2026, 3, 2)
            )
        )
        person.unit_id = other.id
        name, moved_to = record.recipient_name, other.name
    certificates.export_certificates(store, DECISION, tmp_path / "c.pdf")
    page = next(p.extract_text() for p in PdfReader(tmp_path / "c.pdf").pages if name in p.extract_text())
    assert then_unit in page
    assert moved_to not in page


def _name_run(path: Path, name: str) -> Placed:
    runs = [r for page in placed(path) for r in page if r.text == name]
    assert runs, f"{name} not found"
    return runs[0]


@LAYOUT_ONLY
@pytest.mark.parametrize("blank", list(Blank))
def test_offsets_move_every_text_by_the_millimetres_given(
    sqlite_demo_store: Store, tmp_path: Path, blank: Blank
) -> None:
    store = sqlite_demo_store
    name = list_names(store, DECISION)[0]
    plain = tmp_path / "plain.pdf"
    certificates.export_certificates(store, DECISION, plain, blank=blank)
    with store.write() as session:
        certificates.save_offset(session, blank, Offset(4.5, -3.0))  # 4.5 mm right, 3 mm up
    moved = tmp_path / "moved.pdf"
    result = certificates.export_certificates(store, DECISION, moved, blank=blank)
    assert result.offset == Offset(4.5, -3.0)
    before, after = _name_run(plain, name), _name_run(moved, name)
    assert after.x - before.x == pytest.approx(4.5 * MM, abs=0.01)
    assert after.y - before.y == pytest.approx(3.0 * MM, abs=0.01)  # PDF y grows upwards
    decision_before = next(r for r in placed(plain)[0] if r.text.startswith("Quyết định số"))
    decision_after = next(r for r in placed(moved)[0] if r.text.startswith("Quyết định số"))
    assert decision_after.x - decision_before.x == pytest.approx(4.5 * MM, abs=0.01)
    # The page is the blank's size.
    box = PdfReader(moved).pages[0].mediabox
    width, height = blank.size_mm
    assert (float(box.width), float(box.height)) == pytest.approx((width * MM, height * MM), abs=0.01)


@LAYOUT_ONLY
def test_an_offset_given_for_one_export_wins_and_another_size_keeps_its_own(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    with store.write() as session:
        certificates.save_offset(session, Blank.A4_LANDSCAPE, Offset(2, 2))
    with store.read() as session:
        assert certificates.offsets(session)[Blank.A3_LANDSCAPE] == Offset()
    result = certificates.export_certificates(store, DECISION, tmp_path / "x.pdf", offset=Offset(-1, 0))
    assert result.offset == Offset(-1, 0)


@LAYOUT_ONLY
def test_an_absurd_offset_is_refused_and_nothing_is_saved(sqlite_demo_store: Store, tmp_path: Path) -> None:
    store = sqlite_demo_store
    with store.write() as session, pytest.raises(ValidationError, match="50"):
        certificates.save_offset(session, Blank.A4_PORTRAIT, Offset(0, 80))
    with store.read() as session:
        assert certificates.offsets(session)[Blank.A4_PORTRAIT] == Offset()
    with pytest.raises(ValidationError):
        certificates.export_certificates(store, DECISION, tmp_path / "x.pdf", offset=Offset(-60, 0))
    assert not (tmp_path / "x.pdf").exists()


LONG = (
    "Phòng Quản lý xây dựng công trình thủy lợi và phòng, chống thiên tai – Chi cục Thủy lợi – "
    "Sở Nông nghiệp và Môi trường tỉnh Hưng Yên"
)


@pytest.mark.parametrize("blank", [Blank.A4_PORTRAIT, Blank.A4_LANDSCAPE, Blank.A3_PORTRAIT])
def test_a_long_name_shrinks_then_wraps_inside_its_box(tmp_path: Path, blank: Blank) -> None:
    short = CertificateText(
        "Lê Văn An", "Phòng Tổ chức", "Hoàn thành xuất sắc nhiệm vụ", "Quyết định số 1", ""
    )
    long = CertificateText(LONG, "Phòng Tổ chức", "Hoàn thành xuất sắc nhiệm vụ", "Quyết định số 1", "")
    target = tmp_path / "long.pdf"
    write_certificates(target, [short, long], blank, Offset())
    short_page, long_page = placed(target)
    box = LAYOUTS[blank.landscape][Field.NAME]
    width, height = blank.size_mm
    left, right = box.left * width * MM, (box.left + box.width) * width * MM
    top = height * MM - box.top * height * MM
    bottom = top - box.height * height * MM
    short_size = next(r.size for r in short_page if r.text == "Lê Văn An")
    assert short_size == pytest.approx(box.max_size * blank.scale)
    name_runs = [r for r in long_page if r.size < short_size and r.text in LONG]
    assert len(name_runs) >= 2, "the long name wraps onto more lines"
    assert " ".join(r.text for r in name_runs) == LONG
    for run in name_runs:
        assert run.size == pytest.approx(box.min_size * blank.scale)
        run_width = fonts.text_width(run.text, fonts.BOLD, run.size)
        # Centred: the run starts where half its width is left of the box's middle.
        assert run.x + run_width / 2 == pytest.approx((left + right) / 2, abs=0.01)
        assert left - 0.01 <= run.x and run.x + run_width <= right + 0.01
        assert bottom <= run.y <= top


def test_a_name_a_little_too_long_only_shrinks(tmp_path: Path) -> None:
    name = "Nguyễn Thị Phương Thảo Hoàng Bảo Ngọc Trâm Anh"
    target = tmp_path / "mid.pdf"
    write_certificates(target, [CertificateText(name, "", "", "", "")], Blank.A4_PORTRAIT, Offset())
    (run,) = [r for r in placed(target)[0]]
    box = LAYOUTS[False][Field.NAME]
    assert run.text == name
    assert box.min_size <= run.size < box.max_size


@LAYOUT_ONLY
def test_the_calibration_page_outlines_every_box_with_the_offset_named(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "cal.pdf"
    with sqlite_demo_store.write() as session:
        certificates.save_offset(session, Blank.A3_LANDSCAPE, Offset(1.5, -2))
    result = certificates.export_calibration(sqlite_demo_store, target, blank=Blank.A3_LANDSCAPE)
    reader = PdfReader(target)
    assert len(reader.pages) == 1 and result.offset == Offset(1.5, -2)
    text = reader.pages[0].extract_text()
    for label in ("Họ và tên / Tên tập thể", "Đơn vị", "Thành tích", "Quyết định số, ngày", "Số sổ vàng"):
        assert label in text
    assert "+1.5 mm" in text and "-2.0 mm" in text
