"""Message boxes with Vietnamese buttons: every question and refusal the GUI shows goes through here.

Tests replace ``QMessageBox.exec`` to answer without blocking; these helpers
build the box, translate its buttons and call ``exec`` exactly once.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

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


def may_replace(parent: QWidget | None, chosen: str | Path, target: Path) -> bool:
    """Whether ``target`` may be written: the save dialog returned ``chosen`` and asked about it
    alone; when the app added an extension, an existing file of the new name is asked about here
    (the dialog never saw that name)."""
    if Path(chosen) == target or not target.is_file():
        return True
    return ask(parent, _("“{name}” already exists. Do you want to replace it?").format(name=target.name))
