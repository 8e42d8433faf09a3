"""The TT 02/2023 category of an award, chosen by hand in the award dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from emudesk.db.models import AwardRecord
from emudesk.domain.enums import SubjectKind
from emudesk.domain.statistics import RecipientCategory
from emudesk.services.register import choices
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.register.award_dialog import AwardDialog
from tests.ui.conftest import wait_idle


def test_the_category_is_picked_with_the_keyboard_and_follows_the_kind(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with window.store.read() as s:
        pid, label = choices.search_subjects(s, SubjectKind.INDIVIDUAL, "tran thi")[0]
    dialog = AwardDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    # A collective offers only "Tập thể" and "doanh nghiệp".
    dialog.kind.setFocus()
    QTest.keyClick(dialog.kind, Qt.Key.Key_Up)  # Cá nhân -> Tập thể
    assert dialog.kind.currentData() is SubjectKind.UNIT
    assert [dialog.category.itemData(i) for i in range(dialog.category.count())] == [
        None,
        RecipientCategory.COLLECTIVE,
        RecipientCategory.ENTERPRISE,
    ]
    QTest.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert dialog.kind.currentData() is SubjectKind.INDIVIDUAL
    dialog.subject.set_subject(pid, label)
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData("GK"))
    dialog.year.setText("2019")
    dialog.category.setFocus()
    for _ in range(3):  # (as the register suggests) -> bộ/tỉnh -> vụ/sở -> doanh nhân
        QTest.keyClick(dialog.category, Qt.Key.Key_Down)
    assert dialog.category.currentData() is RecipientCategory.ENTREPRENEUR
    assert dialog.validate_now() == {}
    dialog.save()
    wait_idle(qtbot, window)
    with window.store.read() as s:
        record = s.get(AwardRecord, dialog.saved_id)
        assert record is not None and record.recipient_category is RecipientCategory.ENTREPRENEUR


def test_an_award_from_a_decision_gets_its_category_by_hand(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from emudesk.domain.enums import RecordSource

    with window.store.read() as s:
        award_id = s.scalars(
            select(AwardRecord.id).where(
                AwardRecord.source == RecordSource.APPROVAL,
                AwardRecord.subject_kind == SubjectKind.INDIVIDUAL,
            )
        ).first()
        before = s.get(AwardRecord, award_id)
        assert before is not None
        wording = (before.award_name, before.recipient_name, before.golden_book_no, before.note)
    dialog = AwardDialog(window.ctx, window, award_id, category_only=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.year.isEnabled()
    dialog.category.setFocus()
    QTest.keyClick(dialog.category, Qt.Key.Key_Down)
    QTest.keyClick(dialog.category, Qt.Key.Key_Down)  # lãnh đạo cấp vụ, sở, ngành
    assert dialog.category.currentData() is RecipientCategory.LEADER_DEPARTMENT
    assert dialog.validate_now() == {}
    dialog.save()
    wait_idle(qtbot, window)
    with window.store.read() as s:
        after = s.get(AwardRecord, award_id)
        assert after is not None and after.recipient_category is RecipientCategory.LEADER_DEPARTMENT
        assert (after.award_name, after.recipient_name, after.golden_book_no, after.note) == wording
