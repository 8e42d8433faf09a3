"""The window's lists behave like a spreadsheet: copy rows with Ctrl+C, filter by column, a row menu."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QTableView, QToolButton, QWidget
from sqlalchemy import select

from emudesk.db.models import AwardForm, Nomination
from emudesk.domain.enums import QuotaKind, SubjectKind
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.services.campaigns.definition import QuotaDef
from emudesk.services.register.lists import AwardFilter, IndividualFilter, award_ids, individual_ids
from emudesk.ui import dialogs, list_export, qt_translation
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.nominations.nominations_view import NominationsView
from emudesk.ui.views.register.individuals_view import IndividualsView
from emudesk.ui.widgets import table_copy
from tests.ui.conftest import Boxes, wait_idle


def _individuals(qtbot, window: MainWindow) -> IndividualsView:  # type: ignore[no-untyped-def]
    view = window.show_view("individuals")
    assert isinstance(view, IndividualsView)
    wait_idle(qtbot, window)
    return view


def _click(
    table: QTableView, row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    index = table.model().index(row, 0)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())


def _lines(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines()]


def _shown(view: IndividualsView, row: int) -> list[str]:
    return [str(view.model.index(row, c).data()) for c in range(view.model.columnCount())]


def test_ctrl_c_copies_the_rows_picked_with_ctrl_click_with_the_headers(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    table = view.table
    QGuiApplication.clipboard().clear()
    _click(table, 1)
    _click(table, 3, Qt.KeyboardModifier.ControlModifier)
    _click(table, 6, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    data = QGuiApplication.clipboard().mimeData()
    lines = _lines(data.text())
    headers = [
        str(view.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(view.model.columnCount())
    ]
    assert lines == [headers, _shown(view, 1), _shown(view, 3), _shown(view, 6)]
    assert all(lines[1][0] and len(line) == 6 for line in lines)
    assert "<table>" in data.html() and f"<td>{lines[2][0]}</td>" in data.html()


def test_shift_click_copies_a_run_of_rows_without_the_hidden_columns(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    table = view.table
    table.horizontalHeader().hideSection(1)  # the gender column
    _click(table, 4)
    _click(table, 6, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    lines = _lines(QGuiApplication.clipboard().text())
    assert len(lines) == 4
    assert [line[0] for line in lines[1:]] == [_shown(view, r)[0] for r in (4, 5, 6)]
    assert lines[1] == [v for c, v in enumerate(_shown(view, 4)) if c != 1]


def test_a_column_filter_typed_under_the_header_narrows_the_list_in_sql(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    table = view.table
    everyone = view.model.rowCount()
    unit_column = 4
    box = table.filter_header.box(unit_column) if table.filter_header else None
    assert box is not None and box.isVisible()
    word = next(w for w in _shown(view, 0)[unit_column].split() if w.isascii() and len(w) > 2)
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    QTest.keyClicks(box, word.lower())
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < everyone)
    wait_idle(qtbot, window)

    with window.store.read() as s:  # the same list the service gives for that column filter
        expected = individual_ids(s, IndividualFilter(columns=(("unit", word.lower()),)))
    assert view.model.ids == expected
    assert all(word.lower() in fold(_shown(view, r)[unit_column]) for r in range(view.model.rowCount()))

    # Remembered with the view: a new window shows the same filter, and the same list.
    view.save_layout()
    other = IndividualsView(window.ctx)
    qtbot.addWidget(other)
    wait_idle(qtbot, window)
    assert other.table.column_filters() == (("unit", word.lower()),)
    assert other.model.ids == expected

    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(box, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.model.rowCount() == everyone)


def test_columns_hidden_from_the_header_menu_stay_hidden(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    header = view.table.horizontalHeader()
    menu = view.table.header_menu()
    titles = [a.text() for a in menu.actions()]
    assert titles[:6] == view.table.headers(list(range(6)))
    menu.actions()[3].trigger()  # "Position" unticked
    assert header.isSectionHidden(3)
    assert view.table.filter_header is not None and not view.table.filter_header.box(3).isVisible()
    view.save_layout()
    other = IndividualsView(window.ctx)
    qtbot.addWidget(other)
    assert other.table.horizontalHeader().isSectionHidden(3)
    assert not other.table.horizontalHeader().isSectionHidden(4)


def _choose_from_row_menu(qtbot, table: QTableView, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click the cell, then right-click it and click the menu entry ``text`` where it is drawn."""
    index = table.model().index(row, column)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    _choose_from_row_menu_keeping(qtbot, table, row, column, text)


