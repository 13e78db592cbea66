"""Completing a sale: price it, check the payments, store everything at once, exactly once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from peewee import DatabaseError, IntegrityError, OperationalError

from pos.domain.limits import LimitError, check_payment
from pos.domain.pricing import CartLine, PricedCart, Selections
from pos.domain.payment_methods import ledger_of
from pos.domain.till import CASH, DEPOSIT, KASBON, Tender, TillError, settle
from pos.i18n import _, format_money
from pos.models import (CashEntry, Customer, DepositEntry, KasbonEntry, Payment, Sale, SaleLine, SaleLineChoice,
                        SaleLineReason,
                        StampEntry)
from pos.models.sale_statements import Rows, SaleStart, converted_rows, insert_family, insert_line_reasons, start_sale
from pos.models.statements import moment_value, write_transaction
from pos.money import Money, line_minor
from pos.services import clock
from pos.services.audit import record
from pos.services.changes import read_afresh, version_held, version_known
from pos.services.auth import require_owner
from pos.services.customers import review_tier
from pos.services.db import first_line
from pos.services.errors import DatabaseUnavailable, InvalidInput, NotAllowed
from pos.services.ledgers import DEPOSIT as DEPOSIT_LEDGER, KASBON as KASBON_LEDGER, balance
from pos.services.numbering import RECEIPT, receipt_number
from pos.services.promotion_limits import claim_total_uses
from pos.services.retries import ATTEMPTS, pause, transient
from pos.services.pricing import (book_facts, check_priced, limit_text, limited_in_total, price, stamp_rule,
                                  stamps_available)
from pos.services.trays import take_from_trays
from pos.services.visits import note_sale
from pos.services.access import CASHIER, READ, NotStaff, allowed, confirm_staff


@dataclass(frozen=True)
class CheckoutRequest:
    cart_id: str  # made by the till when the cart starts; completing it twice stores one sale
    till_id: str
    shift_id: int
    cashier_id: int
    lines: tuple[CartLine, ...]
    tenders: tuple[Tender, ...]
    customer_id: int | None = None
    selections: Selections = field(default_factory=Selections)
    at: dt.datetime | None = None  # UTC; default now
    owner_pin: str = ""  # needed when a line has a manual price
    agreed: PricedCart | None = None  # a pre-order or consignment: the cart as priced back then, stored as it is
    number: str = ""  # a sale made while the server was away: the number the customer got (the counter moves past)
    oversell: bool = False  # the owner's PIN sells beyond a made-daily product's tray (issue #25)


class SaleResult(NamedTuple):  # a tuple: made for every sale, cheaper than a frozen dataclass
    id: int
    number: str
    created_at: dt.datetime
    total: Money  # what was paid
    rounding: Money
    change: Money
    customer_id: int | None
    already_recorded: bool  # True when this cart had been completed before


@allowed(READ)
def kasbon_owed(customer_id: int) -> Money:
    return balance(KASBON_LEDGER, customer_id)


@allowed(READ)
def deposit_held(customer_id: int) -> Money:
    return balance(DEPOSIT_LEDGER, customer_id)


def _same_cart(sale: Sale, request: CheckoutRequest) -> SaleResult:
    """The cart was completed before: the same sale again, unless the cart now holds other items."""
    stored: dict[int, int] = {}
    for line in sale.lines:
        if not line.is_bonus:
            stored[line.product_id] = stored.get(line.product_id, 0) + line.quantity.thousandths
    asked: dict[int, int] = {}
    for line in request.lines:
        asked[line.product_id] = asked.get(line.product_id, 0) + line.quantity.thousandths
    if stored != asked:
        raise InvalidInput(_("This cart was completed already as sale {number}, with other items; "
                             "start a new sale.").format(number=sale.number))
    return _result(sale, True)


def _result(sale: Sale, already: bool) -> SaleResult:
    change = Money(sum(p.change.minor for p in sale.payments))
    return SaleResult(sale.id, sale.number, sale.created_at, sale.total, sale.rounding, change, sale.customer_id,
                      already)


def _till_message(error: TillError) -> str:
    p = error.params
    messages = {
        "no_payment": lambda: _("Choose how the customer pays."),
        "bad_method": lambda: _("Unknown payment method {method}.").format(method=p["method"]),
        "bad_amount": lambda: _("A payment must be more than zero."),
        "change_only_cash": lambda: _("Only cash gives change."),
        "tendered_short": lambda: _("{tendered} handed over is less than {amount}.").format(
            tendered=format_money(Money(p["tendered"])), amount=format_money(Money(p["amount"]))),
        "paid_differs": lambda: _("The payments add up to {paid}, the sale is {due}.").format(
            paid=format_money(Money(p["paid"])), due=format_money(Money(p["due"]))),
    }
    return messages.get(error.code, lambda: error.code)()


@allowed(READ)
def payment_refusal(error: TillError) -> str:
    """Why the payments do not fit the sale, in the user's words."""
    return _till_message(error)


