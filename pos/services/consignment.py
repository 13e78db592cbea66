"""Consignment (titip jual): goods left at a village shop at its reseller price, settled at the next visit.

Leaving goods writes "left" moves under a consignment note number (TJ-K1-000001). At the
next visit the owner says what was sold and what is taken back: what was sold becomes a
sale to that shop on kasbon at the price the goods were left at, with its invoice; what
is taken back comes off; the rest stays out. What is out is always the sum of the moves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.i18n import _, format_number
from pos.models import ConsignmentMove, Customer, Product, db
from pos.money import Money, Quantity, line_amount
from pos.services import clock
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.numbering import CONSIGNMENT, next_number
from pos.services.access import ANYONE, READ, allowed

SIGN = {"left": 1, "sold": -1, "returned": -1}


@dataclass(frozen=True)
class OutRow:
    shop_id: int
    shop: str
    member_code: str
    product_id: int
    product: str
    unit: str
    quantity: Quantity  # still at the shop
    unit_price: Money  # the price it was left at (the latest)
    value: Money


@dataclass(frozen=True)
class NoteLine:
    product: str
    unit: str
    quantity: Quantity
    unit_price: Money
    amount: Money


@dataclass(frozen=True)
class VisitResult:
    reference: str  # the note of what was left again (or the visit)
    sale_id: int | None
    sale_number: str
    invoice_number: str
    sold_total: Money
    still_out: tuple[OutRow, ...]


def _shop(shop_id: int) -> Customer:
    shop = Customer.get_or_none(Customer.id == shop_id)
    if shop is None:
        raise InvalidInput(_("That customer is not in the book any more."))
    return shop


def _clean(items: dict[int, Quantity]) -> dict[int, Quantity]:
    for qty in items.values():
        if qty.thousandths < 0:
            raise InvalidInput(_("A quantity cannot be negative."))
    return {pid: q for pid, q in items.items() if q.thousandths > 0}


@allowed(READ)
def goods_out(shop_id: int | None = None) -> list[OutRow]:
    """What is still at each shop, by product, with its value at the price it was left at."""
    query = ConsignmentMove.select().order_by(ConsignmentMove.created_at, ConsignmentMove.id)
    if shop_id is not None:
        query = query.where(ConsignmentMove.shop == shop_id)
    totals: dict[tuple[int, int], int] = {}
    prices: dict[tuple[int, int], Money] = {}
    for m in query:
        key = (m.shop_id, m.product_id)
        totals[key] = totals.get(key, 0) + SIGN[m.kind] * m.quantity.thousandths
        if m.kind == "left":
            prices[key] = m.unit_price
    shops = {c.id: c for c in Customer.select().where(Customer.id.in_([k[0] for k in totals]))} if totals else {}
    products = {p.id: p for p in Product.select().where(Product.id.in_([k[1] for k in totals]))} if totals else {}
    rows = []
    for (sid, pid), thousandths in totals.items():
        if thousandths <= 0:
            continue
        qty, unit_price = Quantity(thousandths), prices[(sid, pid)]
        rows.append(OutRow(sid, shops[sid].name, shops[sid].member_code, pid, products[pid].name, products[pid].unit,
                           qty, unit_price, line_amount(qty, unit_price)))
    return sorted(rows, key=lambda r: (r.shop.lower(), r.product.lower()))


def _left_prices(shop_id: int, items: dict[int, Quantity]) -> dict[int, Money]:
    """The shop's price for each product now (its tier and quantity breaks), promotions left out."""
    from pos.services.pricing import price

    priced = price([CartLine(pid, qty) for pid, qty in items.items()], shop_id, rules=[])
    return {ln.product_id: ln.unit_price for ln in priced.lines if not ln.is_bonus}


@allowed(ANYONE, why="goods handed to a reseller shop at the counter, recorded and audited")
def leave_goods(shop_id: int, items: dict[int, Quantity], *, till_id: str, staff_id: int | None = None,
                at: dt.datetime | None = None) -> tuple[str, list[NoteLine]]:
    """Goods left at the shop at its reseller price; returns the note's number and its lines."""
    shop = _shop(shop_id)
    items = _clean(items)
    if not items:
        raise InvalidInput(_("Say what is left at the shop."))
    at = at or clock.now()
    prices = _left_prices(shop_id, items)
    with db.atomic():
        reference = next_number(till_id, CONSIGNMENT)
        lines = []
        for pid, qty in items.items():
            ConsignmentMove.create(shop=shop_id, product=pid, kind="left", quantity=qty, unit_price=prices[pid],
                                   reference=reference, staff=staff_id, created_at=at)
            product = Product.get_by_id(pid)
            lines.append(NoteLine(product.name, product.unit, qty, prices[pid], line_amount(qty, prices[pid])))
        record("consignment.left", entity="customer", entity_id=shop.member_code, staff_id=staff_id, till_id=till_id,
               details={"reference": reference, "items": {str(k): str(v) for k, v in items.items()}})
    return reference, lines


