"""Labels of one product (issue #25 item 5): how many, on which sticker sheet, from which label of a half-used
sheet, a weighed pack's weight, with or without the price; written as a PDF and opened to print."""

from __future__ import annotations

import io

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QSpinBox, QWidget)

from pos.i18n import _
from pos.money import Quantity
from pos.printing.labels import DEFAULT_SHEET, SHEETS
from pos.services.errors import InvalidInput, PosError
from pos.services.labels import write_labels_pdf
from pos.ui.widgets import dialog_buttons, show_error


class LabelsDialog(QDialog):
    def __init__(self, code: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle(_("Labels: {name}").format(name=name))
        self.copies = QSpinBox()
        self.copies.setRange(1, 500)
        self.sheet = QComboBox()
        for sheet in SHEETS.values():
            self.sheet.addItem(sheet.title, sheet.name)
        self.sheet.setCurrentIndex(self.sheet.findData(DEFAULT_SHEET))
        self.start = QSpinBox()
        self.start.setRange(1, SHEETS[DEFAULT_SHEET].per_sheet)
        self.weight = QLineEdit()
        self.weight.setPlaceholderText(_("only for a weighed pack, e.g. 0,485"))
        self.with_price = QCheckBox(_("Print the price"))
        self.with_price.setChecked(True)
        self.note = QLabel(_("1 = the top left label, row by row: start further on a sheet already used."))
        self.note.setWordWrap(True)
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Make the PDF"))
        form = QFormLayout(self)
        form.addRow(_("Labels"), self.copies)
        form.addRow(_("Sticker sheet"), self.sheet)
        form.addRow(_("Start at label"), self.start)
        form.addRow("", self.note)
        form.addRow(_("Weight of the pack"), self.weight)
        form.addRow("", self.with_price)
        form.addRow(self.buttons)
        self.sheet.currentIndexChanged.connect(
            lambda _i: self.start.setRange(1, SHEETS[self.sheet.currentData()].per_sheet))
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        self.path = None

    def pdf(self) -> bytes:
        """The sheet as PDF bytes, or InvalidInput naming what is wrong."""
        text = self.weight.text().strip()
        try:
            weight = Quantity.of(text) if text else None
        except (ValueError, ArithmeticError):
            raise InvalidInput(_("{qty} is not a quantity.").format(qty=text)) from None
        out = io.BytesIO()
        write_labels_pdf(self.code, out, copies=self.copies.value(), sheet=self.sheet.currentData(),
                         start=self.start.value(), weight=weight, with_price=self.with_price.isChecked())
        return out.getvalue()

    def make(self) -> None:
        from pos.ui.documents import save_and_open

        try:
            data = self.pdf()
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.path = save_and_open(f"label-{self.code}.pdf", data, self)
        self.accept()
