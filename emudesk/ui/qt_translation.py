"""Vietnamese for Qt's own strings: dialog buttons, text-field menus, file dialogs.

PySide6 ships no ``qtbase_vi.qm``, so a small translator answers Qt's lookups
from our gettext catalogue; the msgids below are Qt's own English source texts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from emudesk.i18n import N_, _, current_language

# Qt source texts (QPlatformTheme, QMessageBox, QLineEdit, QWidgetTextControl, QFileDialog…).
QT_STRINGS: tuple[str, ...] = (
    N_("OK"),
    N_("Cancel"),
    N_("&Yes"),
    N_("&No"),
    N_("Yes to &All"),
    N_("N&o to All"),
    N_("Save"),
    N_("&Save"),
    N_("Save All"),
    N_("&Open"),
    N_("Close"),
    N_("Discard"),
    N_("Don't Save"),
    N_("Close without Saving"),
    N_("Apply"),
    N_("Reset"),
    N_("Restore Defaults"),
    N_("Help"),
    N_("Abort"),
    N_("Retry"),
    N_("Ignore"),
    N_("Show Details..."),
    N_("Hide Details..."),
    N_("&Undo"),
    N_("&Redo"),
    N_("Cu&t"),
    N_("&Copy"),
    N_("&Paste"),
    N_("Delete"),
    N_("Select All"),
    N_("Look in:"),
    N_("File &name:"),
    N_("Files of type:"),
    N_("&Choose"),
    N_("Directory:"),
    N_("Back"),
    N_("Forward"),
    N_("Parent Directory"),
    N_("Create New Folder"),
    N_("List View"),
    N_("Detail View"),
    N_("Name"),
    N_("Size"),
    N_("Type"),
    N_("Date Modified"),
    N_("All Files (*)"),
    # Qt 6's file dialog puts mnemonics in these two labels, and names its panes for screen readers.
    N_("&Look in:"),
    N_("Files of &type:"),
    N_("Files"),
    N_("Sidebar"),
    N_("&New Folder"),
    N_("&Rename"),
    N_("&Delete"),
    N_("Show &hidden files"),
    N_("%1 already exists.\nDo you want to replace it?"),
)
_KNOWN = frozenset(QT_STRINGS)

BUTTON_TEXTS: dict[QMessageBox.StandardButton, str] = {
    QMessageBox.StandardButton.Ok: N_("OK"),
    QMessageBox.StandardButton.Cancel: N_("Cancel"),
    QMessageBox.StandardButton.Yes: N_("&Yes"),
    QMessageBox.StandardButton.No: N_("&No"),
    QMessageBox.StandardButton.Save: N_("Save"),
    QMessageBox.StandardButton.Discard: N_("Don't Save"),
    QMessageBox.StandardButton.Close: N_("Close"),
    QMessageBox.StandardButton.Apply: N_("Apply"),
    QMessageBox.StandardButton.Reset: N_("Reset"),
    QMessageBox.StandardButton.RestoreDefaults: N_("Restore Defaults"),
    QMessageBox.StandardButton.Help: N_("Help"),
    QMessageBox.StandardButton.Open: N_("&Open"),
    QMessageBox.StandardButton.Abort: N_("Abort"),
    QMessageBox.StandardButton.Retry: N_("Retry"),
    QMessageBox.StandardButton.Ignore: N_("Ignore"),
}


class GettextTranslator(QTranslator):
    """Answers Qt's translation lookups for ``QT_STRINGS`` from the app's catalogue."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        if source in _KNOWN:
            return _(source)
        return source

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication) -> QTranslator | None:
    """Install the translator unless the language is English; keep the returned object alive."""
    if current_language() == "en":
        return None
    translator = GettextTranslator(app)
    app.installTranslator(translator)
    return translator


def translate_buttons(box: QMessageBox | QDialogButtonBox) -> None:
    """Set our texts on a box's standard buttons (works with or without the translator)."""
    if isinstance(box, QMessageBox):
        for button in box.buttons():
            std = box.standardButton(button)
            if std in BUTTON_TEXTS:
                button.setText(_(BUTTON_TEXTS[std]))
        return
    for button in box.buttons():
        std = QMessageBox.StandardButton(box.standardButton(button).value)
        if std in BUTTON_TEXTS:
            button.setText(_(BUTTON_TEXTS[std]))
