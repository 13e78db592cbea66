"""Pre-orders at the counter: take one from the cart (pickup day, the writing on the cake, a down payment),
and the orders list (today's first): in production, ready, pick up, cancel, WhatsApp, the production list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QTimeEdit, QVBoxLayout,
                               QWidget)

from pos.domain.options import SEPARATOR, choices_text
from pos.domain.payment_methods import money_now_codes
from pos.domain.pricing import PricedCart
from pos.i18n import _, format_datetime, format_money, format_number
from pos.money import Money, parse_amount
from pos.services import clock as shop_clock
from pos.services import preorders
from pos.services.preorder_counter import complete_pickup, production_sheet
from pos.services.errors import InvalidInput, PosError
from pos.services.receipts import method_name
from pos.ui.widgets import dialog_buttons, read_only_table, show_error



class PreorderDialog(QDialog):
    """The cart as it is priced now becomes the order: its price is kept until the pickup."""

    def __init__(self, cart, priced: PricedCart, *, till_id: str, shift_id: int, staff_id: int,
                 clock: Callable[[], dt.datetime] = shop_clock.now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cart, self.priced, self.clock = cart, priced, clock
        self.till_id, self.shift_id, self.staff_id = till_id, shift_id, staff_id
        self.setWindowTitle(_("Pre-order"))
        self.table = QTableWidget(len(priced.lines), 3)
        self.table.setHorizontalHeaderLabels([_("Item"), _("Qty"), _("Details (writing on the cake, design)")])
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, line in enumerate(priced.lines):
            name = SEPARATOR.join((line.name, choices_text(line.options))) if line.options else line.name
            for col, text in enumerate((name + (" (" + _("free") + ")" if line.is_bonus else ""),
                                        format_number(line.quantity))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, col, item)
            self.table.setItem(i, 2, QTableWidgetItem(""))
        self.table.setColumnWidth(0, 220)
        local = preorders.to_local(clock()) + dt.timedelta(days=1)
        self.day = QDateEdit(QDate(local.date()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.time = QTimeEdit(QTime(10, 0))
        self.time.setDisplayFormat("HH:mm")
        pickup = QHBoxLayout()
        pickup.addWidget(self.day)
        pickup.addWidget(self.time)
        self.down_payment = QLineEdit()
        self.down_payment.setPlaceholderText(_("e.g. 100.000 (empty: none)"))
        self.method = QComboBox()
        for code in money_now_codes():  # money that comes in now: no kasbon, no deposit
            self.method.addItem(method_name(code), code)
        self.note = QLineEdit()
        self.total = QLabel(_("Agreed price: {amount}").format(amount=format_money(priced.total)))
        self.total.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow(_("Pickup"), pickup)
        form.addRow(_("Down payment"), self.down_payment)
        form.addRow(_("Paid with"), self.method)
        form.addRow(_("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.total)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.order = None
        self.resize(640, 460)

    def set_details(self, row: int, text: str) -> None:
        self.table.item(row, 2).setText(text)

    def save(self) -> None:
        try:
            text = self.down_payment.text().strip()
            try:
                dp = parse_amount(text) if text else Money(0)
            except ValueError:
                raise InvalidInput(_("{text} is not an amount of rupiah.").format(text=text)) from None
            pickup = dt.datetime.combine(self.day.date().toPython(), self.time.time().toPython())
            details = {i: self.table.item(i, 2).text() for i in range(self.table.rowCount())}
            self.order = preorders.take_preorder(
                self.cart.customer_id, list(self.cart.lines), pickup, down_payment=dp,
                method=self.method.currentData(), details=details, till_id=self.till_id, shift_id=self.shift_id,
                staff_id=self.staff_id, note=self.note.text(), now=self.clock(), selections=self.cart.selections)
        except PosError as exc:
            show_error(self, str(exc))  # nothing was stored; the cart stays
            return
        self.accept()


class OrdersDialog(QDialog):
    """The pre-orders of a day (today unless changed), or every open one."""

    def __init__(self, *, till_id: str, shift_id: int, staff_id: int, printer=None,
                 clock: Callable[[], dt.datetime] = shop_clock.now, owner_pin_provider=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from pos.ui.widgets import ask_owner_pin

        self.till_id, self.shift_id, self.staff_id, self.printer, self.clock = till_id, shift_id, staff_id, \
            printer, clock
        self.owner_pin_provider = owner_pin_provider or ask_owner_pin
        self.setWindowTitle(_("Pre-orders"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        today = shop_clock.local_date(clock())
        self.day = QDateEdit(QDate(today))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.all_open = QCheckBox(_("Every open order"))
        self.table = read_only_table([_("Pickup"), _("Order"), _("Customer"), _("Items"), _("Status"), _("Total"),
                                      _("To pay")])
        self.production_button = QPushButton(_("Production list"))
        self.progress_button = QPushButton(_("In production"))
        self.ready_button = QPushButton(_("Ready"))
        self.pickup_button = QPushButton(_("Pick up…"))
        self.cancel_button = QPushButton(_("Cancel the order…"))
        self.whatsapp_button = QPushButton(_("WhatsApp"))
        self.close_button = QPushButton(_("Close"))
        self.message = QLabel()
        self.pay_method = QComboBox()
        for code in money_now_codes():
            self.pay_method.addItem(method_name(code), code)
        top = QHBoxLayout()
        for w in (QLabel(_("Pickup day")), self.day, self.all_open, self.production_button):
            top.addWidget(w)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for w in (self.progress_button, self.ready_button, QLabel(_("Pay the rest with")), self.pay_method,
                  self.pickup_button, self.cancel_button, self.whatsapp_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.all_open.toggled.connect(lambda _on: self.refresh())
        self.progress_button.clicked.connect(lambda: self.set_status("in_production"))
        self.ready_button.clicked.connect(lambda: self.set_status("ready"))
        self.pickup_button.clicked.connect(lambda: self.pick_up())
        self.cancel_button.clicked.connect(lambda: self.cancel())
        self.whatsapp_button.clicked.connect(self.whatsapp)
        self.production_button.clicked.connect(self.production)
        self.close_button.clicked.connect(self.accept)
        self.resize(1100, 520)
        self.refresh()

    def refresh(self) -> None:
        self.rows = (preorders.open_orders() if self.all_open.isChecked()
                     else preorders.orders_for_day(self.day.date().toPython(), include_done=True))
        zone = shop_clock.zone_name()
        self.table.setRowCount(len(self.rows))
        for i, o in enumerate(self.rows):
            items = "; ".join(f"{format_number(ln.quantity)} {ln.label}" + (f" “{ln.details}”" if ln.details else "")
                              for ln in o.lines)
            status = _(preorders.STATUS_WORDS[o.status])
            cells = (format_datetime(o.pickup_at, zone), o.number, o.customer, items, status, format_money(o.total),
                     format_money(o.balance))
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self):
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            show_error(self, _("Choose an order first."))
            return None
        return self.rows[row]

    def _do(self, work) -> bool:
        try:
            work()
        except PosError as exc:
            show_error(self, str(exc))
            return False
        self.refresh()
        return True

    def set_status(self, to: str) -> None:
        o = self.selected()
        if o is not None:
            self._do(lambda: preorders.set_status(o.id, to, staff_id=self.staff_id))

    def pick_up(self, tendered: Money | None = None) -> None:
        """The order becomes a sale at its agreed price; the receipt prints like any sale's."""
        o = self.selected()
        if o is None:
            return
        printer = self.printer.receipt_config() if self.printer is not None else None
        try:
            done = complete_pickup(o.id, self.pay_method.currentData(), till_id=self.till_id, shift_id=self.shift_id,
                                   staff_id=self.staff_id, tendered=tendered, at=self.clock(), printer=printer)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()
        self.last_sale = done.sale
        self.message.setText(_("{order} picked up: sale {number}, {amount} paid now.").format(
            order=done.order.number, number=done.sale.number, amount=format_money(done.paid_now)))
        if self.printer is not None:  # the receipt, stored already; sent in the background
            self.printer.deliver(done.printed)

    def cancel(self, outcome: str | None = None, pin: str | None = None) -> None:
        o = self.selected()
        if o is None:
            return
        if outcome is None:
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Question, _("Cancel the order"), _(
                "Cancel {number}? The down payment of {amount}:").format(number=o.number,
                                                                         amount=format_money(o.down_payment)),
                parent=self)
            refund = box.addButton(_("Give it back"), QMessageBox.ButtonRole.AcceptRole)
            keep = box.addButton(_("The shop keeps it"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(_("Do not cancel"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() not in (refund, keep):
                return
            outcome = "refunded" if box.clickedButton() is refund else "forfeited"
        if pin is None:
            pin = self.owner_pin_provider(self, _("Cancelling a pre-order"))
            if pin is None:
                return
        self._do(lambda: preorders.cancel_preorder(o.id, outcome, owner_pin=pin, shift_id=self.shift_id,
                                                   staff_id=self.staff_id))

    def whatsapp(self) -> None:
        from pos.services.customer_book import add_touchpoint
        from pos.ui.documents import open_chat

        o = self.selected()
        if o is None:
            return
        tomorrow = shop_clock.local_date(self.clock()) + dt.timedelta(days=1)
        due_soon = preorders.to_local(o.pickup_at).date() <= tomorrow  # a reminder; earlier: the confirmation
        link = preorders.confirmation_link(o.id, reminder=due_soon or o.status == "ready")
        if link is None:
            show_error(self, _("{name} has no WhatsApp number in the book.").format(name=o.customer))
            return
        if not open_chat(link, self):
            return
        add_touchpoint(o.customer_id, "message", _("Pre-order {number}").format(number=o.number),
                       staff_id=self.staff_id)

    def production(self) -> None:
        from pos.ui.documents import save_and_open

        day = self.day.date().toPython()
        printer = self.printer.config_for(self.printer.configured) if self.printer is not None else None
        sheet = production_sheet(day, till_id=self.till_id, printer=printer)
        if self.printer is not None:  # stored already; sent in the background
            self.printer.deliver(sheet.printed)
        self.document = save_and_open(f"produksi-{day.isoformat()}.pdf", sheet.pdf, self)
