"""Completing a sale at the till: one operation for the Pay button, with its crash-recovery protocol.

1. The cart is kept as *being paid* (``parking.hold_while_paying``) before anything is stored: a till that
   stops between Pay and "completed" finds it again at start-up, stored (``completed_as``) or not (the cart).
2. ``sales.checkout`` stores the sale exactly once per cart id: a retry of the same cart returns the same sale.
   When it refuses (a PosError), nothing was stored and the hold stays: the cart is still being paid.
3. The hold is let go (``parking.paid``). If the database fails just here the sale is stored all the same:
   the next start-up says it was completed.
4. The receipt is built once (``receipts.receipt_view``): the text on the screen, the WhatsApp link and the
   paper all come from it. If the database fails just here, the sale is shown completed without its receipt.
5. The paper is stored in the print queue; a printer that is missing or refuses never undoes the sale (the
   window sends the stored job in the background, so a printer that hangs never holds it up either).

Between 3 and 4 the sale takes its queue number (its own small transaction; an open bill's sale keeps the bill's
number); after 5 the bar's and the kitchen's tickets are queued the same way as the receipt.
"""

from __future__ import annotations

from contextlib import suppress
from collections.abc import Mapping
from dataclasses import dataclass

from peewee import DatabaseError

from pos.domain.cart import Cart
from pos.domain.till import Tender
from pos.i18n import _
from pos.money import Money
from pos.services import parking, print_queue, queue_numbers
from pos.services.bar_tickets import queue_sale_tickets
from pos.services.access import CASHIER, allowed
from pos.services.db import first_line
from pos.services.print_queue import Printed, PrinterConfig, queue_quietly
from pos.services.receipts import receipt_view
from pos.services.sales import CheckoutRequest, SaleResult, checkout


@dataclass(frozen=True)
class CompletedSale:
    """Everything the till shows once the sale is stored."""

    sale: SaleResult
    receipt_text: str
    whatsapp: str | None  # a click-to-chat link with the receipt (None: walk-in, or no number)
    printed: Printed  # the receipt's print job (None when no print was asked) or why it could not be stored
    queue_number: int | None = None  # called out at the bar (None: it could not be taken)
    tickets: tuple[Printed, ...] = ()  # the bar's and the kitchen's tickets, stored (or why not)
    kept_offline: bool = False  # the server was away: kept in the till's outbox, forwarded when it is back
    offline_queue: str = ""  # kept offline with tickets: the number called out, from the till's series ("K1-3")

    @property
    def number(self) -> str:
        return self.sale.number

    @property
    def total(self) -> Money:
        return self.sale.total

    @property
    def change(self) -> Money:
        return self.sale.change


@allowed(CASHIER, param="cashier_id")
def complete(cart: Cart, tenders: tuple[Tender, ...], *, till_id: str, shift_id: int, cashier_id: int,
             owner_pin: str = "", printer: PrinterConfig | None = None, width: int = 32,
             tickets: Mapping[str, PrinterConfig] | None = None,
             queue_number: queue_numbers.QueueNumber | None = None, oversell: bool = False) -> CompletedSale:
    """Hold the cart, store the sale, let the hold go, give it its queue number (``queue_number``: an open bill's),
    build the receipt and queue it on ``printer`` (None: no paper), then the tickets of its items on the stations'
    printers (``tickets``; None: no tickets, an open bill sent them already). Raises PosError when the sale was
    not stored (the cart and its hold stay)."""
    request = CheckoutRequest(cart.id, till_id, shift_id, cashier_id, cart.lines, tuple(tenders), cart.customer_id,
                              cart.selections, owner_pin=owner_pin, oversell=oversell)
    parking.hold_while_paying(till_id, cart)
    sale = checkout(request)
    with suppress(DatabaseError):  # stored all the same: the start-up after this says it was completed
        parking.paid(cart.id)
    number = None
    with suppress(DatabaseError):  # a sale is complete without its queue number
        number = queue_numbers.number_sale(sale.id, queue_number,
                                           sold_at=None if sale.already_recorded else sale.created_at).number
    try:
        view = receipt_view(sale.id, width)
    except DatabaseError as exc:  # stored all the same: the till shows it completed; a reprint comes later
        return CompletedSale(sale, "", None, Printed(refused=_(
            "The print could not be prepared ({reason}); the sale is stored.").format(reason=first_line(exc))),
            number)
    printed = queue_quietly(lambda config: print_queue.queue_receipt(sale.id, till_id, config, data=view.data), printer)
    try:
        made = queue_sale_tickets(sale.id, tickets, till_id=till_id) if not sale.already_recorded else ()
    except DatabaseError as exc:  # the sale is stored; its tickets can be printed again from the receipt
        made = (Printed(refused=_("The print could not be prepared ({reason}); the sale is stored.").format(
            reason=first_line(exc))),)
    return CompletedSale(sale, view.text, view.whatsapp, printed, number, made)
