"""Pre-orders: taken with a down payment, made, picked up as a sale at the price agreed back then.

The down payment is held in the customer's deposit ledger ("Down payment PO-K1-000001");
cash goes into the shift's drawer. At pickup the order becomes a sale: the agreed cart is
stored as it was priced, the down payment is spent from the deposit and the rest paid.
A cancelled order's down payment is refunded (out of the deposit, and out of the drawer
when paid back in cash) or forfeited (out of the deposit: the shop keeps it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.domain.options import SEPARATOR, ChosenOption, choices_text
from pos.domain.preorders import (CANCELLED, FORFEITED, IN_PRODUCTION, PICKED_UP, READY, REFUNDED, IllegalMove,
                                  can_cancel, can_pick_up, cart_from_data, cart_to_data, move)
from pos.domain.pricing import CartLine, Selections
from pos.domain.payment_methods import DEPOSIT, codes, gives_change, ledger_of, takes_money_now
from pos.domain.till import CASH, Tender
from pos.i18n import N_, _, format_datetime, format_money, format_number
from pos.models import CashEntry, Customer, DepositEntry, Preorder, Shift, db
from pos.money import Money, Quantity
from pos.services import clock
from pos.services.audit import record
from pos.services.db import held
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.phones import chat_link
from pos.services.numbering import PREORDER, next_number
from pos.services.shop_settings import shop_settings
from pos.services.access import ANYONE, CASHIER, OWNER, READ, allowed, approving_owner

STATUS_WORDS = {"ordered": N_("ordered"), "in_production": N_("in production"), "ready": N_("ready"),
                "picked_up": N_("picked up"), "cancelled": N_("cancelled")}


@dataclass(frozen=True)
class OrderLine:
    name: str
    quantity: Quantity
    amount: Money
    free: bool
    details: str
    product_id: int
    options: tuple[ChosenOption, ...] = ()  # the choices agreed (size, sugar, extras)

    @property
    def label(self) -> str:
        """The name with its choices: "Es Kopi Susu · Besar · Kurang manis" (what to make)."""
        return SEPARATOR.join((self.name, choices_text(self.options))) if self.options else self.name


@dataclass(frozen=True)
class PreorderRow:
    id: int
    number: str
    customer_id: int
    customer: str
    phone: str | None
    status: str
    pickup_at: dt.datetime  # UTC
    total: Money
    down_payment: Money
    balance: Money  # still to pay at pickup
    lines: tuple[OrderLine, ...]
    sale_id: int | None
    note: str


@allowed(READ)
def to_utc(local: dt.datetime) -> dt.datetime:
    return clock.to_utc(local)


@allowed(READ)
def to_local(utc: dt.datetime) -> dt.datetime:
    return clock.local(utc)


def _row(p: Preorder) -> PreorderRow:
    cart = cart_from_data(p.priced)
    details = p.details or {}
    lines = tuple(OrderLine(ln.name, ln.quantity, ln.amount, ln.is_bonus, details.get(str(i), ""), ln.product_id,
                            ln.options) for i, ln in enumerate(cart.lines))
    balance = Money(0) if p.status in (PICKED_UP, CANCELLED) else p.total - p.down_payment
    return PreorderRow(p.id, p.number, p.customer_id, p.customer.name, p.customer.phone, p.status, p.pickup_at,
                       p.total, p.down_payment, balance, lines, p.sale_id, p.note)


@allowed(READ)
def get_preorder(preorder_id: int) -> PreorderRow:
    p = Preorder.get_or_none(Preorder.id == preorder_id)
    if p is None:
        raise InvalidInput(_("That pre-order is not there any more."))
    return _row(p)


def _open_shift(shift_id: int | None) -> Shift:
    shift = Shift.get_or_none(Shift.id == shift_id) if shift_id is not None else None
    if shift is None or shift.status != "open":
        raise NotAllowed(_("Open a shift on this till before selling."))
    return shift


@allowed(CASHIER)
def take_preorder(customer_id: int | None, lines: list[CartLine], pickup_local: dt.datetime, *,
                  down_payment: Money = Money(0), method: str = CASH, details: dict[int, str] | None = None,
                  till_id: str, shift_id: int | None, staff_id: int | None, note: str = "",
                  now: dt.datetime | None = None, selections: Selections = Selections()) -> PreorderRow:
    """Price the cart now and keep that price; take the down payment into the customer's deposit."""
    from pos.services.pricing import price

    now = now or clock.now()
    if customer_id is None:
        raise InvalidInput(_("A pre-order needs a customer from the book (to call when it is ready)."))
    if not lines:
        raise InvalidInput(_("The cart is empty."))
    pickup_at = to_utc(pickup_local)
    if pickup_at <= now:
        raise InvalidInput(_("The pickup time {when} has passed already.").format(
            when=format_datetime(pickup_at, clock.zone_name())))
    if down_payment.minor < 0:
        raise InvalidInput(_("The down payment cannot be negative."))
    if down_payment.minor and not takes_money_now(method):
        raise InvalidInput(_("Unknown payment method {method}.").format(method=method))
    priced = price(lines, customer_id, at=now, selections=selections)
    if down_payment > priced.total:
        raise InvalidInput(_("The down payment {paid} is more than the order's {total}.").format(
            paid=format_money(down_payment), total=format_money(priced.total)))
    with db.atomic():
        shift = _open_shift(shift_id) if down_payment.minor else None
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise InvalidInput(_("That customer is not in the book any more."))
        number = next_number(till_id, PREORDER)
        order = Preorder.create(number=number, customer=customer_id, pickup_at=pickup_at, priced=cart_to_data(priced),
                                details={str(k): v.strip() for k, v in (details or {}).items() if v.strip()},
                                total=priced.total, down_payment=down_payment,
                                down_payment_method=method if down_payment.minor else "", note=note.strip(),
                                till_id=till_id, staff=staff_id, created_at=now)
        if down_payment.minor:
            DepositEntry.create(customer=customer_id, amount=down_payment, created_at=now,
                                note=_("Down payment {number}").format(number=number))
            if gives_change(method):
                CashEntry.create(shift=shift, kind="down_payment", amount=down_payment, staff=staff_id,
                                 created_at=now, note=number)
        record("preorder.taken", entity="preorder", entity_id=number, staff_id=staff_id, till_id=till_id,
               details={"customer": customer.member_code, "total": priced.total.minor,
                        "down_payment": down_payment.minor, "method": method, "pickup": pickup_at.isoformat()})
    return _row(order)


