"""Payment: cash with change, QRIS, transfer, card, kasbon, deposit, and any split of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QPushButton, QVBoxLayout, QWidget)

from pos.domain.pricing import PricedCart
from pos.domain.payment_methods import CASH, QRIS, codes, gives_change, needs_customer
from pos.domain.till import Tender, amount_due
from pos.i18n import _, format_money
from pos.money import Money, parse_amount
from pos.services.receipts import method_name
from pos.ui.widgets import BIG, big_button, show_error

QUICK_CASH = (20_000, 50_000, 100_000)


class PaymentDialog(QDialog):
    """Collects the tenders; the sale screen completes the sale with them (the service checks them)."""

    def __init__(self, priced: PricedCart, has_customer: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Payment"))
        self.priced = priced
        self.tenders: list[Tender] = []
        self.method = CASH
        self.due_label = QLabel()
        self.due_label.setStyleSheet("font-size: 24pt; font-weight: 700;")
        self.methods = QButtonGroup(self)
        method_row = QHBoxLayout()
        self.method_buttons: dict[str, QPushButton] = {}
        for key, method in enumerate(codes(), start=1):
            button = big_button(f"{method_name(method).split(' (')[0]} (F{key})")
            shortcut = QShortcut(QKeySequence(f"F{key}"), self)  # at once: a button's own shortcut clicks 100 ms
            shortcut.activated.connect(lambda m=method, b=button: b.isEnabled() and self.choose(m))  # later
            button.setCheckable(True)
            button.setEnabled(has_customer or not needs_customer(method))
            button.clicked.connect(lambda _c=False, m=method: self.choose(m))
            self.methods.addButton(button)
            method_row.addWidget(button)
            self.method_buttons[method] = button
        self.amount = QLineEdit()
        self.tendered = QLineEdit()
        self.reference = QLineEdit()
        for field in (self.amount, self.tendered, self.reference):
            field.setStyleSheet(BIG)
        self.change_label = QLabel()
        self.change_label.setStyleSheet("font-size: 18pt; color: #1b5e20; font-weight: 600;")
        quick = QHBoxLayout()
        self.quick_buttons = []
        for value in (None, *QUICK_CASH):
            button = big_button(_("Exact") if value is None else format_money(Money(value)))
            button.clicked.connect(lambda _c=False, v=value: self.quick_cash(v))
            quick.addWidget(button)
            self.quick_buttons.append(button)
        self.added = QListWidget()
        self.added.setMaximumHeight(90)
        self.split_button = big_button(_("Split payment (F9)"))
        QShortcut(QKeySequence("F9"), self).activated.connect(lambda: self.add_part())
        # as big as the methods: it is one of the choices
        self.split_button.setToolTip(_("Takes this amount by this method now; the rest is paid by another method"))
        self.complete_button = big_button(_("Complete sale (Enter)"), color="#2e7d32")
        self.complete_button.setDefault(True)
        for button in (*self.method_buttons.values(), *self.quick_buttons, self.split_button):
            button.setAutoDefault(False)  # Enter completes the sale, whichever button was tapped last
        grid = QGridLayout()
        self.amount_label, self.tendered_label, self.reference_label = (
            QLabel(_("Amount")), QLabel(_("Cash handed over")), QLabel(_("Reference (optional)")))
        for row, (label, field) in enumerate(((self.amount_label, self.amount), (self.tendered_label, self.tendered),
                                              (self.reference_label, self.reference))):
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.due_label)
        layout.addLayout(method_row)
        layout.addLayout(grid)
        layout.addLayout(quick)
        layout.addWidget(self.change_label)
        layout.addWidget(self.added)
        bottom = QHBoxLayout()
        bottom.addWidget(self.split_button, 1)
        bottom.addWidget(self.complete_button, 2)
        layout.addLayout(bottom)
        self.tendered.textEdited.connect(self.show_change)
        self.amount.textEdited.connect(self.show_change)
        self.split_button.clicked.connect(self.add_part)
        self.complete_button.clicked.connect(self.complete)
        self.setMinimumWidth(820)
        self.added.hide()
        self.choose(CASH)

    def remaining(self, next_method: str) -> Money:
        """What is still to pay if the next part is paid by ``next_method``."""
        methods = [t.method for t in self.tenders] + [next_method]
        due = amount_due(self.priced.total, self.priced.cash_total, methods)
        return due - Money(sum(t.amount.minor for t in self.tenders))

    def choose(self, method: str) -> None:
        self.method = method
        self.method_buttons[method].setChecked(True)
        left = self.remaining(method)
        self.due_label.setText(_("To pay: {amount}").format(amount=format_money(left)))
        self.amount.setText(f"{left.minor:,}".replace(",", "."))
        is_cash = gives_change(method)
        for w in (self.tendered, self.tendered_label, *self.quick_buttons):
            w.setVisible(is_cash)
        for w in (self.reference, self.reference_label):
            w.setVisible(not is_cash)
        self.tendered.setText(self.amount.text() if is_cash else "")
        self.show_change()
        self.tendered.setFocus(Qt.FocusReason.OtherFocusReason) if is_cash else self.amount.setFocus()

    def quick_cash(self, value: int | None) -> None:
        self.tendered.setText(self.amount.text() if value is None else f"{value:,}".replace(",", "."))
        self.show_change()
        self.tendered.setFocus(Qt.FocusReason.OtherFocusReason)  # the next Enter completes the sale

    def _read(self) -> Tender | None:
        try:
            amount = parse_amount(self.amount.text())
            tendered = parse_amount(self.tendered.text()) \
                if gives_change(self.method) and self.tendered.text().strip() else None
        except ValueError:
            show_error(self, _("Type an amount like 50.000."))
            return None
        return Tender(self.method, amount, tendered, self.reference.text() if not gives_change(self.method) else "")

    def show_change(self) -> None:
        try:
            amount = parse_amount(self.amount.text())
            tendered = parse_amount(self.tendered.text())
        except ValueError:
            self.change_label.setText("")
            return
        if gives_change(self.method):
            diff = tendered - amount
            self.change_label.setText(_("Change: {amount}").format(amount=format_money(diff)) if diff.minor >= 0
                                      else _("Short by {amount}").format(amount=format_money(-diff)))
        else:
            self.change_label.setText("")

    def add_part(self) -> None:
        tender = self._read()
        if tender is None:
            return
        if tender.amount >= self.remaining(tender.method):
            show_error(self, _("A part payment is less than what is left to pay; use Complete for the rest."))
            return
        self.tenders.append(tender)
        self.added.addItem(f"{method_name(tender.method)}: {format_money(tender.amount)}")
        self.added.show()
        self.choose(CASH if tender.method != CASH else QRIS)

    def complete(self) -> None:
        tender = self._read()
        if tender is None:
            return
        if tender.tendered is not None and tender.tendered < tender.amount:
            show_error(self, _("{tendered} handed over is less than {amount}.").format(
                tendered=format_money(tender.tendered), amount=format_money(tender.amount)))
            return
        self.final_tenders = tuple(self.tenders) + (tender,)
        self.accept()

