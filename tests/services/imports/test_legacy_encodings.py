"""Staff lists typed in TCVN3 or VNI, or saved by Excel as CSV, import as the Unicode workbook does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from emudesk.db.models import Individual
from emudesk.domain.enums import Gender
from emudesk.domain.legacy_text import Legacy
from emudesk.domain.text import name_fold
from emudesk.importer import parse_file
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import commit_import, plan_import
from tests.services.imports.builders import Office, staff_list
from tests.services.imports.legacy_builders import CSV_FLAVOURS, legacy_staff_list, save_as_csv

D = dt.date


def imported(store: Store, path: Path) -> dict[str, tuple[object, ...]]:
    parsed = parse_file(path, "individuals")
    with store.read() as s:
        plan = plan_import(s, parsed)
    assert commit_import(store, plan).committed, [str(e) for e in plan.all_errors()]
    with store.read() as s:
        return {
            p.full_name: (p.gender, p.birth_date, p.birth_year, p.id_number, p.position, p.unit_id, p.note)
            for p in s.scalars(select(Individual))
            if p.name_fold == name_fold(p.full_name)
        }


@pytest.mark.parametrize("source", ["xlsx", "TCVN3", "VNI", *CSV_FLAVOURS])
def test_the_same_people_as_the_workbook(store: Store, office: Office, tmp_path: Path, source: str) -> None:
    xlsx = staff_list(tmp_path / "ds.xlsx")
    if source == "xlsx":
        path = xlsx
    elif source in ("TCVN3", "VNI"):
        path = legacy_staff_list(tmp_path / "cu.xlsx", Legacy(source))
    else:
        path = save_as_csv(xlsx, tmp_path / "ds.csv", source)
    home, finance = office.home_affairs, office.finance
    assert imported(store, path) == {
        "Nguyễn Văn Đức": (Gender.MALE, D(1985, 7, 12), 1985, "034085000123", "Trưởng phòng", home, None),
        "Trần Thị Hoa": (Gender.FEMALE, D(1990, 3, 4), 1990, "034190000456", "Chuyên viên", home, None),
        "Lê Minh Tuấn": (Gender.MALE, None, 1979, None, "Kế toán", finance, None),
        "Phạm Thị Lan": (Gender.FEMALE, D(1988, 11, 5), 1988, None, "Chuyên viên", finance, "HĐ 68"),
    }
