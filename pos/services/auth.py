"""Owner-only actions: checked here, in the services, whatever the window shows."""

from __future__ import annotations

from pos.i18n import _
from pos.models.staff import OWNER
from pos.services.errors import NotAllowed
from pos.services.staff import Staff, authenticate


def require_owner(pin: str | None) -> Staff:
    """The owner whose PIN this is, or NotAllowed."""
    staff = authenticate(pin or "")
    if staff is None or staff.role != OWNER:
        raise NotAllowed(_("This needs the owner's PIN."))
    return staff
