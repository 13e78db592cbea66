"""Taking a scanned item off the cart when the owner protected it (the shop setting protect_line_removal)."""

from __future__ import annotations

import datetime as dt

from pos.models import db
from pos.services.audit import record
from pos.services.auth import Staff
from pos.services.shop_settings import shop_settings
from pos.services.access import OWNER, READ, allowed, approving_owner


@allowed(READ)
def line_removal_protected() -> bool:
    return shop_settings().protect_line_removal


@allowed(OWNER)
def approve_line_removal(pin: str | None, *, staff_id: int, till_id: str, product: str, quantity: str,
                         at: dt.datetime | None = None) -> Staff:
    """When the owner switched the protection on, taking a scanned item off the cart needs their PIN;
    every such removal is written to the audit log."""
    owner = approving_owner()
    with db.atomic():
        record("cart.line_removed", staff_id=staff_id, till_id=till_id,
               details={"product": product, "quantity": quantity, "approved_by": owner.name}, at=at)
    return owner
