"""Thành tích: achievements of a campaign, entered against its criteria, with figures and evidence files."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import SubjectKind
from emudesk.i18n import _
from emudesk.services.campaigns import achievements
from emudesk.services.campaigns.achievements import AchievementInput, figures_text
from emudesk.services.campaigns.lists import (
    ACHIEVEMENT_COLUMN_KEYS,
    AchievementFilter,
    AchievementRow,
    achievement_ids,
    achievement_rows,
)
from emudesk.services.core.changes import Changes
from emudesk.services.core.common import SubjectRef
from emudesk.services.register import choices
from emudesk.ui import dialogs, permissions
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.models.id_table_model import IdTableModel, Query
from emudesk.ui.operations import bin_ops, workflow
from emudesk.ui.views.base import View
from emudesk.ui.views.choices import campaign_choices, subject_search
from emudesk.ui.views.common import deferred, record_buttons, search_box, shows_nothing_if_gone
from emudesk.ui.views.record_dialog import OnFailure, OnSaved, RecordDialog
from emudesk.ui.widgets.detail import InfoForm, SmallTable, title_label
from emudesk.ui.widgets.fields import IntField, cell_text
from emudesk.ui.widgets.pickers import EnumCombo, SubjectPicker, fill_enum, set_combo_value
from emudesk.ui.widgets.record_table import RecordTable

_CRITERION = Qt.ItemDataRole.UserRole


class FiguresEditor(QTableWidget):
    """Measured results: what, how much, unit ("Doanh thu", 12.5, "tỷ đồng")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([_("Figure"), _("Value"), _("Unit of measure")])
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setMinimumHeight(110)

    def set_figures(self, figures: dict[str, Any]) -> None:
        self.setRowCount(0)
        for label, figure in figures.items():
            value, unit = (
                (figure.get("value"), figure.get("unit", "")) if isinstance(figure, dict) else (figure, "")
            )
            self.add_row(label, "" if value is None else f"{value:g}".replace(".", ","), unit)

    def add_row(self, label: str = "", value: str = "", unit: str = "") -> None:
        row = self.rowCount()
        self.insertRow(row)
        for col, text in enumerate((label, value, unit)):
            self.setItem(row, col, QTableWidgetItem(text))

    def figures(self) -> tuple[dict[str, Any], str | None]:
        out: dict[str, Any] = {}
        for row in range(self.rowCount()):
            cells = [cell_text(self, row, c).strip() for c in range(3)]
            if not any(cells):
                continue
            label, value, unit = cells
            try:
                number = float(value.replace(" ", "").replace(",", "."))
            except ValueError:
                return out, _("The figure “{label}” must be a number.").format(label=label or "?")
            if not label:
                return out, _("Every figure needs a name.")
            out[label] = {"value": int(number) if number.is_integer() else number, "unit": unit}
        return out, None


