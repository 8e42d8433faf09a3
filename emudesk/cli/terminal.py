"""Output streams that never pass a control character from the data to the terminal.

A name stored before names were checked (or arriving from a shared database) may hold ESC,
backspace or a bidi override; printed raw, ``ESC[2J`` clears the clerk's screen and U+202E
shows a different name. Every headless command writes through :class:`EscapingStream`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from emudesk.domain.text import escape_controls


class EscapingStream:
    """A text stream that writes control characters as ``\\x1b`` / ``\\u202e`` to the one it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding… of the real stream
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Within the block, ``print`` to stdout or stderr escapes control characters."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(out), EscapingStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
