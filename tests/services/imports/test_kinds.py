"""Units (parents anywhere in the file), households, ratings and achievements through plan and commit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from emudesk.db.models import Achievement, AnnualRating, Household, Individual, Unit
from emudesk.domain.enums import Rating
from emudesk.importer import parse_file
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, OnMatch, commit_import, plan_import
from tests.factories import SNN_2023, person, seed_campaign
from tests.services.imports.builders import Office, table

UNIT_HEADER = [
    "STT",
    "Tên đơn vị",
    "Tên viết tắt",
    "Mã đơn vị",
    "Loại đơn vị",
    "Đơn vị cấp trên",
    "Ngày thành lập",
]


def run(store: Store, path: Path, kind: str, **kw: object):  # type: ignore[no-untyped-def]
    with store.read() as s:
        plan = plan_import(s, parse_file(path, kind), **kw)  # type: ignore[arg-type]
    return plan, commit_import(store, plan)


def test_units_with_parents_after_their_children(store: Store, tmp_path: Path) -> None:
    rows = [
        [1, "Phòng Văn hóa - Thông tin", "Phòng VH-TT", "VT-VHTT", "Phòng", "UBND huyện Vũ Thư", None],
        [2, "Thôn Đông", None, None, "Thôn", "UBND xã Tân Lập", None],
        [3, "UBND xã Tân Lập", None, "VT-TL", "UBND xã", "VT", "01/07/2025"],
        [4, "UBND huyện Vũ Thư", "Vũ Thư", "VT", "UBND huyện", None, None],
        [5, "Tổ dân phố 1", None, None, "Tổ dân phố", "vt-tl", None],
    ]
    path = table(tmp_path / "dv.xlsx", UNIT_HEADER, rows)
    plan, result = run(store, path, "units")
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert result.committed and result.created == 5
    with store.read() as s:
        by_name = {u.name: u for u in s.scalars(select(Unit))}
        district = by_name["UBND huyện Vũ Thư"]
        commune = by_name["UBND xã Tân Lập"]
        assert by_name["Phòng Văn hóa - Thông tin"].parent_id == district.id
        assert commune.parent_id == district.id and commune.valid_from == dt.date(2025, 7, 1)
        assert (
            by_name["Thôn Đông"].parent_id == commune.id and by_name["Tổ dân phố 1"].parent_id == commune.id
        )
        assert commune.kind.code == "ubnd_xa" and by_name["Thôn Đông"].kind.code == "thon_tdp"
    plan, result = run(store, path, "units")
    assert [r.action for r in plan.rows] == [Action.SKIP] * 5 and result.created == 0


def test_unit_errors_point_at_their_cells(store: Store, tmp_path: Path) -> None:
    rows = [
        [1, "Phòng A", None, None, "Phòng", "Đơn vị không có", None],
        [2, "Phòng B", None, None, "Tàu vũ trụ", None, None],
        [3, "Phòng C", None, None, "Phòng", "Phòng D", None],
        [4, "Phòng D", None, None, "Phòng", "Phòng C", None],
    ]
    plan, result = run(store, table(tmp_path / "dv.xlsx", UNIT_HEADER, rows), "units")
    places = {(e.row, e.column_letter) for e in plan.all_errors()}
    assert {(2, "F"), (3, "E")} <= places
    assert any(e.row in (4, 5) and "vòng" in e.reason for e in plan.all_errors())
    assert not result.committed
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 0


def test_households(store: Store, office: Office, tmp_path: Path) -> None:
    with store.write() as s:
        from tests.factories import unit

        commune = unit(s, "UBND xã Tân Lập", "ubnd_xa", office.district)
        unit(s, "Thôn Đông", "thon_tdp", commune)
    header = ["STT", "Họ và tên chủ hộ", "Địa chỉ", "Thôn", "Xã", "Thành viên"]
    rows = [
        [
            1,
            "Ông Nguyễn Văn Tư",
            "Xóm 3",
            "Thôn Đông",
            "UBND xã Tân Lập",
            "Nguyễn Văn Tư; Lê Thị Năm\nNguyễn Văn Út",
        ],
        [2, "Bà Trần Thị Sáu", None, "Thôn Đông", "UBND xã Tân Lập", None],
    ]
    path = table(tmp_path / "hgd.xlsx", header, rows)
    plan, result = run(store, path, "households")
    assert plan.ok and result.created == 2, [str(e) for e in plan.all_errors()]
    with store.read() as s:
        tu = s.scalar(select(Household).where(Household.head_name == "Nguyễn Văn Tư"))
        assert tu is not None and [m.full_name for m in tu.members] == [
            "Nguyễn Văn Tư",
            "Lê Thị Năm",
            "Nguyễn Văn Út",
        ]
    plan, result = run(store, path, "households", on_match=OnMatch.UPDATE)
    assert [r.action for r in plan.rows] == [Action.SKIP, Action.SKIP] and result.created == 0


def test_ratings_of_people_and_units(store: Store, office: Office, tmp_path: Path) -> None:
    with store.write() as s:
        person(s, "Nguyễn Văn An", office.home_affairs, born=dt.date(1980, 1, 1))
    header = ["Họ và tên", "Ngày sinh", "Đơn vị", "Năm", "Xếp loại"]
    rows = [
        ["Nguyễn Văn An", "01/01/1980", "Phòng Nội vụ - UBND huyện Vũ Thư", 2023, "HTXSNV"],
        [None, None, "Phòng Tài chính - Kế hoạch", 2023, "Hoàn thành tốt nhiệm vụ"],
        ["Nguyễn Văn An", "01/01/1980", "Phòng Nội vụ - UBND huyện Vũ Thư", 2023, "HTTNV"],
    ]
    path = table(tmp_path / "xl.xlsx", header, rows)
    plan, _result = run(store, path, "ratings")
    assert [r.action for r in plan.rows] == [Action.CREATE, Action.CREATE, Action.ERROR]
    path = table(tmp_path / "xl.xlsx", header, rows[:2])
    plan, result = run(store, path, "ratings")
    assert result.committed and result.created == 2
    rows[0][4] = "HTTNV"
    path = table(tmp_path / "xl.xlsx", header, rows[:2])
    plan, result = run(store, path, "ratings", on_match=OnMatch.UPDATE)
    assert [r.action for r in plan.rows] == [Action.UPDATE, Action.SKIP]
    assert result.updated == 1
    with store.read() as s:
        assert set(s.scalars(select(AnnualRating.rating))) == {Rating.GOOD}
        assert s.scalar(select(func.count()).select_from(AnnualRating)) == 2
    plan, _result = run(store, path, "ratings", on_match=OnMatch.CREATE)
    assert plan.rows[0].action is Action.ERROR  # one rating a year


def test_achievements_against_a_campaign(store: Store, office: Office, tmp_path: Path) -> None:
    with store.write() as s:
        seed_campaign(s, SNN_2023)
        person(s, "Lê Thị Mai", office.finance, born=dt.date(1987, 2, 3))
    header = [
        "Tên tập thể, cá nhân",
        "Đơn vị",
        "Phong trào thi đua",
        "Năm",
        "Tên thành tích",
        "Tóm tắt thành tích",
    ]
    rows = [
        ["Lê Thị Mai", "Phòng Tài chính - Kế hoạch", "/KH-SNNPTNT", 2023, "Sáng kiến", "Số hóa hồ sơ"],
        ["Phòng Nội vụ - UBND huyện Vũ Thư", None, "/KH-SNNPTNT", 2023, "Cải cách hành chính", None],
        ["Lê Thị Mai", "Phòng Tài chính - Kế hoạch", "Phong trào không có", 2023, "X", None],
    ]
    path = table(tmp_path / "tt.xlsx", header, rows)
    plan, _result = run(store, path, "achievements")
    assert [r.action for r in plan.rows] == [Action.CREATE, Action.CREATE, Action.ERROR]
    assert plan.rows[2].all_errors()[0].column_letter == "C"
    plan, result = run(store, table(tmp_path / "tt.xlsx", header, rows[:2]), "achievements")
    assert result.committed and result.created == 2
    plan, result = run(store, table(tmp_path / "tt.xlsx", header, rows[:2]), "achievements")
    assert [r.action for r in plan.rows] == [Action.SKIP, Action.SKIP]
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Achievement)) == 2
        assert s.scalar(select(func.count()).select_from(Individual)) == 1


def test_filled_templates_round_trip(store: Store, office: Office, tmp_path: Path) -> None:
    """A template written by emudesk, filled in by hand as its drop-downs offer, imports cleanly."""
    import openpyxl

    from emudesk.services.imports.importing import write_template_for
    from emudesk.services.register.choices import template_choices

    with store.read() as s:
        choices = template_choices(s)
        units_path = write_template_for(s, "units", tmp_path / "dv.xlsx")
        people_path = write_template_for(s, "individuals", tmp_path / "cn.xlsx")
        awards_path = write_template_for(s, "awards", tmp_path / "kt.xlsx")
    kind = next(k for k in choices["unit_kinds"] if k.startswith("Phòng"))
    parent = next(u for u in choices["units"] if u.startswith("Phòng Nội vụ - "))
    wb = openpyxl.load_workbook(units_path)
    wb["Đơn vị"].append([1, "Tổ Thi đua - Khen thưởng", "Tổ TĐKT", None, kind, parent])
    wb.save(units_path)
    plan, result = run(store, units_path, "units")
    assert result.committed and result.created == 1, [str(e) for e in plan.all_errors()]
    wb = openpyxl.load_workbook(people_path)
    wb["Cá nhân"].append(
        [1, "Ngô Thị Thu", "Nữ", dt.date(1992, 8, 19), "034192000777", "Kinh", parent, "Chuyên viên"]
    )
    wb.save(people_path)
    plan, result = run(store, people_path, "individuals")
    assert result.committed and result.created == 1, [str(e) for e in plan.all_errors()]
    wb = openpyxl.load_workbook(awards_path)
    form = next(f for f in choices["award_forms"] if f.startswith("Giấy khen"))
    wb["Khen thưởng"].append(
        [1, "Cá nhân", "Ngô Thị Thu", "034192000777", None, None, 2024, form, None, "9/QĐ-UBND"]
    )
    wb.save(awards_path)
    plan, result = run(store, awards_path, "awards")
    assert result.committed and result.created == 1, [str(e) for e in plan.all_errors()]
    with store.read() as s:
        thu = s.scalar(select(Individual).where(Individual.id_number == "034192000777"))
        assert thu is not None and thu.unit_id == office.home_affairs
