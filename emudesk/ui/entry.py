"""Starting the GUI: the window on a database, or an offscreen screenshot."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from emudesk import paths
from emudesk.i18n import _

if TYPE_CHECKING:
    from emudesk.domain.errors import NetworkShareError
    from emudesk.services.core.store import Store
    from emudesk.ui.app_settings import AppSettings
    from emudesk.ui.main_window import MainWindow
    from emudesk.ui.single_instance import BroughtToFront, Claim


def _last_database(settings: AppSettings) -> str | None:
    """The database the window had open last time, if it is still there."""
    last = settings.last_database()
    if not last:
        return None
    if "://" in last or Path(last).exists():
        return last
    return None


def _target_for(args: argparse.Namespace, settings: AppSettings | None) -> tuple[str | Path | None, bool]:
    """The database the window opens (None: the configured default), and whether to create it."""
    target = getattr(args, "db", None)
    if getattr(args, "demo", False) and not target:
        return paths.data_dir() / "demo.sqlite3", True
    # An explicit --db or EMUDESK_DB wins; then the database the window had open last time;
    # then the configured default (Settings dialog) shared with the command line.
    if target is None and settings is not None and not os.environ.get("EMUDESK_DB"):
        target = _last_database(settings)
    # Only the configured default is made on first start; a --db that names nothing is a typo
    # to report, not a new empty database to open (`emudesk init` makes one on purpose).
    return target, target is None


def _store_for(args: argparse.Namespace, settings: AppSettings | None) -> Store:
    """The store the window opens (see ``_target_for``)."""
    return _open_store(args, *_target_for(args, settings))


def _open_store(args: argparse.Namespace, target: str | Path | None, create: bool) -> Store:
    from emudesk.services.core.store import Store

    if getattr(args, "demo", False) and not getattr(args, "db", None):
        return open_demo(Path(target or paths.data_dir() / "demo.sqlite3"))
    return Store.open(target, create=create)


def _claim(target: str | Path | None, create: bool) -> Claim | BroughtToFront | None:
    """Hold the SQLite file for this window (None for a server), or bring its window to the front.

    Raises:
        DatabaseHeldError: another user or computer has it open.
    """
    from emudesk.services.core.outputs import database_path
    from emudesk.ui.single_instance import claim

    path = database_path(target)
    if path is None:
        return None
    if create:  # the first start: its folder is made now, so the hold can sit beside the new file
        path.parent.mkdir(parents=True, exist_ok=True)
    return claim(path)


def open_demo(path: Path) -> Store:
    """Open the demo database, building it on first use."""
    from emudesk.services.core.store import Store
    from emudesk.services.demo import dataset as demo

    fresh = not path.exists()
    store = Store.open(path, create=True)
    if fresh:
        try:
            with store.write("demo") as session:
                demo.generate(session)
        except BaseException:
            store.close()
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            raise
    return store


def settle(window: MainWindow) -> None:
    """Keep what start-up made out of the garbage collector's full passes.

    Modules, mapped classes, the window and its first view live as long as the app; a full pass
    over them (~150,000 objects) paused the GUI 30–80 ms at random moments (a keystroke, a
    scroll). Frozen now and again once the first view has settled (its choices are filled and
    SQLAlchemy has configured its mappers after the first paint). Opening another database or
    closing the window unfreezes them.
    """
    import gc

    from PySide6.QtCore import QTimer

    gc.freeze()
    QTimer.singleShot(3000, window, gc.freeze)


def _start_on_a_copy(exc: NetworkShareError) -> tuple[Store, Claim | None] | None:
    """An older file on a network share cannot be upgraded there: offer a copy on this computer.

    Returns:
        the copy, open and held; None when the user declines or the copy fails (said in a box).
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QFileDialog

    from emudesk.domain.errors import EmudeskError
    from emudesk.services.core.local_copy import copy_to_this_computer
    from emudesk.services.core.store import Store
    from emudesk.ui import dialogs
    from emudesk.ui.single_instance import Claim

    source = Path(exc.path)
    if not dialogs.ask(None, f"{exc}\n\n" + _("Copy it to this computer now?"), "emudesk", default_yes=True):
        return None
    target, _filter = QFileDialog.getSaveFileName(
        None, _("Copy the database to this computer"), str(paths.data_dir() / source.name),
        _("emudesk database (*.sqlite3)"),
    )  # fmt: skip
    if not target:
        return None
    claimed = None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        copy = copy_to_this_computer(source, target, force=True)  # the dialog asked about replacing
        outcome = _claim(copy.path, False)
        claimed = outcome if isinstance(outcome, Claim) else None
        return Store.open(copy.path), claimed
    except EmudeskError as error:
        if claimed is not None:
            claimed.release()
        dialogs.warn(None, str(error), title="emudesk")
        return None
    finally:
        QApplication.restoreOverrideCursor()