def _spends_balance(request: CheckoutRequest) -> bool:
    """Whether the sale spends something the customer holds: stamps, the credit limit (kasbon) or a deposit."""
    stamps = request.selections.accepted_offers or (request.agreed is not None and request.agreed.stamps_used)
    return bool(stamps) or any(ledger_of(t.method) for t in request.tenders)


def _check_stamp_rewards(request: CheckoutRequest, priced: PricedCart, at: dt.datetime) -> None:
    """A reward the till showed as taken must still be on the card now that the card is held; else nothing is stored."""
    if request.customer_id is None:
        return
    if request.agreed is None:  # priced again just now, with the card as it is: a reward taken but not given?
        if not request.selections.accepted_offers - set(priced.applied):
            return
    elif not priced.stamps_used:
        return
    card = stamp_rule()
    have = stamps_available(request.customer_id, at, card.expiry_months if card else None)
    if request.agreed is not None:  # a pre-order priced back then: its reward spends the stamps now
        if have >= priced.stamps_used:
            return
        raise InvalidInput(_("The stamp card holds {have} stamps now, fewer than the {needed} this order's reward "
                             "takes: it was used since the order was taken. Nothing was stored.").format(
                                 have=have, needed=priced.stamps_used))
    if card is not None and have >= card.stamps_needed:
        raise InvalidInput(_("The stamp card reward is not offered any more. Nothing was stored: "
                             "check the sale and pay again."))
    raise InvalidInput(_("This stamp card was just used at another till: it holds {have} stamps now. Nothing was "
                         "stored; the sale goes on without the reward: check the total and pay again.").format(
                             have=have))


def _check_customer_money(request: CheckoutRequest) -> None:
    if not any(ledger_of(t.method) for t in request.tenders):  # cash, QRIS, card…: nothing the customer holds
        return
    kasbon = Money(sum(t.amount.minor for t in request.tenders if ledger_of(t.method) == KASBON))
    deposit = Money(sum(t.amount.minor for t in request.tenders if ledger_of(t.method) == DEPOSIT))
    if not (kasbon or deposit):
        return
    if request.customer_id is None:
        raise InvalidInput(_("Kasbon and deposit need a customer from the book."))
    customer = Customer.get_by_id(request.customer_id)  # held since the sale's first read (start_sale)
    if kasbon:
        owed = kasbon_owed(customer.id)
        limit = customer.credit_limit or Money(0)
        if owed + kasbon > limit:
            raise NotAllowed(_("{name} may owe at most {limit}; with this sale it would be {owed}.").format(
                name=customer.name, limit=format_money(limit), owed=format_money(owed + kasbon)))
    if deposit and deposit > deposit_held(customer.id):
        raise InvalidInput(_("{name} has {held} on deposit, less than {amount}.").format(
            name=customer.name, held=format_money(deposit_held(customer.id)), amount=format_money(deposit)))


@allowed(CASHIER, param="request.cashier_id", inside=True)
def checkout(request: CheckoutRequest) -> SaleResult:
    """Store the sale with its lines, reasons, payments and ledger entries in one transaction.

    Only once this returns may the till show "completed": the commit is durable
    (SQLite synchronous=FULL). The same cart id returns the stored sale again.
    """
    if not request.lines:
        raise InvalidInput(_("The cart is empty."))
    manual = [line for line in request.lines if line.price is not None] if request.agreed is None else []
    # the owner's PIN before the sale's transaction: a refused sale must not roll a wrong PIN's count back
    owner = require_owner(request.owner_pin) if manual or request.oversell else None
    attempt = 0
    while True:
        try:
            return _attempt(request, manual, owner)
        except IntegrityError:
            raise
        except (OperationalError, DatabaseError) as exc:  # locked, disconnected …: nothing was stored
            attempt += 1
            if attempt < ATTEMPTS and transient(exc):  # lost a race with another till: the same work again
                pause(attempt)
                continue
            raise DatabaseUnavailable(_("The sale was not stored, the database did not answer ({reason}). "
                                        "The cart is kept: try again.").format(reason=first_line(exc))) from None


