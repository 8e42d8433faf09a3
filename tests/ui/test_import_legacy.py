"""The import wizard on a staff list typed in TCVN3: the preview shows the Unicode names and says
which cells were converted (issue 15.6)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard
from shiboken6 import isValid
from sqlalchemy import select

from emudesk.db.models import Individual
from emudesk.domain.legacy_text import Legacy
from emudesk.services.core.store import Store
from emudesk.ui.import_wizard.base import PAGE_CONFIRM, PAGE_MAPPING, PAGE_PREVIEW, PAGE_SUMMARY
from emudesk.ui.import_wizard.wizard import ImportWizard, open_import_wizard
from tests.services.imports.builders import make_office
from tests.services.imports.legacy_builders import legacy_staff_list


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    make_office(sqlite_store)
    return sqlite_store


@pytest.fixture
def wizard(qtbot, store: Store) -> Iterator[ImportWizard]:  # type: ignore[no-untyped-def]
    open_import_wizard(None, store, kind="individuals")
    found = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard) and w.isVisible())
    qtbot.waitUntil(lambda: found.tasks.idle, timeout=10_000)
    yield found
    if isValid(found) and found.isVisible():
        found.tasks.shutdown()
        found.done(0)


def click_next(
    qtbot,  # type: ignore[no-untyped-def]
    wizard: ImportWizard,
    page: int,
    which: QWizard.WizardButton = QWizard.WizardButton.NextButton,
) -> None:
    button = wizard.button(which)
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == page, timeout=20_000)


def test_a_tcvn3_list_is_previewed_converted_and_imported(
    qtbot, wizard: ImportWizard, store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = legacy_staff_list(tmp_path / "cu.xlsx", Legacy.TCVN3)
    edit = wizard.file_page.path_edit
    edit.setFocus()
    QTest.keyClicks(edit, str(path))  # an ASCII path: keyClicks is safe offscreen
    click_next(qtbot, wizard, PAGE_MAPPING)
    assert wizard.mapping_page.combos["full_name"].currentData() == "B"  # the TCVN3 header was found
    click_next(qtbot, wizard, PAGE_PREVIEW)
    preview = wizard.preview_page
    assert "được gõ bằng mã TCVN3" in preview.summary.text()
    model = preview.model
    name_column = next(
        c
        for c in range(model.columnCount())
        if str(model.headerData(c, Qt.Orientation.Horizontal)).startswith("B ")
    )
    assert model.index(0, name_column).data() == "Ông Nguyễn Văn Đức"
    notes = model.index(0, model.columnCount() - 1)
    assert "Đã chuyển từ mã TCVN3: “¤ng NguyÔn V¨n §øc” → “Ông Nguyễn Văn Đức”" in notes.data()
    assert notes.data(Qt.ItemDataRole.BackgroundRole) is not None
    listed = [
        (preview.errors_model.index(r, 1).data(), preview.errors_model.index(r, 2).data())
        for r in range(preview.errors_model.rowCount())
        if "Đã chuyển từ mã TCVN3" in preview.errors_model.index(r, 3).data()
    ]
    assert ("8", "B") in listed and preview.isComplete()
    click_next(qtbot, wizard, PAGE_CONFIRM)
    click_next(qtbot, wizard, PAGE_SUMMARY, QWizard.WizardButton.CommitButton)
    with store.read() as s:
        assert sorted(s.scalars(select(Individual.full_name))) == [
            "Lê Minh Tuấn",
            "Nguyễn Văn Đức",
            "Phạm Thị Lan",
            "Trần Thị Hoa",
        ]
