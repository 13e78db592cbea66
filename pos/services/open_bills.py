"""Open bills: a table's or a name's order ("Meja 4", "Mas Bayu") kept in the database while the customer stays,
visible to every till on the server and kept across a restart. Items go to the bar as they are sent (only what
was not sent before); the bill is paid at the end through ``sale_completion.complete`` like any sale.

Each till appends what it added since it loaded the bill (``domain.open_bills.added_lines``), with the bill's
row held, so two tills adding at once lose nothing; a till paying a bill that another till changed meanwhile is
refused (check it, pay again). The bill's cart id is the sale's, so paying twice stores one sale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from pos.domain.cart import Cart
from pos.domain.open_bills import added_lines, merged
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.i18n import _
from pos.models import OpenBill, OpenBillLine, Product, Sale, db
from pos.money import Money, Quantity
from pos.services import clock, parking, queue_numbers
from pos.services.connectivity import needs_server
from pos.services.access import CASHIER, OWNER, READ, allowed, approving_owner
from pos.services.audit import record
from pos.services.bar_tickets import queue_tickets, ticket_line
from pos.services.db import held
from pos.services.errors import InvalidInput
from pos.services.server_waits import OPEN_BILL
from pos.services.pricing import price
from pos.services.print_queue import Printed, PrinterConfig
from pos.services.sale_completion import CompletedSale, complete
from pos.services.text_limits import CUSTOMER_NAME, check_text

OPEN, PAYING, PAID, CANCELLED = "open", "paying", "paid", "cancelled"
LISTED = (OPEN, PAYING)


@dataclass(frozen=True)
class BillCart:
    """A bill as the till loads it: the cart to show (its id is the bill's) and the lines as loaded (what a
    later *Send* or *Pay* compares with)."""

    id: int
    name: str
    cart: Cart
    queue_number: int | None

    @property
    def loaded(self) -> tuple[CartLine, ...]:
        return self.cart.lines


@dataclass(frozen=True)
class BillSummary:
    id: int
    name: str
    amount: Money
    opened_at: dt.datetime  # UTC
    minutes: int  # its age
    items: int  # lines
    unsent: int  # lines not sent to the bar yet
    queue_number: int | None
    customer: str = ""
    paying: bool = False  # a till is taking its payment


@dataclass(frozen=True)
class Sent:
    bill: BillCart
    lines: int  # how many lines went to the bar and kitchen now
    tickets: tuple[Printed, ...]


def _stored_line(row: OpenBillLine) -> CartLine:
    line = Cart.from_dict({"id": "", "lines": [row.line]}).lines[0]
    return replace(line, quantity=row.quantity)


def _line_json(line: CartLine) -> list:
    """The line as a cart stores it (its choices too), the quantity made positive (the row holds the sign)."""
    positive = replace(line, quantity=Quantity(abs(line.quantity.thousandths)))
    return Cart(lines=(positive,)).to_dict()["lines"][0]


def _rows(bill_id: int) -> list[OpenBillLine]:
    return list(OpenBillLine.select().where(OpenBillLine.bill == bill_id).order_by(OpenBillLine.id))


def _bill_cart(bill: OpenBill, rows: list[OpenBillLine] | None = None) -> BillCart:
    lines = merged(_stored_line(r) for r in (rows if rows is not None else _rows(bill.id)))
    return BillCart(bill.id, bill.name, Cart(id=bill.cart_id, lines=lines, customer_id=bill.customer_id),
                    bill.queue_number)


def _held_bill(bill_id: int, *, paying: bool = False) -> OpenBill:
    bill = held(OpenBill.select().where(OpenBill.id == bill_id)).first()
    if bill is None or bill.status == CANCELLED:
        raise InvalidInput(_("That open bill does not exist any more."))
    if bill.status == PAID or Sale.select().where(Sale.cart_id == bill.cart_id).exists() and not paying:
        raise InvalidInput(_("The bill {name} was paid already.").format(name=bill.name))
    if bill.status == PAYING and not paying:
        raise InvalidInput(_("The bill {name} is being paid at another till.").format(name=bill.name))
    return bill


def _append(bill: OpenBill, lines: tuple[CartLine, ...], till_id: str, staff_id: int) -> None:
    now = clock.now()
    for line in lines:
        OpenBillLine.create(bill=bill.id, product=line.product_id, quantity=line.quantity, line=_line_json(line),
                            till_id=till_id, staff=staff_id, added_at=now)


def _take_unsent(bill: OpenBill) -> list[OpenBillLine]:
    """The lines not sent yet, marked sent, and the bill's queue number taken when it has none (in the caller's
    transaction, the bill's row held)."""
    rows = list(OpenBillLine.select().where((OpenBillLine.bill == bill.id) & ~OpenBillLine.sent)
                .order_by(OpenBillLine.id))
    if rows:
        OpenBillLine.update(sent=True).where(OpenBillLine.id.in_([r.id for r in rows])).execute()
        if bill.queue_number is None:
            taken = queue_numbers.take(clock.today())
            OpenBill.update(queue_day=taken.day, queue_number=taken.number).where(OpenBill.id == bill.id).execute()
            bill.queue_day, bill.queue_number = taken.day, taken.number
    return rows


