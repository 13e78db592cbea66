"""Staff users and their PINs (slow keys, see pin_keys.py; the PIN itself is never stored).

Every PIN typed goes through the shop's wrong-PIN lock-out (pin_guard.py): logging in, ``authenticate``,
changing one's own PIN, and the owner's approvals (auth.require_owner). Managing staff needs the owner's
PIN, checked here whatever the window shows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pos.i18n import _
from pos.models import StaffUser, db
from pos.models.staff import CASHIER, OWNER
from pos.services.audit import record
from pos.services.auth import Staff, holder_of
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.pin_guard import (BURST_AFTER, LOCK_AFTER, LOCK_MINUTES, LOGIN, OK, OWNER_OK,  # noqa: F401
                                    WINDOW_MINUTES, WRONG, LockedOut, guarded)
from pos.services.pin_keys import TypedPin, holds, legacy_hash, legacy_matches
from pos.services.text_limits import STAFF_NAME, check_text
from pos.services.access import ANYONE, READ, allowed, approving_owner

OWNER_PIN_DIGITS = 6  # offered and recommended to owners; 4 to 6 digits stay valid for everyone


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    role: str
    active: bool


@allowed(READ)
def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """A per-person hash as stored before migration 0023 (kept for old rows and their tests)."""
    return legacy_hash(pin, salt)


@allowed(READ)
def pin_matches(pin: str, stored: str) -> bool:
    """Whether a per-person hash from before migration 0023 is this PIN's."""
    return legacy_matches(pin, stored)


@allowed(READ)
def check_pin_format(pin: str) -> None:
    if not re.fullmatch(r"\d{4,6}", pin or ""):
        raise InvalidInput(_("A PIN is 4 to 6 digits."))


def _holders(typed: TypedPin, rows) -> list[StaffUser]:
    return [u for u in rows if holds(typed, u.pin_key, u.pin_hash)]


def _pin_taken(typed: TypedPin, except_id: int | None = None) -> bool:
    """Staff log in by PIN alone, so two people must never share one."""
    return bool(_holders(typed, StaffUser.select().where((StaffUser.active == True)  # noqa: E712
                                                         & (StaffUser.id != (except_id or 0)))))


def _mark_pin_given_away(typed: TypedPin, holder_id: int) -> None:
    """A deactivated person whose PIN was just given to someone else cannot come back with it."""
    for u in _holders(typed, StaffUser.select().where((StaffUser.active == False)  # noqa: E712
                                                      & (StaffUser.id != holder_id) & (StaffUser.pin_taken == False))):  # noqa: E712
        StaffUser.update(pin_taken=True).where(StaffUser.id == u.id).execute()


def _give_pin(staff_id: int, typed: TypedPin, **more) -> None:
    StaffUser.update(pin_key=typed.key(), pin_hash="", **more).where(StaffUser.id == staff_id).execute()
    _mark_pin_given_away(typed, staff_id)


def _add_staff(name: str, role: str, pin: str) -> Staff:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A staff member needs a name."))
    check_text(name, STAFF_NAME)
    if role not in (OWNER, CASHIER):
        raise InvalidInput(_("The role is owner or cashier."))
    check_pin_format(pin)
    typed = TypedPin(pin)
    typed.key()  # the slow derivation before the write transaction, not inside it
    with db.atomic():
        if StaffUser.select().where(StaffUser.name == name).exists():
            raise InvalidInput(_("There is already a staff member called {name}.").format(name=name))
        if _pin_taken(typed):
            raise InvalidInput(_("Someone has this PIN already: choose another."))
        user = StaffUser.create(name=name, role=role, pin_hash="", pin_key=typed.key())
        _mark_pin_given_away(typed, user.id)
        record("staff.added", entity="staff_user", entity_id=user.id, details={"name": name, "role": role})
    return Staff(user.id, user.name, user.role)


def _as_login(staff: Staff | None) -> str:
    return WRONG if staff is None else OWNER_OK if staff.role == OWNER else OK


@allowed(ANYONE, why="logging in: counted by the shop's lock-out")
def authenticate(pin: str, *, till_id: str = "", now: dt.datetime | None = None) -> Staff | None:
    """The active staff member with this PIN, if any; counted by the shop's login lock-out (LockedOut)."""
    return guarded(LOGIN, lambda: holder_of(pin), now, till_id=till_id, judge=_as_login)


@allowed(ANYONE, why="logging in with one's own PIN, under the till's lock-out")
def log_in(pin: str, till_id: str, now: dt.datetime | None = None) -> Staff:
    """The staff member with this PIN, or NotAllowed (LockedOut after too many wrong PINs in the shop)."""
    staff = authenticate(pin, till_id=till_id, now=now)
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
    typed = TypedPin(new_pin)
    typed.key()  # the slow derivation before the write transaction, not inside it
    with db.atomic():
        user = StaffUser.get_or_none(StaffUser.id == staff_id)
        if user is None:
            raise InvalidInput(_("That staff member is not known."))
        if _pin_taken(typed, except_id=staff_id):
            raise InvalidInput(_("Someone has this PIN already: choose another."))
        _give_pin(staff_id, typed, pin_taken=False)
        record("staff.pin_reset", entity="staff_user", entity_id=staff_id, staff_id=owner.id)


@allowed(ANYONE, why="anyone changes their own PIN by giving the old one, under the lock-out")
def change_own_pin(old_pin: str, new_pin: str) -> None:
    """Anyone changes their own PIN by giving the old one."""
    check_pin_format(new_pin)
    staff = authenticate(old_pin)
    if staff is None:
        raise NotAllowed(_("That PIN is not known."))
    typed = TypedPin(new_pin)
    typed.key()
    with db.atomic():
        if _pin_taken(typed, except_id=staff.id):
            raise InvalidInput(_("Someone has this PIN already: choose another."))
        _give_pin(staff.id, typed)
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
        shared = bool(user.pin_key) and StaffUser.select().where(
            (StaffUser.active == True) & (StaffUser.id != staff_id) & (StaffUser.pin_key == user.pin_key)).exists()  # noqa: E712
        if active and not user.active and (user.pin_taken or shared):  # two people never share a PIN
            raise InvalidInput(_("{name}'s PIN was given to someone else meanwhile: give {name} a new PIN "
                                 "first (New PIN…), then bring them back.").format(name=user.name))
        StaffUser.update(active=active).where(StaffUser.id == staff_id).execute()
        record("staff.activated" if active else "staff.deactivated", entity="staff_user", entity_id=staff_id,
               staff_id=owner.id)

