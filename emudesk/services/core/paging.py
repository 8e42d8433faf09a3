"""Ordered id lists for the lazy tables: filtering and sorting in SQL, a first page with the count.

The table model never holds ORM objects: filtering and sorting run in the
database and return ids; cells are named tuples fetched a page at a time by each
feature's ``lists`` module. Every ``*_rows`` function answers one page with a
fixed number of queries, whatever the page size (no query per row).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.orm import Session

from emudesk.db.models import Household, Individual
from emudesk.db.search import folded_contains, word_prefix
from emudesk.domain.text import fold, search_text, search_words


def order(stmt: Select[Any], keys: list[Any], descending: bool) -> Select[Any]:
    return stmt.order_by(*[k.desc() for k in keys] if descending else keys)


# A first page counts its list up to here and no further: past it the count is "more than 10,000",
# so a keystroke matching 95,000 people does not count them all (a whole scan on PostgreSQL).
COUNT_CAP = 10_000


class IdPage(list[int]):
    """The first ids of a longer list, and how many ids the whole list has (``total``).

    ``capped``: the list has more than ``COUNT_CAP`` ids; ``total`` is then ``COUNT_CAP + 1``.
    """

    total: int
    capped: bool = False


def ordered_ids(
    session: Session, stmt: Select[Any], keys: list[Any], descending: bool, limit: int | None
) -> list[int]:
    """The ordered ids of ``stmt``; with ``limit``, the first ones (an ``IdPage`` if there are more).

    Read straight off the driver's cursor: SQLAlchemy builds a row object per result row, which
    for 100,000 ids costs more than the query itself (~60 ms against ~30 ms on SQLite). The
    statement still goes through Core, so parameters are bound and processed as usual.
    """
    ordered = order(stmt, keys, descending)
    if limit is not None:
        ordered = ordered.limit(limit)
    if session.autoflush:
        session.flush()  # what Session.execute would do first: pending changes are seen
    connection = session.connection()
    result = connection.execute(ordered)
    cursor = result.cursor
    ids: list[int]
    if cursor is None:  # the driver closed it already (no rows): nothing to read
        ids = list(result.scalars())
    else:
        try:
            ids = [row[0] for row in cursor.fetchall()]
        finally:
            result.close()
    if limit is None or len(ids) < limit:
        return ids
    # A full first page: count the list (one index scan, no ids built) so the table has its
    # length while the rest of the ids load behind it; the LIMIT stops the count at the cap.
    page = IdPage(ids)
    counted = select(func.count()).select_from(stmt.limit(COUNT_CAP + 1).subquery())
    page.total = connection.execute(counted).scalar_one()
    page.capped = page.total > COUNT_CAP
    return page


def searching(text: str) -> bool:
    """Whether a search box's text asks for anything."""
    return bool(text.strip())


# Lists with a covering (deleted_at, sort_key, id, name_fold) index (schema 0004): the plain filters
# below read that index alone. The others (units, awards) are filtered the indirect way.
_COVERED: tuple[type, ...] = (Individual, Household)


def in_bin_or_live(model: Any, in_bin: bool) -> Any:
    """The bin, or the live records.

    Without a covering index, "live" is written as NOT IN the (few) binned ids rather
    than ``deleted_at IS NULL``: the binned ids come from the deleted_at index, and the
    ordering scan then reads only its own index instead of visiting every row (5x faster
    on 300,000 awards).
    """
    if in_bin:
        return model.deleted_at.is_not(None)
    if model in _COVERED:
        return model.deleted_at.is_(None)
    binned = select(model.id).where(model.deleted_at.is_not(None)).correlate(None)
    return model.id.not_in(binned)


def fold_words(column: Any, text: str) -> ColumnElement[bool]:
    """Every word typed starts some word of the folded ``column``, in any order, diacritics ignored.

    "nguyen duc" finds "Nguyễn Văn Minh Đức"; "an" finds "Trần Văn An" but not "Lê Thị Lan".
    """
    words = [word_prefix(column, w) for w in search_words(text)]
    return and_(*words) if words else true()


def fold_match(model: Any, column: Any, text: str) -> Any:
    """Records whose folded column matches ``text`` word by word, scanning an index rather than the rows."""
    if model in _COVERED:
        return fold_words(column, text)
    matching = select(model.id).where(fold_words(column, text)).correlate(None)
    return model.id.in_(matching)


def fold_contains(columns: list[Any], text: str) -> ColumnElement[bool]:
    """Some of ``columns``, folded, contains the folded ``text``: diacritics and case ignored, ``%`` and
    ``_`` taken literally. For the short lists with no stored fold (decisions, the audit log); a whole
    scan, as the search it replaced."""
    term = fold(search_text(text))
    return or_(*(folded_contains(c, term) for c in columns))
