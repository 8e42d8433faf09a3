"""Settings ▸ Certificate blanks ▸ Boxes…: where each text goes on one size of blank, as the office
measured its own blanks (millimetres from the sheet's top left, type sizes in points).

The dialog edits a copy; the Settings dialog saves it with the rest on OK.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.errors import ValidationError
from emudesk.i18n import _
from emudesk.services.exports import certificates
from emudesk.services.exports.certificates import Blank, Field, Place
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.widgets.fields import error_banner

_KEYS = ("x", "y", "width", "height", "max_size", "min_size")


class CertificateBoxesDialog(QDialog):
    """One blank size's five boxes, one field at a time, with "Restore defaults".

    Attributes:
        places: the boxes as edited (read them after ``accept``).
    """

    def __init__(self, blank: Blank, places: dict[Field, Place], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blank = blank
        self.places = dict(places)
        self.setWindowTitle(_("Certificate boxes: {blank}").format(blank=blank.value))
        self.banner = error_banner(self)
        self.field = QComboBox(self)
        self.field.setObjectName("box-field")
        for field in Field:
            self.field.addItem(certificates.FIELD_LABELS[field], field.value)
        width, height = blank.size_mm
        self.spins: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        form.addRow(_("Text"), self.field)
        labels = {
            "x": _("From the left edge (mm)"),
            "y": _("From the top edge (mm)"),
            "width": _("Width (mm)"),
            "height": _("Height (mm)"),
            "max_size": _("Largest type size (pt)"),
            "min_size": _("Smallest type size (pt)"),
        }
        limits = {
            "x": width,
            "y": height,
            "width": width,
            "height": height,
            "max_size": certificates.SIZE_RANGE[1],
            "min_size": certificates.SIZE_RANGE[1],
        }
        for key in _KEYS:
            spin = QDoubleSpinBox(self)
            spin.setObjectName(f"box-{key}")
            spin.setRange(0.0, limits[key])
            # Two decimals: the usual boxes are fractions of the sheet (44.55 mm), kept as they are
            # unless the clerk changes them.
            spin.setDecimals(2)
            spin.setSingleStep(0.5)
            spin.valueChanged.connect(self._keep)
            self.spins[key] = spin
            form.addRow(labels[key], spin)
        self.defaults = QPushButton(_("Restore defaults"), self)
        self.defaults.setToolTip(_("Every box of this blank size back to the usual place"))
        self.defaults.clicked.connect(self._restore)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        translate_buttons(buttons)
        buttons.addButton(self.defaults, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._shown = Field(self.field.currentData())
        self._show()
        self.field.currentIndexChanged.connect(lambda _i: self._show())

    def _show(self) -> None:
        self._shown = Field(self.field.currentData())
        place = self.places[self._shown]
        for key, spin in self.spins.items():
            blocked = spin.blockSignals(True)
            spin.setValue(float(getattr(place, key)))
            spin.blockSignals(blocked)

    def _keep(self) -> None:
        self.places[self._shown] = Place(*(self.spins[k].value() for k in _KEYS))

    def _restore(self) -> None:
        self.places = certificates.default_places(self.blank)
        self._show()

    def _accept(self) -> None:
        for field, place in self.places.items():
            try:
                certificates.check_place(self.blank, field, place)
            except ValidationError as exc:
                self.field.setCurrentIndex(self.field.findData(field.value))
                self.banner.setText(exc.message)
                self.banner.setVisible(True)
                return
        self.accept()
