"""Owner-only actions: checked here, in the services, whatever the window shows."""

from __future__ import annotations

import datetime as dt

from pos.i18n import _
from pos.models import db
from pos.models.staff import OWNER
from pos.services.audit import record
from pos.services.errors import NotAllowed
from pos.services.shop_settings import shop_settings
from pos.services.pin_guard import APPROVAL, NOT_COUNTED, OWNER_OK, WRONG, guarded
from pos.services.staff import Staff, holder_of
from pos.services.access import ANYONE, READ, allowed, approving_owner


def _as_approval(staff: Staff | None) -> str:
    if staff is None:
        return WRONG
    return OWNER_OK if staff.role == OWNER else NOT_COUNTED  # a cashier's own PIN guesses nothing


@allowed(ANYONE, why="the owner-approval PIN guard itself, with its lock-out")
def identify_for_approval(pin: str | None, *, till_id: str = "") -> Staff | None:
    """Whoever holds this PIN, checked under the owner-approval lock-out (for a prompt where the owner's PIN
    gives more, like full phone numbers in an export): a PIN nobody holds counts as a wrong owner's PIN."""
    return guarded(APPROVAL, lambda: holder_of(pin or ""), till_id=till_id, judge=_as_approval)


@allowed(ANYONE, why="the owner's PIN guard itself, with its lock-out")
def require_owner(pin: str | None, *, till_id: str = "") -> Staff:
    """The owner whose PIN this is, or NotAllowed (LockedOut after too many wrong owner's PINs in the shop)."""
    staff = identify_for_approval(pin, till_id=till_id)
    if staff is None or staff.role != OWNER:
        raise NotAllowed(_("This needs the owner's PIN."))
    return staff


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
