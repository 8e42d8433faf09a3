"""Hostile text refused on every path into the database: one rule at the model layer.

The register's services check their fields with labels of their own, but text enters through
many more doors (decisions, nominations, campaigns, the council, settings, rule sets,
achievements; each through the window, the CLI, imports and the campaign workbook). A listener
on every text column of every mapped class refuses, when a value is assigned, what
:func:`emudesk.domain.text.text_problem` refuses: control characters (NUL, ESC, backspace…),
bidi overrides and over-long text. A new column is covered without anyone remembering to.

Line breaks: multi-line columns (``LongNFCText``: notes, summaries, legal bases) keep them;
one-line ``NFCText`` columns store them as a space (a name pasted from a list's Alt+Enter
cell), as they always have; plain ``String`` columns (numbers, codes) store text as given,
so a line break there is refused. JSON columns (settings, reasons) are checked string by
string. Derived columns (folds, sort keys) and the audit log, which the app writes from
checked values, are left out.

Bulk Core inserts bypass attribute events; only the demo uses them, with its own data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import JSON, Enum, String, event
from sqlalchemy.orm import Mapper, configure_mappers

from emudesk.db.base import Base, LongNFCText, NFCText
from emudesk.db.models import AuditEntry, Setting
from emudesk.domain.errors import ValidationError
from emudesk.domain.labels import field_label
from emudesk.domain.text import LINE_MAX, LONG_MAX, text_problem
from emudesk.i18n import _

# Columns the app derives or writes itself; never typed by anyone.
_SKIPPED_KEYS = frozenset({"uuid", "name_fold", "search_fold", "sort_key", "sha256"})
_SKIPPED_CLASSES: frozenset[type] = frozenset({AuditEntry})
_LINE_BREAKS = ("\n", "\r", "\t")


def label(key: str) -> str:
    """The field's name as the user knows it (the one map of emudesk.domain.labels)."""
    return field_label(key)


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a column's value: itself, or those nested in a JSON value (keys too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(k)
            yield from strings_in(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings_in(v)


def column_problem(kind: str, value: Any, max_length: int) -> str | None:
    """Why ``value`` may not be stored in a column of ``kind`` ("line", "long", "plain", "json")."""
    if value is None:
        return None
    if kind == "json":
        for text in strings_in(value):
            if problem := text_problem(text, max_length=max_length):
                return problem
        return None
    if not isinstance(value, str):
        return None
    if kind == "plain" and any(c in value for c in _LINE_BREAKS):
        return _("The text contains a line break or a tab; this field holds one line.")
    return text_problem(value, max_length=max_length)


def _kind(column_type: object) -> tuple[str, int] | None:
    """How a column's text is checked, and its longest value; None when it holds no text."""
    if isinstance(column_type, LongNFCText):
        return "long", LONG_MAX
    if isinstance(column_type, NFCText):
        return "line", LINE_MAX
    if isinstance(column_type, JSON):
        return "json", LONG_MAX
    if isinstance(column_type, String) and not isinstance(column_type, Enum):
        return "plain", column_type.length or LINE_MAX
    return None


def text_columns(mapper: Mapper[Any]) -> Iterator[tuple[str, str, int]]:
    """(attribute, kind, longest) for each text column of a mapped class that people type into."""
    if mapper.class_ in _SKIPPED_CLASSES:
        return
    for prop in mapper.column_attrs:
        if prop.key in _SKIPPED_KEYS or len(prop.columns) != 1:
            continue
        found = _kind(prop.columns[0].type)
        if found is not None:
            yield prop.key, *found


def _listener(key: str, kind: str, max_length: int) -> Any:
    def check(target: object, value: Any, _old: object, _initiator: object) -> None:
        problem = column_problem(kind, value, max_length)
        if problem:
            name = label(key)
            if isinstance(target, Setting):
                name = f"{_('Setting')} “{target.key}”"
            raise ValidationError(f"{name}: {problem}", fields={key: problem})

    return check


def _install() -> None:
    configure_mappers()
    for mapper in Base.registry.mappers:
        for key, kind, max_length in text_columns(mapper):
            event.listen(getattr(mapper.class_, key), "set", _listener(key, kind, max_length))


_install()  # once, when the module is first imported (by emudesk.db.engine)
