"""Import tests run in Vietnamese against a small office: a district with its divisions."""

from __future__ import annotations

import pytest

from emudesk.i18n import set_language
from emudesk.services.core.store import Store
from tests.services.imports.builders import Office, make_office


@pytest.fixture(autouse=True, scope="module")
def _vietnamese() -> None:
    set_language("vi")


@pytest.fixture
def office(store: Store) -> Office:
    return make_office(store)