class AchievementDialog(RecordDialog):
    """An achievement of one subject in a campaign, ticking the criteria it meets."""

    needs = "achievements.edit"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, campaign_id: int, achievement_id: int | None = None
    ) -> None:
        super().__init__(
            ctx, parent, _("New achievement") if achievement_id is None else _("Edit achievement")
        )
        self.campaign_id = campaign_id
        self.achievement_id = achievement_id
        with ctx.store.read() as session:
            phases = choices.phases(session, campaign_id)
            criteria = choices.criteria(session, campaign_id)
        self.kind = EnumCombo()
        fill_enum(self.kind, list(SubjectKind))
        set_combo_value(self.kind, SubjectKind.INDIVIDUAL)
        self.subject = SubjectPicker(subject_search(ctx))
        self.kind.currentIndexChanged.connect(lambda _i: self.subject.set_kind(self.kind.currentData()))
        self.phase = QComboBox()
        self.phase.addItem(_("(whole campaign)"), None)
        for pid, name in phases:
            self.phase.addItem(name, pid)
        self.year = IntField()
        self.title_edit = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(90)
        self.criteria = QTreeWidget()
        self.criteria.setHeaderHidden(True)
        self.criteria.setMinimumHeight(150)
        nodes: dict[int, QTreeWidgetItem] = {}
        for c in criteria:
            text = (f"{c.code} " if c.code else "") + c.text
            node = QTreeWidgetItem([text])
            node.setToolTip(0, c.text)
            node.setData(0, _CRITERION, c.id)
            node.setFlags(node.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            node.setCheckState(0, Qt.CheckState.Unchecked)
            parent_node = nodes.get(c.parent_id) if c.parent_id else None
            if parent_node is not None:
                parent_node.addChild(node)
            else:
                self.criteria.addTopLevelItem(node)
            nodes[c.id] = node
        self.criteria.expandAll()
        self._nodes = nodes
        self.figures = FiguresEditor()
        add_figure = QPushButton(_("Add figure"))
        add_figure.clicked.connect(lambda: self.figures.add_row())
        figures_box = QWidget()
        fb = QVBoxLayout(figures_box)
        fb.setContentsMargins(0, 0, 0, 0)
        fb.addWidget(self.figures)
        fb.addWidget(add_figure, 0, Qt.AlignmentFlag.AlignLeft)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        r = self.rows
        r.add("kind", _("Achieved by"), self.kind)
        r.add("subject", _("Who"), self.subject, required=True)
        r.add("phase_id", _("Phase"), self.phase)
        r.add("year", _("Year"), self.year)
        r.add("title", _("Title"), self.title_edit)
        r.add("summary", _("Summary"), self.summary)
        r.add("criteria", _("Criteria met"), self.criteria)
        r.add("figures", _("Figures"), figures_box)
        r.add("note", _("Note"), self.note)
        self.watch(self.kind, self.phase, self.year, self.title_edit, self.summary, self.note)
        self.subject.subject_changed.connect(self.changed)
        self.criteria.itemChanged.connect(self.changed)
        self.figures.itemChanged.connect(self.changed)
        if achievement_id is not None:
            with ctx.store.read() as session:
                data = achievements.achievement_input(session, achievement_id)
                label = choices.subject_name(session, data.subject)
            set_combo_value(self.kind, data.subject.kind)
            self.subject.set_kind(data.subject.kind)
            self.subject.set_subject(data.subject.id, label)
            self.phase.setCurrentIndex(max(self.phase.findData(data.phase_id), 0))
            self.year.set_int(data.year)
            self.title_edit.setText(data.title)
            self.summary.setPlainText(data.summary)
            for cid in data.criterion_ids:
                if cid in nodes:
                    nodes[cid].setCheckState(0, Qt.CheckState.Checked)
            self.figures.set_figures(data.figures)
            self.note.setPlainText(data.note or "")
        self.resize(680, 680)
        self.mark_clean()
        self.subject.setFocus()

    def _checked(self) -> list[int]:
        return [cid for cid, node in self._nodes.items() if node.checkState(0) == Qt.CheckState.Checked]

    def collect(self) -> AchievementInput | None:
        sid = self.subject.subject_id()
        figures, _wrong = self.figures.figures()
        if sid is None:
            return None
        return AchievementInput(
            subject=SubjectRef(self.kind.currentData(), sid),
            campaign_id=self.campaign_id,
            phase_id=self.phase.currentData(),
            year=self.year.int_value(),
            title=self.title_edit.text(),
            summary=self.summary.toPlainText().strip(),
            criterion_ids=self._checked(),
            figures=figures,
            note=self.note.toPlainText().strip() or None,
        )

    def snapshot(self) -> Any:
        return (self.collect(), self.subject.text(), self.year.text(), self.figures.figures())

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.subject.subject_id() is None:
            found["subject"] = _("Choose who achieved it from the list.")
        if wrong := self.year.problem():
            found["year"] = wrong
        _figures, wrong_figure = self.figures.figures()
        if wrong_figure:
            found["figures"] = wrong_figure
        if not self.title_edit.text().strip() and not self.summary.toPlainText().strip():
            found["summary"] = _("Describe the achievement (title or summary).")
        return found

    def submit(self, on_saved: OnSaved, on_failure: OnFailure) -> None:
        data = self.collect()
        assert data is not None
        workflow.save_achievement(
            self.ctx, self, self.achievement_id, data, on_saved=on_saved, on_failure=on_failure
        )


class AchievementsView(View):
    watched = ("achievements", "campaigns", "individuals", "units", "households")
    edits = "achievements.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.campaign = QComboBox(self)
        self.campaign.setMinimumWidth(320)
        self._fill_campaigns()
        self.search = search_box(self, _("Search by who achieved it (Ctrl+F)"))
        self.count_label = QLabel(self)
        self.model = IdTableModel(
            [_("Achieved by"), _("Kind"), _("Title"), _("Year"), _("Criteria met"), _("Figures"), _("Files")],
            ["name", None, "title", "year", None, None, None],
            self._ids,
            self._rows,
            self,
            numeric=(3, 4, 6),
            runner=ctx.tasks.read,
            filter_keys=ACHIEVEMENT_COLUMN_KEYS,
        )
        self.model.loaded.connect(self._on_loaded)
        self.table = RecordTable(
            self.model,
            self,
            settings=ctx.settings,
            layout_key="achievements",
            widths=(200, 70, 260, 50, 80, 200),
        )
        self.title = title_label(self, 1.1)
        self.info = InfoForm(self)
        self.criteria_met = SmallTable([_("Criteria met")])
        self.files = SmallTable([_("File"), _("Size"), _("Added")], widths=(260, 80), numeric=(1,))
        self.files.table.open_requested.connect(lambda _k: self.open_evidence())
        file_buttons = QHBoxLayout()
        for text, slot in (
            (_("Open file"), self.open_evidence),
            (_("Add files…"), self.add_evidence),
            (_("Remove"), self.remove_evidence),
        ):
            file_button = QPushButton(text, self)
            file_button.clicked.connect(slot)
            if slot != self.open_evidence:
                permissions.needs(file_button, "achievements.edit")
            file_buttons.addWidget(file_button)
        file_buttons.addStretch(1)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.title)
        rl.addWidget(self.info)
        rl.addWidget(self.criteria_met, 1)
        rl.addWidget(QLabel("<b>" + _("Evidence files") + "</b>"))
        rl.addWidget(self.files, 1)
        rl.addLayout(file_buttons)
        self.table.current_changed.connect(self.show_achievement)
        self.table.open_requested.connect(lambda _id: self.edit_current())
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Campaign:"), self))
        top.addWidget(self.campaign, 2)
        top.addWidget(self.search, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for button in record_buttons(self):
            buttons.addWidget(button)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(buttons)
        ll.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([680, 480])
        self.remember_splitter("achievements", split)
        self.context_menu(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.campaign.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def _fill_campaigns(self) -> None:
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in campaign_choices(self.ctx):
            self.campaign.addItem(f"{c.label} – {c.status.label.lower()}", c.id)
        self.campaign.setCurrentIndex(max(self.campaign.findData(current), 0))
        self.campaign.blockSignals(False)

    def campaign_id(self) -> int | None:
        value = self.campaign.currentData()
        return int(value) if value is not None else None

    def _ids(self, sort: str, descending: bool) -> Query:
        cid = self.campaign_id()
        if cid is None:
            return list
        flt = AchievementFilter(
            campaign_id=cid, search=self.search.text(), columns=self.table.column_filters()
        )
        return deferred(self.ctx, achievement_ids, flt, sort=sort, descending=descending)

    def open_subject(self, record_id: int) -> bool:
        """Who achieved it: the person, unit or household in its own view."""
        from emudesk.ui.views.nominations.nominations_view import SUBJECT_VIEWS

        row = self.model.row_of(record_id)
        cells = self.model.cells(row) if row >= 0 else None
        if cells is None or cells.subject_id is None:
            return False
        self.navigate.emit(SUBJECT_VIEWS[cells.subject_kind], cells.subject_id)
        return True

    def _rows(self, ids: list[int]) -> dict[int, AchievementRow]:
        with self.ctx.store.read() as session:
            return achievement_rows(session, ids)

    @shows_nothing_if_gone
    def show_achievement(self, achievement_id: object) -> None:
        if not isinstance(achievement_id, int):
            self.title.setText(_("No achievement selected"))
            self.info.set_rows([])
            self.criteria_met.set_rows([])
            self.files.set_rows([])
            return
        with self.ctx.store.read() as session:
            data = achievements.achievement_input(session, achievement_id)
            name = choices.subject_name(session, data.subject)
            crit = {c.id: c for c in choices.criteria(session, self.campaign_id() or 0)}
            files = achievements.evidence(session, achievement_id)
        self.title.setText(data.title or name)
        self.info.set_rows(
            [
                (_("Achieved by"), f"{name} ({data.subject.kind.label.lower()})"),
                (_("Year"), str(data.year or "")),
                (_("Summary"), data.summary),
                (_("Figures"), figures_text(data.figures)),
                (_("Note"), data.note or ""),
            ]
        )
        self.criteria_met.set_rows(
            [
                ((f"{crit[c].code} " if crit[c].code else "") + crit[c].text,)
                for c in data.criterion_ids
                if c in crit
            ]
        )
        self.files.set_rows(
            [(f.original_name, _size(f.size), f.added_at) for f in files], [f.id for f in files]
        )

    def refresh(self) -> None:
        self.table.reload_keeping_selection()

    def _on_loaded(self) -> None:
        self.count_label.setText(_("{n} achievements").format(n=self.model.rowCount()))
        self.show_achievement(self.table.current_id())

    def on_changes(self, changes: Changes, initiator: object) -> None:
        if changes.any("campaigns"):
            self._fill_campaigns()
        self.refresh()

    # --- evidence ---------------------------------------------------------------------------------
    def _evidence_id(self) -> int | None:
        return self.files.table.current_id()

    def open_evidence(self) -> None:
        eid = self._evidence_id()
        if eid is None:
            self.ctx.status(_("Select a file first."))
            return
        try:
            # A private folder of this user's per file: the viewer may keep the copy open while
            # emudesk runs; the copies go when it exits (where the viewer still holds one, it stays).
            folder = Path(tempfile.mkdtemp(prefix="emudesk-evidence-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            with self.ctx.store.read() as session:
                path = achievements.extract_evidence(session, eid, folder)
        except Exception as exc:  # an EmudeskError tells the user; anything else is reported
            show_error(self, exc)
            return
        if achievements.opens_as_data(path):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            return
        # The system would run a program or script it was asked to open: show its folder instead.
        self.ctx.status(
            _("emudesk opens only documents and pictures; the folder holding this file is opened instead.")
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def add_evidence(self) -> None:
        aid = self.table.current_id()
        if aid is None:
            self.ctx.status(_("Select an achievement first."))
            return
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Add evidence files"),
            str(Path.home()),
            _("Documents and pictures")
            + " (*.pdf *.doc *.docx *.xls *.xlsx *.jpg *.jpeg *.png *.tif *.tiff);;"
            + _("All files")
            + " (*)",
        )
        if names:
            workflow.add_evidence(self.ctx, self, aid, [Path(n) for n in names])

    def remove_evidence(self) -> None:
        eid = self._evidence_id()
        if eid is None:
            self.ctx.status(_("Select a file first."))
            return
        name = str(self.files.model.row_values(self.files.table.selected_rows()[0])[0])
        if dialogs.ask(self, _("Remove “{name}” from this achievement?").format(name=name), _("Remove")):
            workflow.remove_evidence(self.ctx, self, eid)

    # --- View -------------------------------------------------------------------------------------

    def new_record(self) -> bool:
        cid = self.campaign_id()
        if cid is None:
            dialogs.info(self, _("Create a campaign first."))
            return True
        dialog = AchievementDialog(self.ctx, self, cid)
        if dialog.exec() and dialog.saved_id is not None:
            self.table.select_when_loaded([dialog.saved_id], dialog.saved_id)
        return True

    def edit_current(self) -> bool:
        rid, cid = self.table.current_id(), self.campaign_id()
        if rid is None or cid is None:
            return False
        AchievementDialog(self.ctx, self, cid, rid).exec()
        return True

    def delete_selected(self) -> bool:
        ids = self.table.selected_ids()
        names = [c.subject for c in map(self.model.cells, self.table.selected_rows()[:6]) if c]
        return bool(ids) and bin_ops.delete_records(self.ctx, self, "achievements", ids, names=names)

    def open_item(self, item: object) -> None:
        if isinstance(item, int):
            row = self.campaign.findData(item)
            if row >= 0:
                self.campaign.setCurrentIndex(row)

    def prepare_screenshot(self) -> None:
        for row in range(self.campaign.count()):
            self.campaign.setCurrentIndex(row)
            self.ctx.tasks.wait_idle()
            if self.model.rowCount():
                break
        # The achievement with the most evidence files shows every part of the screen.
        rows = range(self.model.rowCount())
        best = max(rows, key=lambda r: getattr(self.model.cells(r), "evidence_files", 0), default=None)
        if best is not None:
            self.table.select_ids([self.model.id_at(best)])


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}".replace(".", ",")
        n /= 1024  # type: ignore[assignment]
    return str(n)
