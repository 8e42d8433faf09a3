"""Editing the catalogues: offices add forms and kinds; codes in use stay stable; used entries retire."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from emudesk.db.models import AwardForm, UnitKind
from emudesk.domain.enums import AwardCategory, AwardLevel, SubjectKind
from emudesk.domain.errors import ConflictError, ValidationError
from emudesk.services.core.store import Store
from emudesk.services.register import catalogue
from tests.factories import SNN_2023, form_id, nominate, person, seed_campaign, unit


def _form(**kw: object) -> catalogue.AwardFormInput:
    base: dict[str, object] = dict(
        code="KNC_NOIVU",
        name="Kỷ niệm chương Vì sự nghiệp xây dựng tổ chức nhà nước",
        short_name="KNC Nội vụ",
        category=AwardCategory.FORM,
        level=AwardLevel.PROVINCE,
        authority="Bộ trưởng Bộ Nội vụ",
        for_individuals=True,
        coefficient_individual=Decimal("0.5"),
    )
    base.update(kw)
    return catalogue.AwardFormInput(**base)  # type: ignore[arg-type]


def test_add_edit_and_delete_an_unused_form(store: Store) -> None:
    with store.write() as s:
        fid = catalogue.create_award_form(s, _form())
        data = catalogue.award_form_input(s, fid)
        assert (data.code, data.coefficient_individual) == ("KNC_NOIVU", Decimal("0.5"))
        data.code = "KNC_NV"  # unused: the code may still change
        catalogue.update_award_form(s, fid, data)
        assert s.get(AwardForm, fid).code == "KNC_NV"  # type: ignore[union-attr]
        catalogue.delete_award_form(s, fid)
        assert s.scalar(select(AwardForm.id).where(AwardForm.id == fid)) is None


def test_form_validation_names_the_fields(store: Store) -> None:
    with store.read() as s:
        problems = catalogue.validate_award_form(
            s, _form(code="bk tinh", name=" ", for_individuals=False, coefficient_individual=Decimal("-1"))
        )
        assert set(problems) == {"code", "name", "subjects", "coefficient_individual"}
        assert "đã được dùng" in catalogue.validate_award_form(s, _form(code="BK_TINH"))["code"]


def test_a_form_in_use_keeps_its_code_and_can_only_be_retired(store: Store) -> None:
    with store.write() as s:
        camp = seed_campaign(s, SNN_2023)
        nominate(s, camp, SubjectKind.INDIVIDUAL, person(s, "Lê Văn Tám"), "BK_TINH")
        fid = form_id(s, "BK_TINH")
        data = catalogue.award_form_input(s, fid)
    data.code = "BK_CT_TINH"
    with pytest.raises(ConflictError, match="không thể đổi mã"), store.write() as s:
        catalogue.update_award_form(s, fid, data)
    with pytest.raises(ConflictError, match="ngừng sử dụng"), store.write() as s:
        catalogue.delete_award_form(s, fid)
    data.code, data.active = "BK_TINH", False
    with store.write() as s:
        catalogue.update_award_form(s, fid, data)
        assert s.get(AwardForm, fid).active is False  # type: ignore[union-attr]


def test_unit_kinds(store: Store) -> None:
    with store.write() as s:
        kid = catalogue.create_unit_kind(
            s, catalogue.UnitKindInput(code="truong_cd", name="Trường cao đẳng", tier="division")
        )
        with pytest.raises(ValidationError):
            catalogue.create_unit_kind(s, catalogue.UnitKindInput(code="Bad Code", name="", tier="moon"))
        catalogue.delete_unit_kind(s, kid)
    with pytest.raises(ConflictError, match="không còn tồn tại"), store.write() as s:
        unit(s, "UBND xã Vũ Hội", "ubnd_xa")
        kind = s.scalar(select(UnitKind.id).where(UnitKind.code == "ubnd_xa"))
        assert kind is not None
        catalogue.delete_unit_kind(s, kind)