@allowed(ANYONE, why="what a reseller shop sold or returned, counted at the counter and audited")
def settle_visit(shop_id: int, sold: dict[int, Quantity], returned: dict[int, Quantity], *, till_id: str,
                 shift_id: int, staff_id: int, left_again: dict[int, Quantity] | None = None,
                 at: dt.datetime | None = None) -> VisitResult:
    """What was sold becomes a sale on kasbon (with its invoice) at the price it was left at; what is taken back
    comes off; new goods may be left. All of it or nothing."""
    from pos.services.invoices import issue_invoice
    from pos.services.pricing import price
    from pos.services.sales import CheckoutRequest, checkout

    shop = _shop(shop_id)
    sold, returned = _clean(sold), _clean(returned)
    at = at or clock.now()
    out = {r.product_id: r for r in goods_out(shop_id)}
    for pid in set(sold) | set(returned):
        have = out[pid].quantity if pid in out else Quantity(0)
        taken = Quantity(sold.get(pid, Quantity(0)).thousandths + returned.get(pid, Quantity(0)).thousandths)
        if taken > have:
            name = Product.get_by_id(pid).name
            raise InvalidInput(_("{product}: {taken} sold or taken back, but only {have} is at {shop}.").format(
                product=name, taken=format_number(taken), have=format_number(have), shop=shop.name))
    with db.atomic():
        sale_id, sale_number, invoice_number, total = None, "", "", Money(0)
        reference = next_number(till_id, CONSIGNMENT)
        if sold:
            lines = [CartLine(pid, qty, price=out[pid].unit_price) for pid, qty in sold.items()]
            agreed = price(lines, shop_id, at=at, rules=[])  # the price they were left at, no promotion on top
            result = checkout(CheckoutRequest(f"consignment-{uuid.uuid4().hex}", till_id, shift_id, staff_id,
                                              tuple(lines), (Tender("kasbon", agreed.total),), shop_id, at=at,
                                              agreed=agreed))
            sale_id, sale_number, total = result.id, result.number, agreed.total
            invoice_number = issue_invoice(sale_id, till_id=till_id, staff_id=staff_id).number
        for kind, items in (("sold", sold), ("returned", returned)):
            for pid, qty in items.items():
                ConsignmentMove.create(shop=shop_id, product=pid, kind=kind, quantity=qty,
                                       unit_price=out[pid].unit_price, reference=reference,
                                       sale=sale_id if kind == "sold" else None, staff=staff_id, created_at=at)
        again = _clean(left_again or {})
        if again:
            prices = _left_prices(shop_id, again)
            for pid, qty in again.items():
                ConsignmentMove.create(shop=shop_id, product=pid, kind="left", quantity=qty, unit_price=prices[pid],
                                       reference=reference, staff=staff_id, created_at=at)
        record("consignment.visit", entity="customer", entity_id=shop.member_code, staff_id=staff_id,
               till_id=till_id, details={"reference": reference, "sale": sale_number, "total": total.minor})
    return VisitResult(reference, sale_id, sale_number, invoice_number, total, tuple(goods_out(shop_id)))


@allowed(READ)
def note_data(reference: str):
    """The consignment note of one leaving or one visit: what was sold, taken back and left, and what is out."""
    from pos.printing.orders import ConsignmentNoteData
    from pos.services.clock import local_date
    from pos.services.shop_settings import shop_settings

    moves = list(ConsignmentMove.select().where(ConsignmentMove.reference == reference).order_by(ConsignmentMove.id))
    if not moves:
        raise InvalidInput(_("There is no consignment note {reference}.").format(reference=reference))
    shop = moves[0].shop
    by_kind: dict[str, list[ConsignmentMove]] = {}
    for m in moves:
        by_kind.setdefault(m.kind, []).append(m)
    sale = next((m.sale for m in by_kind.get("sold", []) if m.sale_id), None)
    invoice = sale.invoices.first() if sale is not None else None
    return ConsignmentNoteData(
        shop_name=shop_settings().shop_name, reference=reference, day=local_date(moves[0].created_at),
        customer=shop.name, village=shop.village,
        left=tuple((m.product.name, m.product.unit, m.quantity, m.unit_price, line_amount(m.quantity, m.unit_price))
                   for m in by_kind.get("left", [])),
        sold=tuple((m.product.name, m.quantity, line_amount(m.quantity, m.unit_price))
                   for m in by_kind.get("sold", [])),
        returned=tuple((m.product.name, m.quantity) for m in by_kind.get("returned", [])),
        still_out=tuple((r.product, r.quantity, r.value) for r in goods_out(shop.id)),
        sale_number=sale.number if sale is not None else "", invoice_number=invoice.number if invoice else "")


@allowed(READ)
def note_file(reference: str) -> bytes:
    from pos.printing.orders import consignment_pdf

    return consignment_pdf(note_data(reference))
