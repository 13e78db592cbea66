"""The sale screen's open bills: *Open bill* / *Send* (Ctrl+E), the list of open bills (Ctrl+J), paying one.

A mixin of ``SaleScreen`` (kept apart so the screen stays readable): it uses the screen's cart, customer panel,
message line, printer and payment dialog.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialog, QWidget

from pos.domain.open_bills import added_lines, merged

from pos.i18n import _
from pos.services import connectivity
from pos.services.errors import PosError
from pos.services.offline_sale import OPEN_BILL, waits_for_server
from pos.services.open_bills import BillCart, Sent, bill_cart, open_bills, pay_bill, send_bill
from pos.ui.open_bills import BillNameDialog, OpenBillsDialog
from pos.ui.widgets import show_error


def _server_away(parent: QWidget) -> bool:
    """Open bills are kept on the server: while it is away they wait, said once (True: refused)."""
    if not connectivity.offline():
        return False
    show_error(parent, waits_for_server(OPEN_BILL))
    return True


def ask_bill_name(parent: QWidget, suggested: str = "") -> str | None:
    dialog = BillNameDialog(suggested, parent)
    return dialog.name.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


class BillActions:
    bill: BillCart | None = None  # the open bill shown in the cart (None: an ordinary sale)
    bill_name_provider = staticmethod(ask_bill_name)  # tests hand in a name instead of a dialog

    def ticket_printers(self):
        return self.printer.ticket_configs() if self.printer is not None else None

    def send_order(self) -> None:
        """Ctrl+E: a new bill from the cart (its name asked), or what was added to the bill shown; what was not
        sent goes to the bar and the kitchen, and the till is free for the next customer."""
        if not self.cart.lines:
            self.message.setText(_("Put the ordered items in the cart first."))
            return
        if _server_away(self):
            return
        try:
            if self.bill is None:
                suggested = self.customer.current.info.name if self.customer.current else ""
                name = self.bill_name_provider(self, suggested)
                if not name:
                    return
                sent = send_bill(self.cart, name=name, till_id=self.till_id, staff_id=self.cashier.id,
                                 printers=self.ticket_printers())
            else:
                sent = send_bill(self.cart, bill_id=self.bill.id, loaded=self.bill.loaded, till_id=self.till_id,
                                 staff_id=self.cashier.id, printers=self.ticket_printers())
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.bill = None
        self._clear_cart()
        self.message.setText(self._sent_words(sent))
        self.message.setStyleSheet("font-size: 14pt; color: #1b5e20; font-weight: 600;")
        self._deliver_tickets(sent.tickets)
        self.update_bills_button()

    @staticmethod
    def _sent_words(sent: Sent) -> str:
        number = f"#{sent.bill.queue_number}" if sent.bill.queue_number is not None else ""
        if not sent.lines:
            return _("Bill {name} {number}: nothing new to send; it stays open.").format(
                name=sent.bill.name, number=number)
        return _("Bill {name} {number}: {n} lines sent; it stays open (Bills, Ctrl+J).").format(
            name=sent.bill.name, number=number, n=sent.lines)

    def _deliver_tickets(self, tickets) -> None:
        if self.printer is not None:
            for printed in tickets:
                self.printer.deliver(printed)

    def show_bills(self) -> None:
        """Ctrl+J: the open bills of every till; one taken comes into the cart, to add to, send or pay."""
        if _server_away(self):
            return
        self.bills_dialog = OpenBillsDialog(self, till_id=self.till_id, owner_pin_provider=self.owner_pin_provider)
        self.bills_dialog.chosen.connect(self.take_bill)
        self.bills_dialog.finished.connect(lambda _result: self.update_bills_button())
        self.bills_dialog.open()

    def take_bill(self, bill_id: int) -> None:
        if self.cart.lines and (self.bill is None or self.cart.lines != self.bill.loaded):
            show_error(self, _("Finish the sale in the cart first: pay it, send it, or clear it (Esc)."))
            return
        try:
            self.bill = bill_cart(bill_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.cart = self.bill.cart
        self.customer.customer_id = self.cart.customer_id
        self.customer.refresh() if self.cart.customer_id else self.customer.show_card(None)
        self.reprice()
        self.next_sale_started()
        self.message.setText(_("Bill {name}: add items and send them (Ctrl+E), or pay it (F8).").format(
            name=self.bill.name))
        self.update_bill_button()

    def pay_shown_bill(self, tenders, pin: str, printer):
        """The payment of the bill shown: what was added is sent, the sale is completed with its number."""
        try:
            done, sent = pay_bill(self.bill.id, self.cart, self.bill.loaded, tenders, till_id=self.till_id,
                                  shift_id=self.shift_id, cashier_id=self.cashier.id, owner_pin=pin,
                                  printer=printer, printers=self.ticket_printers())
        except PosError:
            self._reload_bill()  # changed at another till meanwhile: the cart shows it as it is now
            raise
        self.bill = None
        self._deliver_tickets(sent.tickets)
        self.update_bills_button()
        return done

    def _reload_bill(self) -> None:
        """The bill as stored now, with what this till added and did not send yet."""
        try:
            fresh = bill_cart(self.bill.id)
        except PosError:
            return
        extra = added_lines(self.bill.loaded, self.cart.lines)
        self.bill = fresh
        self.cart = replace(self.cart, id=fresh.cart.id, lines=merged(fresh.cart.lines + extra))

    def forget_bill(self) -> None:
        """The cart is cleared or parked: the bill stays open in the database, this till lets it go."""
        if self.bill is not None:
            self.message.setText(_("Bill {name} stays open.").format(name=self.bill.name))
        self.bill = None
        self.update_bill_button()

    def update_bill_button(self) -> None:
        self.bill_button.setText(_("Send: {name} (Ctrl+E)").format(name=self.bill.name) if self.bill is not None
                                 else _("Open bill (Ctrl+E)"))

    def update_bills_button(self) -> None:
        if connectivity.offline():  # the bills are on the server: the button shows what it last knew
            return
        try:
            waiting = len(open_bills())
        except PosError:  # the server stopped answering just now (the till says so in its status bar)
            return
        self.bills_button.setText(_("Bills: {n} open (Ctrl+J)").format(n=waiting) if waiting
                                  else _("Bills (Ctrl+J)"))
