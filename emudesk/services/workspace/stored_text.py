"""`emudesk check`: text stored before hostile text was refused everywhere (control characters,
bidi overrides), found record by record so it can be retyped."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.base import Base
from emudesk.db.text_guard import label, strings_in, text_columns
from emudesk.domain.text import text_problem
from emudesk.i18n import _

# Length is not damage (a long note stays readable); only what rewrites a terminal or a list.
_ANY_LENGTH = 10**12
_SHOWN = 50


@dataclass(frozen=True)
class StoredTextFinding:
    table: str
    record: object
    field: str
    problem: str

    def line(self) -> str:
        return _("Table {table}, record {record}, field “{field}”: {problem}").format(
            table=self.table, record=self.record, field=label(self.field), problem=self.problem
        )


def find_stored_hostile_text(session: Session) -> list[StoredTextFinding]:
    """Every stored value, of every text column people type into, holding a control character or a
    bidi override; in table order, then by record."""
    found: list[StoredTextFinding] = []
    for mapper in sorted(Base.registry.mappers, key=lambda m: m.local_table.name):  # type: ignore[attr-defined]
        columns = [key for key, _kind, _max in text_columns(mapper)]
        if not columns:
            continue
        key_column = mapper.primary_key[0]
        attrs = [getattr(mapper.class_, key) for key in columns]
        for row in session.execute(select(key_column, *attrs).order_by(key_column)):
            record, values = row[0], row[1:]
            for key, value in zip(columns, values, strict=True):
                for text in strings_in(value):
                    if text.isprintable():
                        continue
                    problem = text_problem(text, max_length=_ANY_LENGTH)
                    if problem:
                        found.append(StoredTextFinding(mapper.local_table.name, record, key, problem))  # type: ignore[attr-defined]
                        break
    return found


def check_stored_text(session: Session, errors: list[str]) -> None:
    """Add the findings to a check's errors: the first fifty, then how many more."""
    found = find_stored_hostile_text(session)
    errors.extend(f.line() for f in found[:_SHOWN])
    if len(found) > _SHOWN:
        errors.append(
            _("… and {n} more stored values with control characters or bidi overrides.").format(
                n=len(found) - _SHOWN
            )
        )
