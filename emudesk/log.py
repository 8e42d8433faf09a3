"""Logging to a rotating file in the per-user log folder; tracebacks go there, not to users."""

from __future__ import annotations

import logging
import logging.handlers

from emudesk import paths

_configured = False


# C0 (but tab and line break, which tracebacks need), DEL, C1 and bidi controls, as the CLI
# escapes them (emudesk.domain.text.escape_controls; this module may not import the domain).
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A)}
_ESCAPES |= {c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


class EscapingFormatter(logging.Formatter):
    """Writes control characters from logged data as ``\x1b``: a log read with ``cat`` or
    ``tail`` must not drive the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).translate(_ESCAPES)


def setup(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger("emudesk")
    root.setLevel(level)
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "emudesk.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def log_path() -> str:
    return str(paths.log_dir() / "emudesk.log")
