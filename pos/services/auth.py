"""The PIN check and the owner's PIN guard: who holds a PIN, and whether it is the owner's, under the lock-out.

The ground floor of the owner's rules: ``access.allowed(OWNER)`` checks the PIN here, and the use cases
(staff, shop, sales…) build on it; this module imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.i18n import _
from pos.models import StaffUser, db
from pos.models.staff import OWNER
from pos.services.errors import NotAllowed
from pos.services.pin_guard import APPROVAL, NOT_COUNTED, OWNER_OK, WRONG, guarded
from pos.services.pin_keys import TypedPin, holds
from pos.services.rules import ANYONE, allowed


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    role: str


@allowed(ANYONE, why="the check inside the PIN guard; upgrades an old PIN hash")
def holder_of(pin: str) -> Staff | None:
    """The active staff member with this PIN, UNGUARDED: call it only as the check of ``guarded``. One slow derivation
    for everyone with a key; a row still on its old hash, or a key of another cost, gets today's key."""
    typed = TypedPin(pin)
    for user in StaffUser.select().where(StaffUser.active == True).order_by(StaffUser.id):  # noqa: E712
        if holds(typed, user.pin_key, user.pin_hash):
            if not typed.is_current(user.pin_key):
                with db.atomic():
                    StaffUser.update(pin_key=typed.key(), pin_hash="").where(StaffUser.id == user.id).execute()
            return Staff(user.id, user.name, user.role)
    return None


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
