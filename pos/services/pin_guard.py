"""The wrong-PIN lock-out, counted in the database for the whole shop.

Every PIN check goes through ``guarded``: logging in, ``authenticate``, changing one's own PIN (the
``login`` count: "who is typing?") and every owner's approval, exports with a PIN included (the
``approval`` count: "is this the owner?"). Which till asks does not matter: a caller cannot pick a fresh
count by naming another till.

- A try is counted BEFORE its PIN is checked, in one short transaction holding the count's row (SELECT …
  FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction holds the file): many tries at once cannot
  overwrite each other's count, and no more than LOCK_AFTER PINs are ever checked per lock.
- LOCK_AFTER wrong PINs within WINDOW_MINUTES lock that count for LOCK_MINUTES; even the right PIN waits.
- A right PIN gives back its own try; it does not clear the earlier wrong ones (a cashier's own PIN between
  guesses would otherwise reset the count). The owner's right PIN clears both counts and both locks.
- Wrong cashier logins never lock owner approvals. A cashier's own (known) PIN typed at an owner's prompt
  is refused without counting: it guesses nothing.

Keeping a cashier from locking everyone out on purpose: a login lock stops new logins only (tills already
logged in keep selling), an approval lock stops owner approvals only; both last LOCK_MINUTES; every lock
and every burst of BURST_AFTER wrong PINs is in the owner's Activity with the till; and the owner lifts a
lock at once with their PIN at the other prompt (logging in at a till clears an approval lock; any owner
approval at a logged-in till clears a login lock). At a locked login screen no PIN is checked, not even
the owner's: otherwise the lock would stop nobody guessing the owner's PIN.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from pos.i18n import _
from pos.models import LoginGuard, db, utcnow
from pos.models.base import locks_rows
from pos.services.audit import record
from pos.services.errors import NotAllowed
from pos.services.rules import ANYONE, allowed

LOGIN, APPROVAL = "login", "approval"
LOCK_AFTER = 5  # wrong PINs within the window
LOCK_MINUTES = 5
WINDOW_MINUTES = 15
BURST_AFTER = 3  # wrong PINs that the owner sees in the activity, before any lock-out

T = TypeVar("T")
OK, WRONG, NOT_COUNTED, OWNER_OK = "ok", "wrong", "not counted", "owner ok"


class LockedOut(NotAllowed):
    """Too many wrong PINs: ``until`` (UTC) says when the next try is allowed."""

    def __init__(self, message: str, until: dt.datetime) -> None:
        super().__init__(message)
        self.until = until


def _locked_message(until: dt.datetime, now: dt.datetime) -> str:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return _("Too many wrong PINs: try again in {minutes} minutes.").format(minutes=minutes)


def _held(key: str) -> LoginGuard:
    """The count's row, held until the transaction ends (made first if missing)."""
    LoginGuard.insert(key=key, failures=0).on_conflict_ignore().execute()
    query = LoginGuard.select().where(LoginGuard.key == key)
    return (query.for_update() if locks_rows() else query).get()


def _lock(key: str, now: dt.datetime, till_id: str) -> dt.datetime:
    until = now + dt.timedelta(minutes=LOCK_MINUTES)
    LoginGuard.update(failures=0, window_started=None, locked_until=until).where(LoginGuard.key == key).execute()
    record("staff.locked_out", till_id=till_id, at=now, details={"guard": key, "minutes": LOCK_MINUTES})
    return until


def _reserve(key: str, now: dt.datetime, till_id: str) -> None:
    """Count one try before its PIN is checked; LockedOut while locked or when too many are under way."""
    until = None
    with db.atomic():
        guard = _held(key)
        if guard.locked_until is not None and guard.locked_until > now:
            until = guard.locked_until
        else:
            fresh = guard.window_started is None or guard.window_started <= now - dt.timedelta(minutes=WINDOW_MINUTES)
            failures = (0 if fresh else guard.failures) + 1
            if failures > LOCK_AFTER:
                until = _lock(key, now, till_id)
            else:
                LoginGuard.update(failures=failures, locked_until=None,
                                  window_started=now if fresh else guard.window_started).where(
                    LoginGuard.key == key).execute()
    if until is not None:
        raise LockedOut(_locked_message(until, now), until)


def _settle(key: str, outcome: str, now: dt.datetime, till_id: str) -> dt.datetime | None:
    """After the check: give the try back (right PIN, or a PIN that guesses nothing), clear everything (the
    owner's PIN), or keep it counted and lock at LOCK_AFTER. The moment of a new lock, if any."""
    with db.atomic():
        if outcome == OWNER_OK:  # every count: their rows held in one order (no deadlock with another prompt)
            if locks_rows():
                list(LoginGuard.select().order_by(LoginGuard.key).for_update())
            LoginGuard.update(failures=0, window_started=None, locked_until=None).execute()
            return None
        guard = _held(key)
        if outcome in (OK, NOT_COUNTED):
            LoginGuard.update(failures=LoginGuard.failures - 1).where(
                (LoginGuard.key == key) & (LoginGuard.failures > 0)).execute()
            return None
        if guard.failures >= LOCK_AFTER:
            return _lock(key, now, till_id)
        if guard.failures == BURST_AFTER:
            record("staff.pin_failures", till_id=till_id, at=now, details={"guard": key, "failures": BURST_AFTER})
    return None


@allowed(ANYONE, why="the wrong-PIN guard itself: counts failures, locks out")
def guarded(key: str, check: Callable[[], T | None], now: dt.datetime | None = None, *, till_id: str = "",
            judge: Callable[[T | None], str] | None = None) -> T | None:
    """Run ``check()`` (a PIN test giving a result, or None for a wrong PIN) under the lock-out of ``key``.

    ``judge(result)`` says how the result counts (OK, WRONG, NOT_COUNTED, OWNER_OK); by default None is
    WRONG and anything else OK. Call it outside any transaction: a rolled-back count would be no count.
    """
    now = now or utcnow()
    judge = judge or (lambda result: WRONG if result is None else OK)
    _reserve(key, now, till_id)
    try:
        result = check()
    except BaseException:
        _settle(key, NOT_COUNTED, now, till_id)
        raise
    until = _settle(key, judge(result), now, till_id)
    if until is not None:
        raise LockedOut(_locked_message(until, now), until)
    return result
