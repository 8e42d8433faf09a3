"""Cells typed in TCVN3, VNI or VIQR, found and converted before the header is looked for.

Decided per column: a staff list is typed in one font, so a column converts when its cells read
as Vietnamese in one encoding and not as written (:func:`emudesk.domain.legacy_text.judge`).
In such a column, a cell that reads as Vietnamese both ways, or neither way, is left as it is
and listed in ``undecided``: the import refuses it with both readings rather than guess.
Correct Unicode and plain ASCII never change: they read as written, or the encodings leave
them alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from emudesk.domain.legacy_text import Judgement, Legacy, Verdict, has_unicode_letters, judge, judgements
from emudesk.importer.reader import CellConversion, SheetData

_UNSEEN: list[Judgement] = []
_UNICODE: list[Judgement] = []
_VIQR_SIGNS = re.compile(r"[\^(+'`?~.\-]")

# VIQR is plain ASCII punctuation: a column converts only on more than one cell's evidence.
_VIQR_MIN = 2
# A column whose cells read as Vietnamese either way follows the column's encoding only when at
# least this many of its cells read as Vietnamese in that encoding alone, and none is Unicode.
_COLUMN_MIN = 3


def convert_legacy(sheet: SheetData) -> SheetData:
    """``sheet`` with its legacy-encoded cells converted; the conversions and the undecided cells
    on ``converted`` and ``undecided``. A sheet already converted comes back as it is."""
    if sheet.legacy_checked:
        return sheet
    found: dict[int, list[tuple[int, str, list[Judgement]]]] = defaultdict(list)
    unicode_cells: Counter[int] = Counter()
    # Lists repeat the same positions, units and places on every row: judge each text once.
    seen: dict[str, list[Judgement] | None] = {}
    for r, row in enumerate(sheet.rows, start=1):
        for c, value in enumerate(row):
            if type(value) is not str:
                continue
            judged = seen.get(value, _UNSEEN)
            if judged is _UNSEEN:
                if value.isascii():
                    judged = judgements(value) if _VIQR_SIGNS.search(value) else None
                elif has_unicode_letters(value):
                    judged = _UNICODE
                else:
                    judged = judgements(value)
                seen[value] = judged
            if judged is _UNICODE:
                unicode_cells[c] += 1
            elif judged:
                found[c].append((r, value, judged))
    if not found:
        return replace(sheet, legacy_checked=True)
    # One encoding per sheet: a list is typed in one font.
    strong = Counter(
        j.encoding
        for cells in found.values()
        for _, _, js in cells
        for j in js
        if j.verdict is Verdict.CONVERT
    )
    if not strong:
        return replace(sheet, legacy_checked=True)
    chosen, count = strong.most_common(1)[0]
    if chosen is Legacy.VIQR and count < _VIQR_MIN:
        return replace(sheet, legacy_checked=True)
    # In a sheet (or a column) mostly typed in Unicode, a stray legacy cell converts but the
    # cells that read as Vietnamese either way are left alone: the evidence is the other way.
    evidence = count > sum(unicode_cells.values())
    rows = [list(row) for row in sheet.rows]
    converted: list[CellConversion] = []
    undecided: list[CellConversion] = []
    for c, cells in found.items():
        mine = [(r, value, judge(value, chosen)) for r, value, _ in cells]
        converts = sum(1 for _, _, j in mine if j.verdict is Verdict.CONVERT)
        refuse = evidence and converts >= unicode_cells[c]
        # A column of legacy cells with no Unicode among them: a cell that reads as Vietnamese
        # either way was typed in the same font ("Vò Quang An" among "NguyÔn V¨n §øc"s).
        settled = refuse and unicode_cells[c] == 0 and converts >= _COLUMN_MIN
        for r, value, j in mine:
            if j.verdict is Verdict.CONVERT or (settled and j.verdict is Verdict.BOTH):
                rows[r - 1][c] = j.decoded
                by_column = j.verdict is Verdict.BOTH
                converted.append(CellConversion(r, c, chosen, value, j.decoded, by_column=by_column))
            elif refuse and j.verdict in (Verdict.BOTH, Verdict.NEITHER):
                undecided.append(CellConversion(r, c, chosen, value, j.decoded))
    return replace(
        sheet,
        rows=rows,
        converted=tuple(converted),
        undecided=tuple(undecided),
        legacy_checked=True,
    )
