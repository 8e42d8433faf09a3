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


def _claim(target: str | Path | None) -> Claim | BroughtToFront | None:
    """Hold the SQLite file for this window (None for a server), or bring its window to the front.

    Raises:
        DatabaseHeldError: another user or computer has it open.
    """
    from emudesk.services.core.outputs import database_path
    from emudesk.ui.single_instance import claim

    path = database_path(target)
    return claim(path) if path is not None else None


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


def run(args: argparse.Namespace) -> int:
    from emudesk.domain.errors import EmudeskError

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
    claimed: Claim | None = None
    try:
        if not screenshot:  # a screenshot only reads: it may shoot a file a window has open
            outcome = _claim(target)
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
        if claimed is not None:
            claimed.release()
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        if not screenshot:
            dialogs.warn(None, str(exc), title="emudesk")
        return 1
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
