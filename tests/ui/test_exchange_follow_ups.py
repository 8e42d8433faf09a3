"""Trao đổi dữ liệu, by hand, after the first round: the commune takes the province's amended
regulation rule by rule in the import wizard, and sees what a correcting decision changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget
from sqlalchemy import select

from emudesk.db.models import AwardRecord, Decision, Nomination, Rule
from emudesk.services.decisions import issuing
from emudesk.services.nominations import workflow
from emudesk.services.rules import rulebook
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.views.workspace.exchange_import import ExchangeImportDialog
from emudesk.ui.widgets.detail import SmallTable
from tests.services.exchange.offices import (
    OVERRIDE,
    Offices,
    S,
    commune_dossiers,
    make_offices,
    province_campaign,
    receive,
    send,
)
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_exchange_view import _choose_file, _click, _exchange_view, _open

pytestmark = pytest.mark.sqlite_only("two offices: two database files")


@pytest.fixture
def offices(tmp_path: Path) -> Iterator[Offices]:
    pair = make_offices(tmp_path)
    yield pair
    pair.close()


def _quorum(store: object) -> Rule:
    with store.read() as s:  # type: ignore[attr-defined]
        rule = s.scalar(select(Rule).where(Rule.code == "COUNCIL.quorum"))
        assert rule is not None
        s.expunge(rule)
        return rule


def test_the_commune_takes_the_provinces_amended_rule_by_clicking(
    qtbot, offices: Offices, ui_settings: AppSettings, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    province_campaign(offices)
    with offices.upper.write() as s:
        rule = s.scalar(select(Rule).where(Rule.code == "COUNCIL.quorum"))
        assert rule is not None
        raw = rulebook.rule_dict(rule)
        raw["params"] = {"min_present_percent": 75}
        raw["text"] = "Phiên họp phải có ít nhất 75% thành viên Hội đồng tham dự"
        rulebook.update_rule(s, rule.id, rulebook.rule_input(raw))
    path = offices.package("ke-hoach.emx")
    send(offices.upper, path)
    win = _open(qtbot, offices.lower, ui_settings)
    try:
        view = _exchange_view(qtbot, win)
        _choose_file(monkeypatch, "getOpenFileName", path)
        _click(view.receive_button)
        wait_idle(qtbot, win)
        dialog = view.import_dialog
        assert isinstance(dialog, ExchangeImportDialog) and dialog.isVisible()
        counts = dialog.findChild(QLabel, "exchange_counts")
        assert counts is not None and "1 xung đột" in counts.text()
        _click(dialog.next_button)
        table = dialog.findChild(QTableWidget, "exchange_conflicts")
        assert table is not None and table.rowCount() == 1
        cells = [table.item(0, c).text() for c in range(4)]  # type: ignore[union-attr]
        assert cells[1] == "Quy tắc COUNCIL.quorum"
        assert "80%" in cells[2] and "min_present_percent = 80" in cells[2]
        assert "75%" in cells[3] and "min_present_percent = 75" in cells[3]
        QTest.mouseClick(
            table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=table.visualRect(table.model().index(0, 3)).center(),
        )
        theirs = dialog.findChild(QPushButton, "exchange_take_theirs")
        assert theirs is not None
        _click(theirs)
        assert _quorum(offices.lower).version == 1  # nothing written before Nhập
        _click(dialog.next_button)
        wait_idle(qtbot, win)
        assert not boxes.warnings()
        taken = _quorum(offices.lower)
        assert (taken.params["min_present_percent"], taken.version) == (75, 2)
    finally:
        win.tasks.shutdown()


def test_the_wizard_shows_what_a_correcting_decision_changes(
    qtbot, offices: Offices, ui_settings: AppSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    province_campaign(offices)
    send(offices.upper, offices.package("ke-hoach.emx"))
    receive(offices.lower, offices.package("ke-hoach.emx"))
    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(b"%PDF-1.4 minh chung")
    commune_dossiers(offices, evidence, ["Nguyễn Văn An"])
    send(offices.lower, offices.package("de-nghi.emx"))
    receive(offices.upper, offices.package("de-nghi.emx"))
    with offices.upper.write() as s:
        (nid,) = s.scalars(select(Nomination.id)).all()
        workflow.transition(s, [nid], S.APPRAISED, override_reason=OVERRIDE)
        decision = workflow.DecisionInput("15/QĐ-UBND", date(2026, 12, 1), issuer="Chủ tịch UBND tỉnh")
        workflow.transition(s, [nid], S.APPROVED, decision=decision, override_reason=OVERRIDE)
    send(offices.upper, offices.package("quyet-dinh.emx"))
    receive(offices.lower, offices.package("quyet-dinh.emx"))
    with offices.upper.write() as s:
        award = s.scalar(select(AwardRecord))
        original = s.scalar(select(Decision.id).where(Decision.number == "15/QĐ-UBND"))
        assert award is not None and original is not None
        issuing.correct(
            s,
            original,
            issuing.DecisionDraft("20/QĐ-UBND", date(2026, 12, 3)),
            [issuing.Correction(award.id, "recipient_name", "Nguyễn Văn Ân")],
        )
    path = offices.package("dinh-chinh.emx")
    send(offices.upper, path, since="last")
    win = _open(qtbot, offices.lower, ui_settings)
    try:
        view = _exchange_view(qtbot, win)
        _choose_file(monkeypatch, "getOpenFileName", path)
        _click(view.receive_button)
        wait_idle(qtbot, win)
        dialog = view.import_dialog
        assert isinstance(dialog, ExchangeImportDialog)
        records = dialog.findChild(SmallTable, "exchange_records")
        assert records is not None
        rows = [records.model.row_values(r) for r in range(records.model.rowCount())]
        (award_row,) = [r for r in rows if r[2] == "Thay đổi"]
        assert "Nguyễn Văn An → Nguyễn Văn Ân" in str(award_row[3])
        assert award_row[1] == "Khen thưởng"  # the kind in words, not the package's section "awards"
        assert "corrections" not in str(award_row[3])  # the correcting decision is a row of its own
        assert ("20/QĐ-UBND", "Quyết định", "Mới", "") in rows
    finally:
        win.tasks.shutdown()
