"""The main window: a navigation pane, one view at a time, menus for every action."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from emudesk import paths
from emudesk.domain.errors import EmudeskError, NetworkShareError, StorageError
from emudesk.i18n import _
from emudesk.navigation import VIEWS
from emudesk.services.campaigns import reminders
from emudesk.services.core.changes import EVERYTHING
from emudesk.services.core.holder import file_key
from emudesk.services.core.local_copy import LocalCopy
from emudesk.services.core.local_copy import copy_to_this_computer as copy_database
from emudesk.services.core.outputs import database_path
from emudesk.services.core.server_check import stored_location
from emudesk.services.core.server_login import needs_sign_in
from emudesk.services.core.store import Store
from emudesk.ui import damage_watch, dialogs, extensions, screen_fit, sign_in
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.auto_backup import AutoBackup, when_text
from emudesk.ui.connection_watch import ConnectionWatch
from emudesk.ui.context import AppContext, ChangeBus
from emudesk.ui.errors import forget_damage, show_error, watch_connection
from emudesk.ui.menu_entry import Kind, MenuEntry
from emudesk.ui.operations import bin_ops
from emudesk.ui.reminders_ui import export_calendar
from emudesk.ui.single_instance import BroughtToFront, Claim
from emudesk.ui.single_instance import claim as claim_file
from emudesk.ui.tasks import TaskManager
from emudesk.ui.views.base import View
from emudesk.ui.widgets.reminder_bar import WINDOW_DAYS, ReminderBar
from emudesk.ui.widgets.share_bar import ShareBar

if TYPE_CHECKING:
    from emudesk.ui.help_window import HelpWindow

ViewFactory = Callable[[AppContext, QWidget], View]


_VIEW_CLASSES = {
    "overview": ("workspace.overview_view", "OverviewView"),
    "units": ("register.units_view", "UnitsView"),
    "individuals": ("register.individuals_view", "IndividualsView"),
    "households": ("register.households_view", "HouseholdsView"),
    "campaigns": ("campaigns.campaigns_view", "CampaignsView"),
    "achievements": ("campaigns.achievements_view", "AchievementsView"),
    "nominations": ("nominations.nominations_view", "NominationsView"),
    "council": ("council.council_view", "CouncilView"),
    "awards": ("register.awards_view", "AwardsView"),
    "catalogue": ("catalogue.catalogue_view", "CatalogueView"),
    "audit": ("workspace.audit_view", "AuditView"),
    "exchange": ("workspace.exchange_view", "ExchangeView"),
}


def _lazy_factory(module: str, name: str) -> ViewFactory:
    # A view's module is imported when the view is first shown: start-up pays only for the one it opens.
    def build(ctx: AppContext, parent: QWidget) -> View:
        cls = getattr(importlib.import_module(f"emudesk.ui.views.{module}"), name)
        return cast(View, cls(ctx, parent))

    return build


def _view_factories() -> dict[str, ViewFactory]:
    return {key: _lazy_factory(module, name) for key, (module, name) in _VIEW_CLASSES.items()}


def icon(name: str) -> QIcon:
    path = paths.resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen view on the right; views are built when first shown.

    Attributes:
        ctx: the open database with its worker, change bus and undo history.
    """

    def __init__(
        self,
        store: Store,
        *,
        settings: AppSettings | None = None,
        check_pages: bool = False,
        claim: Claim | None = None,
    ) -> None:
        """``check_pages``: read every page of each file opened, in the background (damage_watch).

        ``claim``: this window's hold on its file (a second window on it brings this one forward).
        """
        super().__init__()
        self.claim: Claim | None = None
        self._take_claim(claim)
        self.settings = settings or AppSettings()
        self._check_pages = check_pages
        self._storage_error_shown = False
        self.help_window: HelpWindow | None = None
        self.tasks = TaskManager(self)
        self.ctx = self._context(store)
        self.factories = _view_factories()
        self.setWindowIcon(icon("emudesk"))
        self.setMinimumSize(960, 540)
        screen_fit.install()  # dialogs no larger than a 1366×768 laptop's screen at 125 %
        self.nav = QListWidget(self)
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(1)
        self.nav.setAccessibleName(_("Navigation"))
        self.stack = QStackedWidget(self)
        self._views: dict[str, View] = {}
        self._keys: list[str] = []
        for i, info in enumerate(VIEWS):
            if info.key not in self.factories:
                continue
            self._keys.append(info.key)
            item = QListWidgetItem(icon(info.key), _(info.title), self.nav)
            if i < 10:
                item.setToolTip(f"Ctrl+{(i + 1) % 10}")
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(240)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([175, 1100])
        self.share_bar = ShareBar(self)
        self.share_bar.copy_button.clicked.connect(lambda: self.copy_to_this_computer())
        self.share_bar.server_button.clicked.connect(lambda: self.open_server_dialog())
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.share_bar)
        self.reminder_bar = ReminderBar(self)
        self.reminder_bar.open_overview.connect(lambda: self.show_view("overview"))
        column.addWidget(self.reminder_bar)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_nav_row)
        self.db_label = QLabel(self)
        self.connection_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.connection_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.connection = ConnectionWatch(self, self.connection_label)
        self.connection.changed.connect(self._on_connection_changed)
        self.connection.watch(store)
        watch_connection(self.connection.report)
        self.auto_backup = AutoBackup(self)
        self._build_menus()
        self._update_title()
        self.share_bar.show_for(store)
        self._announce_reminders(store)
        self._restore_layout()
        for notice in store.notices:
            QTimer.singleShot(0, self, lambda n=notice: dialogs.info(self, n))
        start = self.settings.value("window/view", "overview")
        self._show_first_view(start if start in self._keys else "overview", later=True)
        self._watch_for_damage(store)

    def _announce_reminders(self, store: Store) -> None:
        """Deadlines near when a file opens: a banner and a status line, never a dialog."""
        try:
            with store.read() as session:
                items = reminders.reminders(session, date.today(), WINDOW_DAYS)
        except EmudeskError:  # a damaged or unreachable file says so elsewhere; no reminders then
            self.reminder_bar.hide()
            return
        self.reminder_bar.show_reminders(items)
        if items:
            message = _("{n} deadlines within {days} days; see the overview.")
            self.show_status(message.format(n=len(items), days=WINDOW_DAYS))

    def export_calendar(self) -> None:
        """File ▸ Export calendar…: the campaigns' reminders as an .ics file for Outlook or Thunderbird."""
        export_calendar(self, self.store)

    def _show_first_view(self, key: str, *, later: bool = False) -> None:
        try:
            self.show_view(key)
        except StorageError as exc:
            # Its first read hit a damaged page: say so, and keep the window (File ▸ Open still works).
            if later:  # the window is not up yet
                QTimer.singleShot(0, self, lambda e=exc: self.report_storage_error(e))
            else:
                self.report_storage_error(exc)

    def _watch_for_damage(self, store: Store) -> None:
        self._storage_error_shown = False
        forget_damage()
        if not self._check_pages:
            return

        def found(exc: EmudeskError) -> None:
            if self.store is store:  # not a file the window has since closed
                self.report_storage_error(exc)

        damage_watch.start(self, store, found)

    def report_storage_error(self, exc: EmudeskError) -> None:
        """The first storage error of an opened file (its first view and the background read both find it)."""
        if not self._storage_error_shown:
            self._storage_error_shown = True
            show_error(self, exc)

    # --- context --------------------------------------------------------------------------------
    def _context(self, store: Store) -> AppContext:
        bus = ChangeBus(self)
        ctx = AppContext(store, self.tasks, bus, self.settings, self.show_status)
        bus.undo_changed.connect(self._update_undo_actions)
        bus.operation_did_execute.connect(lambda _c, _i: self._update_undo_actions())
        return ctx

    def _on_connection_changed(self, lost: bool) -> None:
        if lost:
            self.statusBar().clearMessage()  # e.g. "Refreshed." from the F5 that found it out
            return
        # What was read while the server was away is stale: each view reads again, keeping the
        # selection, the scroll position and any form being filled in (modal dialogs are apart).
        for view in list(self._views.values()):
            try:
                view.server_back()
            except EmudeskError as exc:  # gone again already: the watch shows it
                show_error(None, exc)
                return
        self.show_status(_("The server answers again; the screen shows the latest data."))

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    @property
    def store(self) -> Store:
        return self.ctx.store

    # --- views ----------------------------------------------------------------------------------
    @property
    def view_keys(self) -> list[str]:
        return list(self._keys)

    def current_view(self) -> View | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, View) else None

    def built_view(self, key: str) -> View | None:
        """The view ``key`` if it has been shown since the database was opened (else None)."""
        return self._views.get(key)

    def view(self, key: str) -> View:
        view = self._views.get(key)
        if view is None:
            view = self.factories[key](self.ctx, self.stack)
            view.navigate.connect(self.navigate)
            self._views[key] = view
            self.stack.addWidget(view)
        return view

    def show_view(self, key: str) -> View:
        if key not in self.factories:
            raise KeyError(key)
        view = self.view(key)
        self.stack.setCurrentWidget(view)
        row = self._keys.index(key)
        if self.nav.currentRow() != row:
            blocked = self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(blocked)
        self.settings.set_value("window/view", key)
        self._update_record_actions(view)
        return view

    def _update_record_actions(self, view: View) -> None:
        """New, Edit, Save and Delete of the Edit menu: greyed out where the role may not edit."""
        permissions = self.ctx.permissions
        refused = view.edits is not None and not permissions.may(view.edits)
        why = permissions.why_not(view.edits) if refused and view.edits is not None else ""
        for action in (self.new_action, self.edit_action, self.save_action, self.delete_action):
            action.setEnabled(not refused)
            action.setToolTip(why or action.text().replace("&", ""))

    def navigate(self, key: str, item: object) -> None:
        self.show_view(key).open_item(item)

    def _on_nav_row(self, row: int) -> None:
        if 0 <= row < len(self._keys):
            # A view's first read may reach a damaged page: told once, as the first view's is.
            self._show_first_view(self._keys[row])

    def _for_view(self, method: str, missing: str) -> None:
        view = self.current_view()
        if view is None or not getattr(view, method)():
            self.show_status(missing)

    # --- menus ----------------------------------------------------------------------------------
    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | list[QKeySequence] | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        self._action(file_menu, _("&New database…"), self.new_database)
        self._action(
            file_menu, _("&Open database…"), self.open_database_dialog, QKeySequence.StandardKey.Open
        )
        self._action(file_menu, _("Connect to a &server…"), self.open_server_dialog)
        self.recent_menu = file_menu.addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self.import_menu = file_menu.addMenu(_("&Import"))
        self.export_menu = file_menu.addMenu(_("E&xport"))
        self._action(file_menu, _("Export &calendar…"), self.export_calendar)
        self._action(file_menu, _("Statistics &figures (forms 0604, 0605)…"), self.open_statistics_figures)
        self._action(file_menu, _("&Print the list…"), self.print_list, QKeySequence.StandardKey.Print)
        self.import_menu.aboutToShow.connect(lambda: self._fill_extension_menu(self.import_menu, "import"))
        self.export_menu.aboutToShow.connect(lambda: self._fill_extension_menu(self.export_menu, "export"))
        self._action(file_menu, _("&Back up the database…"), self.backup_database)
        self.restore_action = self._action(file_menu, _("Res&tore from a backup…"), self.restore_backup)
        self.transfer_action = self._action(
            file_menu, _("Trans&fer the data to a server…"), self.transfer_data
        )
        file_menu.addSeparator()
        self._action(file_menu, _("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences)
        self._action(file_menu, _("&Users…"), self.open_users)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu(_("&Edit"))
        self.undo_action = self._action(edit, _("&Undo"), self.undo, QKeySequence.StandardKey.Undo)
        # QKeySequence(StandardKey.Redo) keeps only the platform's first binding (Ctrl+Y on Linux):
        # Ctrl+Shift+Z and Ctrl+Y both redo everywhere, with the platform's own bindings after them.
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        redo_keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys
        ]
        self.redo_action = self._action(edit, _("&Redo"), self.redo, redo_keys)
        edit.addSeparator()
        edit.setToolTipsVisible(True)  # a greyed-out action says which role it needs
        self.new_action = self._action(
            edit,
            _("&New record"),
            lambda: self._for_view("new_record", _("Nothing to create here.")),
            QKeySequence.StandardKey.New,
        )
        self.edit_action = self._action(
            edit, _("&Edit record"), lambda: self._for_view("edit_current", _("Select a record first.")), "F2"
        )
        self.save_action = self._action(
            edit,
            _("&Save"),
            lambda: self._for_view("save", _("Nothing to save here.")),
            QKeySequence.StandardKey.Save,
        )
        self.delete_action = self._action(
            edit,
            _("&Delete"),
            lambda: self._for_view("delete_selected", _("Select what to delete first.")),
            QKeySequence.StandardKey.Delete,
        )
        edit.addSeparator()
        self._action(
            edit,
            _("&Find"),
            lambda: self._for_view("focus_search", _("This screen has no search box.")),
            QKeySequence.StandardKey.Find,
        )
        self._action(edit, _("Recycle &bin…"), self.open_bin, "Ctrl+Shift+B")

        campaign_menu = bar.addMenu(_("&Campaigns"))
        self.plan_action = self._action(
            campaign_menu, _("Create from a &plan's text…"), self.create_campaign_from_plan
        )

        view_menu = bar.addMenu(_("&View"))
        for i, key in enumerate(self._keys):
            title = next(_(v.title) for v in VIEWS if v.key == key)
            shortcut = f"Ctrl+{(i + 1) % 10}" if i < 10 else None
            self._action(view_menu, title, partial(self.show_view, key), shortcut)
        view_menu.addSeparator()
        self._action(view_menu, _("Re&fresh"), self.refresh, QKeySequence.StandardKey.Refresh)
        self._action(view_menu, _("Go to the &navigation pane"), self.nav.setFocus, "F6")

        help_menu = bar.addMenu(_("&Help"))
        self.guide_action = self._action(
            help_menu, _("&User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents
        )
        if not self.guide_action.shortcuts():  # a platform with no help key of its own (macOS: Ctrl+?)
            self.guide_action.setShortcut(QKeySequence("F1"))
        self._action(help_menu, _("&Keyboard shortcuts"), self.show_shortcuts)
        help_menu.addSeparator()
        self._action(help_menu, _("&About emudesk"), self.show_about)
        self._update_undo_actions()

    def create_campaign_from_plan(self) -> None:
        """Phong trào ▸ Tạo từ văn bản kế hoạch…: the new campaign is shown once the clerk accepts."""
        from emudesk.ui.plan_review import create_from_plan

        create_from_plan(self.ctx, self, on_created=lambda cid: self.navigate("campaigns", cid))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_databases()
        for location in recent:
            action = self.recent_menu.addAction(location)
            if "://" in location:  # a server: its password is asked for, never kept
                action.triggered.connect(lambda _c=False, loc=location: self.open_server_dialog(loc))
            else:
                action.triggered.connect(lambda _c=False, loc=location: self.open_database(loc))
        if not recent:
            placeholder = self.recent_menu.addAction(_("(none yet)"))
            placeholder.setEnabled(False)

    def _fill_extension_menu(self, menu: QMenu, kind: Kind) -> None:
        menu.clear()
        menu.setToolTipsVisible(True)
        entries = extensions.entries(kind)
        for entry in entries:
            action = menu.addAction(entry.title)
            action.triggered.connect(lambda _c=False, e=entry: self._run_extension(e))
            if kind == "import":
                self.ctx.permissions.guard(action, "imports.run")
        if not entries:
            placeholder = menu.addAction(_("(nothing installed yet)"))
            placeholder.setEnabled(False)

    def _run_extension(self, entry: MenuEntry) -> None:
        try:
            entry.run(self)
        except EmudeskError as exc:
            show_error(self, exc)

    def _update_undo_actions(self) -> None:
        # "&" in a label (Sở NN&PTNT) would become a mnemonic: doubled, it shows as itself.
        entry = self.ctx.undo.next_undo()
        if entry is None:
            self.undo_action.setText(_("&Undo"))
        elif entry.undoable:
            self.undo_action.setText(_("&Undo: {what}").format(what=entry.label.replace("&", "&&")))
        else:
            self.undo_action.setText(
                _("&Undo: {what} (cannot be undone)").format(what=entry.label.replace("&", "&&"))
            )
        self.undo_action.setEnabled(entry is not None and entry.undoable)
        entry = self.ctx.undo.next_redo()
        self.redo_action.setEnabled(entry is not None)
        self.redo_action.setText(
            _("&Redo: {what}").format(what=entry.label.replace("&", "&&")) if entry else _("&Redo")
        )

    # --- actions --------------------------------------------------------------------------------
    def undo(self) -> None:
        bin_ops.undo(self.ctx, self)

    def redo(self) -> None:
        bin_ops.redo(self.ctx, self)

    def refresh(self) -> None:
        view = self.current_view()
        if view is not None and view.may_leave():
            view.refresh()
            if not self.connection.lost:  # else the read is a try, and the status bar says why
                self.show_status(_("Refreshed."))

    def open_bin(self) -> None:
        from emudesk.ui.views.workspace.bin_dialog import BinDialog

        BinDialog(self.ctx, self).exec()

    def open_statistics_figures(self) -> None:
        """Tệp ▸ Số liệu thống kê: figures of TT 02/2023 forms 0604/0605, which no record holds."""
        from emudesk.ui.views.workspace.statistics_figures_dialog import StatisticsFiguresDialog

        try:
            dialog = StatisticsFiguresDialog(self.ctx, self)
        except EmudeskError as exc:
            show_error(self, exc)
            return
        dialog.exec()

    def open_users(self) -> None:
        """Người dùng: the server's logins and roles (an SQLite file has one user: says so)."""
        from emudesk.ui.views.workspace.users_dialog import UsersDialog

        try:
            dialog = UsersDialog(self.ctx, self)
        except EmudeskError as exc:
            show_error(self, exc)
            return
        dialog.exec()

    def open_settings(self) -> None:
        from emudesk.ui.views.workspace.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        if dialog.exec() and dialog.new_location and dialog.new_location != self._location():
            self.open_database(dialog.new_location)

    def show_guide(self) -> None:
        """Trợ giúp ▸ Hướng dẫn sử dụng (F1): the guide, at the section of the view shown."""
        from emudesk.ui.help_window import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        key = self._keys[self.nav.currentRow()] if 0 <= self.nav.currentRow() < len(self._keys) else ""
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        self.help_window.show_section(key)

    def show_shortcuts(self) -> None:
        """Trợ giúp ▸ Phím tắt: the keys as the window's actions have them now."""
        from emudesk.ui.help_window import ShortcutsDialog, window_shortcuts

        dialog = ShortcutsDialog(window_shortcuts(self, self.current_view()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from emudesk.ui.views.workspace.about_dialog import AboutDialog

        AboutDialog(self.ctx, self).exec()

    def backup_database(self) -> None:
        from emudesk.services.backups import schedule

        if self.store.path is None:
            dialogs.warn(self, _("Backups of a server database are made on the server (pg_dump)."))
            return
        target, _filter = QFileDialog.getSaveFileName(
            self,
            _("Back up the database"),
            str(schedule.default_target(self.store)),
            _("emudesk backup (*.zip)"),
        )
        if not target:
            return
        destination = Path(target)
        if not destination.suffix:
            destination = destination.with_suffix(".zip")
        store = self.store

        def done(_info: object) -> None:
            self.auto_backup.update_label()
            self.show_status(_("Backup written to {path}.").format(path=destination))

        self.tasks.run(
            lambda _progress, _cancel: schedule.make_backup(store, destination),
            parent=self,
            label=_("Writing the backup…"),
            on_success=done,
        )

    def transfer_data(self) -> None:
        """File ▸ Transfer the data to a server… (ui/transfer_dialog.py)."""
        from emudesk.ui.transfer_dialog import transfer_data

        server = next((r for r in self.settings.recent_databases() if "://" in r), "")
        transfer_data(self, self.store, self.tasks, server=server)

    def restore_backup(self) -> None:
        """File ▸ Restore from a backup…: pick the file, then ``restore_from``."""
        if self.store.path is None:
            dialogs.warn(
                self,
                _("A server database is restored on the server (pg_restore); emudesk restores SQLite files."),
            )
            return
        from emudesk.services.backups import schedule

        automatic = schedule.automatic_folder()
        start = automatic if automatic is not None and automatic.is_dir() else paths.backups_dir()
        target, _filter = QFileDialog.getOpenFileName(
            self,
            _("Restore from a backup"),
            str(start),
            _("emudesk backup (*.zip *.sqlite3 *.db);;All files (*)"),
        )
        if target:
            self.restore_from(Path(target))

    def restore_from(self, backup: Path) -> None:
        """Ask (naming the backup's date and contents), close the database, restore it, reopen it."""
        from emudesk.services.backups.archive import read_info
        from emudesk.services.backups.restore import restore

        database = self.store.path
        if database is None:
            return
        try:
            info = read_info(backup)
        except EmudeskError as exc:
            show_error(self, exc)
            return
        details = [
            info.contents,
            _("The current database and its evidence files are kept beside it under a dated name."),
        ]
        answer = dialogs.message(
            self,
            QMessageBox.Icon.Question,
            _("Restore from a backup"),
            _("Replace {database} with the backup made on {when}?").format(
                database=database.name, when=when_text(info.created_at)
            ),
            dialogs.Button.Yes | dialogs.Button.No,
            dialogs.Button.No,
            details,
        )
        if answer != dialogs.Button.Yes:
            return
        if self.tasks.busy:
            dialogs.warn(self, _("Wait until the current work has finished."))
            return
        self.tasks.wait_idle()
        if not self.may_leave_all():
            return
        old = self.store
        self._drop_views()
        old.close()  # nothing may hold the file while it is replaced
        self._set_busy_frame(True)

        def finish(reopened_with: str) -> None:
            self._set_busy_frame(False)
            try:
                store = Store.open(database)
            except EmudeskError as exc:
                show_error(self, exc)
                return
            self._adopt(store, old=None)
            self.show_status(reopened_with)

        def done(result: object) -> None:
            kept = getattr(result, "kept", None)
            finish(_("Restored the backup of {when}.").format(when=when_text(info.created_at)))
            # An older backup's evidence files that could not be moved into the database.
            for notice in getattr(result, "notices", ()):
                dialogs.warn(self, notice)
            if kept is not None:
                dialogs.info(
                    self,
                    _("The backup of {when} is restored. The database it replaced is kept as {path}.").format(
                        when=when_text(info.created_at), path=kept
                    ),
                )

        def failed(exc: BaseException) -> None:
            finish(_("Nothing was restored."))
            show_error(self, exc)

        self.tasks.run(
            lambda _progress, _cancel: restore(backup, database),
            parent=self,
            label=_("Restoring the backup…"),
            on_success=done,
            on_failure=failed,
        )

    def _set_busy_frame(self, busy: bool) -> None:
        # While no database is open, nothing in the window may try to read one.
        self.menuBar().setEnabled(not busy)
        self.splitter.setEnabled(not busy)

    # --- databases ------------------------------------------------------------------------------
    def _location(self) -> str:
        return stored_location(self.store)

    def may_leave_all(self) -> bool:
        """Every view agrees to go (each asks about its own unsaved changes)."""
        return all(view.may_leave() for view in self._views.values())

    def print_list(self) -> None:
        from emudesk.ui.list_print import print_current_list

        print_current_list(self)

    def new_database(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self, _("New database"), str(paths.data_dir()), _("emudesk database (*.sqlite3)")
        )
        if target:
            if not target.endswith(".sqlite3") and "." not in Path(target).name:
                target += ".sqlite3"
            self.open_database(target, create=True)

    def open_database_dialog(self) -> None:
        target, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a database"),
            str(self.store.path.parent if self.store.path else paths.data_dir()),
            _("emudesk database (*.sqlite3 *.db);;All files (*)"),
        )
        if target:
            self.open_database(target)

    def open_server_dialog(self, location: str = "") -> None:
        """File ▸ Kết nối máy chủ…: the fields of the last server (or ``location``); opened on OK."""
        from emudesk.ui.server_dialog import ServerDialog

        if not location:
            location = next((r for r in self.settings.recent_databases() if "://" in r), "")
        dialog = ServerDialog(self, location=location)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.open_database(dialog.location()))
        dialog.open()

    def open_database(self, location: str, *, create: bool = False) -> bool:
        """Close the current database (asking about unsaved changes) and open ``location``."""
        if self.tasks.busy:
            dialogs.warn(self, _("Wait until the current work has finished."))
            return False
        self.tasks.wait_idle()  # let lists of the old database finish loading before it closes
        if not self.may_leave_all():
            return False
        if needs_sign_in(location):
            signed = sign_in.ask(location, self.settings, self)
            if signed is None:
                return False
            location = signed
        try:
            claim = self._claim_for(location)
        except EmudeskError as exc:
            show_error(self, exc)
            return False
        if isinstance(claim, BroughtToFront):
            return False
        try:
            store = Store.open(location, create=create)
        except EmudeskError as exc:
            if claim is not None:
                claim.release()
            if isinstance(exc, NetworkShareError) and Path(exc.path).is_file():
                # An older file on a share: it can't be upgraded there, but a copy here can.
                if dialogs.ask(self, f"{exc}\n\n" + _("Copy it to this computer now?"), default_yes=True):
                    self.copy_to_this_computer(Path(exc.path))
                return False
            show_error(self, exc)
            return False
        self._take_claim(claim)
        old = self.store
        self._drop_views()
        self._adopt(store, old=old)
        return True

    def _drop_views(self) -> None:
        self._save_layout()
        gc.unfreeze()  # the old views become garbage: let the collector see them (entry.settle)
        for view in self._views.values():
            self.stack.removeWidget(view)
            view.deleteLater()
        self._views.clear()

    def _adopt(self, store: Store, *, old: Store | None) -> None:
        """Show ``store`` in the window (its views are built afresh); ``old`` is closed."""
        self.ctx = self._context(store)
        self.connection.watch(store)
        if old is not None:
            old.close()
        self.settings.add_recent_database(self._location())
        self._update_title()
        self.share_bar.show_for(store)
        self._announce_reminders(store)
        self._update_undo_actions()
        self.auto_backup.update_label()
        self._watch_for_damage(store)
        self._show_first_view(self._keys[max(self.nav.currentRow(), 0)])
        self.ctx.bus.announce(EVERYTHING)
        self.show_status(_("Opened {name}.").format(name=store.display_name))
        for notice in store.notices:
            dialogs.info(self, notice)

    def _claim_for(self, location: str) -> Claim | BroughtToFront | None:
        """Hold the file ``location`` names for this window, or bring the window that has it forward.

        Raises:
            DatabaseHeldError: another user or computer has it open (the message says who).
        """
        path = database_path(location)
        if path is None:
            return None
        if self.claim is not None and self.claim.key == file_key(path):
            self.show_status(_("{name} is already open in this window.").format(name=self.store.display_name))
            return BroughtToFront(path)
        # A window of this user that is still opening the file is waited for (single_instance).
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            claimed = claim_file(path)
        finally:
            QApplication.restoreOverrideCursor()
        if isinstance(claimed, BroughtToFront):
            self.show_status(
                _("{path} is open in another emudesk window: it was brought to the front.").format(path=path)
            )
        return claimed

    def _take_claim(self, claim: Claim | None) -> None:
        """Hold the new file (``claim``) and let go of the old one."""
        old, self.claim = self.claim, claim
        if claim is not None:
            claim.activate.connect(self.bring_to_front)
        if old is not None:
            old.release()

    def release_claim(self) -> None:
        self._take_claim(None)

    def bring_to_front(self) -> None:
        """A second window was started on this file: show this one instead."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def copy_to_this_computer(self, source: Path | None = None) -> None:
        """Copy a database on a network share (default: the open one) to this computer, chosen where;
        then open the copy."""
        source = source or self.store.path
        if source is None:
            return
        suggested = paths.data_dir() / source.name
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Copy the database to this computer"), str(suggested), _("emudesk database (*.sqlite3)")
        )
        if not target:
            return

        def opened(copy: LocalCopy) -> None:
            if self.open_database(str(copy.path)):
                self.show_status(_("Copied to {path}; this copy is now open.").format(path=copy.path))

        # The save dialog has asked about replacing an existing file.
        self.tasks.run(
            lambda _progress, _cancel: copy_database(source, target, force=True),
            parent=self,
            label=_("Copying the database to this computer…"),
            on_success=opened,
        )

    def _update_title(self) -> None:
        self.setWindowTitle(f"emudesk – {self.store.display_name}")
        self.db_label.setText(self.store.display_name)

    # --- layout and closing ---------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.state("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.state("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def _save_layout(self) -> None:
        self.settings.set_state("window/geometry", self.saveGeometry())
        self.settings.set_state("window/splitter", self.splitter.saveState())
        for view in self._views.values():
            view.save_layout()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave_all():
            event.ignore()
            return
        if self.tasks.busy and not dialogs.ask(
            self, _("Work is still running. Cancel it and quit?"), _("Quit")
        ):
            event.ignore()
            return
        self._save_layout()
        backup = self.auto_backup.run(closing=True)
        if backup is not None:
            self.tasks.wait(backup)  # a failure is told (once) and closing goes on
        self.tasks.shutdown()
        self.connection.shutdown()
        watch_connection(None)
        self.release_claim()
        if self.help_window is not None:
            self.help_window.close()  # a guide left open would keep the application running
        gc.unfreeze()  # the window and its views may now be collected (entry.settle)
        event.accept()

    def sizeHint(self) -> QSize:
        return QSize(1280, 760)
