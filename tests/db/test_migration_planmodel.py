"""0018_planmodel keeps the campaigns of a database made at 0012 exactly as they were."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, insert, select

from emudesk.db.engine import to_url
from emudesk.db.migrate import upgrade
from emudesk.domain.plan_values import DatePrecision
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import CampaignDef, load_definition
from emudesk.services.core.store import Store
from tests.factories import HOA_BINH, NTM, SNN_2023

_CAMPAIGN_TABLES = (
    "campaigns",
    "campaign_phases",
    "milestones",
    "campaign_targets",
    "campaign_participants",
    "criteria",
    "campaign_award_forms",
    "quotas",
    "quota_forms",
    "quota_base_forms",
)


def _as_0012_held(defn: CampaignDef) -> CampaignDef:
    """What a file of 0012 could hold of ``defn``: the seeds now carry the plans' texts and their
    deadlines' precision (Quý I…), which that version had no columns for."""
    return dataclasses.replace(
        defn,
        requirements=None,
        organisation=None,
        recipients=None,
        milestones=[dataclasses.replace(m, due_precision=DatePrecision.DAY) for m in defn.milestones],
    )


@pytest.mark.sqlite_only("upgrading an SQLite file made at the previous revision")
def test_campaigns_made_at_0012_read_back_unchanged(tmp_path: Path) -> None:
    # The seed plans, written by today's services, then copied column by column into a database
    # made at 0012 (the columns it has), as an office's file of that version would hold them.
    source = Store.open(tmp_path / "now.sqlite3", create=True)
    defs = [load_definition(p) for p in (NTM, HOA_BINH, SNN_2023)]
    with source.write() as s:
        ids = [campaigns.create_campaign(s, d) for d in defs]
    with source.read() as s:
        expected = [campaigns.get_definition(s, cid) for cid in ids]
    source.close()

    old_path = tmp_path / "old.sqlite3"
    upgrade(to_url(old_path), "0012_roles")
    new_engine = create_engine(to_url(tmp_path / "now.sqlite3"))
    old_engine = create_engine(to_url(old_path))
    new_meta, old_meta = MetaData(), MetaData()
    new_meta.reflect(new_engine)
    old_meta.reflect(old_engine)
    with new_engine.connect() as src, old_engine.begin() as dst:
        for name in _CAMPAIGN_TABLES:
            old_table = old_meta.tables[name]
            cols = [c for c in new_meta.tables[name].c if c.name in old_table.c]
            rows = [dict(r._mapping) for r in src.execute(select(*cols))]
            assert rows or name == "quota_base_forms"
            if rows:
                dst.execute(insert(old_table), rows)
    new_engine.dispose()
    old_engine.dispose()

    store = Store.open(old_path)
    assert store.notices  # it was upgraded (and a copy of the 0012 file kept)
    with store.read() as s:
        back = [campaigns.get_definition(s, cid) for cid in ids]
    store.close()
    assert back == [_as_0012_held(d) for d in expected]
    assert all(d.issue_date_precision is DatePrecision.DAY for d in back)
    assert all(m.due_date is not None for d in back for m in d.milestones)
