"""Staff users and their PINs (scrypt hashes; the PIN itself is never stored).

Logging in and owner approvals are guarded: after LOCK_AFTER wrong PINs in a row the
till's login (or the owner's approval) is locked for LOCK_MINUTES, counted in the
database so a restart does not reset it. Managing staff needs the owner's PIN, checked
here whatever the window shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from pos.i18n import _
from pos.models import LoginGuard, StaffUser, db, utcnow
from pos.models.staff import CASHIER, OWNER
from pos.services.audit import record
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.access import ANYONE, READ, allowed, approving_owner

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
LOCK_AFTER = 5  # wrong PINs in a row
LOCK_MINUTES = 5
BURST_AFTER = 3  # wrong PINs in a row that the owner sees in the activity, before any lock-out


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    role: str


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    role: str
    active: bool


class LockedOut(NotAllowed):
    """Too many wrong PINs: ``until`` (UTC) says when the next try is allowed."""

    def __init__(self, message: str, until: dt.datetime) -> None:
        super().__init__(message)
        self.until = until


@allowed(READ)
def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


@allowed(READ)
def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(expected.hex(), digest_hex)


@allowed(READ)
def check_pin_format(pin: str) -> None:
    if not re.fullmatch(r"\d{4,6}", pin or ""):
        raise InvalidInput(_("A PIN is 4 to 6 digits."))


def _pin_taken(pin: str, except_id: int | None = None) -> bool:
    """Staff log in by PIN alone, so two people must never share one."""
    return any(pin_matches(pin, u.pin_hash) for u in StaffUser.select().where(StaffUser.active == True)  # noqa: E712
               if u.id != except_id)


def _mark_pin_given_away(pin: str, holder_id: int) -> None:
    """A deactivated person whose PIN was just given to someone else cannot come back with it (their
    PIN is only a hash: the clash can be seen now, while the new PIN is known, and never later)."""
    for u in StaffUser.select().where((StaffUser.active == False) & (StaffUser.id != holder_id)  # noqa: E712
                                      & (StaffUser.pin_taken == False)):  # noqa: E712
        if pin_matches(pin, u.pin_hash):
            StaffUser.update(pin_taken=True).where(StaffUser.id == u.id).execute()


def _add_staff(name: str, role: str, pin: str) -> Staff:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A staff member needs a name."))
    if role not in (OWNER, CASHIER):
        raise InvalidInput(_("The role is owner or cashier."))
    check_pin_format(pin)
    with db.atomic():
        if StaffUser.select().where(StaffUser.name == name).exists():
            raise InvalidInput(_("There is already a staff member called {name}.").format(name=name))
        if _pin_taken(pin):
            raise InvalidInput(_("Someone has this PIN already: choose another."))
        user = StaffUser.create(name=name, role=role, pin_hash=hash_pin(pin))
        _mark_pin_given_away(pin, user.id)
        record("staff.added", entity="staff_user", entity_id=user.id, details={"name": name, "role": role})
    return Staff(user.id, user.name, user.role)


@allowed(READ)
def authenticate(pin: str) -> Staff | None:
    """The active staff member with this PIN, if any (no guard: see log_in and auth.require_owner)."""
    for user in StaffUser.select().where(StaffUser.active == True):  # noqa: E712
        if pin_matches(pin, user.pin_hash):
            return Staff(user.id, user.name, user.role)
    return None


# --- wrong-PIN guard -----------------------------------------------------------------------------
def _locked_message(until: dt.datetime, now: dt.datetime) -> str:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return _("Too many wrong PINs: try again in {minutes} minutes.").format(minutes=minutes)


@allowed(ANYONE, why="the wrong-PIN guard itself: counts failures, locks out")
def guarded(key: str, check, now: dt.datetime | None = None):
    """Run ``check()`` (a PIN test that returns a result or None) under the lock-out of ``key``."""
    now = now or utcnow()
    guard = LoginGuard.get_or_none(LoginGuard.key == key)
    if guard is not None and guard.locked_until is not None and guard.locked_until > now:
        raise LockedOut(_locked_message(guard.locked_until, now), guard.locked_until)
    result = check()
    with db.atomic():
        if result is not None:
            LoginGuard.delete().where(LoginGuard.key == key).execute()
            return result
        failures = (guard.failures if guard is not None else 0) + 1
        until = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_AFTER else None
        (LoginGuard.insert(key=key, failures=0 if until else failures, locked_until=until)
         .on_conflict(conflict_target=[LoginGuard.key],
                      update={LoginGuard.failures: 0 if until else failures, LoginGuard.locked_until: until})
         .execute())
        till_id = key.partition(":")[2]  # login:K1; an owner's approval is not tied to one till
        if until is not None:
            record("staff.locked_out", till_id=till_id, at=now, details={"guard": key, "minutes": LOCK_MINUTES})
        elif failures == BURST_AFTER:
            record("staff.pin_failures", till_id=till_id, at=now, details={"guard": key, "failures": failures})
    if until is not None:
        raise LockedOut(_locked_message(until, now), until)
    return None


@allowed(ANYONE, why="logging in with one's own PIN, under the till's lock-out")
def log_in(pin: str, till_id: str, now: dt.datetime | None = None) -> Staff:
    """The staff member with this PIN, or NotAllowed (LockedOut after too many wrong PINs at this till)."""
    staff = guarded(f"login:{till_id}", lambda: authenticate(pin), now)
    if staff is None:
        raise NotAllowed(_("That PIN is not known."))
    return staff


# --- managing staff (the owner only) -------------------------------------------------------------
def _owner(owner_pin: str | None) -> Staff:
    """The owner whose PIN let this call through (checked once, by @allowed(OWNER), with the lock-out)."""
    return approving_owner()


@allowed(OWNER)
def list_staff(*, owner_pin: str) -> list[StaffRow]:
    _owner(owner_pin)
    return [StaffRow(u.id, u.name, u.role, u.active)
            for u in StaffUser.select().order_by(StaffUser.active.desc(), StaffUser.role.desc(), StaffUser.name)]


@allowed(OWNER)
def add_staff_member(name: str, role: str, pin: str, *, owner_pin: str) -> Staff:
    owner = _owner(owner_pin)
    staff = _add_staff(name, role, pin)
    with db.atomic():
        record("staff.added_by", entity="staff_user", entity_id=staff.id, staff_id=owner.id)
    return staff


@allowed(OWNER)
def reset_pin(staff_id: int, new_pin: str, *, owner_pin: str) -> None:
    """The owner sets a new PIN for anyone (a cashier who forgot theirs)."""
    owner = _owner(owner_pin)
    check_pin_format(new_pin)
    with db.atomic():
        user = StaffUser.get_or_none(StaffUser.id == staff_id)
        if user is None:
            raise InvalidInput(_("That staff member is not known."))
        if _pin_taken(new_pin, except_id=staff_id):
            raise InvalidInput(_("Someone has this PIN already: choose another."))
        StaffUser.update(pin_hash=hash_pin(new_pin), pin_taken=False).where(StaffUser.id == staff_id).execute()
        _mark_pin_given_away(new_pin, staff_id)
        record("staff.pin_reset", entity="staff_user", entity_id=staff_id, staff_id=owner.id)


@allowed(ANYONE, why="anyone changes their own PIN by giving the old one, under the lock-out")
def change_own_pin(old_pin: str, new_pin: str) -> None:
    """Anyone changes their own PIN by giving the old one."""
    staff = guarded("pin-change", lambda: authenticate(old_pin))
    if staff is None:
        raise NotAllowed(_("That PIN is not known."))
    check_pin_format(new_pin)
    with db.atomic():
        if _pin_taken(new_pin, except_id=staff.id):
            raise InvalidInput(_("Someone has this PIN already: choose another."))
        StaffUser.update(pin_hash=hash_pin(new_pin)).where(StaffUser.id == staff.id).execute()
        _mark_pin_given_away(new_pin, staff.id)
        record("staff.pin_changed", entity="staff_user", entity_id=staff.id, staff_id=staff.id)


@allowed(OWNER)
def set_staff_active(staff_id: int, active: bool, *, owner_pin: str) -> None:
    """Deactivate (never delete: shifts and sales name them) or bring back; the last owner stays."""
    owner = _owner(owner_pin)
    with db.atomic():
        user = StaffUser.get_or_none(StaffUser.id == staff_id)
        if user is None:
            raise InvalidInput(_("That staff member is not known."))
        if not active and user.role == OWNER:
            owners = StaffUser.select().where((StaffUser.role == OWNER) & (StaffUser.active == True)  # noqa: E712
                                              & (StaffUser.id != staff_id)).count()
            if owners == 0:
                raise InvalidInput(_("The shop needs at least one active owner."))
        if active and not user.active and user.pin_taken:  # two people never share a PIN
            raise InvalidInput(_("{name}'s PIN was given to someone else meanwhile: give {name} a new PIN "
                                 "first (New PIN…), then bring them back.").format(name=user.name))
        StaffUser.update(active=active).where(StaffUser.id == staff_id).execute()
        record("staff.activated" if active else "staff.deactivated", entity="staff_user", entity_id=staff_id,
               staff_id=owner.id)

