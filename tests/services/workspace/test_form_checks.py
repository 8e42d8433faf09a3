"""Validating a form leaves the caller's session as it was: no record added, none thrown out."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from emudesk.db.models import Household, Unit
from emudesk.domain.enums import SubjectKind
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.register.awards import AwardInput
from emudesk.services.register.households import HouseholdInput, MemberInput
from emudesk.services.register.units import UnitInput
from emudesk.services.workspace import form_checks


def test_checks_neither_add_to_nor_empty_the_session(demo_store: Store) -> None:
    with demo_store.read() as s:
        loaded = s.scalars(select(Unit).limit(3)).all()
        household = s.scalars(select(Household).limit(1)).one()
        parent = loaded[0].id
        assert "name" in form_checks.unit_problems(s, UnitInput(name=" ", kind_code="so_nganh"))
        assert (
            form_checks.unit_problems(s, UnitInput(name="Sở mới", kind_code="so_nganh", parent_id=parent))
            == {}
        )
        assert "parent_id" in form_checks.unit_problems(
            s, UnitInput(name=loaded[0].name, kind_code="so_nganh", parent_id=parent), current_id=parent
        )
        members = [MemberInput("Lê Thị Hoa", "Vợ", 1990)]
        assert form_checks.household_problems(s, HouseholdInput("Lê Văn Tám", members=members)) == {}
        award = AwardInput(
            SubjectRef(SubjectKind.UNIT, parent), date.today().year + 5, award_name="Giấy khen"
        )
        assert "year" in form_checks.award_problems(s, award)
        assert all(u in s for u in loaded) and household in s  # the caller's records are still there
        assert not s.new and not s.dirty  # and nothing was added or changed
