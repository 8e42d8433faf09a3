"""Settings: where the database is, where automatic backups go, and the office's names and signer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from emudesk import paths
from emudesk.i18n import N_, _
from emudesk.services.backups import schedule
from emudesk.services.campaigns.achievements import (
    DEFAULT_EVIDENCE_MB,
    EVIDENCE_LIMIT_KEY,
    MAX_EVIDENCE_MB,
)
from emudesk.services.core.store import all_settings
from emudesk.services.exports import certificates
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.operations import settings_ops
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.widgets.fields import FormRows, error_banner

# Setting key -> label, in the order the form shows them.
OFFICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("office.parent_agency", N_("Governing body (cơ quan chủ quản)")),
    ("office.issuing_agency", N_("Issuing office (cơ quan ban hành)")),
    ("office.symbol", N_("Office symbol in document numbers")),
    ("office.place", N_("Place name for the dateline (địa danh)")),
)
SIGNER_FIELDS: tuple[tuple[str, str], ...] = (
    ("signer.authority", N_("Signing authority (e.g. KT. GIÁM ĐỐC)")),
    ("signer.title", N_("Title (chức vụ)")),
    ("signer.name", N_("Full name (họ tên)")),
)


class SettingsDialog(QDialog):
    """Database location (this computer) and office settings (stored in the database itself).

    Attributes:
        new_location: the database the user chose, for the window to open after OK.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Settings"))
        self.new_location: str | None = None
        self.banner = error_banner(self)

        db_box = QGroupBox(_("Database"), self)
        self.use_file = QRadioButton(_("A file on this computer"), db_box)
        self.use_server = QRadioButton(_("A database server (PostgreSQL)"), db_box)
        self.file_path = QLineEdit(db_box)
        browse = QPushButton(_("Browse…"), db_box)
        browse.clicked.connect(self._browse)
        self.server_url = QLineEdit(db_box)
        self.server_url.setPlaceholderText("postgresql://user@server/emudesk")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_path, 1)
        file_row.addWidget(browse)
        db_form = QFormLayout(db_box)
        self.db_rows = FormRows(db_form, self.banner)
        db_form.addRow(self.use_file)
        file_widget = QWidget()
        file_widget.setLayout(file_row)
        self.db_rows.add("file", _("File"), file_widget)
        db_form.addRow(self.use_server)
        self.db_rows.add("server", _("Server URL"), self.server_url)
        current = ctx.store.path
        if current is not None:
            self.use_file.setChecked(True)
            self.file_path.setText(str(current))
        else:
            self.use_server.setChecked(True)
            self.server_url.setText(ctx.store.display_name)
        self.use_file.toggled.connect(self._sync_enabled)
        self._sync_enabled()
        note = QLabel(
            _("The command line (emudesk …) uses the same database unless EMUDESK_DB says otherwise."), db_box
        )
        note.setWordWrap(True)
        db_form.addRow(note)

        backup_box = self._backup_box()

        with ctx.store.read() as session:
            self.initial: dict[str, Any] = all_settings(session)
        self.fields: dict[str, QLineEdit] = {}
        office_box = QGroupBox(_("The office, as printed in document headers"), self)
        office_form = QFormLayout(office_box)
        for key, label in OFFICE_FIELDS:
            self.fields[key] = QLineEdit(str(self.initial.get(key) or ""), office_box)
            office_form.addRow(_(label), self.fields[key])
        signer_box = QGroupBox(_("Default signer"), self)
        signer_form = QFormLayout(signer_box)
        for key, label in SIGNER_FIELDS:
            self.fields[key] = QLineEdit(str(self.initial.get(key) or ""), signer_box)
            signer_form.addRow(_(label), self.fields[key])
        evidence_box = QGroupBox(_("Evidence files"), self)
        evidence_form = QFormLayout(evidence_box)
        self.evidence_limit = QSpinBox(evidence_box)
        self.evidence_limit.setRange(1, MAX_EVIDENCE_MB)
        self.evidence_limit.setSuffix(" MB")
        limit = self.initial.get(EVIDENCE_LIMIT_KEY)
        self.evidence_limit.setValue(int(limit) if isinstance(limit, int | float) else DEFAULT_EVIDENCE_MB)
        # A tooltip, not a line of text: the dialog must still fit a 768-pixel-high screen.
        self.evidence_limit.setToolTip(
            _(
                "Evidence files are stored in the database, so every computer using it opens them and "
                "every backup carries them; a larger file is refused."
            )
        )
        evidence_form.addRow(_("Largest file"), self.evidence_limit)
        blanks_box = self._blanks_box()
        for box in (office_box, signer_box, evidence_box, blanks_box):
            ctx.permissions.guard(box, "settings.edit")
        hint = QLabel(
            _("These travel with the database, so every computer using it prints the same headers."), self
        )
        hint.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        translate_buttons(buttons)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        # The boxes scroll, the banner and the buttons stay: on a 1366×768 screen at 125 % the
        # dialog has some 540 pixels of height, less than the boxes need.
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(db_box)
        column.addWidget(backup_box)
        column.addWidget(office_box)
        column.addWidget(signer_box)
        column.addWidget(hint)
        lower = QHBoxLayout()
        lower.addWidget(evidence_box)
        lower.addWidget(blanks_box, 1)
        column.addLayout(lower)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, 760)  # shrunk to a smaller screen as it shows (ui/screen_fit.py)

    def _blanks_box(self) -> QGroupBox:
        """The printer's offset for each size of certificate blank, in millimetres: one size at a time,
        so the box takes one line (the dialog must fit a 768-pixel-high screen)."""
        box = QGroupBox(_("Certificate blanks: printer offset (mm)"), self)
        box.setToolTip(
            _(
                "Print the calibration page (emudesk export certificates --calibration), hold it against a "
                "blank and note how far the boxes are off: right and down are positive."
            )
        )
        with self.ctx.store.read() as session:
            self.initial_offsets = certificates.offsets(session)
        self.offset_values = dict(self.initial_offsets)
        self.blank = QComboBox(box)
        for blank in certificates.Blank:
            self.blank.addItem(blank.value, blank)
        self.offset_x, self.offset_y = QDoubleSpinBox(box), QDoubleSpinBox(box)
        for spin, name in ((self.offset_x, "offset-x"), (self.offset_y, "offset-y")):
            spin.setObjectName(name)
            spin.setRange(-certificates.MAX_OFFSET_MM, certificates.MAX_OFFSET_MM)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.valueChanged.connect(self._keep_offset)
        self._shown_blank = certificates.Blank(self.blank.currentData())
        self._show_offset()
        self.blank.currentIndexChanged.connect(lambda _i: self._show_offset())
        with self.ctx.store.read() as session:
            self.initial_places = certificates.layouts(session)
        self.place_values = {b: dict(p) for b, p in self.initial_places.items()}
        self.boxes_button = QPushButton(_("Boxes…"), box)
        self.boxes_button.setToolTip(
            _("Where each text goes on this blank size, as measured on the office's blanks")
        )
        self.boxes_button.clicked.connect(self._edit_boxes)
        row = QHBoxLayout(box)
        row.addWidget(self.blank)
        row.addWidget(QLabel(_("Right"), box))
        row.addWidget(self.offset_x)
        row.addWidget(QLabel(_("Down"), box))
        row.addWidget(self.offset_y)
        row.addWidget(self.boxes_button)
        return box

    def _edit_boxes(self) -> None:
        from emudesk.ui.views.workspace.certificate_boxes import CertificateBoxesDialog

        blank = certificates.Blank(self.blank.currentData())
        dialog = CertificateBoxesDialog(blank, self.place_values[blank], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.place_values[blank] = dict(dialog.places)

    def _show_offset(self) -> None:
        self._shown_blank = certificates.Blank(self.blank.currentData())
        offset = self.offset_values[self._shown_blank]
        for spin, value in ((self.offset_x, offset.x), (self.offset_y, offset.y)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def _keep_offset(self) -> None:
        self.offset_values[self._shown_blank] = certificates.Offset(
            self.offset_x.value(), self.offset_y.value()
        )

    def offsets(self) -> dict[certificates.Blank, certificates.Offset]:
        return dict(self.offset_values)

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox(_("Automatic backups"), self)
        self.backup_folder = QLineEdit(box)
        self.backup_folder.setPlaceholderText(_("No folder: automatic backups are off"))
        current = schedule.automatic_folder()
        self.backup_folder.setText(str(current) if current else "")
        choose = QPushButton(_("Choose…"), box)
        choose.clicked.connect(self._choose_backup_folder)
        row = QHBoxLayout()
        row.addWidget(self.backup_folder, 1)
        row.addWidget(choose)
        form = QFormLayout(box)
        widget = QWidget()
        widget.setLayout(row)
        form.addRow(_("Folder"), widget)
        self.backup_warning = QLabel(box)
        self.backup_warning.setWordWrap(True)
        self.backup_warning.setStyleSheet("color: #b3261e;")
        form.addRow(self.backup_warning)
        note = QLabel(
            _(
                "emudesk backs up the database and its evidence files there when the window closes and "
                "once a day while it is open, keeping 7 daily, 4 weekly and 12 monthly backups."
            ),
            box,
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.backup_folder.textChanged.connect(self._check_backup_folder)
        self._check_backup_folder()
        return box

    def _choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Choose the folder for automatic backups"), self.backup_folder.text() or str(Path.home())
        )
        if folder:
            self.backup_folder.setText(folder)

    def _check_backup_folder(self) -> None:
        """Warn when the folder shares the database's disk: a failing disk takes both."""
        text = self.backup_folder.text().strip()
        database = self.ctx.store.path
        warning = ""
        if text and database is not None:
            folder = Path(text).expanduser()
            if not folder.is_dir():
                warning = _("This folder does not exist (is the USB stick plugged in?).")
            elif schedule.same_disk(folder, database):
                warning = _(
                    "This folder is on the same disk as the database: if the disk fails, both are lost. "
                    "Choose another drive or a USB stick."
                )
        self.backup_warning.setText(warning)
        self.backup_warning.setVisible(bool(warning))

    def _sync_enabled(self) -> None:
        on_file = self.use_file.isChecked()
        self.file_path.setEnabled(on_file)
        self.server_url.setEnabled(not on_file)

    def _browse(self) -> None:
        target, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the database file"),
            self.file_path.text() or str(paths.data_dir()),
            _("emudesk database (*.sqlite3 *.db);;All files (*)"),
        )
        if target:
            self.file_path.setText(target)

    def location(self) -> str:
        return self.file_path.text().strip() if self.use_file.isChecked() else self.server_url.text().strip()

    def office_values(self) -> dict[str, str]:
        return {key: w.text().strip() for key, w in self.fields.items()}

    def _accept(self) -> None:
        location = self.location()
        if not location:
            self.db_rows.set_problems(
                {"file" if self.use_file.isChecked() else "server": _("Say where the database is.")}
            )
            return
        if not self.use_file.isChecked() and "://" not in location:
            self.db_rows.set_problems({"server": _("A server URL starts with postgresql://")})
            return
        folder_text = self.backup_folder.text().strip()
        folder = Path(folder_text).expanduser() if folder_text else None
        if folder != schedule.automatic_folder():
            schedule.set_automatic_folder(folder)
        changed: dict[str, Any] = {
            k: v for k, v in self.office_values().items() if v != str(self.initial.get(k) or "")
        }
        if self.evidence_limit.value() != self.initial.get(EVIDENCE_LIMIT_KEY):
            changed[EVIDENCE_LIMIT_KEY] = self.evidence_limit.value()
        if self.offsets() != self.initial_offsets:
            changed[certificates.OFFSETS_KEY] = certificates.offsets_value(self.offsets())
        if self.place_values != self.initial_places:
            changed[certificates.LAYOUTS_KEY] = certificates.layouts_value(self.place_values)
        if changed:
            task = settings_ops.save_database_settings(self.ctx, self, changed)
            self.ctx.tasks.wait(task)
        current = str(self.ctx.store.path) if self.ctx.store.path else self.ctx.store.display_name
        if location != current:
            if not dialogs.ask(
                self,
                _("Open {location} now and use it from now on?").format(location=location),
                _("Database"),
                default_yes=True,
            ):
                return
            paths.save_configured_database(location)
            self.new_location = location
        self.accept()
