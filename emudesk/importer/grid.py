"""Spreadsheet coordinates: column letters and 1-based row numbers as Excel shows them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
"""What a cell holds as read; an empty cell is ``""``."""


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """0-based column index -> Excel letters: 0 -> "A", 25 -> "Z", 26 -> "AA"."""
    if index < 0:
        raise ValueError(index)
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Excel letters -> 0-based column index: "A" -> 0, "aa" -> 26."""
    letters = letters.strip().upper()
    if not letters or not letters.isascii() or not letters.isalpha():
        raise ValueError(letters)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1
