"""Refunds and voids: find the sale by its receipt number, choose lines, money back, owner's PIN."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _, format_money, format_number
from pos.money import Quantity
from pos.services.errors import PosError
from pos.services.receipts import receipt_number_from_scan
from pos.services.refunds import (CASH, DEPOSIT, ORIGINAL, RefundableLine, RefundResult, refund, refundable_lines,
                                  void_sale)
from pos.ui.widgets import BIG, big_button, show_error


class RefundDialog(QDialog):
    def __init__(self, till_id: str, shift_id: int, staff_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Refund or void"))
        self.till_id, self.shift_id, self.staff_id = till_id, shift_id, staff_id
        self.number = QLineEdit()
        self.number.setStyleSheet(BIG)
        self.number.setPlaceholderText(_("Receipt number, e.g. K1-000123 (or scan its QR)"))
        self.find_button = QPushButton(_("Find"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Item"), _("Sold"), _("Can refund"), _("Refund")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.back_to = QComboBox()
        for code, label in ((ORIGINAL, _("The way it was paid")), (CASH, _("Cash from the drawer")),
                            (DEPOSIT, _("To the customer's deposit"))):
            self.back_to.addItem(label, code)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(_("Owner's PIN"))
        self.refund_button = big_button(_("Refund"), color="#c62828")
        self.void_button = big_button(_("Void the whole sale"))
        self.result = QLabel()
        self.result.setStyleSheet("font-size: 14pt;")
        top = QHBoxLayout()
        top.addWidget(self.number, 1)
        top.addWidget(self.find_button)
        form = QFormLayout()
        form.addRow(_("Money back"), self.back_to)
        form.addRow(_("Owner's PIN"), self.pin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refund_button)
        buttons.addWidget(self.void_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.number.returnPressed.connect(self.find)
        self.pin.returnPressed.connect(self.do_refund)  # Enter after the PIN refunds
        for b in (self.find_button, self.refund_button, self.void_button):
            b.setAutoDefault(False)  # Enter in a field runs that field's action once, never a button's as well
        self.table.setTabKeyNavigation(False)  # Tab leaves the lines for the money-back choice and the PIN
        self.find_button.clicked.connect(self.find)
        self.refund_button.clicked.connect(self.do_refund)
        self.void_button.clicked.connect(self.do_void)
        self.lines: list[RefundableLine] = []
        self.done_result: RefundResult | None = None
        self.resize(760, 520)

    def find(self) -> None:
        self.number.setText(receipt_number_from_scan(self.number.text()))  # the receipt's QR holds a WhatsApp link
        try:
            self.lines = refundable_lines(self.number.text())
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            name = line.description + (" (" + _("free") + ")" if line.is_bonus else "")
            for col, text in enumerate((name, format_number(line.sold), format_number(line.refundable), "0")):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.lines:  # the keyboard goes on where the cashier types next: the first line's quantity to refund
            self.table.setCurrentCell(0, 3)
            self.table.setFocus()

    def set_refund_quantity(self, row: int, text: str) -> None:
        self.table.item(row, 3).setText(text)

    def wanted(self) -> dict[int, Quantity] | None:
        wanted = {}
        for row, line in enumerate(self.lines):
            text = self.table.item(row, 3).text().strip() or "0"
            try:
                qty = Quantity.of(text)
            except (ValueError, ArithmeticError):
                show_error(self, _("{qty} is not a quantity.").format(qty=text))
                return None
            if qty.thousandths:
                wanted[line.line_id] = qty
        return wanted

    def do_refund(self) -> None:
        wanted = self.wanted()
        if wanted is None:
            return
        try:
            self.done_result = refund(self.number.text().strip(), wanted, back_to=self.back_to.currentData(),
                                      owner_pin=self.pin.text(), staff_id=self.staff_id, shift_id=self.shift_id,
                                      till_id=self.till_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self._show_done()

    def do_void(self) -> None:
        try:
            self.done_result = void_sale(self.number.text().strip(), owner_pin=self.pin.text(),
                                         staff_id=self.staff_id, shift_id=self.shift_id, till_id=self.till_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self._show_done()

    def _show_done(self) -> None:
        r = self.done_result
        text = _("Refund {number}: give back {amount}.").format(number=r.number, amount=format_money(r.money_back))
        if r.deducted.minor:
            text += " " + _("{amount} kept for free items no longer earned.").format(amount=format_money(r.deducted))
        self.result.setText(text)
        self.pin.clear()
        self.find()
