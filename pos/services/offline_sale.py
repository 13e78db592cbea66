"""A sale made while the server is away: priced from what the till holds, kept in its outbox, printed as usual.

What it may take: cash, QRIS, transfer and card, at the cached prices and promotions, for a walk-in, a customer
the till read lately, or a new customer (name and WhatsApp number, joined to the one the server has with that
number when it is forwarded). What waits for the server, with a clear refusal and nothing kept: kasbon and
deposit (the customer's balance is the server's), stamp rewards (the card may have been used at another till),
a changed price (the owner's PIN is checked by the server). Stamps earned travel with the sale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from pos.domain.cart import Cart
from pos.domain.options import choices_text
from pos.domain.payment_methods import gives_change, ledger_of
from pos.domain.preorders import cart_to_data
from pos.domain.pricing import CustomerContext, PricedCart
from pos.domain.till import Tender, TillError, settle
from pos.i18n import _, describe_reason
from pos.printing.receipt import ReceiptData, ReceiptLine, receipt_document, receipt_text
from pos.printing.recap import method_words
from pos.printing.render_escpos import to_bytes
from pos.printing.transport import PrintFailed, parse_printer_url
from pos.services import clock, outbox
from pos.services.bar_tickets import offline_tickets, ticket_line
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.phones import normalize_phone, phone_region
from pos.services.print_queue import QUEUED, Job, Printed, PrinterConfig
from pos.services.pricing import price
from pos.services.rules import ANYONE, READ, allowed
from pos.services.server_waits import (BACK_OFFICE, CASH_MOVE, CHANGED_PRICE, CUSTOMER_BOOK, DRAWER,  # noqa: F401
                                       KASBON_OR_DEPOSIT, OPEN_BILL, PREORDER, PRINT_QUEUE, REFUND, STAMP_REWARD,
                                       waits_for_server)  # what waits for the server, worded in one home
from pos.services.sale_completion import CompletedSale
from pos.services.sales import SaleResult, payment_refusal
from pos.services.shop_settings import shop_settings
from pos.services.text_limits import CUSTOMER_NAME, check_texts


@dataclass(frozen=True)
class NewCustomerOffline:
    """A customer taken while the server is away: added (or joined by number) when the sale is forwarded."""

    name: str
    phone: str


NEW_CUSTOMER_CONTEXT = CustomerContext(customer_id=0, first_purchase=True)  # how a customer taken offline is
# priced, on the screen and when kept: a first purchase at retail (the stamps it earns go with the sale)


@allowed(READ)
def new_customer_offline(name: str, phone: str) -> NewCustomerOffline:
    """A customer taken while the server is away, checked as the book would (a name, a possible number)."""
    name = name.strip()
    if not name:
        raise InvalidInput(_("A customer needs a name."))
    check_texts((name, CUSTOMER_NAME))
    number = normalize_phone(phone, phone_region()) if phone.strip() else ""
    return NewCustomerOffline(name, number or "")


def _refuse_what_waits(cart: Cart, tenders: tuple[Tender, ...]) -> None:
    if any(ledger_of(t.method) for t in tenders):
        raise NotAllowed(waits_for_server(KASBON_OR_DEPOSIT))
    if cart.accepted_offers:
        raise NotAllowed(waits_for_server(STAMP_REWARD))
    if cart.has_manual_prices:
        raise NotAllowed(waits_for_server(CHANGED_PRICE))


def _priced(cart: Cart, new_customer: NewCustomerOffline | None) -> PricedCart:
    if new_customer is not None:
        return price(list(cart.lines), None, selections=cart.selections, context=NEW_CUSTOMER_CONTEXT)
    return price(list(cart.lines), cart.customer_id, selections=cart.selections)


def _receipt(number: str, priced: PricedCart, tenders: tuple[Tender, ...], change, rounding, due, at,
             cashier: str, customer: str, till_id: str, queue: str | None = None) -> ReceiptData:
    shop = shop_settings()
    lines = tuple(ReceiptLine(line.name, line.quantity, line.unit_price, line.amount,
                              tuple(describe_reason(r.code, r.values, amount=r.amount) for r in line.reasons),
                              line.is_bonus and line.price_source != "bonus_deduction", choices_text(line.options))
                  for line in priced.lines)
    payments = tuple((method_words(t.method), t.tendered if t.tendered is not None else t.amount) for t in tenders)
    return ReceiptData(
        shop_name=shop.shop_name, address=shop.address, number=number, moment=at, time_zone=shop.zone_name,
        cashier=cashier, customer=customer, lines=lines, subtotal=priced.subtotal, discounts=priced.discount_total,
        tax=priced.tax, tax_label=_("Tax {rate}%").format(rate=shop.tax_rate_text), rounding=rounding, total=due,
        payments=payments, change=change, footer=shop.receipt_footer, till_id=till_id,
        shop_whatsapp=shop.whatsapp, offline=True, queue_number=queue)


def _print_job(job_id: int, data: ReceiptData, config: PrinterConfig | None, cash: bool) -> Printed:
    """The paper, sent straight to the printer (the print queue is on the server): a job the window sends."""
    if config is None:
        return Printed()
    if not config.url:
        return Printed(refused=_("No printer is set up on this till: choose one in the printer settings."))
    try:
        parse_printer_url(config.url)
        doc = receipt_document(replace(data, logo=config.logo))
        payload = to_bytes(doc, config.profile)
    except PrintFailed as exc:
        return Printed(refused=str(exc))
    except Exception as exc:  # noqa: BLE001 - a printing bug never undoes a sale
        return Printed(refused=_("The print could not be prepared ({reason}); the sale is stored.").format(
            reason=exc))
    return Printed(Job(job_id, "receipt", data.number, doc.title, config.url, payload, QUEUED, 0, "", data.moment,
                       open_drawer=config.cash_drawer and cash))


@allowed(ANYONE, why="the logged-in cashier's sale while the server is away; the server checks the cashier "
                     "when it is forwarded")
def keep_sale(cart: Cart, tenders: tuple[Tender, ...], *, till_id: str, shift_id: int, cashier_id: int,
              cashier_name: str = "", customer_name: str = "", new_customer: NewCustomerOffline | None = None,
              printer: PrinterConfig | None = None, width: int = 32, held_on_server: bool = False,
              tickets: Mapping[str, PrinterConfig] | None = None) -> CompletedSale:
    """Price the cart from what the till holds, check the payments, keep the sale in the outbox (durable before
    this returns), and build its receipt, marked as made offline. Raises PosError when nothing was kept.
    ``held_on_server``: the sale was tried through the server first (its hold there goes once it is sent).
    ``tickets``: the bar's and the kitchen's printers: the barista still gets the tickets, and the customer a
    number, from the till's own series while the server is away ("K1-3": the sales kept since the outbox was last
    empty), marked offline on the ticket and the receipt (the server's queue numbers are out of reach)."""
    if not cart.lines:
        raise InvalidInput(_("The cart is empty."))
    tenders = tuple(tenders)
    _refuse_what_waits(cart, tenders)
    priced = _priced(cart, new_customer)
    if priced.stamps_used:
        raise NotAllowed(waits_for_server(STAMP_REWARD))
    try:
        settlement = settle(priced.total, priced.cash_total, tenders)
    except TillError as exc:
        raise InvalidInput(payment_refusal(exc)) from None
    at = clock.now()
    payload = {
        "cart": cart.to_dict(), "shift_id": shift_id, "cashier_id": cashier_id, "customer_id": cart.customer_id,
        "new_customer": None if new_customer is None else {"name": new_customer.name, "phone": new_customer.phone},
        "priced": cart_to_data(priced), "at": at.isoformat(), "held_on_server": held_on_server,
        "tenders": [[t.method, t.amount.minor, None if t.tendered is None else t.tendered.minor, t.reference]
                    for t in tenders],
    }
    number = outbox.keep(till_id, cart.id, payload)
    value = outbox.number_value(number, till_id) or 0
    customer = new_customer.name if new_customer is not None else customer_name
    called = outbox.waiting_count(till_id) if tickets is not None else 0  # this sale is the last one kept
    made = _tickets(priced, tickets, till_id, at, number, value, customer, called)
    queue = f"{till_id}-{called}" if any(p.job is not None for p in made) else None
    data = _receipt(number, priced, tenders, settlement.change, settlement.rounding, settlement.due, at,
                    cashier_name, customer, till_id, queue)
    result = SaleResult(-value, number, at, settlement.due, settlement.rounding, settlement.change,
                        cart.customer_id, False)
    printed = _print_job(-value, data, printer, any(gives_change(t.method) for t in tenders))
    return CompletedSale(result, receipt_text(data, width), None, printed, tickets=made, kept_offline=True,
                         offline_queue=queue or "")


def _tickets(priced: PricedCart, printers, till_id: str, at, number: str, value: int, customer: str,
             called: int) -> tuple[Printed, ...]:
    """The kept sale's tickets (none when no item goes to a station), numbered from the till's own series."""
    if printers is None:
        return ()
    lines = [ticket_line(line.product_id, line.name, line.quantity, line) for line in priced.lines]
    return offline_tickets(lines, printers, till_id=till_id, moment=at, number=called, value=value,
                           reference=number, customer=customer)
