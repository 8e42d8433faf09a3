"""The application icon files are scripts/make_icons.py's rendering of resources/icons/emudesk.svg."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts" / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_icons", module)
    spec.loader.exec_module(module)
    return module


def ico_entries(data: bytes) -> dict[int, tuple[int, bytes]]:
    """size: (bits per pixel, payload) of each image in a .ico file."""
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1), "not an icon file"
    found = {}
    for i in range(count):
        entry = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        width, height, bits, size, offset = entry[0], entry[1], entry[5], entry[6], entry[7]
        assert width == height
        found[width or 256] = (bits, data[offset : offset + size])
    return found


def test_the_ico_holds_every_size_windows_asks_for() -> None:
    images = ico_entries((ICONS / "emudesk.ico").read_bytes())
    assert sorted(images) == [16, 20, 24, 32, 40, 48, 64, 128, 256]
    for size, (bits, payload) in images.items():
        assert bits == 32
        if size == 256:
            assert payload.startswith(b"\x89PNG\r\n\x1a\n")
        else:  # a bitmap: header, colour rows, then the 1-bit mask rows
            header_size, width, height = struct.unpack_from("<Iii", payload)
            assert (header_size, width, height) == (40, size, 2 * size)
            assert len(payload) == 40 + size * size * 4 + ((size + 31) // 32) * 4 * size


def test_the_pngs_and_the_ico_are_the_same_pictures() -> None:
    from PIL import Image

    with Image.open(ICONS / "emudesk.ico") as ico:
        for size in (16, 24, 32, 48, 64, 128, 256):
            with Image.open(ICONS / "png" / f"emudesk-{size}.png") as png:
                assert png.size == (size, size)
                ico.size = (size, size)  # Pillow's way of choosing a frame
                assert ico.convert("RGBA").tobytes() == png.convert("RGBA").tobytes(), size


def test_the_committed_files_are_the_script_s_output(qapp: Any) -> None:
    """Byte for byte with this Qt; within a rounding of anti-aliased edges with another 6.x."""
    script = make_icons()
    outputs = script.outputs()
    if all(path.read_bytes() == content for path, content in outputs.items()):
        return
    from PIL import Image

    for size in script.PNG_SIZES:
        with Image.open(ICONS / "png" / f"emudesk-{size}.png") as png:
            committed = png.convert("RGBA").tobytes()
        b, g, r, a = (script.render(size)[i::4] for i in range(4))
        rendered = bytes(v for px in zip(r, g, b, a, strict=True) for v in px)
        diffs = [abs(x - y) for x, y in zip(committed, rendered, strict=True)]
        assert sum(diffs) / len(diffs) < 1.0, f"{size} px differs: run scripts/make_icons.py"
