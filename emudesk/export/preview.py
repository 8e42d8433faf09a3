"""Page 1 of a PDF as RGB pixels, for previews (pypdfium2: PDFium in a small wheel, no Qt needed).

The GUI turns the pixels into a QImage on its own thread; rendering here can run on a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PageImage:
    """Packed RGB pixels of one page, ``stride`` bytes per line."""

    width: int
    height: int
    stride: int
    rgb: bytes


def first_page_image(pdf: Path, width: int) -> PageImage:
    """Render page 1 of ``pdf`` to ``width`` pixels wide on a white background."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        page_width, _page_height = page.get_size()
        # rev_byteorder gives RGB order, which QImage.Format_RGB888 reads directly.
        bitmap = page.render(scale=width / page_width, rev_byteorder=True, fill_color=(255, 255, 255, 255))
        image = PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
        page.close()
        return image
    finally:
        document.close()