def _attempt(request: CheckoutRequest, manual: list, owner) -> SaleResult:
    """One try of the sale's transaction; a stored cart is answered with its sale."""
    try:
        with write_transaction():  # on SQLite BEGIN IMMEDIATE … COMMIT without peewee's plumbing
            return _checkout(request, manual, owner)
    except IntegrityError:
        existing = Sale.get_or_none(Sale.cart_id == request.cart_id)  # another click or till won the race
        if existing is None:
            raise
        return _same_cart(existing, request)  # the same cart again, unless this one holds other items
    except NotStaff:
        raise
    except (InvalidInput, NotAllowed):  # the cart stored before, then its stamps or its shift used up?
        existing = Sale.get_or_none(Sale.cart_id == request.cart_id)
        if existing is None:
            raise
        return _same_cart(existing, request)
    finally:  # completed or refused: the till's screen reads the version and the customer's facts afresh
        read_afresh()


def _check_payments(tenders: tuple[Tender, ...]) -> None:
    try:
        for t in tenders:
            check_payment(t.amount)
            if t.tendered is not None:
                check_payment(t.tendered)
    except LimitError as exc:
        raise InvalidInput(limit_text(exc)) from None


def _checkout(request: CheckoutRequest, manual: list, owner) -> SaleResult:
    """The cart stored once, the shift open and the cashier active are checked by the statements a sale sends anyway
    (the sale's unique cart id; the receipt's number taken, returning the checks and the pricing version), so a sale
    costs the statements it stores: on PostgreSQL a walk-in's cash sale is BEGIN, that first statement, one
    statement for the sale with its lines, payments and ledger entries, COMMIT. On SQLite a walk-in's sale after the
    till's first sends its checks in the counter's UPDATE, with the pricing version held, and reads nothing back."""
    at = request.at or clock.now()
    hold = request.customer_id if request.customer_id is not None and _spends_balance(request) else None
    claimed = int(request.number.rsplit("-", 1)[1]) if request.number else None  # kept while the server was away
    start = start_sale(request.till_id, RECEIPT, request.shift_id, request.cashier_id, hold, claimed,
                       request.customer_id, at, version_held())
    confirm_staff(start.staff_active)
    if not start.shift_open:
        raise NotAllowed(_("Open a shift on this till before selling."))
    with version_known(start.version):  # read (or confirmed) in this transaction: nothing below reads it again
        return _sell(request, owner, start, at)


def _sell(request: CheckoutRequest, owner, start: SaleStart, at: dt.datetime) -> SaleResult:
    """The sale priced (the till's priced cart is reused when the pricing version has not moved), checked and stored."""
    priced = request.agreed or price(request.lines, request.customer_id, at=at,  # the till's tuple: found at once
                                     selections=request.selections)
    _check_stamp_rewards(request, priced, at)
    if request.agreed is not None:  # price() checked its own
        check_priced(priced)
    _check_payments(request.tenders)
    try:
        settlement = settle(priced.total, priced.cash_total, request.tenders)
    except TillError as exc:
        raise InvalidInput(_till_message(exc)) from None
    _check_customer_money(request)
    costs, daily = book_facts({line.product_id for line in priced.lines})  # from the price book held
    # a statement only for made-daily goods:
    take_from_trays(priced, at, owner if request.oversell else None, till_id=request.till_id,
                    staff_id=request.cashier_id, kept=bool(request.number), daily=daily)
    number = request.number or receipt_number(request.till_id, start.number_value)
    stored_at = moment_value(at)  # the sale's moment as its three rows store it, converted once
    payments = _payments(request.tenders, stored_at)
    sale_id = insert_family(Sale, _SALE_COLUMNS, [
        number, request.cart_id, request.till_id, request.shift_id, request.cashier_id, request.customer_id,
        stored_at, priced.subtotal.minor, priced.discount_total.minor, priced.tax.minor, settlement.rounding.minor,
        settlement.due.minor,
    ], [_store_lines(priced, costs), payments, *_store_ledgers(priced, request, settlement.cash_in, at, stored_at)])
    _store_reasons(sale_id, priced)
    if limited_in_total(priced.applied):  # a promotion limited in total: another till may have sold the last
        claim_total_uses(priced)  # counted with this sale's lines and reasons stored
    change = settlement.change
    if owner is not None and any(p.price_source == "override" for p in priced.lines):
        record("sale.price_override", entity="sale", entity_id=number, staff_id=request.cashier_id,
               till_id=request.till_id, at=at, details={"approved_by": owner.name, "lines": [
                   {"product": p.product_id, "name": p.name, "quantity": str(p.quantity), "usual": p.retail_price.minor,
                    "price": p.unit_price.minor}
                   for p in priced.lines if p.price_source == "override"]})
    if request.customer_id is not None:
        note_sale(sale_id, request.customer_id, settlement.due, start.customer)  # their facts read by start_sale
        review_tier(request.customer_id, at, start.customer[4:] if start.customer else None)
    return SaleResult(sale_id, number, at, settlement.due, settlement.rounding, change, request.customer_id, False)