def _tickets(bill: OpenBill, rows: list[OpenBillLine], printers, till_id: str, added: bool) -> tuple[Printed, ...]:
    names = dict(Product.select(Product.id, Product.name).where(
        Product.id.in_([r.product_id for r in rows])).tuples()) if rows else {}
    lines = [ticket_line(r.product_id, names.get(r.product_id, ""), r.quantity, _stored_line(r)) for r in rows]
    customer = bill.customer.name if bill.customer_id is not None else ""
    number = queue_numbers.QueueNumber(bill.queue_day, bill.queue_number) if bill.queue_number else None
    return queue_tickets(lines, printers, till_id=till_id, moment=clock.now(), queue=number, reference=bill.name,
                         customer=customer if customer != bill.name else "", bill=bill.name, added=added)


@allowed(CASHIER, param="staff_id")
@needs_server(OPEN_BILL)
def send_bill(cart: Cart, *, bill_id: int | None = None, name: str = "", loaded: tuple[CartLine, ...] = (),
              till_id: str, staff_id: int, printers: Mapping[str, PrinterConfig] | None = None) -> Sent:
    """*Open bill* (``bill_id`` None: a new bill named ``name`` with the cart) or *Send* (what the cart holds more
    or less than ``loaded``, the bill as this till loaded it, is added): then what was not sent yet goes to the
    bar and the kitchen. Returns the bill as it is now (with what other tills added)."""
    with db.atomic():
        if bill_id is None:
            bill = _new_bill(cart, name, till_id, staff_id)
            changes = merged(cart.lines)
        else:
            bill = _held_bill(bill_id)
            changes = added_lines(loaded, cart.lines)
            if cart.customer_id != bill.customer_id and cart.customer_id is not None:
                OpenBill.update(customer=cart.customer_id).where(OpenBill.id == bill.id).execute()
                bill.customer = cart.customer_id
        _append(bill, changes, till_id, staff_id)
        earlier = OpenBillLine.select().where((OpenBillLine.bill == bill.id) & OpenBillLine.sent).exists()
        rows = _take_unsent(bill)
        fresh = _bill_cart(bill)
    bill = OpenBill.get_by_id(bill.id)
    return Sent(fresh, len(rows), _tickets(bill, rows, printers, till_id, added=earlier))


def _new_bill(cart: Cart, name: str, till_id: str, staff_id: int) -> OpenBill:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the bill a name or a table (Meja 4, Mas Bayu)."))
    check_text(name, CUSTOMER_NAME)
    if not cart.lines:
        raise InvalidInput(_("The cart is empty."))
    if OpenBill.select().where(OpenBill.status.in_(LISTED) & (OpenBill.name == name)).exists():
        raise InvalidInput(_("There is an open bill named {name} already: add to it, or choose another name.")
                           .format(name=name))
    if OpenBill.select().where(OpenBill.cart_id == cart.id).exists():
        raise InvalidInput(_("This cart is an open bill already."))
    return OpenBill.create(name=name, cart_id=cart.id, customer=cart.customer_id, till_id=till_id, staff=staff_id,
                           opened_at=clock.now())


@allowed(READ)
@needs_server(OPEN_BILL)
def bill_cart(bill_id: int) -> BillCart:
    bill = OpenBill.get_or_none(OpenBill.id == bill_id)
    if bill is None or bill.status not in LISTED:
        raise InvalidInput(_("That open bill does not exist any more."))
    return _bill_cart(bill)


