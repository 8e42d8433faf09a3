"""Cá nhân: the register of individuals, searched, filtered and sorted in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import Gender, Rating
from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.core.formats import day
from emudesk.services.register import choices
from emudesk.services.register.lists import IndividualFilter, IndividualRow, individual_ids, individual_rows
from emudesk.ui import permissions
from emudesk.ui.context import AppContext
from emudesk.ui.models.id_table_model import IdTableModel, Query
from emudesk.ui.operations import bin_ops, register
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.tasks import after_repaint
from emudesk.ui.views.base import View
from emudesk.ui.views.choices import award_form_choices, fill_award_forms, unit_choices
from emudesk.ui.views.common import (
    action_button,
    born,
    deferred,
    history_rows,
    history_table,
    record_buttons,
    search_box,
    shows_nothing_if_gone,
)
from emudesk.ui.widgets.detail import InfoForm, SmallTable, title_label
from emudesk.ui.widgets.fields import FormRows, IntField, error_banner
from emudesk.ui.widgets.fitting_tabs import fitting_tabs
from emudesk.ui.widgets.pickers import EnumCombo, UnitPicker, fill_enum, set_combo_value, shrinkable
from emudesk.ui.widgets.record_table import RecordTable


class RatingDialog(QDialog):
    """The yearly rating (xếp loại) of one person; "no rating" clears the year."""

    def __init__(self, parent: QWidget | None, year: int, rating: Rating | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Rating of the year"))
        self.year = IntField(self)
        self.year.set_int(year)
        self.rating = EnumCombo(self)
        fill_enum(self.rating, list(Rating), _("(no rating)"))
        set_combo_value(self.rating, rating)
        self.banner = error_banner(self)
        form = QFormLayout()
        self.rows = FormRows(form, self.banner)
        self.rows.add("year", _("Year"), self.year, required=True)
        self.rows.add("rating", _("Rating"), self.rating)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        translate_buttons(buttons)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.year.problem() or self.year.int_value() is None:
            self.rows.set_problems({"year": _("Write a whole number.")})
            return
        self.accept()


class IndividualDetailPanel(QWidget):
    """Who the person is, their ratings year by year, award history and positions held."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = title_label(self)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.tabs = fitting_tabs(self)  # down the side in a narrow panel: no tab hidden behind arrows
        self.info = InfoForm()
        self.ratings = SmallTable([_("Year"), _("Rating")], widths=(60,), numeric=(0,))
        self.individual_id: int | None = None
        self._blank = False  # the "no one selected" page is up
        self._ratings: dict[int, Rating] = {}
        rate = QPushButton(_("Record a rating…"), self.ratings)
        rate.clicked.connect(self.edit_rating)
        permissions.needs(rate, "register.edit")
        self.ratings.box.addWidget(rate)
        # A click does nothing on a greyed-out button: a role that may not rate opens no form either.
        self.ratings.table.open_requested.connect(lambda _key: rate.click())
        self.awards = history_table()
        self.career = SmallTable([_("Unit"), _("Position"), _("From"), _("To")], widths=(260, 150, 85))
        self.discipline = SmallTable(
            [_("Kind"), _("Form"), _("From"), _("To"), _("Decision")], widths=(160, 120, 85, 85)
        )
        career_box = QWidget()
        career_layout = QVBoxLayout(career_box)
        career_layout.setContentsMargins(0, 0, 0, 0)
        career_layout.addWidget(self.career, 2)
        career_layout.addWidget(QLabel(_("Discipline, reviews and complaints")))
        career_layout.addWidget(self.discipline, 1)
        self.tabs.addTab(self.info, _("Details"))
        self.tabs.addTab(self.ratings, _("Ratings"))
        self.tabs.addTab(self.awards, _("Awards"))
        self.tabs.addTab(career_box, _("Career"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.tabs, 1)
        self.show_individual(None)

    def edit_rating(self) -> None:
        """Enter or correct a yearly rating (the selected year, or last year for a new one)."""
        if self.individual_id is None:
            return
        year = self.ratings.table.current_id() or date.today().year - 1
        dialog = RatingDialog(self, year, self._ratings.get(year))
        if dialog.exec():
            chosen = dialog.year.int_value()
            assert chosen is not None
            register.set_rating(self.ctx, self, self.individual_id, chosen, dialog.rating.currentData())

    @shows_nothing_if_gone
    def show_individual(self, individual_id: int | None) -> None:
        if individual_id == self.individual_id and (individual_id is not None or self._blank):
            # Already shown: a reload clears the selection first (so data changes always pass
            # through the blank page), and the table reports a new current row twice.
            return
        self.individual_id = individual_id
        self._blank = individual_id is None
        if individual_id is None:
            self.title.setText(_("No one selected"))
            self.subtitle.setText(_("Choose a person in the list to see their ratings and awards."))
            self.info.set_rows([])
            for table in (self.ratings, self.awards, self.career, self.discipline):
                table.set_rows([])
            self._ratings = {}
            self.tabs.setTabText(1, _("Ratings"))  # no one's counts
            self.tabs.setTabText(2, _("Awards"))
            return
        from emudesk.services.workspace import records  # imported when first needed: not at start-up

        with self.ctx.store.read() as session:
            d = records.individual_detail(session, individual_id)
        self.title.setText(d.full_name)
        self.subtitle.setText(" – ".join(p for p in (d.position, d.unit_name) if p))
        self.info.set_rows(
            [
                (_("Gender"), d.gender),
                (_("Born"), born(d.birth_date, d.birth_year)),
                (_("Personal ID number (CCCD)"), d.id_number),
                (_("Ethnicity"), d.ethnicity),
                (_("Unit"), d.unit_name),
                (_("Position"), d.position),
                (_("Staff category"), d.staff_category),
                (_("Home town"), d.hometown),
                (_("Residence"), d.residence),
                (_("Phone"), d.phone),
                (_("Note"), d.note),
            ]
        )
        self.ratings.set_rows(
            [(year, rating.label) for year, rating in d.ratings], [y for y, _r in d.ratings]
        )
        self._ratings = dict(d.ratings)
        self.awards.set_rows(history_rows(d.awards))
        self.career.set_rows(
            [(m.unit_name, m.position, day(m.start_date), day(m.end_date)) for m in d.memberships]
        )
        self.discipline.set_rows(
            [(x.kind, x.form, day(x.start_date), day(x.end_date), x.decision_ref) for x in d.discipline]
        )
        self.tabs.setTabText(1, _("Ratings") + f" ({len(d.ratings)})")
        self.tabs.setTabText(2, _("Awards") + f" ({len(d.awards)})")


class _AfterPaint(QObject):
    """Calls ``fn`` once, after ``widget``'s next paint (then stops watching)."""

    def __init__(self, widget: QWidget, fn: Callable[[], None]) -> None:
        super().__init__(widget)
        self._fn: Callable[[], None] | None = fn
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._fn is not None:
            fn, self._fn = self._fn, None
            watched.removeEventFilter(self)
            after_repaint(fn)  # posted from within the paint: runs after it
        return False


class IndividualsView(View):
    """Search box and filters over a lazy table of individuals, with a detail panel."""

    watched = ("individuals", "units", "awards", "catalogue")
    edits = "register.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = search_box(self, _("Search by name, with or without diacritics (Ctrl+F)"))
        # The unit and award choices are filled once the list has painted: 5,000 units cost
        # ~17 ms, and the first ORM query configures every mapper (~0.1 s) which the list, read
        # through Core, does not need. Until then they offer "All units" and "Any award", which
        # is what the list shows.
        self.unit = self._unit_picker([])
        self.gender = EnumCombo(self)
        fill_enum(self.gender, list(Gender), _("Any gender"))
        self.born_from = IntField(self)
        self.born_from.setPlaceholderText(_("from"))
        self.born_to = IntField(self)
        self.born_to.setPlaceholderText(_("to"))
        self.rating = EnumCombo(self)
        fill_enum(self.rating, list(Rating), _("Any rating"))
        self.rating_year = IntField(self)
        self.rating_year.setPlaceholderText(_("year"))
        self.award = QComboBox(self)
        fill_award_forms(self.award, [], _("Any award"))  # the forms come after the first paint
        self.award_year = IntField(self)
        self.award_year.setPlaceholderText(_("year"))
        self.count_label = QLabel(self)

        self.model = IdTableModel(
            [_("Full name"), _("Gender"), _("Born"), _("Position"), _("Unit"), _("ID number")],
            ["name", "gender", "birth_year", "position", "unit", "id_number"],
            self._ids,
            self._rows,
            self,
            runner=ctx.tasks.read,
            filter_keys=["name", "gender", "birth_year", "position", "unit", "id_number"],
        )
        self.model.first_rows.connect(self._show_count)  # exact, or "more than 10,000" until loaded
        self.model.first_rows.connect(self._fill_choices_later)
        self._choices_filled = False
        self.model.loaded.connect(self._on_loaded)
        self.table = RecordTable(
            self.model, self, settings=ctx.settings, layout_key="individuals", widths=(210, 55, 85, 150, 220)
        )
        self.detail = IndividualDetailPanel(ctx, self)
        self.table.current_changed.connect(self.detail.show_individual)
        self.table.open_requested.connect(lambda _id: self.edit_current())

        for combo in (self.gender, self.rating, self.award):
            shrinkable(combo)
        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 3)
        filters.addWidget(self.unit, 0, 3, 1, 3)
        self._filters = filters
        filters.addWidget(self.gender, 1, 0)
        born_box = QHBoxLayout()
        born_box.addWidget(QLabel(_("Born")))
        born_box.addWidget(self.born_from)
        born_box.addWidget(QLabel("–"))
        born_box.addWidget(self.born_to)
        filters.addLayout(born_box, 1, 1)
        filters.addWidget(self.rating, 1, 2)
        filters.addWidget(self.rating_year, 1, 3)
        filters.addWidget(self.award, 1, 4)
        filters.addWidget(self.award_year, 1, 5)
        filters.setColumnStretch(2, 1)
        filters.setColumnStretch(4, 1)
        clear = action_button(self, _("Clear filters"), self.clear_filters)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(clear)
        for button in record_buttons(self):
            buttons.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 460])
        self.remember_splitter("individuals", splitter)
        self.context_menu(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        # Debounce keystrokes a little; each query is one indexed scan of folded names.
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for field in (self.born_from, self.born_to, self.rating_year, self.award_year):
            field.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.gender, self.rating, self.award):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def current_filter(self) -> IndividualFilter:
        return IndividualFilter(
            search=self.search.text(),
            unit_id=self.unit.unit_id(),
            gender=self.gender.currentData(),
            birth_year_from=self.born_from.int_value(),
            birth_year_to=self.born_to.int_value(),
            rating=self.rating.currentData(),
            rating_year=self.rating_year.int_value(),
            award_form_id=self.award.currentData(),
            award_year=self.award_year.int_value(),
            columns=self.table.column_filters(),
        )

    def _ids(self, sort: str, descending: bool) -> Query:
        return deferred(self.ctx, individual_ids, self.current_filter(), sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> dict[int, IndividualRow]:
        with self.ctx.store.read() as session:
            return individual_rows(session, ids)

    # --- View -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.table.reload_keeping_selection()

    def _fill_choices_later(self) -> None:
        if not self._choices_filled:
            self._choices_filled = True
            # Once the table has painted rows: at start-up the first page can arrive before the
            # window's first frame, so waiting for the repaints pending now is not enough.
            self._paint_watch = _AfterPaint(self.table.viewport(), self._fill_choices)

    def _fill_choices(self) -> None:
        self._fill_units()
        self._fill_award_forms()  # the first ORM query: SQLAlchemy configures its mappers here

    def _fill_award_forms(self) -> None:
        chosen = self.award.currentData()
        blocked = self.award.blockSignals(True)  # the filter does not change: no reload
        fill_award_forms(self.award, award_form_choices(self.ctx), _("Any award"))
        self.award.setCurrentIndex(max(self.award.findData(chosen), 0))
        self.award.blockSignals(blocked)

    def _unit_picker(self, units: list[choices.UnitChoice]) -> UnitPicker:
        picker = UnitPicker(units, self, none_text=_("All units"))
        picker.setToolTip(_("Only people of this unit and its sub-units"))
        picker.unit_changed.connect(lambda _u: self.refresh())
        return picker

    def _fill_units(self) -> None:
        """A new picker with every unit in place of the old one, the same unit chosen.

        Refilling a picker in place costs seconds with 5,000 units (its completer re-filters on
        every row added); a new one is filled before its completer exists (~17 ms).
        """
        old = self.unit
        new = self._unit_picker(unit_choices(self.ctx))
        blocked = new.blockSignals(True)  # the filter does not change: no reload
        new.set_unit_id(old.unit_id())
        new.blockSignals(blocked)
        self._filters.replaceWidget(old, new)
        self.unit = new
        if old.hasFocus():
            new.setFocus()
        old.deleteLater()

    def _show_count(self) -> None:
        n = f"{self.model.rowCount() - self.model.count_capped:,}".replace(",", ".")
        if self.model.count_capped:  # the first page stopped counting at the cap
            n = _("more than {n}").format(n=n)
        self.count_label.setText(_("{n} individuals").format(n=n))

    def _on_loaded(self) -> None:
        self._show_count()
        self.detail.show_individual(self.table.current_id())

    def on_changes(self, changes: Changes, initiator: object) -> None:
        if changes.any("units") and self._choices_filled:
            self._fill_units()
        if changes.any("catalogue") and self._choices_filled:
            fill_award_forms(self.award, award_form_choices(self.ctx), _("Any award"))
        self.refresh()

    def clear_filters(self) -> None:
        for w in (self.born_from, self.born_to, self.rating_year, self.award_year, self.search):
            w.blockSignals(True)
            w.clear()
            w.blockSignals(False)
        for combo in (self.gender, self.rating, self.award):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.unit.blockSignals(True)
        self.unit.set_unit_id(None)
        self.unit.blockSignals(False)
        self.table.clear_column_filters(reload=False)  # "Bỏ lọc" empties the filter row too
        self.refresh()

    def new_record(self) -> bool:
        from emudesk.ui.views.register.individual_dialog import IndividualDialog

        dialog = IndividualDialog(self.ctx, self, unit_id=self.unit.unit_id())
        if dialog.exec() and dialog.saved_id is not None:
            self._select_after_save(dialog.saved_id)
        return True

    def edit_current(self) -> bool:
        rid = self.table.current_id()
        if rid is None:
            return False
        from emudesk.ui.views.register.individual_dialog import IndividualDialog

        dialog = IndividualDialog(self.ctx, self, rid)
        if dialog.exec() and dialog.saved_id is not None:
            self._select_after_save(dialog.saved_id)
        return True

    def _select_after_save(self, rid: int) -> None:
        # The change broadcast already reloads the list; show the saved person when it is there.
        if not self.model.loading and self.model.row_of(rid) < 0:
            self.search.clear()
            self.refresh()
        self.table.select_when_loaded([rid], rid)

    def delete_selected(self) -> bool:
        ids = self.table.selected_ids()
        if not ids:
            return False
        names = [c.full_name for c in map(self.model.cells, self.table.selected_rows()[:6]) if c]
        return bin_ops.delete_records(self.ctx, self, "individuals", ids, names=names)

    def open_item(self, item: object) -> None:
        """A person opened from another list (a nomination's nominee): selected if the list shows
        them, in the detail panel either way; the clerk's filters stay."""
        if isinstance(item, int):
            if self.model.row_of(item) >= 0:
                self.table.select_ids([item], item)
            else:
                self.detail.show_individual(item)

    def prepare_screenshot(self) -> None:
        self.table.setFocus()
        if self.model.rowCount():
            self.table.select_ids([self.model.id_at(min(3, self.model.rowCount() - 1))])
            self.detail.tabs.setCurrentIndex(2)
