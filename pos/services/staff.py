"""Staff users and their PINs (scrypt hashes; the PIN itself is never stored)."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from pos.i18n import _
from pos.models import StaffUser, db
from pos.models.staff import CASHIER, OWNER
from pos.services.audit import record
from pos.services.errors import InvalidInput

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    role: str


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(expected.hex(), digest_hex)


def check_pin_format(pin: str) -> None:
    if not re.fullmatch(r"\d{4,6}", pin or ""):
        raise InvalidInput(_("A PIN is 4 to 6 digits."))


def add_staff(name: str, role: str, pin: str) -> Staff:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A staff member needs a name."))
    if role not in (OWNER, CASHIER):
        raise InvalidInput(_("The role is owner or cashier."))
    check_pin_format(pin)
    with db.atomic():
        if StaffUser.select().where(StaffUser.name == name).exists():
            raise InvalidInput(_("There is already a staff member called {name}.").format(name=name))
        user = StaffUser.create(name=name, role=role, pin_hash=hash_pin(pin))
        record("staff.added", entity="staff_user", entity_id=user.id, details={"name": name, "role": role})
    return Staff(user.id, user.name, user.role)


def authenticate(pin: str) -> Staff | None:
    """The active staff member with this PIN, if any."""
    for user in StaffUser.select().where(StaffUser.active == True):  # noqa: E712
        if pin_matches(pin, user.pin_hash):
            return Staff(user.id, user.name, user.role)
    return None