def _held(preorder_id: int) -> Preorder:
    """The order, held until the transaction ends: a pickup, a cancellation or a status change at another till
    waits, then reads the status this one stored."""
    return held(Preorder.select().where(Preorder.id == preorder_id)).get()


def _illegal(p: Preorder, to: str) -> InvalidInput:
    return InvalidInput(_("{number} is {status}: it cannot become {to}.").format(
        number=p.number, status=_(STATUS_WORDS[p.status]), to=_(STATUS_WORDS[to])))


@allowed(ANYONE, why="the kitchen's progress on an order (made, ready); no money")
def set_status(preorder_id: int, to: str, *, staff_id: int | None = None) -> PreorderRow:
    """In production, or ready (the customer may be told)."""
    if to not in (IN_PRODUCTION, READY):
        raise InvalidInput(_("Use pick up or cancel for that."))
    with db.atomic():
        p = _held(preorder_id)
        try:
            move(p.status, to)
        except IllegalMove:
            raise _illegal(p, to) from None
        Preorder.update(status=to).where(Preorder.id == preorder_id).execute()
        record("preorder.status", entity="preorder", entity_id=p.number, staff_id=staff_id, details={"to": to})
    return get_preorder(preorder_id)


@allowed(OWNER)
def cancel_preorder(preorder_id: int, outcome: str, *, owner_pin: str, shift_id: int | None, staff_id: int | None,
                    refund_method: str = CASH, at: dt.datetime | None = None) -> PreorderRow:
    """Cancel with the owner's approval: the down payment refunded (cash leaves the drawer) or forfeited."""
    owner = approving_owner()
    if outcome not in (REFUNDED, FORFEITED):
        raise InvalidInput(_("Say whether the down payment is refunded or kept by the shop."))
    at = at or clock.now()
    with db.atomic():
        p = _held(preorder_id)  # a pickup at another till waits, or is waited for
        if not can_cancel(p.status):
            raise _illegal(p, CANCELLED)
        dp = p.down_payment
        if dp.minor:
            if outcome == REFUNDED:
                shift = _open_shift(shift_id)
                DepositEntry.create(customer=p.customer_id, amount=-dp, created_at=at,
                                    note=_("Down payment {number} refunded").format(number=p.number))
                if gives_change(refund_method):
                    CashEntry.create(shift=shift, kind="down_payment_refund", amount=-dp, staff=staff_id,
                                     created_at=at, note=p.number)
            else:
                DepositEntry.create(customer=p.customer_id, amount=-dp, created_at=at,
                                    note=_("Down payment {number} forfeited").format(number=p.number))
        Preorder.update(status=CANCELLED, cancel_outcome=outcome if dp.minor else "").where(
            Preorder.id == preorder_id).execute()
        record("preorder.cancelled", entity="preorder", entity_id=p.number, staff_id=staff_id,
               details={"outcome": outcome, "down_payment": dp.minor, "approved_by": owner.name})
    return get_preorder(preorder_id)


