"""Stamps carried over from a paper stamp card: one opening balance per customer, entered by the owner.

It is an entry of the stamp ledger like any other (counted in the card and the reward), marked as the
opening one; a second is refused. The owner's PIN is checked here, and the entry is audited.
"""

from __future__ import annotations

import datetime as dt

from pos.i18n import _
from pos.models import Customer, StampEntry, db
from pos.services import clock
from pos.services.audit import record
from pos.services.db import supports_row_locks
from pos.services.errors import InvalidInput
from pos.services.access import OWNER, READ, allowed, approving_owner

MAX_OPENING_STAMPS = 1000  # more on a paper card is a typing slip


@allowed(READ)
def opening_stamps(customer_id: int) -> int | None:
    """The opening balance entered for the customer, or None when there is none yet."""
    entry = StampEntry.get_or_none((StampEntry.customer == customer_id) & (StampEntry.opening == True))  # noqa: E712
    return entry.earned if entry else None


@allowed(OWNER)
def enter_opening_stamps(customer_id: int, stamps: int, *, owner_pin: str | None, staff_id: int | None = None,
                         till_id: str = "", now: dt.datetime | None = None) -> None:
    """Owner only, once per customer: the stamps on the customer's paper card go into the stamp ledger."""
    owner = approving_owner()
    if not isinstance(stamps, int) or not 1 <= stamps <= MAX_OPENING_STAMPS:
        raise InvalidInput(_("The stamps from the paper card must be a number from 1 to {most}.").format(
            most=MAX_OPENING_STAMPS))
    with db.atomic():
        query = Customer.select().where(Customer.id == customer_id)
        customer = (query.for_update() if supports_row_locks() else query).first()  # two tills at once: one wins
        if customer is None or not customer.active:
            raise InvalidInput(_("That customer is not in the book any more."))
        earlier = opening_stamps(customer_id)
        if earlier is not None:
            raise InvalidInput(_("{name} has an opening balance from the paper card already ({n} stamps).").format(
                name=customer.name, n=earlier))
        StampEntry.create(customer=customer_id, earned=stamps, opening=True, created_at=now or clock.now())
        record("stamps.opening_entered", entity="customer", entity_id=customer.member_code, staff_id=staff_id,
               till_id=till_id, details={"stamps": stamps, "approved_by": owner.name}, summary=customer.name)
