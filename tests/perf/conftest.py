"""The GUI fixtures of tests/ui (a main window on a copy of the demo database)."""

from tests.ui.conftest import boxes, ui_settings, window  # noqa: F401 - fixtures used here too
