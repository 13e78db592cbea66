"""The kasbon ledger as the owner runs it: which sales are still open, payments against the oldest one or a
chosen one, an overpayment kept as deposit, the statement of a period and the aging of what is owed.

The ledger (``KasbonEntry``) is the truth and a balance is always its sum. Allocations only
say which charge a credit settled; credits with none (older payments) settle the oldest
charges first, so the open list always adds up to the balance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


from pos.domain.payment_methods import gives_change, takes_money_now
from pos.i18n import _, format_date, format_money
from pos.models import (CashEntry, Customer, DepositEntry, Invoice, KasbonAllocation, KasbonEntry, Sale, Shift, db)
from pos.money import Money
from pos.services import clock
from pos.services.audit import record
from pos.services.clock import local_date, today
from pos.services.db import held
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.ledgers import KASBON, before, holders
from pos.services.ledgers import balance as ledger_balance
from pos.services.ledgers import entries as ledger_entries
from pos.services.phones import chat_link
from pos.services.shop_settings import shop_settings
from pos.services.access import CASHIER, OWNER, READ, allowed

BUCKETS = ("not_due", "d0_7", "d8_30", "d31_60", "d60_plus")


@allowed(READ)
def payment_terms(customer: Customer) -> int:
    return customer.payment_terms_days if customer.payment_terms_days is not None \
        else shop_settings().payment_terms_days


@allowed(READ)
def due_date_for(customer_id: int, sold_at: dt.datetime) -> dt.date:
    """The day a sale on kasbon must be paid: the sale's day (shop time) plus the customer's terms."""
    customer = Customer.get_by_id(customer_id)
    return local_date(sold_at) + dt.timedelta(days=payment_terms(customer))


@dataclass(frozen=True)
class OpenCharge:
    entry_id: int
    sale_id: int | None
    number: str  # the invoice's number if there is one, else the receipt's
    at: dt.datetime  # UTC
    due_date: dt.date
    amount: Money
    remaining: Money


@allowed(READ)
def charges(customer_id: int) -> list[OpenCharge]:
    """Every charge with what is left of it (0 when settled), oldest first."""
    entries = list(ledger_entries(KASBON, customer_id))
    ids = [e.id for e in entries]
    allocated: dict[int, int] = {}
    used: dict[int, int] = {}
    if ids:
        for credit, charge, amount in (KasbonAllocation.select(KasbonAllocation.credit, KasbonAllocation.charge,
                                                                KasbonAllocation.amount)
                                       .where(KasbonAllocation.charge.in_(ids) & KasbonAllocation.credit.in_(ids))
                                       .tuples()):
            allocated[charge] = allocated.get(charge, 0) + int(amount)
            used[credit] = used.get(credit, 0) + int(amount)
    free = sum(-e.amount.minor - used.get(e.id, 0) for e in entries if e.amount.minor < 0)
    numbers = {i.sale_id: i.number for i in Invoice.select(Invoice.sale, Invoice.number)
               .where(Invoice.sale.in_([e.sale_id for e in entries if e.sale_id]))} if entries else {}
    sales = {s.id: s.number for s in Sale.select(Sale.id, Sale.number)
             .where(Sale.id.in_([e.sale_id for e in entries if e.sale_id]))} if entries else {}
    terms = None
    charges = []
    for e in entries:
        if e.amount.minor <= 0:
            continue
        left = e.amount.minor - allocated.get(e.id, 0)
        take = min(left, free)
        left, free = left - take, free - take
        if e.due_date is None and terms is None:
            terms = payment_terms(Customer.get_by_id(customer_id))
        due = e.due_date or (local_date(e.created_at) + dt.timedelta(days=terms))
        charges.append(OpenCharge(e.id, e.sale_id, numbers.get(e.sale_id) or sales.get(e.sale_id, ""), e.created_at,
                                  due, e.amount, Money(left)))
    return charges


@allowed(READ)
def open_charges(customer_id: int) -> list[OpenCharge]:
    return [c for c in charges(customer_id) if c.remaining.minor > 0]


@allowed(READ)
def owed(customer_id: int) -> Money:
    return ledger_balance(KASBON, customer_id)


@dataclass(frozen=True)
class PaymentResult:
    paid: Money  # off the kasbon
    to_deposit: Money  # what was more than owed, kept for the customer
    still_owed: Money
    settled: tuple[tuple[str, Money], ...]  # (number, amount) per sale it went to


def _allocate(credit_id: int, amount: int, charges: list[OpenCharge], first: int | None) -> list[tuple[str, Money]]:
    order = sorted(charges, key=lambda c: (c.entry_id != first, c.at, c.entry_id))
    settled = []
    for c in order:
        if amount <= 0:
            break
        take = min(amount, c.remaining.minor)
        if take <= 0:
            continue
        KasbonAllocation.create(credit=credit_id, charge=c.entry_id, amount=take)
        settled.append((c.number, Money(take)))
        amount -= take
    return settled


@allowed(CASHIER)
def record_payment(customer_id: int, amount: Money, method: str, *, shift_id: int, staff_id: int,
                   charge_id: int | None = None, at: dt.datetime | None = None) -> PaymentResult:
    """A payment of kasbon (partial or whole, any method) against the chosen sale first, then the oldest.

    Cash goes into the shift's drawer. Whatever is more than owed becomes the customer's
    deposit, written in the deposit ledger with its reason.
    """
    if amount.minor <= 0:
        raise InvalidInput(_("The amount must be more than zero."))
    if not takes_money_now(method):
        raise InvalidInput(_("Unknown payment method {method}.").format(method=method))
    at = at or clock.now()
    with db.atomic():
        shift = Shift.get_or_none(Shift.id == shift_id)
        if shift is None or shift.status != "open":
            raise NotAllowed(_("Open a shift on this till before selling."))
        # held: a payment at another till waits, then settles only what this one left owing
        customer = held(Customer.select().where(Customer.id == customer_id)).first()
        if customer is None:
            raise InvalidInput(_("That customer is not in the book any more."))
        charges = open_charges(customer_id)
        if charge_id is not None and charge_id not in {c.entry_id for c in charges}:
            raise InvalidInput(_("That sale is paid already."))
        total_owed = owed(customer_id).minor
        paid = min(amount.minor, max(total_owed, 0))
        extra = amount.minor - paid
        settled: list[tuple[str, Money]] = []
        from pos.services.receipts import method_name

        note = _("Paid ({method})").format(method=method_name(method))
        if paid:
            credit = KasbonEntry.create(customer=customer_id, amount=-paid, method=method, created_at=at, note=note)
            settled = _allocate(credit.id, paid, charges, charge_id)
        if extra:
            DepositEntry.create(customer=customer_id, amount=extra, created_at=at,
                                note=_("Paid more than the kasbon owed ({method})").format(method=method_name(method)))
        if gives_change(method):
            if paid:
                CashEntry.create(shift=shift, kind="kasbon_payment", amount=Money(paid), staff=staff_id,
                                 created_at=at, note=customer.name)
            if extra:
                CashEntry.create(shift=shift, kind="deposit", amount=Money(extra), staff=staff_id, created_at=at,
                                 note=customer.name)
        record("kasbon.paid", entity="customer", entity_id=customer.member_code, staff_id=staff_id,
               details={"amount": amount.minor, "method": method, "to_deposit": extra,
                        "settled": [[n, m.minor] for n, m in settled]})
    return PaymentResult(Money(paid), Money(extra), Money(total_owed - paid), tuple(settled))


@allowed(OWNER)
def settle_refund(credit_id: int, sale_id: int, amount: Money, *, owner_pin: str | None = None) -> None:
    """A refund on kasbon settles the sale it takes back from (what is left of it), not the oldest one."""
    entry = KasbonEntry.get_or_none((KasbonEntry.sale == sale_id) & (KasbonEntry.amount > 0))
    if entry is None:
        return
    charge = next((c for c in open_charges(entry.customer_id) if c.entry_id == entry.id), None)
    if charge is not None:
        _allocate(credit_id, min(amount.minor, charge.remaining.minor), [charge], entry.id)


# --- the statement and the aging ------------------------------------------------------------------
@dataclass(frozen=True)
class StatementLine:
    at: dt.datetime
    what: str  # "invoice" | "payment" | "refund"
    reference: str
    charge: Money
    credit: Money
    balance: Money


@dataclass(frozen=True)
class Statement:
    customer: str
    member_code: str
    start: dt.date
    end: dt.date  # inclusive
    opening: Money
    lines: tuple[StatementLine, ...]
    charges: Money
    credits: Money
    closing: Money


@allowed(READ)
def statement(customer_id: int, start: dt.date, end: dt.date) -> Statement:
    """Opening balance, every charge and credit of the period (shop days, inclusive), closing balance."""
    if end < start:
        raise InvalidInput(_("The period ends before it starts."))
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise InvalidInput(_("That customer is not in the book any more."))
    since, until = clock.day_start(start), clock.day_start(end + dt.timedelta(days=1))
    opening = ledger_balance(KASBON, customer_id, through=before(since))
    entries = list(KasbonEntry.select().where((KasbonEntry.customer == customer_id)
                                              & (KasbonEntry.created_at >= since) & (KasbonEntry.created_at < until))
                   .order_by(KasbonEntry.created_at, KasbonEntry.id))
    sale_ids = [e.sale_id for e in entries if e.sale_id]
    sales = {s.id: s for s in Sale.select(Sale.id, Sale.number, Sale.kind).where(Sale.id.in_(sale_ids))} \
        if sale_ids else {}
    invoices = {i.sale_id: i.number for i in Invoice.select().where(Invoice.customer == customer_id)}
    balance, lines = opening.minor, []
    for e in entries:
        balance += e.amount.minor
        sale = sales.get(e.sale_id)
        if e.amount.minor > 0:
            what, reference = "invoice", invoices.get(e.sale_id) or (sale.number if sale else "")
        elif sale is not None and sale.kind == "refund":
            what, reference = "refund", sale.number
        else:
            what, reference = "payment", e.note
        lines.append(StatementLine(e.created_at, what, reference, Money(max(e.amount.minor, 0)),
                                   Money(max(-e.amount.minor, 0)), Money(balance)))
    charges = Money(sum(ln.charge.minor for ln in lines))
    credits = Money(sum(ln.credit.minor for ln in lines))
    return Statement(customer.name, customer.member_code, start, end, opening, tuple(lines), charges, credits,
                     Money(balance))


@dataclass(frozen=True)
class AgingRow:
    customer_id: int
    name: str
    member_code: str
    phone: str | None
    buckets: dict[str, Money]  # BUCKETS -> amount
    total: Money
    oldest_due: dt.date | None


@allowed(READ)
def bucket_of(days_past_due: int) -> str:
    if days_past_due < 0:
        return "not_due"
    if days_past_due <= 7:
        return "d0_7"
    if days_past_due <= 30:
        return "d8_30"
    if days_past_due <= 60:
        return "d31_60"
    return "d60_plus"


@allowed(READ)
def aging(as_of: dt.date | None = None) -> tuple[list[AgingRow], dict[str, Money]]:
    """Who owes what, by days past the due date on ``as_of`` (shop date), most overdue first; and totals."""
    as_of = as_of or today()
    debtors = [cid for (cid,) in holders(KASBON).tuples()]
    rows = []
    for customer in Customer.select().where(Customer.id.in_(debtors)) if debtors else []:
        buckets = {b: Money(0) for b in BUCKETS}
        charges = open_charges(customer.id)
        for c in charges:
            key = bucket_of((as_of - c.due_date).days)
            buckets[key] = buckets[key] + c.remaining
        total = Money(sum(m.minor for m in buckets.values()))
        if total.minor:
            rows.append(AgingRow(customer.id, customer.name, customer.member_code, customer.phone, buckets, total,
                                 min(c.due_date for c in charges)))
    rows.sort(key=lambda r: (r.oldest_due, -r.total.minor))
    totals = {b: Money(sum(r.buckets[b].minor for r in rows)) for b in BUCKETS}
    return rows, totals


@allowed(READ)
def reminder_link(customer_id: int, as_of: dt.date | None = None) -> str | None:
    """A click-to-chat link to the customer with what is owed and the earliest due date filled in."""
    customer = Customer.get_by_id(customer_id)
    if not customer.phone:
        return None
    charges = open_charges(customer_id)
    if not charges:
        return None
    shop = shop_settings()
    total = Money(sum(c.remaining.minor for c in charges))
    due = min(c.due_date for c in charges)
    text = _("Hello {name}, a friendly reminder from {shop}: the kasbon of {amount} ({numbers}) is due on "
             "{due}. Thank you!").format(name=customer.name, shop=shop.shop_name or _("the shop"),
                                        amount=format_money(total), numbers=", ".join(c.number for c in charges),
                                        due=format_date(due))
    return chat_link(customer.phone, text)
