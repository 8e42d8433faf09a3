"""Field specs, header detection and row parsing.

A list's header is rarely on row 1: title rows ("UBND TỈNH…", "DANH SÁCH…") sit
above it, header cells are merged, and a header may take two rows ("Ngày sinh"
over "Nam" | "Nữ", where the column holding the date gives the gender). Headers
are compared by :func:`~emudesk.domain.text.fold`, so case, accents, NFD and
spacing do not matter; the best-scoring row within the first rows wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from emudesk.domain.enums import Gender
from emudesk.domain.text import fold, nfc
from emudesk.i18n import _
from emudesk.importer.cells import Bad, Parser, cell_text, is_blank, is_mark, parse_gender, parse_text
from emudesk.importer.grid import column_index, column_letter
from emudesk.importer.legacy import convert_legacy
from emudesk.importer.reader import CellValue, SheetData
from emudesk.importer.results import (
    CellError,
    ColumnMatch,
    HeaderMapping,
    ParsedRow,
    ParsedSheet,
    UnmatchedColumn,
)

HEADER_SEARCH_ROWS = 30
ColumnOverride = str | int | None | tuple[str | int, str | int]
"""A user's choice for a field: a column letter or 0-based index, None to leave the field
unmapped, or (male column, female column) for a field split by gender."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of an import kind.

    Attributes:
        key: the key in :attr:`ParsedRow.values`.
        headers: Vietnamese header spellings seen in real lists; the first is the template's.
        hint: an English message id (marked with ``N_``) explaining the column in the template.
        choices: the closed list offered in the template ("gender", "units", "award_forms"…).
        gender_split: the column may come as two, headed "Nam" and "Nữ" under this header.
        number_format: the template column's Excel format ("@" keeps ID numbers as text).
        blank_allowed: for a required field, the rows (by their parsed values) whose cell may be
            blank all the same (a quota's forms on a priority note).
    """

    key: str
    headers: tuple[str, ...]
    parser: Parser = parse_text
    required: bool = False
    hint: str = ""
    choices: str | None = None
    gender_split: bool = False
    width: int = 18
    number_format: str | None = None
    blank_allowed: Callable[[Mapping[str, Any]], bool] | None = None

    @property
    def header(self) -> str:
        return self.headers[0]


class RowContext:
    """What a kind's ``finish`` hook sees of one row: its values, and a way to report a problem."""

    __slots__ = ("_letters", "errors", "file", "raw", "row_number", "sheet", "split_genders", "values")

    def __init__(self, file: str, sheet: str, row_number: int, letters: Mapping[str, str]) -> None:
        self.file = file
        self.sheet = sheet
        self.row_number = row_number
        self._letters = letters
        self.values: dict[str, object] = {}
        self.raw: dict[str, object] = {}
        self.errors: list[CellError] = []
        self.split_genders: dict[str, Gender] = {}

    def error(self, field_key: str | None, reason: str) -> None:
        """Report ``reason`` against the column of ``field_key`` (the whole row if it has none)."""
        letter = self._letters.get(field_key) if field_key else None
        self.errors.append(CellError(self.file, self.sheet, self.row_number, letter, field_key, reason))


RowHook = Callable[[RowContext], None]


@dataclass(frozen=True)
class KindSpec:
    """An import kind: its fields, the sheet name its template uses, and a hook that derives and
    cross-checks values once a row's cells are read (split a name, check an ID against the gender)."""

    key: str
    title: str
    sheet_name: str
    fields: tuple[FieldSpec, ...]
    finish: RowHook | None = None
    sheet_names: tuple[str, ...] = ()
    min_score: float = 1.0

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @cached_property
    def _index(self) -> tuple[dict[str, str], list[tuple[str, str]]]:
        exact: dict[str, str] = {}
        partial: list[tuple[str, str]] = []
        for f in self.fields:
            for h in f.headers:
                norm = normalise_header(h)
                exact.setdefault(norm, f.key)
                if len(norm) >= 3:
                    partial.append((norm, f.key))
        partial.sort(key=lambda p: -len(p[0]))
        return exact, partial

    def match(self, header: str) -> tuple[str, float] | None:
        """The field a header names, with a confidence; None if it names none."""
        norm = normalise_header(header)
        if not norm:
            return None
        exact, partial = self._index
        if norm in exact:
            return exact[norm], 1.0
        padded = f" {norm} "
        for syn, key in partial:
            if f" {syn} " in padded:
                return key, round(0.5 + 0.4 * len(syn) / len(norm), 3)
        return None


_STAR = re.compile(r"\(\s*\*\s*\)|\*")
_PAREN = re.compile(r"\([^)]*\)")
_PUNCT = re.compile(r"[^0-9a-z]+")


def normalise_header(text: object) -> str:
    """ "Họ, chữ đệm và tên (*)" -> "ho chu dem va ten"."""
    if not isinstance(text, str):
        text = cell_text(text) or ""  # type: ignore[arg-type]
    folded = fold(_PAREN.sub(" ", _STAR.sub(" ", text)))
    return " ".join(_PUNCT.sub(" ", folded).split())


def _gender_word(text: str) -> Gender | None:
    """ "Nam" / "Nữ" as a sub-header; "Năm" (year) is not "Nam"."""
    word = nfc(text).lower().strip(" :.*")
    return {"nam": Gender.MALE, "nữ": Gender.FEMALE, "nu": Gender.FEMALE}.get(word)


def _split_suffix(text: str) -> tuple[str, Gender] | None:
    """ "Ngày sinh Nam" / "Ngày sinh - Nữ" -> ("Ngày sinh", gender)."""
    clean = nfc(text)
    for sep in (" - ", " – ", " ", "\n"):
        head, _sep, tail = clean.rpartition(sep)
        if head:
            g = _gender_word(tail)
            if g:
                return head.strip(" -–:"), g
    return None


# --- header detection ---------------------------------------------------------------------------


def _header_text(value: CellValue) -> str:
    if isinstance(value, str):
        return nfc(value)
    return "" if is_blank(value) else (cell_text(value) or "")


def _filled_row(sheet: SheetData, row_number: int, width: int) -> list[str]:
    """Header labels of a row with merged cells' text copied into every cell they cover."""
    labels = [_header_text(sheet.value(row_number, c)) for c in range(width)]
    r0 = row_number - 1
    for top, left, bottom, right in sheet.merged:
        if top <= r0 <= bottom:
            text = _header_text(sheet.value(top + 1, left))
            for c in range(left, min(right, width - 1) + 1):
                labels[c] = text
    return labels


@dataclass
class _Candidate:
    score: float
    header_row: int
    header_rows: int
    labels: list[str]
    matches: list[ColumnMatch] = field(default_factory=list)


def _assign(spec: KindSpec, options: Sequence[Sequence[tuple[str, Gender | None]]]) -> list[ColumnMatch]:
    """Bind columns to fields, best matches first; each field once, except the two halves of a split."""
    found: list[tuple[float, int, str, str, Gender | None]] = []
    for col, labels in enumerate(options):
        best: tuple[float, str, str, Gender | None] | None = None
        for label, gender in labels:
            m = spec.match(label)
            if m is None:
                continue
            key, conf = m
            if gender is not None and not spec.field(key).gender_split:
                continue
            if best is None or conf > best[0]:
                best = (conf, key, label, gender)
        if best is not None:
            found.append((best[0], col, best[1], best[2], best[3]))
    found.sort(key=lambda f: (-f[0], f[1]))
    taken: set[tuple[str, Gender | None]] = set()
    used_cols: set[int] = set()
    out: list[ColumnMatch] = []
    for conf, col, key, label, gender in found:
        slot = (key, gender)
        if col in used_cols or slot in taken or (gender is None and any(t[0] == key for t in taken)):
            continue
        if gender is not None and (key, None) in taken:
            continue
        taken.add(slot)
        used_cols.add(col)
        out.append(ColumnMatch(key, col, column_letter(col), label, conf, gender))
    # A lone half of a split is just the field's column.
    for key in {m.field for m in out if m.gender is not None}:
        halves = [m for m in out if m.field == key]
        if len(halves) == 1:
            half = halves[0]
            out[out.index(half)] = ColumnMatch(
                half.field, half.column, half.letter, half.header, half.confidence * 0.9
            )
    return sorted(out, key=lambda m: m.column)


def _score(spec: KindSpec, matches: list[ColumnMatch]) -> float:
    score = 0.0
    for m in matches:
        score += m.confidence * (1.5 if spec.field(m.field).required else 1.0)
    if any(m.gender is not None for m in matches) and any(f.key == "gender" for f in spec.fields):
        score += 1.0  # the split stands for the gender column too
    return score


def _single_options(labels: list[str]) -> list[list[tuple[str, Gender | None]]]:
    out: list[list[tuple[str, Gender | None]]] = []
    for label in labels:
        opts: list[tuple[str, Gender | None]] = [(label, None)]
        split = _split_suffix(label) if label else None
        if split:
            opts.append(split)
        out.append(opts)
    return out


def _two_row_options(top: list[str], sub: list[str]) -> list[list[tuple[str, Gender | None]]]:
    top = list(top)
    # Without merge information (.ods) a group header sits only over its first column.
    for c in range(1, len(top)):
        if not top[c] and sub[c] and top[c - 1] and sub[c - 1]:
            top[c] = top[c - 1]
    out: list[list[tuple[str, Gender | None]]] = []
    for t, s in zip(top, sub, strict=True):
        if not s or s == t:
            out.append([(t, None)] if t else [])
            continue
        g = _gender_word(s)
        if g is not None and t:
            out.append([(t, g)])
            continue
        opts: list[tuple[str, Gender | None]] = [(s, None)]
        if t:
            opts.append((f"{t} {s}", None))
        out.append(opts)
    return out


def _candidates(sheet: SheetData, spec: KindSpec, row_number: int, width: int) -> list[_Candidate]:
    top = _filled_row(sheet, row_number, width)
    if not any(top):
        return []
    single = _assign(spec, _single_options(top))
    out = [_Candidate(_score(spec, single), row_number, 1, top, single)]
    if row_number < sheet.height:
        sub = _filled_row(sheet, row_number + 1, width)
        if any(sub):
            two = _assign(spec, _two_row_options(top, sub))
            labels = [s if s and s != t else t for t, s in zip(top, sub, strict=True)]
            out.append(_Candidate(_score(spec, two), row_number, 2, labels, two))
    return out


_NUMBERING = re.compile(r"^\(?[0-9]{1,2}\)?$|^\(?[a-z]\)?$")


def _is_numbering_row(sheet: SheetData, row_number: int, columns: Sequence[int]) -> bool:
    """The "(1) (2) (3)…" row many official lists put under the header."""
    cells = [sheet.value(row_number, c) for c in columns]
    texts = [_header_text(v).lower() for v in cells if not is_blank(v)]
    return len(texts) >= 2 and all(_NUMBERING.match(t.replace(" ", "")) for t in texts)


def detect_header(sheet: SheetData, spec: KindSpec, *, header_row: int | None = None) -> HeaderMapping | None:
    """Find the header row (or use ``header_row``) and bind columns to fields; None when no row
    within the first rows names enough of the kind's columns."""
    width = min(sheet.width, 10_000)
    rows = [header_row] if header_row else range(1, min(sheet.height, HEADER_SEARCH_ROWS) + 1)
    best: _Candidate | None = None
    best_key = (0.0, 0, 0)
    for r in rows:
        for cand in _candidates(sheet, spec, r, width):
            # Highest score; on a tie a one-row header (a title row above it adds nothing), then the earliest.
            key = (round(cand.score, 6), -cand.header_rows, -cand.header_row)
            if best is None or key > best_key:
                best, best_key = cand, key
    if best is None or (header_row is None and best.score < spec.min_score):
        return None
    return _mapping(sheet, spec, best.header_row, best.header_rows, best.labels, best.matches)


def _mapping(
    sheet: SheetData,
    spec: KindSpec,
    header_row: int,
    header_rows: int,
    labels: list[str],
    matches: list[ColumnMatch],
) -> HeaderMapping:
    data_start = header_row + header_rows
    if _is_numbering_row(sheet, data_start, [m.column for m in matches]):
        data_start += 1
    used = {m.column for m in matches}
    unmatched = [
        UnmatchedColumn(c, column_letter(c), label)
        for c, label in enumerate(labels)
        if label and c not in used
    ]
    present = {m.field for m in matches}
    missing = [f.key for f in spec.fields if f.required and f.key not in present]
    return HeaderMapping(header_row, header_rows, data_start, matches, unmatched, missing)


def _column(value: str | int) -> int:
    col = value if isinstance(value, int) else column_index(value)
    if not 0 <= col < 16384:
        raise ValueError(value)
    return col


def apply_override(
    sheet: SheetData, spec: KindSpec, mapping: HeaderMapping, override: Mapping[str, ColumnOverride]
) -> HeaderMapping:
    """The mapping with the user's choices applied: a chosen column replaces any automatic
    binding of that field and any other field's claim on that column."""
    labels = _filled_row(sheet, mapping.header_row, sheet.width)
    if mapping.header_rows == 2:
        sub = _filled_row(sheet, mapping.header_row + 1, sheet.width)
        labels = [s if s and s != t else t for t, s in zip(labels, sub, strict=True)]
    chosen: list[ColumnMatch] = []
    for key, target in override.items():
        spec.field(key)  # KeyError for an unknown field: a programming error
        if target is None:
            continue
        if isinstance(target, tuple):
            for gender, col_ref in zip((Gender.MALE, Gender.FEMALE), target, strict=True):
                col = _column(col_ref)
                label = labels[col] if col < len(labels) else ""
                chosen.append(ColumnMatch(key, col, column_letter(col), label, 1.0, gender, by_user=True))
        else:
            col = _column(target)
            label = labels[col] if col < len(labels) else ""
            chosen.append(ColumnMatch(key, col, column_letter(col), label, 1.0, by_user=True))
    taken_cols = {c.column for c in chosen}
    kept = [m for m in mapping.columns if m.field not in override and m.column not in taken_cols]
    matches = sorted(kept + chosen, key=lambda m: m.column)
    return _mapping(sheet, spec, mapping.header_row, mapping.header_rows, labels, matches)


# --- rows ---------------------------------------------------------------------------------------

# Rows after the list: totals, the signature block, the dateline. Reading stops at the first.
_FOOTER = re.compile(
    r"^(?:tong cong|tong so|cong\b|nguoi lap|thu truong|xac nhan|ket thuc|danh sach nay co|"
    r"[^,]{0,40}, ngay\s*[.\d]*\s*thang)"
)
_STT_KEY = "stt"


def _is_footer(value: CellValue) -> bool:
    return isinstance(value, str) and len(value) < 120 and bool(_FOOTER.match(fold(value)))


def _first_text(row: list[CellValue]) -> CellValue:
    return next((v for v in row if not is_blank(v)), "")


def _has_data(row: list[CellValue], n: int, columns: list[int]) -> bool:
    for c in columns:
        if c < n:
            v = row[c]
            if v != "" and (type(v) is not str or v.strip()):
                return True
    return False


def _split_cell(ctx: RowContext, key: str, letter: str, parser: Parser, gender: Gender, v: CellValue) -> None:
    """One half of a column split into Nam | Nữ: the filled half gives the gender."""
    if key in ctx.split_genders:
        ctx.errors.append(
            CellError(
                ctx.file,
                ctx.sheet,
                ctx.row_number,
                letter,
                key,
                _("Both the Nam and the Nữ column are filled."),
            )
        )
        return
    ctx.split_genders[key] = gender
    ctx.raw[key] = v
    if parser is parse_gender:  # "Giới tính" over Nam | Nữ: the cell is a tick
        if is_mark(v) or parse_gender(v) == gender:
            ctx.values[key] = gender
        else:
            ctx.errors.append(
                CellError(
                    ctx.file,
                    ctx.sheet,
                    ctx.row_number,
                    letter,
                    key,
                    _("Put an “x” in the Nam or the Nữ column."),
                )
            )
        return
    result = parser(v)
    if isinstance(result, Bad):
        ctx.errors.append(CellError(ctx.file, ctx.sheet, ctx.row_number, letter, key, result.reason))
    elif result is not None:
        ctx.values[key] = result


def parse_rows(sheet: SheetData, spec: KindSpec, mapping: HeaderMapping) -> list[ParsedRow]:
    """Every data row below the header, parsed and checked."""
    letters: dict[str, str] = {}
    for m in mapping.columns:
        letters.setdefault(m.field, m.letter)
    plain = [
        (m.field, m.column, m.letter, spec.field(m.field).parser) for m in mapping.columns if m.gender is None
    ]
    split = [
        (m.field, m.column, m.letter, spec.field(m.field).parser, m.gender)
        for m in mapping.columns
        if m.gender
    ]
    required = [(f, f.header) for f in spec.fields if f.required and f.key in letters]
    stt_col = next((m.column for m in mapping.columns if m.field == _STT_KEY), None)
    data_cols = [m.column for m in mapping.columns if m.field != _STT_KEY]
    spans = [(r0, r1) for r0, c0, r1, c1 in sheet.merged if c1 - c0 >= 2]
    has_gender = any(f.key == "gender" for f in spec.fields)
    file, name = sheet.file, sheet.name
    out: list[ParsedRow] = []
    for row_number in range(mapping.data_start, sheet.height + 1):
        row = sheet.rows[row_number - 1]
        n = len(row)
        if not _has_data(row, n, data_cols):
            continue
        stt = row[stt_col] if stt_col is not None and stt_col < n else ""
        if type(stt) is not float and type(stt) is not int:  # a numbered row is data: skip the checks
            if _is_footer(_first_text(row)):
                break
            if _is_section_row(row, data_cols, row_number, spans, stt):
                continue
        ctx = RowContext(file, name, row_number, letters)
        values, raw, errors = ctx.values, ctx.raw, ctx.errors
        for key, col, letter, parser in plain:
            v = row[col] if col < n else ""
            if v == "" or (type(v) is str and not v.strip()):
                continue
            raw[key] = v
            result = parser(v)
            if type(result) is Bad:
                errors.append(CellError(file, name, row_number, letter, key, result.reason))
            elif result is not None:
                values[key] = result
        for key, col, letter, parser, gender in split:
            v = row[col] if col < n else ""
            if not is_blank(v):
                _split_cell(ctx, key, letter, parser, gender, v)
        if has_gender and ctx.split_genders:
            implied = next(iter(ctx.split_genders.values()))
            current = values.get("gender")
            if current is None:
                values["gender"] = implied
            elif current != implied:
                ctx.error("gender", _("The gender differs from the Nam/Nữ column that is filled."))
        for f, header in required:
            if f.key not in values and f.key not in raw and not (f.blank_allowed and f.blank_allowed(values)):
                ctx.error(f.key, _("“{column}” is required.").format(column=header))
        if spec.finish is not None:
            spec.finish(ctx)
        out.append(ParsedRow(name, row_number, values, raw, ctx.errors))
    return out


_SECTION_NUMBER = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")


def _is_section_row(
    row: list[CellValue], data_cols: list[int], row_number: int, spans: list[tuple[int, int]], stt: CellValue
) -> bool:
    """ "I. Cá nhân" / "II | Tập thể": a heading inside the list, merged across the row or numbered
    with a Roman numeral or a capital letter, with no more than one other cell filled."""
    r0 = row_number - 1
    numbered = isinstance(stt, str) and bool(_SECTION_NUMBER.match(stt.strip()))
    if not numbered and not any(a <= r0 <= b for a, b in spans):
        return False
    filled = [c for c in data_cols if c < len(row) and not is_blank(row[c])]
    return len(filled) <= 1


def parse_sheet(
    sheet: SheetData,
    spec: KindSpec,
    *,
    header_row: int | None = None,
    mapping: Mapping[str, ColumnOverride] | None = None,
) -> ParsedSheet:
    """Find the header, bind columns (with the user's ``mapping`` on top) and parse every row.

    Rows are parsed even when a required column is missing, so the preview can show them; the
    sheet then carries an error and the GUI should ask for the mapping.
    """
    # Before the header is looked for: a list typed in TCVN3 has its headers in TCVN3 too.
    sheet = convert_legacy(sheet)
    result = ParsedSheet(sheet.file, sheet.name, spec.key, None, source=sheet)
    found = detect_header(_legacy_headers(sheet), spec, header_row=header_row)
    if found is None:
        if not mapping:
            wanted = ", ".join(f"“{f.header}”" for f in spec.fields if f.required) or ", ".join(
                f"“{f.header}”" for f in spec.fields[:4]
            )
            result.errors.append(
                CellError(
                    sheet.file,
                    sheet.name,
                    None,
                    None,
                    None,
                    _(
                        "No header row naming the expected columns ({columns}) "
                        "was found in the first {n} rows."
                    ).format(columns=wanted, n=HEADER_SEARCH_ROWS),
                )
            )
            return result
        first = header_row or next(
            (i + 1 for i, r in enumerate(sheet.rows) if any(not is_blank(v) for v in r)), 1
        )
        found = HeaderMapping(first, 1, first + 1, [], [], [])
    if mapping:
        found = apply_override(_legacy_headers(sheet), spec, found, mapping)
    result.mapping = found
    for key in found.missing_required:
        f = spec.field(key)
        result.errors.append(
            CellError(
                sheet.file,
                sheet.name,
                None,
                None,
                key,
                _("No column for “{column}”, which is required.").format(column=f.header),
            )
        )
    result.rows = parse_rows(sheet, spec, found)
    if sheet.converted or sheet.undecided:
        _legacy_cells(sheet, result, found)
    return result


def _legacy_headers(sheet: SheetData) -> SheetData:
    """The sheet with its undecided cells in the legacy reading, to find the header by: a header
    such as "Ghi chó" (TCVN3 for "Ghi chú") reads as Vietnamese both ways, and matching a known
    header is evidence enough for a cell that is never stored."""
    if not sheet.undecided:
        return sheet
    rows = list(sheet.rows)
    for cell in sheet.undecided:
        row = rows[cell.row - 1] = list(rows[cell.row - 1])
        row[cell.column] = cell.text
    return replace(sheet, rows=rows)


def _legacy_cells(sheet: SheetData, result: ParsedSheet, mapping: HeaderMapping) -> None:
    """Say which cells of the imported columns were converted, and refuse those undecided."""
    fields = {m.column: m.field for m in mapping.columns}
    rows = {r.row_number: r for r in result.rows}
    counts: dict[str, int] = {}
    for cell in sheet.converted:
        counts[cell.encoding] = counts.get(cell.encoding, 0) + 1
        row = rows.get(cell.row)
        if row is None or cell.column not in fields:
            continue
        reason = _("Converted from {encoding}: “{before}” → “{after}”.").format(
            encoding=cell.encoding, before=cell.original, after=cell.text
        )
        if cell.by_column:
            reason += " " + _(
                "As written it also reads as Vietnamese; it was converted like the rest of its "
                "column. Check it."
            )
        row.warnings.append(
            CellError(
                sheet.file, sheet.name, cell.row, column_letter(cell.column), fields[cell.column], reason
            )
        )
    for encoding, n in counts.items():
        result.notes.append(
            _(
                "{n} cells of sheet “{sheet}” were typed in the {encoding} encoding (old Vietnamese "
                "fonts) and were converted to Unicode."
            ).format(n=n, sheet=sheet.name, encoding=encoding)
        )
    for cell in sheet.undecided:
        row = rows.get(cell.row)
        if row is None or cell.column not in fields:
            continue
        reason = _(
            "This cell may be typed in the {encoding} encoding (old Vietnamese fonts), but cannot be "
            "decided: as {encoding} it reads “{decoded}”, as written “{original}”. Retype it in "
            "Unicode and import the file again."
        ).format(encoding=cell.encoding, decoded=cell.text, original=cell.original)
        row.errors.append(
            CellError(
                sheet.file, sheet.name, cell.row, column_letter(cell.column), fields[cell.column], reason
            )
        )
