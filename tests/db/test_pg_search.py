"""Search on the server: trigram indexes answer a keystroke's LIKE '% word%' (schema 0010_pg_search),
and a server that refuses pg_trgm still upgrades, says so once, and searches without them."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from emudesk.db.engine import to_url
from emudesk.db.migrate import head_revision, upgrade
from emudesk.db.search import LIVE_ORDER_INDEXES, TRIGRAM_INDEXES
from emudesk.domain.enums import Gender
from emudesk.services.core.store import Store
from emudesk.services.register.individuals import IndividualInput, create_individual
from emudesk.services.register.lists import IndividualFilter, individual_ids

pytestmark = pytest.mark.pg


def _present(store: Store, names: object) -> set[str]:
    """Which of ``names`` are indexes of the database."""
    with store.db.engine.connect() as conn:
        found = conn.execute(
            text("SELECT indexname FROM pg_indexes WHERE indexname = ANY(:n)"), {"n": list(names)}
        )
        return set(found.scalars())


def _trigram_indexes(store: Store) -> set[str]:
    return _present(store, TRIGRAM_INDEXES)


def _live_order_indexes(store: Store) -> set[str]:
    return _present(store, LIVE_ORDER_INDEXES)


def test_a_first_page_reads_the_live_people_in_order_and_stops(pg_demo_store: Store) -> None:
    assert _live_order_indexes(pg_demo_store) == set(LIVE_ORDER_INDEXES)
    with pg_demo_store.db.engine.connect() as conn:
        for search in ("", " AND name_fold LIKE '% n%'"):
            query = (
                "EXPLAIN SELECT id FROM individuals WHERE deleted_at IS NULL"
                f"{search} ORDER BY sort_key, id LIMIT 200"
            )
            plan = "\n".join(conn.execute(text(query)).scalars())
            assert "ix_individuals_live_sorted" in plan and "Sort" not in plan, plan


def test_the_folded_names_have_trigram_indexes_a_search_uses(pg_demo_store: Store) -> None:
    assert _trigram_indexes(pg_demo_store) == set(TRIGRAM_INDEXES)
    with pg_demo_store.db.engine.connect() as conn:
        # The demo merged the index's pending list and analysed (settle_search_indexes): without
        # that the planner prices the index above scanning the list index. 2,000 people: a table
        # scan would still be cheapest, so it is ruled out to see the planner's choice of index.
        conn.execute(text("SET enable_seqscan = off"))
        query = "EXPLAIN SELECT id FROM individuals WHERE name_fold LIKE '% duc%'"
        plan = "\n".join(conn.execute(text(query)).scalars())
        assert "ix_individuals_name_fold_trgm" in plan


@pytest.fixture
def clerk_database(pg_admin_url: str) -> Iterator[str]:
    """An empty database and a login that may create tables but not extensions in it."""
    name, role = f"emudesk_nx_{uuid.uuid4().hex[:8]}", f"clerk_{uuid.uuid4().hex[:8]}"
    admin = create_engine(to_url(pg_admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text(f'REVOKE CREATE ON DATABASE "{name}" FROM PUBLIC'))
    db_admin = create_engine(to_url(pg_admin_url).set(database=name), isolation_level="AUTOCOMMIT")
    with db_admin.connect() as conn:
        conn.execute(text(f'GRANT CREATE, USAGE ON SCHEMA public TO "{role}"'))
    db_admin.dispose()
    yield to_url(pg_admin_url).set(database=name, username=role).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


def test_a_server_refusing_pg_trgm_upgrades_says_so_once_and_still_searches(
    clerk_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="emudesk"):
        upgrade(to_url(clerk_database))
    said = [r.getMessage() for r in caplog.records if "pg_trgm" in r.getMessage()]
    assert len(said) == 1 and "permission denied" in said[0], said
    store = Store.open(clerk_database)
    try:
        with store.db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert _trigram_indexes(store) == set()
        assert _live_order_indexes(store) == set(LIVE_ORDER_INDEXES)  # these need no extension
        with store.write() as s:
            create_individual(s, IndividualInput("Nguyễn", "Văn", "Đức", Gender.MALE, birth_year=1980))
        with store.read() as s:
            assert len(individual_ids(s, IndividualFilter(search="duc"))) == 1
    finally:
        store.close()
