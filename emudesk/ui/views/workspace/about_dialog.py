"""About emudesk: version, the open database, where settings live."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from emudesk import __version__, paths
from emudesk.i18n import _
from emudesk.ui.context import AppContext
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.widgets.detail import InfoForm, title_label


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About emudesk"))
        title = title_label(self, 1.6)
        title.setText(f"emudesk {__version__}")
        blurb = QLabel(
            _("Emulation and commendation office: register, campaigns, nominations, awards."), self
        )
        blurb.setWordWrap(True)
        info = InfoForm(self)
        self.database = ctx.store.display_name
        info.set_rows(
            [
                (_("Version"), __version__),
                (_("Database"), self.database),
                (_("Settings folder"), str(paths.config_dir())),
                (_("Log folder"), str(paths.log_dir())),
                ("Qt / PySide6", f"{qVersion()} / {pyside_version}"),
                ("Python", platform.python_version()),
            ]
        )
        license_label = QLabel(
            _("Free software under the GNU General Public License, version 3 or later."), self
        )
        license_label.setWordWrap(True)
        license_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        translate_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addWidget(info)
        layout.addWidget(license_label)
        layout.addWidget(buttons)
        self.resize(560, 320)
