"""Refunds and voids: find the sale by its receipt number, choose lines, money back, owner's PIN."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _, format_datetime, format_money, format_number
from pos.money import Quantity
from pos.services.errors import PosError
from pos.services.receipts import receipt_number_from_scan
from pos.services.refund_completion import RefundDone, RefundView, complete_refund, complete_void, refund_view
from pos.services.refunds import (CASH, DEPOSIT, ORIGINAL, RefundableLine, RefundResult, matching_sales,
                                  money_back_preview)
from pos.services.clock import zone_name
from pos.ui.widgets import BIG, big_button, show_error


class RefundDialog(QDialog):
    def __init__(self, till_id: str, shift_id: int, staff_id: int, parent: QWidget | None = None,
                 printer=None) -> None:
        super().__init__(parent)
        self.printer = printer  # pos.ui.printer.Printer: the refund slip goes through the print queue
        # several sales of that short number on other tills: the cashier picks one (tests answer for them)
        self.choose_sale: Callable[[list[str]], str | None] = self._ask_which
        self.setWindowTitle(_("Refund or void"))
        self.till_id, self.shift_id, self.staff_id = till_id, shift_id, staff_id
        self.number = QLineEdit()
        self.number.setStyleSheet(BIG)
        self.number.setPlaceholderText(_("Receipt number, e.g. K1-000123 or just 123 (or scan its QR)"))
        self.find_button = QPushButton(_("Find"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Item"), _("Sold"), _("Can refund"), _("Refund")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.back_to = QComboBox()
        for code, label in ((ORIGINAL, _("The way it was paid")), (CASH, _("Cash from the drawer")),
                            (DEPOSIT, _("To the customer's deposit"))):
            self.back_to.addItem(label, code)
        self.back_to.currentIndexChanged.connect(lambda _i: self.update_money_back())  # cash is rounded
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(_("Owner's PIN"))
        self.refund_button = big_button(_("Refund"), color="#c62828")
        self.void_button = big_button(_("Void the whole sale"))
        self.summary = QLabel()  # the sale's date, customer and total: checked before the owner's PIN
        self.summary.setWordWrap(True)
        self.money_back = QLabel()  # what goes back for the quantities chosen, before the PIN
        self.money_back.setStyleSheet("font-size: 14pt; font-weight: 600;")
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
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.money_back)
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
        self.table.itemChanged.connect(lambda _item: self.update_money_back())
        self.lines: list[RefundableLine] = []
        self.done_result: RefundResult | None = None
        self.resize(760, 520)

    def _ask_which(self, numbers: list[str]) -> str | None:
        number, ok = QInputDialog.getItem(self, _("Which sale?"), _("Several tills have a sale with that number:"),
                                          numbers, 0, False)
        return number if ok else None

    def find(self) -> None:
        typed = receipt_number_from_scan(self.number.text())  # the receipt's QR holds a WhatsApp link
        numbers = matching_sales(typed, self.till_id)
        if not numbers:
            show_error(self, _("There is no sale {number}.").format(number=typed or "-"), focus=self.number)
            return
        number = numbers[0] if len(numbers) == 1 else self.choose_sale(numbers)
        if number is None:
            return
        self.number.setText(number)
        try:
            view = refund_view(number)
        except PosError as exc:
            show_error(self, str(exc), focus=self.number)
            return
        self._show_sale(view)

    def _show_sale(self, view: RefundView) -> None:
        summary, self.lines = view.summary, list(view.lines)
        when = format_datetime(summary.created_at, zone_name())
        self.summary.setText(_("Sale {number} of {when} · {customer} · total {total}").format(
            number=summary.number, when=when, customer=summary.customer or _("walk-in customer"),
            total=format_money(summary.total)))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            name = line.description + (f" · {line.choices}" if line.choices else "") + (
                " (" + _("free") + ")" if line.is_bonus else "")
            for col, text in enumerate((name, format_number(line.sold), format_number(line.refundable), "0")):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.update_money_back()
        if self.lines:  # the keyboard goes on where the cashier types next: the first line's quantity to refund
            self.table.setCurrentCell(0, 3)
            self.table.setFocus()

    def set_refund_quantity(self, row: int, text: str) -> None:
        self.table.item(row, 3).setText(text)

    def update_money_back(self) -> None:
        """The amount to give back for the quantities chosen so far, before anyone types the PIN."""
        wanted = self.wanted(quiet=True)
        if wanted is None:
            self.money_back.setText(_("Give back: — (a quantity is not a number)"))
            return
        try:
            amount = money_back_preview(self.number.text().strip(), wanted, self.back_to.currentData())
        except PosError as exc:
            self.money_back.setText(str(exc))
            return
        self.money_back.setText(_("Give back: {amount}").format(amount=format_money(amount)))

    def wanted(self, quiet: bool = False) -> dict[int, Quantity] | None:
        wanted = {}
        for row, line in enumerate(self.lines):
            item = self.table.item(row, 3)
            text = (item.text() if item is not None else "").strip() or "0"
            try:
                qty = Quantity.of(text)
            except (ValueError, ArithmeticError):
                if not quiet:
                    show_error(self, _("{qty} is not a quantity.").format(qty=text))
                return None
            if qty.thousandths:
                wanted[line.line_id] = qty
        return wanted

    def _slip_printer(self):
        """Where the refund slip goes: like a receipt, whenever this till has a printer."""
        return self.printer.config_for(self.printer.configured) if self.printer is not None else None

    def do_refund(self) -> None:
        wanted = self.wanted()
        if wanted is None:
            return
        try:
            done = complete_refund(self.number.text().strip(), wanted, back_to=self.back_to.currentData(),
                                   owner_pin=self.pin.text(), staff_id=self.staff_id, shift_id=self.shift_id,
                                   till_id=self.till_id, printer=self._slip_printer())
        except PosError as exc:
            show_error(self, str(exc))
            return
        self._show_done(done)

    def do_void(self) -> None:
        try:
            done = complete_void(self.number.text().strip(), owner_pin=self.pin.text(), staff_id=self.staff_id,
                                 shift_id=self.shift_id, till_id=self.till_id, printer=self._slip_printer())
        except PosError as exc:
            show_error(self, str(exc))
            return
        self._show_done(done)

    def _show_done(self, done: RefundDone) -> None:
        r = self.done_result = done.refund
        text = _("Refund {number}: give back {amount}.").format(number=r.number, amount=format_money(r.money_back))
        if r.deducted.minor:
            text += " " + _("{amount} kept back: free items, price breaks or promotion discounts that the items "
                            "kept no longer earn.").format(amount=format_money(r.deducted))
        self.result.setText(text)
        self.pin.clear()
        if self.printer is not None:  # the refund slip, stored already; sent in the background
            self.printer.deliver(done.printed)
        self._show_sale(done.sale)
