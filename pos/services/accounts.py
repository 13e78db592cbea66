"""Money between a customer and the shop outside a sale: a deposit paid in advance, kasbon paid back."""

from __future__ import annotations

import datetime as dt

from pos.domain.payment_methods import gives_change, takes_money_now
from pos.i18n import _
from pos.models import CashEntry, Customer, DepositEntry, Shift, db
from pos.money import Money
from pos.services import clock
from pos.services.audit import record
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.ledgers import DEPOSIT, balance
from pos.services.access import CASHIER, allowed


@allowed(CASHIER)
def top_up_deposit(customer_id: int, amount: Money, method: str, *, shift_id: int, staff_id: int,
                   note: str = "", at: dt.datetime | None = None) -> Money:
    """The customer pays in advance; cash goes into the drawer. Returns the new deposit balance."""
    if amount.minor <= 0:
        raise InvalidInput(_("The amount must be more than zero."))
    if not takes_money_now(method):
        raise InvalidInput(_("Unknown payment method {method}.").format(method=method))
    with db.atomic():
        shift = Shift.get_or_none(Shift.id == shift_id)
        if shift is None or shift.status != "open":
            raise NotAllowed(_("Open a shift on this till before selling."))
        customer = Customer.get_by_id(customer_id)
        moment = at or clock.now()
        DepositEntry.create(customer=customer, amount=amount, created_at=moment,
                            note=note or _("Deposit paid ({method})").format(method=method))
        if gives_change(method):
            CashEntry.create(shift=shift, kind="deposit", amount=amount, staff=staff_id, note=customer.name,
                             created_at=moment)
        record("deposit.topped_up", entity="customer", entity_id=customer.id, staff_id=staff_id,
               details={"amount": amount.minor, "method": method})
        total = balance(DEPOSIT, customer.id)
    return total


@allowed(CASHIER)
def pay_kasbon(customer_id: int, amount: Money, method: str, *, shift_id: int, staff_id: int,
               at: dt.datetime | None = None) -> Money:
    """A payment against what the customer owes, oldest sale first (see services.kasbon). Returns what is
    still owed; anything paid beyond it is kept as the customer's deposit."""
    from pos.services.kasbon import record_payment

    return record_payment(customer_id, amount, method, shift_id=shift_id, staff_id=staff_id, at=at).still_owed
