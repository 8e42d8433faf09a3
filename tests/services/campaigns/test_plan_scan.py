"""A scanned plan (a PDF of page images, no text layer) read through Tesseract, and reading a
plan stopped by Cancel between pages."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from emudesk import paths
from emudesk.importer import plan_file
from emudesk.importer.plan_file import PlanReadCancelledError, ocr_available
from emudesk.services.campaigns.drafts import draft_from_file, draft_from_text

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
SNN = PLANS / "KH-SNNPTNT-thai-binh-2023.txt"  # ../shared/seeds/003, as published
DPI = 150


def seed_page() -> list[str]:
    """The page of the SNN plan with its award forms, standards and quotas, as printed: the
    transcript's markdown marks are not on paper."""
    lines = printed(SNN.read_text(encoding="utf-8"))
    start = next(i for i, ln in enumerate(lines) if "Hình thức khen thưởng" in ln)
    end = next(i for i, ln in enumerate(lines) if "TIẾN ĐỘ THỰC HIỆN" in ln)
    return lines[start:end]


def printed(text: str) -> list[str]:
    """A transcript's lines as printed: its markdown marks are not on paper."""
    return [re.sub(r"[#*]+", "", ln).strip() for ln in text.splitlines()]


def scan(lines: list[str], path: Path, pages: int = 1) -> Path:
    """A4 page images of ``lines``, wrapped to the page's width and flowing onto new pages like a
    printed plan (at least ``pages`` of them), saved as a PDF with no text layer, as a scanner
    writes it."""
    face = paths.resources_dir() / "fonts" / "LiberationSerif-Regular.ttf"
    font = ImageFont.truetype(str(face), 11 * DPI // 72)
    width, height, margin, step = int(8.27 * DPI), int(11.69 * DPI), int(0.7 * DPI), 14 * DPI // 72
    images: list[Image.Image] = []

    def page() -> ImageDraw.ImageDraw:
        images.append(Image.new("L", (width, height), 255))
        return ImageDraw.Draw(images[-1])

    draw, y = page(), margin

    def put(text: str) -> None:
        nonlocal draw, y
        if y + step > height - margin:
            draw, y = page(), margin
        draw.text((margin, y), text, font=font, fill=0)
        y += step

    for line in lines:
        row = ""
        for word in line.split():
            longer = f"{row} {word}".strip()
            if draw.textlength(longer, font=font) > width - 2 * margin:
                put(row)
                row = word
            else:
                row = longer
        if row:
            put(row)
    while len(images) < pages:
        images.append(images[-1].copy())
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return path


def _quotas(defn: object) -> list[tuple[tuple[str, ...], object, object, int | None]]:
    return [(tuple(q.forms), q.subject_kind, q.unit_kind, q.limit) for q in defn.quotas]  # type: ignore[attr-defined]


@pytest.mark.skipif(
    not ocr_available(),
    reason="Tesseract with Vietnamese data is not installed (scripts/install-system-deps.sh test has it)",
)
def test_a_scanned_page_reads_through_ocr_to_the_quotas_of_the_clean_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")  # one page: Tesseract's threads only contend
    page = seed_page()
    pdf = scan(page, tmp_path / "ke-hoach-scan.pdf")
    assert "Bằng khen" not in plan_file._nfc(pdf.read_bytes().decode("latin-1"))  # no text layer
    draft = draft_from_file(pdf)
    clean = draft_from_text("\n".join(page))
    assert draft.ocr and draft.source_format == "pdf"
    assert len(_quotas(clean.definition)) == 3
    assert _quotas(draft.definition) == _quotas(clean.definition)


def test_reading_a_scan_stops_between_pages_once_cancelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel set while page 1 is read: page 2 is never read and no draft comes back."""
    pdf = scan(["Kế hoạch"], tmp_path / "scan.pdf", pages=3)
    cancel = threading.Event()
    read: list[int] = []
    reported: list[tuple[int, int, str]] = []

    def ocr_page(_page: object) -> str:
        read.append(len(read) + 1)
        cancel.set()  # the clerk presses Cancel while this page is being read
        return "KẾ HOẠCH"

    monkeypatch.setattr(plan_file, "ocr_available", lambda: True)
    monkeypatch.setattr(plan_file, "_ocr_page", ocr_page)
    with pytest.raises(PlanReadCancelledError, match="Đã hủy đọc kế hoạch"):
        draft_from_file(pdf, progress=lambda d, t, x: reported.append((d, t, x)), cancel=cancel)
    assert read == [1]
    assert reported == [(0, 3, "Đang đọc trang 1/3 bằng OCR…")]
