"""Names typed all in lower or upper case, stored in proper case, each change reported on its row.

The rule itself is the domain's (:func:`emudesk.domain.text.proper_case_name`); here it is applied to
the names a sheet gives for people (a staff list's, a recipient who is a person, a household's
head), before planning, so the register's matching, the records the import adds and the report all
see the same name. The parsed sheet is left as read: a new plan of the same reading reports again.
"""

from __future__ import annotations

from dataclasses import replace

from emudesk.domain.enums import SubjectKind
from emudesk.domain.text import proper_case_name
from emudesk.i18n import _
from emudesk.importer import CellError, ParsedRow, ParsedSheet

_PARTS = ("family_name", "middle_name", "given_name", "full_name")


def proper_case_names(parsed: ParsedSheet) -> ParsedSheet:
    """``parsed`` with its people's names in proper case and a note on each row changed."""
    rows: list[ParsedRow] = []
    changed = False
    for pr in parsed.rows:
        out = _proper_row(parsed, pr)
        changed = changed or out is not pr
        rows.append(out)
    return replace(parsed, rows=rows) if changed else parsed


def _proper_row(parsed: ParsedSheet, pr: ParsedRow) -> ParsedRow:
    values = pr.values
    parts: tuple[str, ...]
    if "head_name" in values:
        key, parts = "head_name", ("head_name",)
    elif "given_name" in values:
        key, parts = ("recipient" if "recipient" in values else "full_name"), _PARTS
    else:
        return pr
    if key == "recipient" and values.get("subject_kind") is not SubjectKind.INDIVIDUAL:
        return pr
    before = values.get("full_name" if key != "head_name" else key)
    if not isinstance(before, str) or not before:
        return pr
    after = proper_case_name(before)
    if after == before:
        return pr
    fixed = dict(values)
    for part in parts:
        text = values.get(part)
        if isinstance(text, str) and text:
            fixed[part] = proper_case_name(text)
    if key == "recipient":
        fixed["recipient"] = after
    letter = parsed.mapping.letter_of(key) if parsed.mapping else None
    note = CellError(
        parsed.file,
        parsed.sheet,
        pr.row_number,
        letter,
        key,
        _("name put in proper case: {before} → {after}").format(before=before, after=after),
    )
    return ParsedRow(pr.sheet, pr.row_number, fixed, pr.raw, pr.errors, [*pr.warnings, note])