@allowed(CASHIER)
def pick_up(preorder_id: int, method: str = CASH, *, till_id: str, shift_id: int, staff_id: int,
            tendered: Money | None = None, at: dt.datetime | None = None):
    """The order becomes a sale at the agreed price; the down payment is spent from the deposit."""
    from pos.services.sales import CheckoutRequest, checkout

    at = at or clock.now()
    with db.atomic():
        p = _held(preorder_id)  # a cancellation at another till waits, or is waited for
        if not can_pick_up(p.status):
            raise _illegal(p, PICKED_UP)
        cart = cart_from_data(p.priced)
        rest = p.total - p.down_payment
        tenders = []
        if p.down_payment.minor:
            tenders.append(Tender(DEPOSIT, p.down_payment))
        if rest.minor:
            if method not in codes() or ledger_of(method) == DEPOSIT:
                raise InvalidInput(_("Unknown payment method {method}.").format(method=method))
            tenders.append(Tender(method, rest, tendered=tendered if gives_change(method) else None))
        lines = tuple(CartLine(ln.product_id, ln.quantity, options=ln.options) for ln in cart.lines if not ln.is_bonus)
        result = checkout(CheckoutRequest(f"preorder-{p.number}", till_id, shift_id, staff_id, lines, tuple(tenders),
                                          p.customer_id, at=at, agreed=cart))
        Preorder.update(status=PICKED_UP, sale=result.id).where(Preorder.id == preorder_id).execute()
        record("preorder.picked_up", entity="preorder", entity_id=p.number, staff_id=staff_id, till_id=till_id,
               details={"sale": result.number})
    return result


# --- lists ---------------------------------------------------------------------------------------
@allowed(READ)
def orders_for_day(day: dt.date, *, include_done: bool = False) -> list[PreorderRow]:
    """The orders to be picked up on a shop day, by pickup time."""
    start = to_utc(dt.datetime.combine(day, dt.time()))
    query = Preorder.select().where((Preorder.pickup_at >= start) & (Preorder.pickup_at < start + dt.timedelta(days=1)))
    if not include_done:
        query = query.where(Preorder.status.not_in([PICKED_UP, CANCELLED]))
    return [_row(p) for p in query.order_by(Preorder.pickup_at, Preorder.id)]


@allowed(READ)
def open_orders() -> list[PreorderRow]:
    return [_row(p) for p in Preorder.select().where(Preorder.status.not_in([PICKED_UP, CANCELLED]))
            .order_by(Preorder.pickup_at, Preorder.id)]


@dataclass(frozen=True)
class ProductionItem:
    number: str
    customer: str
    quantity: Quantity
    details: str
    pickup: dt.datetime  # shop time


@dataclass(frozen=True)
class ProductionGroup:
    product: str
    quantity: Quantity
    items: tuple[ProductionItem, ...]


@allowed(READ)
def production_list(day: dt.date) -> list[ProductionGroup]:
    """What to make for a day's pickups, by product, each order with its details (the writing, the design)."""
    groups: dict[str, list[ProductionItem]] = {}
    for order in orders_for_day(day):
        for line in order.lines:
            groups.setdefault(line.label, []).append(ProductionItem(order.number, order.customer, line.quantity,
                                                                   line.details, to_local(order.pickup_at)))
    return [ProductionGroup(name, Quantity(sum(i.quantity.thousandths for i in items)), tuple(items))
            for name, items in sorted(groups.items())]


@allowed(READ)
def confirmation_link(preorder_id: int, *, reminder: bool = False) -> str | None:
    """A click-to-chat link with the order, the pickup time and what is still to pay."""
    o = get_preorder(preorder_id)
    if not o.phone:
        return None
    shop = shop_settings()
    items = "\n".join(f"- {format_number(ln.quantity)} x {ln.label}" + (f" ({ln.details})" if ln.details else "")
                      for ln in o.lines)
    when = format_datetime(o.pickup_at, clock.zone_name())
    head = (_("Hello {name}, a reminder from {shop}: your order {number} is ready to pick up {when}.")
            if reminder else _("Hello {name}, thank you for your order {number} at {shop}."))
    text = "\n".join([head.format(name=o.customer, shop=shop.shop_name or _("the shop"), number=o.number,
                                  when=when), items,
                      _("Pickup: {when}").format(when=when),
                      _("Total {total}, down payment {paid}, to pay at pickup {balance}.").format(
                          total=format_money(o.total), paid=format_money(o.down_payment),
                          balance=format_money(o.total - o.down_payment))])
    return chat_link(o.phone, text)


@allowed(READ)
def tomorrow_reminders(now: dt.datetime | None = None) -> list[tuple[PreorderRow, str | None]]:
    """Tomorrow's pickups, each with its reminder link (None without a WhatsApp number)."""
    tomorrow = clock.local_date(now or clock.now()) + dt.timedelta(days=1)
    return [(o, confirmation_link(o.id, reminder=True)) for o in orders_for_day(tomorrow)]


@allowed(READ)
def production_data(day: dt.date):
    from pos.printing.orders import BakeLine, ProductionData, ProductionEntry
    from pos.services.bake_plan import bake_plan  # issue #25: the made-daily products' suggested bake beside

    groups = tuple((g.product, g.quantity, tuple(ProductionEntry(i.number, i.customer, i.quantity, i.details,
                                                                  i.pickup.strftime("%H:%M")) for i in g.items))
                   for g in production_list(day))
    ordered = {product: total for product, total, _items in groups}
    bake = tuple(BakeLine(r.name, r.suggestion.baseline, r.suggestion.preorders, r.suggestion.carried,
                          r.suggestion.quantity, r.suggestion.sold_out_days) for r in bake_plan(day, ordered))
    return ProductionData(shop_settings().shop_name, day, groups, bake)


@allowed(READ)
def production_file(day: dt.date) -> bytes:
    from pos.printing.orders import production_pdf

    return production_pdf(production_data(day))