# The rows written with the sale's row (``sale_statements.Rows``): each a list of database values, converted here
# once (Money as its minor units, a quantity as thousandths), in the order of its columns.
_SALE_COLUMNS = ("number", "cart_id", "till_id", "shift", "cashier", "customer", "created_at", "subtotal",
                 "discount_total", "tax_total", "rounding", "total")
_LINE_COLUMNS = ("position", "product", "description", "quantity", "unit_price", "retail_price", "price_source",
                 "discount", "amount", "is_bonus", "promotion", "cost")
_PAYMENT_COLUMNS = ("method", "amount", "tendered", "change", "reference", "created_at")
_CASH_COLUMNS = ("shift", "kind", "amount", "staff", "created_at")


def _store_lines(priced: PricedCart, costs: dict[int, Money | None]) -> Rows:
    """The sale's lines, written with the sale's row in one statement (PostgreSQL) or one multi-row INSERT. Each
    line keeps what its goods cost the shop now (``costs``; issue #25: gross profit = amount − cost)."""
    rows = []
    for position, line in enumerate(priced.lines, start=1):  # line_costs(), in the same pass as the rows
        cost = costs.get(line.product_id)
        thousandths = line.quantity.thousandths
        rows.append([position, line.product_id, line.name, thousandths, line.unit_price.minor,
                     line.retail_price.minor, line.price_source, line.discount.minor, line.amount.minor,
                     line.is_bonus, line.promotion_id, None if cost is None else line_minor(thousandths, cost.minor)])
    return (SaleLine, "sale", _LINE_COLUMNS, rows)


def _payments(tenders: tuple[Tender, ...], at: object) -> Rows:
    return (Payment, "sale", _PAYMENT_COLUMNS, [
        [t.method, t.amount.minor, None if t.tendered is None else t.tendered.minor,
         0 if t.tendered is None else t.tendered.minor - t.amount.minor, t.reference.strip(), at] for t in tenders])


def _store_reasons(sale_id: int, priced: PricedCart) -> None:
    """The lines' reasons (promotions, prices), in one more statement when there are any."""
    if not any(line.reasons or line.options for line in priced.lines):
        return  # a plain sale (most): nothing to gather
    insert_line_reasons(SaleLineReason, SaleLine, sale_id, [
        (position, dict(code=why.code, params=why.values, amount=why.amount, promotion=why.promotion_id))
        for position, line in enumerate(priced.lines, start=1) for why in line.reasons])
    insert_line_reasons(SaleLineChoice, SaleLine, sale_id, [  # the choices as they are now (issue #24)
        (position, dict(position=i, group_name=o.group, name=o.name, price=o.price, extra=o.extra, choice=o.choice_id))
        for position, line in enumerate(priced.lines, start=1) for i, o in enumerate(line.options)])


def _store_ledgers(priced: PricedCart, request: CheckoutRequest, cash_in: Money,
                   at: dt.datetime, stored_at: object) -> list[Rows]:
    """The sale's ledger entries (cash, kasbon, deposit, stamps), written with the sale's row (``stored_at``: the
    moment as the database takes it, ``models.statements.moment_value``)."""
    entries: list[Rows] = []
    if cash_in.minor:
        entries.append((CashEntry, "sale", _CASH_COLUMNS, [[request.shift_id, "sale", cash_in.minor,
                                                            request.cashier_id, stored_at]]))
    if request.customer_id is None:
        return entries
    kasbon, deposit = [], []
    for t in request.tenders:
        if ledger_of(t.method) == KASBON:
            from pos.services.kasbon import due_date_for

            kasbon.append(dict(customer=request.customer_id, amount=t.amount, created_at=at,
                               due_date=due_date_for(request.customer_id, at)))
        elif ledger_of(t.method) == DEPOSIT:
            deposit.append(dict(customer=request.customer_id, amount=-t.amount, created_at=at))
    entries += [(KasbonEntry, "sale", *converted_rows(KasbonEntry, kasbon)),
                (DepositEntry, "sale", *converted_rows(DepositEntry, deposit))]
    earned = sum(n for _promo, n in priced.stamps_earned)
    if earned or priced.stamps_used:
        entries.append((StampEntry, "sale", *converted_rows(StampEntry, [dict(
            customer=request.customer_id, earned=earned, used=priced.stamps_used, created_at=at)])))
    return entries


__all__ = ["CASH", "CheckoutRequest", "SaleResult", "checkout", "deposit_held", "kasbon_owed"]