@allowed(READ)
@needs_server(OPEN_BILL)
def open_bills() -> list[BillSummary]:
    """The bills not paid yet, oldest first, with their amounts and ages (a bill whose sale is stored is not
    listed: a till stopped between its payment and closing it)."""
    bills = list(OpenBill.select().where(OpenBill.status.in_(LISTED) & ~OpenBill.cart_id.in_(
        Sale.select(Sale.cart_id).where(Sale.cart_id.is_null(False)))).order_by(OpenBill.opened_at, OpenBill.id))
    now = clock.now()
    out = []
    for bill in bills:
        rows = _rows(bill.id)
        lines = merged(_stored_line(r) for r in rows)
        amount = price(list(lines), bill.customer_id).total if lines else Money(0)
        customer = bill.customer.name if bill.customer_id is not None else ""
        out.append(BillSummary(bill.id, bill.name, amount, bill.opened_at,
                               max(0, int((now - bill.opened_at).total_seconds() // 60)), len(lines),
                               sum(1 for r in rows if not r.sent), bill.queue_number, customer,
                               bill.status == PAYING))
    return out


@allowed(CASHIER, param="cashier_id")
@needs_server(OPEN_BILL)
def pay_bill(bill_id: int, cart: Cart, loaded: tuple[CartLine, ...], tenders: tuple[Tender, ...], *, till_id: str,
             shift_id: int, cashier_id: int, owner_pin: str = "", printer: PrinterConfig | None = None,
             printers: Mapping[str, PrinterConfig] | None = None, width: int = 32) -> tuple[CompletedSale, Sent]:
    """Pay the bill as the till shows it (``cart``; ``loaded``: the bill as the till loaded it): what the till
    added is appended and sent, then the sale is completed with the bill's queue number. Refused, changing
    nothing, when another till changed the bill since it was loaded."""
    with db.atomic():
        bill = _held_bill(bill_id, paying=True)
        rows = _rows(bill.id)
        if merged(_stored_line(r) for r in rows) != merged(loaded):
            raise InvalidInput(_("The bill {name} was changed at another till: check it and take the payment "
                                 "again.").format(name=bill.name))
        _append(bill, added_lines(loaded, cart.lines), till_id, cashier_id)
        earlier = any(r.sent for r in rows)
        unsent = _take_unsent(bill)
        OpenBill.update(status=PAYING).where(OpenBill.id == bill.id).execute()
        fresh = _bill_cart(bill)
    bill = OpenBill.get_by_id(bill.id)
    sent = Sent(fresh, len(unsent), _tickets(bill, unsent, printers, till_id, added=earlier))
    number = queue_numbers.QueueNumber(bill.queue_day, bill.queue_number) if bill.queue_number else None
    whole = replace(cart, id=bill.cart_id, lines=fresh.cart.lines)
    try:
        done = complete(whole, tenders, till_id=till_id, shift_id=shift_id, cashier_id=cashier_id,
                        owner_pin=owner_pin, printer=printer, width=width, tickets=None, queue_number=number)
    except Exception:
        with db.atomic():  # not paid: open again (what was sent stays sent), and the bill keeps the cart
            OpenBill.update(status=OPEN).where((OpenBill.id == bill.id) & (OpenBill.status == PAYING)).execute()
        parking.paid(bill.cart_id)
        raise
    with db.atomic():
        OpenBill.update(status=PAID, sale=done.sale.id).where(OpenBill.id == bill.id).execute()
    return done, sent


@allowed(OWNER)
@needs_server(OPEN_BILL)
def cancel_bill(bill_id: int, *, owner_pin: str, till_id: str = "") -> None:
    """Owner only: drop a bill that will not be paid (opened by mistake, the customer left); what was sent to the
    bar is written to the audit log with it."""
    with db.atomic():
        bill = _held_bill(bill_id)
        rows = _rows(bill.id)
        lines = [[r.product_id, str(r.quantity), r.sent] for r in rows]
        names = dict(Product.select(Product.id, Product.name).where(
            Product.id.in_([r.product_id for r in rows])).tuples()) if rows else {}
        OpenBill.update(status=CANCELLED).where(OpenBill.id == bill.id).execute()
        record("open_bill.cancelled", entity="open_bill", entity_id=bill.id, staff_id=approving_owner().id,
               till_id=till_id, details={"name": bill.name, "lines": lines, "amount": _amount(rows, bill),
                                         "names": [names.get(r.product_id, "") for r in rows]})


def _amount(rows: list[OpenBillLine], bill: OpenBill) -> int | None:
    """What the bill came to, in minor units, as the open bills list showed it (None when it cannot be priced now:
    a product taken out of the catalogue)."""
    from pos.services.errors import PosError

    lines = merged(_stored_line(r) for r in rows)
    if not lines:
        return 0
    try:
        return price(list(lines), bill.customer_id).total.minor
    except PosError:
        return None
