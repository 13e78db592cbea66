"""Owner-only actions: checked here, in the services, whatever the window shows."""

from __future__ import annotations

import datetime as dt

from pos.i18n import _
from pos.models import db
from pos.models.staff import OWNER
from pos.services.audit import record
from pos.services.errors import NotAllowed
from pos.services.staff import Staff, authenticate, guarded
from pos.services.access import ANYONE, READ, allowed, approving_owner


@allowed(ANYONE, why="the owner's PIN guard itself, with its lock-out")
def require_owner(pin: str | None) -> Staff:
    """The owner whose PIN this is, or NotAllowed (LockedOut after too many wrong PINs in a row)."""
    def owner() -> Staff | None:
        staff = authenticate(pin or "")
        return staff if staff is not None and staff.role == OWNER else None

    staff = guarded("approval", owner)
    if staff is None:
        raise NotAllowed(_("This needs the owner's PIN."))
    return staff


@allowed(READ)
def line_removal_protected() -> bool:
    from pos.services.shop import get_shop_settings

    return bool(get_shop_settings()["protect_line_removal"])


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