def _choose_from_row_menu_keeping(qtbot, table: QTableView, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Right-click a selected cell (the selection stays) and click the menu entry ``text``."""
    index = table.model().index(row, column)
    pos = table.visualRect(index).center()
    chosen: list[str] = []

    def click() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        action = next(a for a in menu.actions() if a.text() == text)
        chosen.append(action.text())
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(0, click)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, table.viewport().mapToGlobal(pos))
    QApplication.sendEvent(table.viewport(), event)
    qtbot.waitUntil(lambda: chosen == [text])


def test_filter_by_this_value_from_the_row_menu(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    everyone = view.model.rowCount()
    value = _shown(view, 2)[4]
    _choose_from_row_menu(qtbot, view.table, 2, 4, _("Filter by this value"))
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < everyone)
    wait_idle(qtbot, window)
    assert view.table.column_filters() == (("unit", value),)
    assert all(fold(value) in fold(_shown(view, r)[4]) for r in range(view.model.rowCount()))


def test_open_the_subject_of_a_nomination_from_its_menu(qtbot, window: MainWindow) -> None:
    with window.store.read() as s:
        campaign, nid, person = s.execute(
            select(Nomination.campaign_id, Nomination.id, Nomination.individual_id)
            .where(Nomination.subject_kind == SubjectKind.INDIVIDUAL)
            .order_by(Nomination.id)
        ).first()
    view = window.show_view("nominations")
    assert isinstance(view, NominationsView)
    view.open_item(campaign)
    wait_idle(qtbot, window)
    _choose_from_row_menu(qtbot, view.table, view.model.row_of(nid), 1, _("Open the subject"))
    people = window.current_view()
    assert isinstance(people, IndividualsView)
    qtbot.waitUntil(lambda: people.detail.individual_id == person)


def test_export_the_selected_rows_in_the_folder_used_last(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _individuals(qtbot, window)
    table = view.table
    folder = tmp_path / "Báo cáo"
    folder.mkdir()
    asked: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, _filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(folder / f"chon-{len(asked)}.xlsx"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    _click(table, 5)
    _click(table, 2, Qt.KeyboardModifier.ControlModifier)
    _choose_from_row_menu_keeping(qtbot, table, 2, 0, _("Export the selected rows…"))
    wait_idle(qtbot, window)

    assert Path(asked[0]).name == "Danh sach ca nhan.xlsx"  # the list's title, ASCII
    sheet = openpyxl.load_workbook(folder / "chon-1.xlsx").active
    cells = [row for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(cells) if row[0] == "STT")
    assert [row[1] for row in cells[header_at + 1 :] if isinstance(row[0], int)] == [
        _shown(view, 2)[0],
        _shown(view, 5)[0],
    ]
    assert boxes.warnings() == []

    list_export.export_current_list(window)  # File ▸ Export ▸ the list: the same folder is offered
    wait_idle(qtbot, window)
    assert Path(asked[1]).parent == folder


def test_file_names_are_ascii_with_their_case() -> None:
    assert dialogs.file_name("DS đề nghị: BK UBND tỉnh 2025") == "DS de nghi BK UBND tinh 2025"
    assert dialogs.file_name("DS khen thưởng QĐ 12/QĐ-UBND") == "DS khen thuong QD 12 QD-UBND"
    assert dialogs.file_name("Ðiều * ?") == "Dieu"  # the look-alike Ð too
    assert dialogs.file_name("???") == "emudesk"


def test_the_save_dialog_speaks_vietnamese(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert app is not None
    translator = qt_translation.install(app)
    try:
        dialog = QFileDialog(None, _("Export the list"), "", _("Excel workbook (*.xlsx);;PDF (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own dialog, as on Linux
        qtbot.addWidget(dialog)
        dialog.show()
        texts = {dialog.windowTitle()}
        for widget in dialog.findChildren(QWidget):
            for read in ("text", "toolTip", "accessibleName"):
                value = getattr(widget, read, None)
                if callable(value) and isinstance(text := value(), str) and text:
                    texts.add(text)
        english = {t for t in texts if t.replace("&", "") in _QT_ENGLISH}
        assert english == set()
    finally:
        if translator is not None:
            app.removeTranslator(translator)


_QT_ENGLISH = {
    "Look in:",
    "Files of type:",
    "File name:",
    "Save",
    "Cancel",
    "Files",
    "Sidebar",
    "Back",
    "Forward",
}


def test_ctrl_p_previews_the_list_as_its_pdf_and_escape_closes_it(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    view.search.setText("nguyen van")  # a short list: a few pages
    qtbot.waitUntil(lambda: not view.model.loading and 0 < view.model.rowCount() < 300)
    seen: list[tuple[str, int]] = []

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintPreviewDialog):
            QTimer.singleShot(50, close_preview)  # the PDF is still being written on the worker
            return
        pages = dialog.findChild(QPrintPreviewWidget)
        assert pages is not None
        seen.append((dialog.windowTitle(), pages.pageCount()))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, close_preview)
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    wait_idle(qtbot, window)
    title, pages = seen[0]
    assert _("List of individuals") in title and pages >= 1
    assert QApplication.activeModalWidget() is None


def test_a_dialog_saves_where_its_window_saved_last(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, _filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "bien-ban.pdf"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    first = QDialog(window)  # the export dialog and the like: their own top-level window
    dialogs.save_path(first, "Xuất", "Biên bản họp Hội đồng", "PDF (*.pdf)", suffix=".pdf")
    dialogs.save_path(QDialog(window), "Xuất", "Kế hoạch", "PDF (*.pdf)", suffix=".pdf")
    assert Path(asked[0]).name == "Bien ban hop Hoi dong.pdf"
    assert Path(asked[1]) == tmp_path / "Ke hoach.pdf"


def test_codes_with_leading_zeros_paste_as_text() -> None:
    # Checked by hand with LibreOffice 7.4 (HTML import, then CSV): "034098445931" stays as typed
    # with these attributes, and became 34098445931 without them.
    page = table_copy.as_html(["CCCD", "Năm"], [["034098445931", "2024"], ["=1+1", "x\ty"]])
    assert '<td style="mso-number-format:\'\\@\'" sdnum="1033;0;@">034098445931</td><td>2024</td>' in page
    assert 'sdnum="1033;0;@">=1+1</td>' in page
    assert table_copy.as_tsv(["A"], [['say "hi"\tthere']]) == 'A\n"say ""hi""\tthere"\n'


def test_clear_filters_empties_the_filter_row(qtbot, window: MainWindow) -> None:
    view = _individuals(qtbot, window)
    everyone = view.model.rowCount()
    box = view.table.filter_header.box(1) if view.table.filter_header else None
    assert box is not None
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    QTest.keyClicks(box, "nu")
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < everyone)
    clear = next(b for b in view.findChildren(QToolButton) if b.text() == _("Clear filters"))
    QTest.mouseClick(clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == everyone)
    assert box.text() == "" and view.table.column_filters() == ()


def test_ctrl_shift_l_shows_a_filter_row_on_a_short_list_that_hides_what_does_not_match(
    qtbot, window: MainWindow
) -> None:
    """The catalogue's award forms are a list held in memory: its filter hides rows, word by word."""
    view = window.show_view("catalogue")
    wait_idle(qtbot, window)
    table = view.forms  # type: ignore[attr-defined]
    model = table.model()
    everyone = model.rowCount()
    header = table.filter_header
    assert header is not None and not header.row_shown()  # short lists start without it
    _click(table, 0)
    QTest.keyClick(
        table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert header.row_shown()
    box = header.box(0)
    assert box is not None
    qtbot.waitUntil(box.isVisible)

    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    QTest.keyClicks(box, "bang khen tinh")  # no diacritics, words in any place of the name
    shown = lambda: [r for r in range(everyone) if not table.isRowHidden(r)]  # noqa: E731
    qtbot.waitUntil(lambda: 0 < len(shown()) < everyone)
    names = [str(model.index(r, 0).data()) for r in shown()]
    assert all("bang khen" in fold(n) and "tinh" in fold(n) for n in names)
    hidden = [str(model.index(r, 0).data()) for r in range(everyone) if table.isRowHidden(r)]
    assert all(not ("bang khen" in fold(n) and "tinh" in fold(n)) for n in hidden)

    # Ctrl+A, Ctrl+C: only the rows shown reach the clipboard.
    QTest.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(shown()[0], 0)).center()
    )
    QTest.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = _lines(QGuiApplication.clipboard().text())
    assert [line[0] for line in lines[1:]] == names

    # Clearing the box shows every row again; Ctrl+Shift+L hides the row.
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(box, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(shown()) == everyone)
    QTest.keyClicks(box, "bang khen tinh")
    qtbot.waitUntil(lambda: len(shown()) == len(names))
    _click(table, shown()[0])
    QTest.keyClick(
        table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert not header.row_shown()
    # As Excel's toggle: hiding the row drops its filter, so no row stays hidden by a box out of sight.
    qtbot.waitUntil(lambda: len(shown()) == everyone)
    assert box.text() == ""


def test_a_date_typed_under_the_date_column_narrows_the_award_history(qtbot, window: MainWindow) -> None:
    view = window.show_view("awards")
    wait_idle(qtbot, window)
    table = view.table  # type: ignore[attr-defined]
    model = table.model()
    everyone = model.rowCount()
    date_column = 5
    box = table.filter_header.box(date_column) if table.filter_header else None
    assert box is not None and box.isVisible()
    year = next(
        str(model.index(r, date_column).data())[-4:]
        for r in range(everyone)
        if model.index(r, date_column).data()
    )
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    QTest.keyClicks(box, year)
    qtbot.waitUntil(lambda: 0 < model.rowCount() < everyone)
    wait_idle(qtbot, window)
    with window.store.read() as s:  # the same list the service gives for that column filter
        expected = award_ids(s, AwardFilter(columns=(("decision_date", year),)))
    assert model.ids == expected
    first_page = [str(model.index(r, date_column).data()) for r in range(min(20, model.rowCount()))]
    assert all(d.endswith(year) for d in first_page)


def test_the_nominations_list_has_a_priority_column_its_filter_narrows(qtbot, window: MainWindow) -> None:
    """A quota's priority note ("ưu tiên …") is shown on each row it concerns and filtered in SQL."""
    from emudesk.services.campaigns import plans as campaigns
    from emudesk.services.nominations.lists import NominationFilter, nomination_ids

    with window.store.read() as s:
        campaign, form = s.execute(
            select(Nomination.campaign_id, Nomination.award_form_id)
            .where(Nomination.deleted_at.is_(None))
            .order_by(Nomination.id)
        ).first()
        code = s.scalar(select(AwardForm.code).where(AwardForm.id == form))
    with window.store.write() as s:
        defn = campaigns.get_definition(s, campaign)
        defn.quotas.append(
            QuotaDef("Ưu tiên", [code], kind=QuotaKind.PRIORITY, note="Ưu tiên cá nhân trực tiếp sản xuất")
        )
        campaigns.update_campaign(s, campaign, defn)
    view = window.show_view("nominations")
    assert isinstance(view, NominationsView)
    view.open_item(campaign)
    wait_idle(qtbot, window)
    everyone = view.model.rowCount()
    column = [
        view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())
    ].index("Ưu tiên theo kế hoạch")
    shown = [_shown(view, r)[column] for r in range(everyone)]
    assert "Ưu tiên cá nhân trực tiếp sản xuất" in shown and "" in shown  # the rows it concerns, only
    box = view.table.filter_header.box(column) if view.table.filter_header else None
    assert box is not None and box.isVisible()
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    QTest.keyClicks(box, "truc tiep")
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < everyone)
    wait_idle(qtbot, window)
    with window.store.read() as s:
        expected = nomination_ids(
            s, NominationFilter(campaign_id=campaign, columns=(("priority", "truc tiep"),))
        )
    assert view.model.ids == expected
    assert all(_shown(view, r)[column] for r in range(view.model.rowCount()))
