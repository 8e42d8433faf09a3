"""The rules shipped by migration 0003: valid typed parameters, sources, dates, confirmation status;
the schema in step with the models on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from emudesk.db.base import Base
from emudesk.db.models import Rule, RuleSet
from emudesk.db.search import outside_models
from emudesk.domain.enums import SubjectKind
from emudesk.domain.rules import RuleKind, parse_params, resolve
from emudesk.services.core.store import Store
from emudesk.services.rules import rulebook


def test_schema_matches_the_models(store: Store) -> None:
    with store.db.engine.connect() as conn:
        # The server's own indexes (trigram search, live lists) are outside the models on purpose.
        opts = {"compare_type": True, "include_object": outside_models}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []


def test_every_shipped_rule_has_valid_parameters_and_known_forms(store: Store) -> None:
    with store.read() as s:
        book = rulebook.load(s)
        rows = s.scalars(select(Rule)).all()
        assert book.problems == ()
        assert len(book.rules) == len(rows) >= 40
        for row in rows:
            parse_params(RuleKind(row.kind), row.params)
            assert set(row.award_codes) <= set(book.forms), row.code
            assert row.text, row.code


def test_rule_sets_carry_source_and_dates(store: Store) -> None:
    with store.read() as s:
        sets = {rs.code: rs for rs in s.scalars(select(RuleSet))}
    assert (sets["LUAT_2022"].effective_from, sets["LUAT_2022"].effective_to) == (date(2024, 1, 1), None)
    assert (sets["ND_152_2025"].effective_from, sets["ND_152_2025"].effective_to) == (date(2025, 7, 1), None)
    assert (sets["ND_98_2023"].effective_from, sets["ND_98_2023"].effective_to) == (
        date(2024, 1, 1),
        date(2025, 6, 30),
    )
    assert sets["ND_91_2017"].effective_to == date(2023, 12, 31)
    assert not sets["BN_86_2025"].active  # another province's regulation: an example, not applied
    assert all(rs.source for rs in sets.values())


def test_unconfirmed_rules_are_marked_and_cited_as_such(store: Store) -> None:
    with store.read() as s:
        book = rulebook.load(s)
    by_key = {(r.rule_set.code, r.code): r for r in book.rules}
    assert by_key[("LUAT_2022", "CSTD_TINH.streak")].confirmed
    assert by_key[("LUAT_2022", "CSTD_TINH.streak")].citation == "Luật TĐKT 2022, Điều 22"
    assert by_key[("ND_152_2025", "ALL.history_basis")].citation == "NĐ 152/2025/NĐ-CP, Điều 4 khoản 3"
    vote = by_key[("ND_152_2025", "VOTE.90")]
    assert not vote.confirmed and vote.citation == "NĐ 152/2025/NĐ-CP (chưa xác minh)"
    assert by_key[("ND_98_2023", "VOTE.80")].citation == "NĐ 98/2023/NĐ-CP, Điều 30 khoản 7"
    assert not by_key[("LUAT_2022", "BK.ind.cstdcs")].confirmed


def test_which_documents_apply_on_which_day(store: Store) -> None:
    with store.read() as s:
        rules = rulebook.load(s).rules

    def sets(day: date, code: str, kind: SubjectKind = SubjectKind.INDIVIDUAL) -> set[str]:
        return {r.rule_set.code for r in resolve(rules, day, code, kind)}

    assert sets(date(2025, 6, 30), "CSTDCS") == {"LUAT_2022", "ND_98_2023"}
    assert sets(date(2025, 7, 1), "CSTDCS") == {"LUAT_2022", "ND_152_2025"}
    assert sets(date(2023, 6, 1), "CSTDCS") == {"ND_91_2017"}
    assert sets(date(2023, 6, 1), "TTLDTT", SubjectKind.UNIT) == {"LUAT_2003"}
    assert sets(date(2026, 3, 1), "GDVH", SubjectKind.HOUSEHOLD) == {"LUAT_2022", "ND_86_2023", "ND_152_2025"}
