"""Import tests run in Vietnamese against a small office: a district with its divisions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from emudesk.i18n import set_language
from emudesk.services.core.store import Store
from tests.factories import unit


@pytest.fixture(autouse=True, scope="module")
def _vietnamese() -> None:
    set_language("vi")


@dataclass
class Office:
    district: int
    home_affairs: int  # Phòng Nội vụ
    finance: int  # Phòng Tài chính - Kế hoạch
    other_home_affairs: int  # another district's Phòng Nội vụ: the same name elsewhere


def make_office(store: Store) -> Office:
    with store.write() as s:
        district = unit(s, "UBND huyện Vũ Thư", "ubnd_huyen")
        other = unit(s, "UBND huyện Kiến Xương", "ubnd_huyen")
        return Office(
            district,
            unit(s, "Phòng Nội vụ", parent=district),
            unit(s, "Phòng Tài chính - Kế hoạch", parent=district),
            unit(s, "Phòng Nội vụ", parent=other),
        )


@pytest.fixture
def office(store: Store) -> Office:
    return make_office(store)
