"""Danh mục › Quy định: the shipped rule sets with their sources; export and import in the JSON of the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from emudesk.services.rules import rulebook
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.catalogue.catalogue_view import CatalogueView
from tests.ui.conftest import Boxes, wait_idle


def _tab(window: MainWindow) -> CatalogueView:
    view = window.show_view("catalogue")
    assert isinstance(view, CatalogueView)
    view.tabs.setCurrentWidget(view.rules)
    return view


def _row(view: CatalogueView, code: str) -> tuple[object, ...]:
    model = view.rules.sets_model
    return next(model.row_values(r) for r in range(model.rowCount()) if model.row_values(r)[1] == code)


def test_rules_tab_lists_the_shipped_sets_with_their_sources(window: MainWindow) -> None:
    view = _tab(window)
    assert [view.tabs.tabText(i) for i in range(3)] == [
        "Danh hiệu, hình thức khen thưởng",
        "Loại đơn vị",
        "Quy định",
    ]
    law = _row(view, "LUAT_2022")
    assert law[0] == "Luật TĐKT 2022" and law[2] == "Toàn quốc" and law[3] == "01/01/2024"
    assert "thuvienphapluat.vn" in str(law[8]) and "chưa xác minh" in str(law[7])
    old = _row(view, "ND_98_2023")
    assert old[4] == "30/06/2025" and old[5] == "hết hiệu lực"
    assert _row(view, "HY_QC_2025")[2] == "Tỉnh (Tỉnh Hưng Yên)"

    view.rules.sets.select_ids(
        [
            int(view.rules.sets_model.key_at(r))
            for r in range(view.rules.sets_model.rowCount())
            if view.rules.sets_model.row_values(r)[1] == "ND_152_2025"
        ]
    )
    rules = [view.rules.rules_model.row_values(r) for r in range(view.rules.rules_model.rowCount())]
    vote = next(r for r in rules if r[0] == "VOTE.90")
    assert (
        vote[4] == "min_percent: 90"
        and vote[5].startswith("NĐ 152/2025/NĐ-CP")
        and "chưa xác minh" in vote[6]
    )

    # The catalogue's search box narrows the sets too; New/Edit/Delete do not touch the other tabs' lists.
    view.search.setText("hung yen")
    assert view.rules.sets_model.rowCount() == 1
    assert view.edit_current() and view.delete_selected()  # a word in the status bar, nothing else
    assert view.rules.sets_model.rowCount() == 1


def test_export_then_import_a_rule_set(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _tab(window)
    target = tmp_path / "hy.json"
    view.rules.sets.select_ids(
        [
            next(
                int(view.rules.sets_model.key_at(r))
                for r in range(view.rules.sets_model.rowCount())
                if view.rules.sets_model.row_values(r)[1] == "HY_QC_2025"
            )
        ]
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    view.rules.export_file()
    data = json.loads(target.read_text(encoding="utf-8"))
    with window.store.read() as s:
        assert data == json.loads(json.dumps(rulebook.export_rule_set(s, "HY_QC_2025"), default=str))

    # Another office's copy under a new code comes back in through the same JSON.
    data["code"], data["short_name"] = "HY_QC_2026", "Quy chế TĐKT tỉnh Hưng Yên 2026"
    data["rules"][0]["params"]["min_present_percent"] = 75
    source = tmp_path / "hy-2026.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(source), ""))
    assert view.new_record()  # Ctrl+N on this tab imports
    wait_idle(qtbot, window)
    assert boxes.warnings() == []
    assert _row(view, "HY_QC_2026")[0] == "Quy chế TĐKT tỉnh Hưng Yên 2026"
    assert view.rules.current_set() is not None and view.rules.current_set().code == "HY_QC_2026"  # type: ignore[union-attr]
    assert view.rules.rules_model.row_values(0)[4] == "min_present_percent: 75; written_counts: false"

    # A broken file or a code already there: the service's message, nothing added.
    count = view.rules.sets_model.rowCount()
    source.write_text("{not json", encoding="utf-8")
    view.rules.import_file()
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    view.rules.import_file()
    wait_idle(qtbot, window)
    assert (
        len(boxes.warnings()) == 2 and "JSON" in boxes.warnings()[0] and "HY_QC_2026" in boxes.warnings()[1]
    )
    assert view.rules.sets_model.rowCount() == count
