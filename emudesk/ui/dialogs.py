"""Message boxes with Vietnamese buttons: every question and refusal the GUI shows goes through here.

Tests replace ``QMessageBox.exec`` to answer without blocking; these helpers
build the box, translate its buttons and call ``exec`` exactly once.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from emudesk.i18n import _
from emudesk.ui.qt_translation import translate_buttons

Button = QMessageBox.StandardButton


class SaveChoice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    default: Button = Button.Ok,
    details: Sequence[str] = (),
) -> Button:
    """Show a modal box and return the button pressed.

    ``details`` go into the informative text (QMessageBox's own "Show Details…"
    button cannot be translated without a Qt catalogue).
    """
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setDefaultButton(default)
    if details:
        box.setInformativeText("\n".join(f"• {line}" for line in details))
    translate_buttons(box)
    return Button(box.exec())


def warn(parent: QWidget | None, text: str, details: Sequence[str] = (), title: str = "") -> None:
    message(parent, QMessageBox.Icon.Warning, title or _("Cannot do that"), text, details=details)


def info(parent: QWidget | None, text: str, title: str = "") -> None:
    message(parent, QMessageBox.Icon.Information, title or "emudesk", text)


def ask(parent: QWidget | None, text: str, title: str = "", default_yes: bool = False) -> bool:
    """A yes/no question; No is the default unless ``default_yes``."""
    answer = message(
        parent,
        QMessageBox.Icon.Question,
        title or _("Please confirm"),
        text,
        Button.Yes | Button.No,
        Button.Yes if default_yes else Button.No,
    )
    return answer == Button.Yes


def offer_to_open(parent: QWidget | None, path: Path, title: str) -> None:
    """After a file is written: ask whether to open it (Yes by default), and open it if so."""
    if ask(parent, _("Saved {name}. Open it now?").format(name=path.name), title, default_yes=True):
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_save(parent: QWidget | None, text: str = "") -> SaveChoice:
    """Unsaved changes: save them, throw them away, or stay."""
    answer = message(
        parent,
        QMessageBox.Icon.Warning,
        _("Unsaved changes"),
        text or _("You have changes that are not saved. Save them now?"),
        Button.Save | Button.Discard | Button.Cancel,
        Button.Save,
    )
    if answer == Button.Save:
        return SaveChoice.SAVE
    if answer == Button.Discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_LAST_FOLDER = "dialogs/last_folder"


def file_name(text: str, limit: int = 100) -> str:
    """A file name from a title: "DS đề nghị: BK UBND tỉnh 2025" -> "DS de nghi BK UBND tinh 2025".

    ASCII, case kept, so it survives every file system, zip tool and e-mail client; characters
    Windows refuses are dropped.
    """
    text = text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")  # Ð: Icelandic eth, typed for Đ
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.encode("ascii", "ignore").decode()
    text = " ".join(_NOT_IN_NAMES.sub(" ", text).split())[:limit].strip(" .")
    return text or "emudesk"


def _settings(parent: QWidget | None) -> QSettings | None:
    """The app's settings file, through the main window that owns ``parent`` (a dialog's parent
    window, for a save dialog asked from a dialog): ``AppSettings.qsettings``."""
    widget = parent
    while widget is not None:
        window = widget.window()
        settings = getattr(getattr(window, "settings", None), "qsettings", None)
        if isinstance(settings, QSettings):
            return settings
        widget = window.parentWidget()
    return None


def last_folder(parent: QWidget | None) -> Path:
    """Where the last file was saved, or the Documents folder."""
    settings = _settings(parent)
    remembered = str(settings.value(_LAST_FOLDER, "") or "") if settings is not None else ""
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def save_path(
    parent: QWidget | None,
    title: str,
    name: str,
    filters: str,
    *,
    suffix: str = "",
    options: QFileDialog.Option | None = None,
) -> tuple[str, str]:
    """The save dialog every "Save as"/"Export" goes through: a Vietnamese title and file types, the
    name ``name`` folded to ASCII (plus ``suffix``), in the folder used last time (remembered).

    Returns what ``QFileDialog.getSaveFileName`` does: the path chosen ("" if cancelled) and the
    file type chosen.
    """
    if suffix and not name.lower().endswith(suffix.lower()):
        name += suffix
    stem, dot, ext = name.rpartition(".") if suffix else (name, "", "")
    shown = file_name(stem) + dot + ext if dot else file_name(name)
    start = str(last_folder(parent) / shown)
    if options is None:
        chosen, selected = QFileDialog.getSaveFileName(parent, title, start, filters)
    else:
        chosen, selected = QFileDialog.getSaveFileName(parent, title, start, filters, options=options)
    settings = _settings(parent)
    if chosen and settings is not None:
        settings.setValue(_LAST_FOLDER, str(Path(chosen).parent))
    return chosen, selected


def may_replace(parent: QWidget | None, chosen: str | Path, target: Path) -> bool:
    """Whether ``target`` may be written: the save dialog returned ``chosen`` and asked about it
    alone; when the app added an extension, an existing file of the new name is asked about here
    (the dialog never saw that name)."""
    if Path(chosen) == target or not target.is_file():
        return True
    return ask(parent, _("“{name}” already exists. Do you want to replace it?").format(name=target.name))
