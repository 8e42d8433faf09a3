"""Drafting nominations in bulk for a campaign that does not exist is refused, not done quietly."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from emudesk.db.models import Nomination
from emudesk.domain.errors import NotFoundError
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.nominations.drafts import create_drafts
from tests.factories import person, unit
from tests.services.builders import IND


@pytest.mark.parametrize("subjects", [0, 1])
def test_drafts_for_a_missing_campaign_are_refused_and_nothing_is_written(
    store: Store, subjects: int
) -> None:
    with store.write() as s:
        an = person(s, "Nguyễn Văn An", unit(s, "Phòng Tổng hợp"))
    refs = [SubjectRef(IND, an)][:subjects]
    with pytest.raises(NotFoundError, match=r"^Không có phong trào #999\.$"), store.write() as s:
        create_drafts(s, 999, "LDTT", 2025, refs)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Nomination)) == 0
