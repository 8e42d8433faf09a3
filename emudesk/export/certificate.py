"""Certificates (bằng khen, giấy khen) printed onto pre-printed blanks (phôi).

The blank carries the emblem, quốc hiệu, the award's name and the signature; emudesk prints only
what changes per recipient into the blank's boxes: the name, the unit, the achievement line, the
decision's number and date and the sổ vàng number (NĐ 98/2023 Điều 104 describes the layout; the
positions below are the usual ones, as fractions of the sheet, so A3 is A4 scaled up; an office
measures its own blanks and stores its boxes in millimetres, ``Place``). Each text
is fitted to its box: the largest size that keeps it on one line, down to the box's minimum, then
wrapped at the minimum. A printer feeds every blank a little differently, so each office stores
an offset per blank size (``--calibration`` prints the boxes to hold against a blank).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from emudesk.export import fonts
from emudesk.export.document import clean_line

MM = 72 / 25.4
MAX_OFFSET_MM = 50.0


class Blank(StrEnum):
    """Sizes of blank the office prints on."""

    A4_LANDSCAPE = "A4-landscape"
    A4_PORTRAIT = "A4-portrait"
    A3_LANDSCAPE = "A3-landscape"
    A3_PORTRAIT = "A3-portrait"

    @property
    def size_mm(self) -> tuple[float, float]:
        """(width, height) of the sheet in millimetres."""
        return {
            Blank.A4_LANDSCAPE: (297.0, 210.0),
            Blank.A4_PORTRAIT: (210.0, 297.0),
            Blank.A3_LANDSCAPE: (420.0, 297.0),
            Blank.A3_PORTRAIT: (297.0, 420.0),
        }[self]

    @property
    def landscape(self) -> bool:
        width, height = self.size_mm
        return width > height

    @property
    def scale(self) -> float:
        """Type sizes grow with the sheet: A3 is A4 scaled by √2."""
        return max(self.size_mm) / 297.0


class Field(StrEnum):
    NAME = "name"
    UNIT = "unit"
    ACHIEVEMENT = "achievement"
    DECISION = "decision"
    GOLDEN_BOOK = "golden_book"


@dataclass(frozen=True)
class Box:
    """Where a field goes: left, top, width, height as fractions of the sheet; sizes in points on A4."""

    left: float
    top: float
    width: float
    height: float
    max_size: float
    min_size: float
    bold: bool = False
    centred: bool = True


# The blank leaves the middle for the recipient and the bottom left for the decision and sổ vàng.
LAYOUTS: dict[bool, dict[Field, Box]] = {
    True: {  # landscape
        Field.NAME: Box(0.15, 0.40, 0.70, 0.09, 26, 14, bold=True),
        Field.UNIT: Box(0.15, 0.50, 0.70, 0.07, 16, 11),
        Field.ACHIEVEMENT: Box(0.15, 0.58, 0.70, 0.12, 15, 11),
        Field.DECISION: Box(0.07, 0.80, 0.40, 0.05, 12, 9, centred=False),
        Field.GOLDEN_BOOK: Box(0.07, 0.86, 0.40, 0.04, 12, 9, centred=False),
    },
    False: {  # portrait
        Field.NAME: Box(0.10, 0.42, 0.80, 0.07, 24, 13, bold=True),
        Field.UNIT: Box(0.10, 0.50, 0.80, 0.06, 15, 10),
        Field.ACHIEVEMENT: Box(0.10, 0.57, 0.80, 0.12, 14, 10),
        Field.DECISION: Box(0.07, 0.82, 0.45, 0.04, 12, 9, centred=False),
        Field.GOLDEN_BOOK: Box(0.07, 0.87, 0.45, 0.03, 12, 9, centred=False),
    },
}


@dataclass(frozen=True)
class Place:
    """Where a field goes on one blank size: left, top, width, height in millimetres from the
    sheet's top left corner, and the largest and smallest type size in points (the office may
    measure its own blanks and change these; ``default_places`` are the usual ones)."""

    x: float
    y: float
    width: float
    height: float
    max_size: float
    min_size: float


MIN_BOX_MM = 3.0
SIZE_RANGE = (4.0, 96.0)


def default_places(blank: Blank) -> dict[Field, Place]:
    """The usual boxes (``LAYOUTS``) on this sheet, type sizes grown with it."""
    width, height = blank.size_mm
    return {
        field: Place(
            box.left * width,
            box.top * height,
            box.width * width,
            box.height * height,
            box.max_size * blank.scale,
            box.min_size * blank.scale,
        )
        for field, box in LAYOUTS[blank.landscape].items()
    }


def place_problem(blank: Blank, place: Place) -> str:
    """Why a box cannot be printed on this blank (English, for the service to word), or ""."""
    width, height = blank.size_mm
    if (
        min(place.x, place.y) < 0
        or place.x + place.width > width + 0.01
        or place.y + place.height > height + 0.01
    ):
        return "outside"
    if min(place.width, place.height) < MIN_BOX_MM:
        return "small"
    low, high = SIZE_RANGE
    if not low <= place.min_size <= place.max_size <= high:
        return "sizes"
    return ""


FIELD_LABELS: dict[Field, str] = {
    Field.NAME: "Họ và tên / Tên tập thể",
    Field.UNIT: "Đơn vị",
    Field.ACHIEVEMENT: "Thành tích",
    Field.DECISION: "Quyết định số, ngày",
    Field.GOLDEN_BOOK: "Số sổ vàng",
}


@dataclass(frozen=True)
class Offset:
    """Where the printer puts the page relative to the blank: +x moves right, +y moves down (mm)."""

    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class CertificateText:
    """What one certificate says, already worded."""

    name: str
    unit: str
    achievement: str
    decision: str
    golden_book: str

    def value(self, field: Field) -> str:
        return clean_line(str(getattr(self, field.value)))


@dataclass(frozen=True)
class Fitted:
    """Text fitted to a box: its size and its lines."""

    size: float
    lines: tuple[str, ...]


LEADING = 1.15


def fit(
    text: str, font: str, box_width: float, box_height: float, max_size: float, min_size: float
) -> Fitted:
    """The largest size from ``max_size`` down to ``min_size`` that keeps ``text`` on one line in the
    box; failing that, ``text`` wrapped at ``min_size`` (and smaller, down to 60 % of it, while the
    lines are taller than the box)."""
    size = max_size
    while size >= min_size:
        if fonts.text_width(text, font, size) <= box_width and size * LEADING <= box_height + 0.01:
            return Fitted(size, (text,))
        size = round(size - 0.5, 2)
    size = min_size
    while True:
        lines = tuple(fonts.wrap(text, font, size, box_width))
        if len(lines) * size * LEADING <= box_height or size <= min_size * 0.6:
            return Fitted(size, lines)
        size = round(size - 0.5, 2)


def _page(canvas: Canvas, blank: Blank) -> tuple[float, float]:
    width, height = blank.size_mm
    canvas.setPageSize((width * MM, height * MM))
    return width * MM, height * MM


def _box_rect(place: Place, blank: Blank, offset: Offset) -> tuple[float, float, float, float]:
    """(left, bottom, width, height) in points, offset applied."""
    sheet_height = blank.size_mm[1]
    left = (place.x + offset.x) * MM
    top = (place.y + offset.y) * MM
    return (left, sheet_height * MM - top - place.height * MM, place.width * MM, place.height * MM)


def _draw_fitted(canvas: Canvas, text: str, box: Box, place: Place, blank: Blank, offset: Offset) -> None:
    if not text:
        return
    left, bottom, width, height = _box_rect(place, blank, offset)
    font = fonts.BOLD if box.bold else fonts.REGULAR
    fitted = fit(text, font, width, height, place.max_size, place.min_size)
    leading = fitted.size * LEADING
    # Lines centred vertically in the box; a baseline sits 0.78 of the size under its line's top.
    top = bottom + height / 2 + leading * len(fitted.lines) / 2
    canvas.setFont(font, fitted.size)
    for i, line in enumerate(fitted.lines):
        baseline = top - i * leading - leading / 2 - 0.3375 * fitted.size
        if box.centred:
            canvas.drawCentredString(left + width / 2, baseline, line)
        else:
            canvas.drawString(left, baseline, line)


def _new_canvas(target: Path, blank: Blank, title: str, author: str) -> Canvas:
    fonts.register_fonts()
    width, height = blank.size_mm
    canvas = Canvas(str(target), pagesize=(width * MM, height * MM), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(title)
    canvas.setCreator("emudesk")
    return canvas


def write_certificates(
    target: Path,
    certificates: Sequence[CertificateText],
    blank: Blank,
    offset: Offset,
    *,
    title: str = "",
    author: str = "",
    places: Mapping[Field, Place] | None = None,
) -> Path:
    """One page per certificate, in the order given; ``places`` are the office's boxes (default:
    the usual ones)."""
    canvas = _new_canvas(target, blank, title, author)
    where = {**default_places(blank), **(places or {})}
    for certificate in certificates:
        _page(canvas, blank)
        for field, box in LAYOUTS[blank.landscape].items():
            _draw_fitted(canvas, certificate.value(field), box, where[field], blank, offset)
        canvas.showPage()
    canvas.save()
    return target


def write_calibration(
    target: Path,
    blank: Blank,
    offset: Offset,
    *,
    author: str = "",
    places: Mapping[Field, Place] | None = None,
) -> Path:
    """One page with every box outlined and named, a millimetre scale along the top and left edges,
    and the offset in use: printed on plain paper and held against a blank to the light."""
    canvas = _new_canvas(target, blank, f"Trang căn chỉnh phôi {blank.value}", author)
    page_width, page_height = _page(canvas, blank)
    canvas.setLineWidth(0.3)
    for mm in range(0, int(max(blank.size_mm)) + 1, 5):
        tick = (4 if mm % 10 == 0 else 2) * MM
        x = (mm + offset.x) * MM
        y = page_height - (mm + offset.y) * MM
        canvas.line(x, page_height, x, page_height - tick)
        canvas.line(0, y, tick, y)
    canvas.setFont(fonts.REGULAR, 6)
    for mm in range(10, int(max(blank.size_mm)), 10):
        canvas.drawCentredString((mm + offset.x) * MM, page_height - 7 * MM, str(mm))
        canvas.drawString(5 * MM, page_height - (mm + offset.y) * MM - 2, str(mm))
    where = {**default_places(blank), **(places or {})}
    for field in LAYOUTS[blank.landscape]:
        left, bottom, width, height = _box_rect(where[field], blank, offset)
        canvas.setDash(3, 2)
        canvas.rect(left, bottom, width, height)
        canvas.setDash()
        canvas.setFont(fonts.ITALIC, 8 * blank.scale)
        canvas.drawString(left + 2, bottom + height - 9 * blank.scale, FIELD_LABELS[field])
    canvas.setFont(fonts.REGULAR, 9)
    canvas.drawCentredString(
        page_width / 2,
        12 * MM,
        f"Phôi {blank.value} – độ lệch: ngang {offset.x:+.1f} mm, dọc {offset.y:+.1f} mm"
        " (dương: sang phải, xuống dưới)",
    )
    canvas.showPage()
    canvas.save()
    return target
