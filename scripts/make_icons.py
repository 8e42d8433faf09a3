"""Renders the application icon (resources/icons/emudesk.svg) for the installers and desktops.

    .venv/bin/python scripts/make_icons.py          # writes the files below
    .venv/bin/python scripts/make_icons.py --check  # exit 1 when a committed file differs

Writes ``resources/icons/emudesk.ico`` (16 to 256 px, for the Windows programs, the installer and
its uninstall entry) and ``resources/icons/png/emudesk-<size>.png`` (the sizes of the freedesktop
hicolor icon theme, for ``packaging/linux/emudesk.desktop``).

Qt's QSvgRenderer draws each size from the SVG itself, so 16 px is drawn at 16 px rather than
scaled down from 256, and it is the renderer that draws the same SVG as the window's icon at run
time; it comes with PySide6-Essentials, which emudesk needs anyway. Pillow cannot read SVG (it
would need another rasteriser such as cairosvg and its C library), and Qt's own .ico writer keeps
one image per file, so the .ico is assembled here: entries below 256 px as 32-bit bitmaps (every
Windows version and resource compiler reads them), the 256 px entry as PNG (as Windows itself
stores it). Nothing in the output depends on the date or the machine, so running it twice gives
the same bytes.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "emudesk.svg"
ICO = ICONS / "emudesk.ico"
PNG_DIR = ICONS / "png"
# Windows asks for 16/20/24/32/40/48/64 (100-200 % scaling of small and large icons) and 256.
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# The hicolor theme's usual sizes.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([])


def render(size: int, svg: Path = SVG) -> bytes:
    """The icon at ``size`` × ``size`` px as non-premultiplied BGRA bytes, top row first."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    # Format_ARGB32 is 0xAARRGGBB per pixel: B, G, R, A in memory on every platform Qt runs on.
    plain = image.convertToFormat(QImage.Format.Format_ARGB32)
    stride = plain.bytesPerLine()
    data = bytes(plain.constBits())
    return b"".join(data[row * stride : row * stride + size * 4] for row in range(size))


def png(size: int, bgra: bytes) -> bytes:
    """``bgra`` as a PNG file (Qt's encoder)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    _app()
    image = QImage(bgra, size, size, size * 4, QImage.Format.Format_ARGB32).copy()
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("Qt could not write PNG")
    buffer.close()
    return bytes(out.data())


def _dib(size: int, bgra: bytes) -> bytes:
    """An icon bitmap: BITMAPINFOHEADER (twice the height: colour then mask), rows bottom-up."""
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, size * size * 4, 0, 0, 0, 0)
    rows = [bgra[row * size * 4 : (row + 1) * size * 4] for row in range(size)]
    mask_row = bytes(((size + 31) // 32) * 4)  # all zero: the alpha channel decides
    return header + b"".join(reversed(rows)) + mask_row * size


def ico(images: dict[int, bytes]) -> bytes:
    """A .ico holding each ``size: bgra`` of ``images`` (256 px as PNG, the others as bitmaps)."""
    entries = []
    for size in sorted(images):
        payload = png(size, images[size]) if size >= 256 else _dib(size, images[size])
        entries.append((size, payload))
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for size, payload in entries:
        edge = size if size < 256 else 0  # 0 stands for 256
        out += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(payload), offset)
        offset += len(payload)
    return out + b"".join(payload for _size, payload in entries)


def outputs(svg: Path = SVG) -> dict[Path, bytes]:
    """Every file this script writes, with its content."""
    images = {size: render(size, svg) for size in sorted(set(ICO_SIZES) | set(PNG_SIZES))}
    files = {ICO: ico({size: images[size] for size in ICO_SIZES})}
    for size in PNG_SIZES:
        files[PNG_DIR / f"emudesk-{size}.png"] = png(size, images[size])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = parser.parse_args(argv)
    stale = []
    for path, content in outputs().items():
        if path.is_file() and path.read_bytes() == content:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    for path in stale:
        print(("differs: " if args.check else "wrote: ") + str(path.relative_to(ROOT)))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
