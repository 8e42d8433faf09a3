"""Importer tests run in Vietnamese, the app's default language."""

from __future__ import annotations

import pytest

from emudesk.i18n import set_language


@pytest.fixture(autouse=True, scope="module")
def _vietnamese() -> None:
    set_language("vi")