def _refused_login(exc: Exception) -> bool:
    """The server turned the login or its password down (try again), not another trouble."""
    from emudesk.domain.errors import ServerConnectionError

    # The driver's words are translated into a sentence on the way up (db/connection.py).
    if isinstance(exc, ServerConnectionError):
        return exc.login_refused
    text = str(exc).lower()
    return "password authentication failed" in text or "no password supplied" in text


def run(args: argparse.Namespace) -> int:
    from emudesk.domain.errors import EmudeskError, NetworkShareError

    screenshot = getattr(args, "gui_command", None) == "screenshot"
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from emudesk.ui import dialogs, errors, qt_translation
    from emudesk.ui.app_settings import AppSettings
    from emudesk.ui.single_instance import BroughtToFront

    # 125 % and 150 % displays (common on office laptops) scale exactly, not rounded to 100/200 %.
    if QApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("emudesk")
    app.setOrganizationName("emudesk")
    translator = qt_translation.install(app)  # noqa: F841 - must stay alive as long as the app
    # A screenshot must look the same on every machine: never read or write the user's layout.
    settings = (
        AppSettings(Path(tempfile.mkdtemp(prefix="emudesk-shot-")) / "ui.ini")
        if screenshot
        else AppSettings()
    )
    target, create = _target_for(args, None if screenshot else settings)
    signing = False
    if not screenshot:
        from emudesk.services.core.server_login import needs_sign_in
        from emudesk.ui import sign_in

        location = str(target) if target is not None else paths.configured_database()
        if needs_sign_in(location):
            signed = sign_in.ask(location, settings)
            if signed is None:
                return 1
            target, create, signing = signed, False, True
    claimed: Claim | None = None
    try:
        if not screenshot:  # a screenshot only reads: it may shoot a file a window has open
            outcome = _claim(target, create)
            if isinstance(outcome, BroughtToFront):
                print(
                    _("{path} is already open in emudesk: its window was brought to the front.").format(
                        path=outcome.database
                    )
                )
                return 0
            claimed = outcome
        store = _open_store(args, target, create)
    except EmudeskError as exc:
        if signing and _refused_login(exc):
            again = sign_in.ask(str(target), settings, problem=str(exc))
            if again is None:
                return 1
            args.db = again
            return run(args)
        if claimed is not None:
            claimed.release()
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        if screenshot:
            return 1
        if not isinstance(exc, NetworkShareError) or not Path(exc.path).is_file():
            dialogs.warn(None, str(exc), title="emudesk")
            return 1
        copied = _start_on_a_copy(exc)
        if copied is None:
            return 1
        store, claimed = copied
    if screenshot:
        from emudesk.services.core.outputs import check_output

        try:
            store.check_pages()  # nobody would see the box a damaged page brings: fail the run instead
            force = getattr(args, "force", False)
            check_output(args.output, database=store.path, force=force, kind="png", make_folder=True)
        except EmudeskError as exc:
            store.close()
            print(_("error: {message}").format(message=exc), file=sys.stderr)
            return 1
    from emudesk.ui.main_window import MainWindow

    window = MainWindow(store, settings=settings, check_pages=not screenshot, claim=claimed)
    if screenshot:
        from emudesk.ui.screenshot import grab

        try:
            grab(window, args.view, Path(args.output), args.size)
        except (KeyError, ValueError, OSError, EmudeskError) as exc:
            print(_("error: {message}").format(message=exc), file=sys.stderr)
            return 1
        finally:
            # Hidden and deleted, not closed: closing would run the end-of-session work (backups)
            # of a window nobody saw, and a window left shown keeps a later event loop running.
            window.hide()
            window.deleteLater()
            window.tasks.shutdown()
            store.close()
        print(_("Screenshot written to {path}").format(path=args.output))
        return 0
    errors.install_excepthook()
    settings.add_recent_database(str(store.path) if store.path else store.display_name)
    if settings.state("window/geometry") is None:
        screen = QGuiApplication.primaryScreen().availableGeometry()
        window.resize(min(1280, screen.width()), min(760, screen.height()))
        if screen.width() <= 1400 or screen.height() <= 800:
            window.showMaximized()  # a 1366×768 laptop: use all of it
        else:
            window.show()
    else:
        window.show()
    settle(window)
    code = app.exec()
    window.release_claim()
    window.ctx.store.close()
    return int(code)
