"""0013_statistics: awards to units and households get their TT 02/2023 category on upgrade."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from emudesk.db.engine import to_url
from emudesk.db.migrate import upgrade
from emudesk.services.core.store import Store
from tests.db.test_migrations import empty_url

__all__ = ["empty_url"]


def test_upgrade_writes_the_categories_the_register_knows(empty_url: str) -> None:
    url = to_url(empty_url)
    upgrade(url, "0012_roles")
    engine = create_engine(url)
    with engine.begin() as conn:
        kinds = dict(conn.execute(text("SELECT code, id FROM unit_kinds")).all())
        for uid, kind in ((1, "doanh_nghiep"), (2, "so_nganh")):
            conn.execute(
                text(
                    "INSERT INTO units (id, uuid, created_at, updated_at, kind_id, name, short_name,"
                    f" name_fold, sort_key) VALUES (:id, 'unit-{uid}', '2024-01-01', '2024-01-01', :kind,"
                    " :name, '', '', :key)"
                ),
                {"id": uid, "kind": kinds[kind], "name": f"Đơn vị {uid}", "key": b""},
            )
        conn.execute(
            text(
                "INSERT INTO households (id, uuid, created_at, updated_at, head_name, address, name_fold,"
                " sort_key) VALUES (1, 'hh-1', '2024-01-01', '2024-01-01', 'Nguyễn Văn Tư', '', '', :key)"
            ),
            {"key": b""},
        )
        conn.execute(
            text(
                "INSERT INTO individuals (id, uuid, created_at, updated_at, family_name, middle_name,"
                " given_name, full_name, gender, ethnicity, name_fold, sort_key) VALUES (1, 'p-1',"
                " '2024-01-01', '2024-01-01', 'Lê', 'Văn', 'An', 'Lê Văn An', 'male', 'Kinh', '', :key)"
            ),
            {"key": b""},
        )
        for rid, kind, column, subject in (
            (1, "unit", "unit_id", 1),
            (2, "unit", "unit_id", 2),
            (3, "household", "household_id", 1),
            (4, "individual", "individual_id", 1),
        ):
            conn.execute(
                text(
                    f"INSERT INTO award_records (id, uuid, created_at, updated_at, subject_kind, {column},"
                    " award_name, recipient_name, year, decision_number, issuer, award_type, status, source,"
                    f" search_fold) VALUES (:id, 'a-{rid}', '2024-01-01', '2024-01-01', :kind, :subject,"
                    " 'Giấy khen', 'X', 2023, '', '', 'merit', 'valid', 'entered', '')"
                ),
                {"id": rid, "kind": kind, "subject": subject},
            )
    engine.dispose()
    store = Store.open(empty_url)
    try:
        with store.read() as s:
            got = dict(s.execute(text("SELECT id, recipient_category FROM award_records")).all())
            campaigns = s.execute(text("SELECT organizer_level, scope FROM campaigns")).all()
    finally:
        store.close()
    # A person's category follows the position at report time; it is not guessed into the record.
    assert got == {1: "enterprise", 2: "collective", 3: "household", 4: None}
    assert campaigns == []
