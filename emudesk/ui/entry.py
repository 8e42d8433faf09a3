"""Starting the GUI: the window on a database, or an offscreen screenshot."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from emudesk import paths
from emudesk.i18n import _


def _store_for(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from emudesk.services.store import Store

    if getattr(args, "demo", False) and not getattr(args, "db", None):
        return open_demo(paths.data_dir() / "demo.sqlite3")
    return Store.open(getattr(args, "db", None), create=True)


def open_demo(path: Path):  # type: ignore[no-untyped-def]
    """Open the demo database, building it on first use."""
    from emudesk.services import demo
    from emudesk.services.store import Store

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


def run(args: argparse.Namespace) -> int:
    from emudesk.domain.errors import EmudeskError

    if getattr(args, "gui_command", None) == "screenshot":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("emudesk")
    app.setOrganizationName("emudesk")
    try:
        store = _store_for(args)
    except EmudeskError as exc:
        if getattr(args, "gui_command", None) == "screenshot":
            print(_("error: {message}").format(message=exc), file=sys.stderr)
        else:
            QMessageBox.critical(None, "emudesk", str(exc))
        return 1
    from emudesk.ui.main_window import MainWindow

    window = MainWindow(store)
    if getattr(args, "gui_command", None) == "screenshot":
        from emudesk.ui.screenshot import grab

        try:
            grab(window, args.view, Path(args.output), args.size)
        except (KeyError, ValueError, OSError) as exc:
            print(_("error: {message}").format(message=exc), file=sys.stderr)
            return 1
        finally:
            store.close()
        print(_("Screenshot written to {path}").format(path=args.output))
        return 0
    window.resize(1280, 760)
    window.show()
    code = app.exec()
    store.close()
    return int(code)
