"""Word-prefix search on the stored folded names, written for each dialect.

A stored name fold is its folded words, each after a space (" nguyen van minh duc", see
``domain.text.name_fold``), so "some word starts with duc" is "contains ' duc'". SQLite scans
the folds of 100,000 people on every keystroke: there ``instr`` (a byte search) is a tenth
faster than LIKE, which folds case character by character. PostgreSQL's LIKE already compares
bytes; it, and any other dialect, gets the portable LIKE.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, literal, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from emudesk.domain.text import fold


class word_prefix(ColumnElement[bool]):  # noqa: N801 - used like a SQL function
    """``column`` (a stored name fold) has a word that starts with ``word`` (folded, one word)."""

    # The word is compiled into fresh bound parameters each time, so there is nothing to cache.
    inherit_cache = False

    def __init__(self, column: Any, word: str) -> None:
        self.column = column
        self.word = word


@compiles(word_prefix)
def _portable(element: word_prefix, compiler: SQLCompiler, **kw: Any) -> str:
    escaped = element.word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    expr = element.column.like(literal(f"% {escaped}%"), escape="\\")
    return f"({compiler.process(expr, **kw)})"


@compiles(word_prefix, "sqlite")
def _sqlite(element: word_prefix, compiler: SQLCompiler, **kw: Any) -> str:
    expr = func.instr(element.column, literal(" " + element.word)) > 0
    return f"({compiler.process(expr, **kw)})"


# --- Searching a column that has no stored fold (decisions, the audit log) ------------------------

# The SQLite function that folds a column as PostgreSQL's ``lower(translate(…))`` below does
# (registered on every connection by ``db.engine``).
SQLITE_FOLD = "emudesk_fold"


def _latin_folds() -> tuple[str, str]:
    """The accented Latin letters (Vietnamese's among them) and the ASCII letters they fold to."""
    source, target = [], []
    for code in (*range(0xC0, 0x250), *range(0x1EA0, 0x1EFA)):
        letter = chr(code)
        folded = fold(letter)
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            source.append(letter)
            target.append(folded)
    # Combining marks (text pasted decomposed) come last, with no counterpart: translate drops them.
    source.extend(chr(c) for c in range(0x300, 0x370))
    return "".join(source), "".join(target)


_FROM, _TO = _latin_folds()
_TABLE = str.maketrans(_FROM[: len(_TO)], _TO, _FROM[len(_TO) :])
# Letters some accented letter folds to: in the SQLite pre-filter each stands for any one character.
_FOLDED_TO = frozenset(_TO)


def sqlite_fold(value: str | None) -> str | None:
    return None if value is None else value.translate(_TABLE).lower()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class folded_contains(ColumnElement[bool]):  # noqa: N801 - used like a SQL function
    """``column``, lower-cased and with its accents removed, contains ``term`` (already folded).

    For short lists with no stored fold. PostgreSQL translates the accented letters, then
    lower-cases ASCII, whatever the server's locale (its ``lower`` in the C locale leaves "Ủ" as
    is). SQLite calls Python for the same, which costs ~8 µs a row; a plain LIKE in which every
    foldable letter is "_" first drops most rows in C ("uy ban x" is "__ b__ x"), so only those
    that may match are folded.
    """

    inherit_cache = False

    def __init__(self, column: Any, term: str) -> None:
        self.column = column
        self.term = term


@compiles(folded_contains)
def _portable_contains(element: folded_contains, compiler: SQLCompiler, **kw: Any) -> str:
    column = func.lower(func.translate(element.column, literal(_FROM), literal(_TO)))
    expr = column.like(literal(f"%{_escape(element.term)}%"), escape="\\")
    return f"({compiler.process(expr, **kw)})"


@compiles(folded_contains, "sqlite")
def _sqlite_contains(element: folded_contains, compiler: SQLCompiler, **kw: Any) -> str:
    skeleton = "".join("_" if c in _FOLDED_TO else _escape(c) for c in element.term)
    coarse = element.column.like(literal(f"%{skeleton}%"), escape="\\")
    pattern = literal(f"%{_escape(element.term)}%")
    exact = getattr(func, SQLITE_FOLD)(element.column).like(pattern, escape="\\")
    return f"({compiler.process(and_(coarse, exact), **kw)})"


# --- Trigram indexes on the server ------------------------------------------------------------

# The folded columns searched with LIKE '% word%' / '%text%', each with a GIN trigram index on
# PostgreSQL when the server has pg_trgm (schema 0010_pg_search). They are not in the models: a
# server without the extension has none, and SQLite has no such index.
TRIGRAM_INDEXES: dict[str, tuple[str, str]] = {
    f"ix_{table}_{column}_trgm": (table, column)
    for table, column in (
        ("individuals", "name_fold"),
        ("households", "name_fold"),
        ("units", "name_fold"),
        ("campaigns", "name_fold"),
        ("award_records", "search_fold"),
    )
}


# The live records in list order, on the server (schema 0010_pg_search). SQLite walks the models'
# (deleted_at, sort_key, id, name_fold) index in order; PostgreSQL does not take ``deleted_at IS
# NULL`` as pinning the first column, so it sorted all 100,000 people for every first page (~60 ms)
# until this partial index gave it the order: the first page reads 200 entries and stops.
LIVE_ORDER_INDEXES: dict[str, str] = {
    "ix_individuals_live_sorted": "individuals",
    "ix_households_live_sorted": "households",
}
SERVER_INDEXES = frozenset(TRIGRAM_INDEXES) | frozenset(LIVE_ORDER_INDEXES)


def outside_models(_obj: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
    """Alembic's ``include_object``: leave the server's own indexes out of model comparisons."""
    return not (type_ == "index" and reflected and name in SERVER_INDEXES)


def settle_search_indexes(session: Session) -> None:
    """After a bulk write on the server: fold the trigram indexes' pending entries in, then ANALYZE.

    GIN indexes take new rows into a pending list that every search reads through and that the
    planner prices so high it prefers scanning the names, until autovacuum merges it. A writer of
    thousands of rows merges it itself (both statements run inside its transaction).
    """
    bind = session.connection()
    if bind.dialect.name != "postgresql":
        return
    merge = text(
        "SELECT gin_clean_pending_list(c.oid) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() "
        "WHERE c.relname IN :names AND c.relkind = 'i'"
    ).bindparams(bindparam("names", expanding=True))
    bind.execute(merge, {"names": list(TRIGRAM_INDEXES)}).all()
    tables = sorted({table for table, _column in TRIGRAM_INDEXES.values()})
    bind.execute(text(f"ANALYZE {', '.join(tables)}"))
