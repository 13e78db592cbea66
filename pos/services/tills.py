"""The shop's tills and the computer that holds each: one identity per till (issue #21).

A till (K1, K2 …) is a row; a computer (``pos.services.computer``) holds at most one till and a till is held by at
most one computer, so two computers never share a till's shift or its counters. A computer takes a free till
(``claim_till``); a held till is never taken over: the owner releases it first (``release_till``, the owner's
PIN, audited), and only when its computer has not been seen for ``LIVE_WINDOW`` (it died, or was replaced).

The holder keeps ``last_seen`` fresh: at the start (``start_at_till``), at each login and with a light heartbeat
every ``HEARTBEAT_SECONDS`` while the window is open (one UPDATE of one row; a sale adds no round trip).
**Live** means seen within ``LIVE_WINDOW`` (three heartbeats): a till whose computer was seen less than three
minutes ago is in use, and the owner cannot release it from another computer. A computer that sells offline
(slice offline-outbox) keeps its till however long it is away, because nothing takes a held till over.

The embedded SQLite shop has one computer: its till is held by this computer at every start, nothing asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import Case

from pos.i18n import _, format_datetime
from pos.models import Till, db
from pos.services import clock
from pos.services.access import ANYONE, OWNER, READ, allowed, approving_owner
from pos.services.audit import record
from pos.services.computer import Computer, this_computer
from pos.services.errors import InvalidInput, NotAllowed

HEARTBEAT_SECONDS = 60
LIVE_WINDOW = dt.timedelta(minutes=3)
NAME_LIMIT = 40

FREE, MINE, IN_USE, SILENT = "free", "mine", "in_use", "silent"  # SILENT: held, not seen within LIVE_WINDOW


class TillNotHeld(NotAllowed):
    """This computer does not hold the till it is set to: the message says why and what to do."""


@dataclass(frozen=True)
class TillState:
    id: str
    name: str
    state: str  # FREE | MINE | IN_USE | SILENT
    computer_name: str  # the holder's host name ("" when free)
    last_seen: dt.datetime | None  # UTC

    @property
    def free(self) -> bool:
        return self.state == FREE


def _state(row: Till, me: Computer, now: dt.datetime) -> TillState:
    if row.computer_id is None:
        state = FREE
    elif row.computer_id == me.id:
        state = MINE
    elif row.last_seen is not None and now - row.last_seen < LIVE_WINDOW:
        state = IN_USE
    else:
        state = SILENT
    return TillState(row.id, row.name, state, row.computer_name if row.computer_id else "", row.last_seen)


def _number(till_id: str) -> int:
    digits = till_id[1:] if till_id[:1] == "K" else ""
    return int(digits) if digits.isdigit() else 0


@allowed(READ)
def list_tills(computer: Computer | None = None) -> tuple[TillState, ...]:
    """Every till in order (K1, K2 … K10), with its state as seen from ``computer`` (default this one)."""
    me, now = computer or this_computer(), clock.now()
    rows = sorted(Till.select(), key=lambda r: (_number(r.id) or 10**6, r.id))
    return tuple(_state(row, me, now) for row in rows)


@allowed(READ)
def held_by(computer: Computer | None = None) -> TillState | None:
    """The till this computer holds, if any."""
    me = computer or this_computer()
    row = Till.get_or_none(Till.computer_id == me.id)
    return _state(row, me, clock.now()) if row else None


def _seen(row: TillState | Till) -> str:
    if row.last_seen is None:
        return _("never seen")
    return _("last seen {time}").format(time=format_datetime(row.last_seen, clock.zone_name()))


def _held_message(row: Till, now: dt.datetime) -> str:
    if row.last_seen is not None and now - row.last_seen < LIVE_WINDOW:
        return _("Till {till} is in use on the computer {computer} ({seen}). Choose another till, or add "
                 "one.").format(till=row.id, computer=row.computer_name or "?", seen=_seen(row))
    return _("Till {till} is held by the computer {computer} ({seen}). If that computer is broken or gone, "
             "the owner can release the till; else choose another till.").format(
                 till=row.id, computer=row.computer_name or "?", seen=_seen(row))


def _take(row_id: str, me: Computer, now: dt.datetime, *, force: bool = False) -> bool:
    """Hold the till for ``me`` in one statement (free, or already mine; any holder with ``force``): True when
    the row was ours to take. Any other till this computer held is let go in the same transaction."""
    since = Case(None, ((Till.computer_id == me.id, Till.claimed_at),), now)  # kept while it stays ours
    query = Till.update(computer_id=me.id, computer_name=me.name, claimed_at=since, last_seen=now).where(
        Till.id == row_id)
    if not force:
        query = query.where(Till.computer_id.is_null() | (Till.computer_id == me.id))
    if not query.execute():
        return False
    Till.update(computer_id=None, computer_name="", claimed_at=None).where(
        (Till.computer_id == me.id) & (Till.id != row_id)).execute()
    return True


@allowed(ANYONE, why="a computer takes a free till (or keeps its own); a till held by another is refused")
def claim_till(till_id: str, computer: Computer | None = None) -> TillState:
    """Hold ``till_id`` for this computer, letting go of any other till it held. A till held by another computer
    is refused with a message naming that computer; the owner releases it first (``release_till``)."""
    me, now = computer or this_computer(), clock.now()
    with db.atomic():
        row = Till.get_or_none(Till.id == till_id)
        if row is None:
            raise InvalidInput(_("There is no till {till} in this shop.").format(till=till_id))
        before = row.computer_id
        if not _take(till_id, me, now):
            raise NotAllowed(_held_message(Till.get_by_id(till_id), now))
        if before != me.id:
            record("till.claimed", entity="till", entity_id=till_id, till_id=till_id,
                   details={"computer": me.name, "computer_id": me.id})
        return _state(Till.get_by_id(till_id), me, now)


@allowed(OWNER)
def add_till(name: str, *, owner_pin: str, computer: Computer | None = None, claim: bool = True) -> TillState:
    """A new till, numbered after the highest (K3 after K1 and K2), held by this computer when ``claim``."""
    me, now = computer or this_computer(), clock.now()
    name = " ".join(name.split())
    if len(name) > NAME_LIMIT:
        raise InvalidInput(_("A till's name has at most {n} characters.").format(n=NAME_LIMIT))
    with db.atomic():
        taken = [r.id for r in Till.select(Till.id)]
        till_id = f"K{max([_number(t) for t in taken] + [0]) + 1}"
        Till.create(id=till_id, name=name, created_at=now)
        record("till.added", entity="till", entity_id=till_id, till_id=till_id,
               staff_id=approving_owner().id, details={"name": name, "computer": me.name})
        if claim:
            _take(till_id, me, now)
        return _state(Till.get_by_id(till_id), me, now)


@allowed(OWNER)
def release_till(till_id: str, *, owner_pin: str, computer: Computer | None = None) -> TillState:
    """Free a till whose computer died or was replaced (the owner's PIN, audited). A till in use on another
    computer (seen within ``LIVE_WINDOW``) is refused: close Langganan there first."""
    me, now = computer or this_computer(), clock.now()
    with db.atomic():
        row = Till.get_or_none(Till.id == till_id)
        if row is None:
            raise InvalidInput(_("There is no till {till} in this shop.").format(till=till_id))
        if row.computer_id is None:
            return _state(row, me, now)
        if row.computer_id != me.id and row.last_seen is not None and now - row.last_seen < LIVE_WINDOW:
            raise NotAllowed(_("Till {till} is in use on the computer {computer} ({seen}): close Langganan there "
                               "first, or wait until it has not been seen for {minutes} minutes.").format(
                till=till_id, computer=row.computer_name or "?", seen=_seen(row),
                minutes=int(LIVE_WINDOW.total_seconds() // 60)))
        Till.update(computer_id=None, computer_name="", claimed_at=None).where(Till.id == till_id).execute()
        record("till.released", entity="till", entity_id=till_id, till_id=till_id,
               staff_id=approving_owner().id,
               details={"computer": row.computer_name, "computer_id": row.computer_id,
                        "last_seen": row.last_seen.isoformat(timespec="seconds") if row.last_seen else None,
                        "approved_by": approving_owner().name, "released_from": me.name})
        return _state(Till.get_by_id(till_id), me, now)


@allowed(ANYONE, why="the holder's sign of life: one UPDATE of its own till's row")
def heartbeat(till_id: str, computer: Computer | None = None) -> bool:
    """Keep the till's ``last_seen`` fresh; False when this computer no longer holds it (the owner released it)."""
    me = computer or this_computer()
    return bool(Till.update(last_seen=clock.now()).where((Till.id == till_id) & (Till.computer_id == me.id))
                .execute())


@allowed(ANYONE, why="start-up: this computer checks that it still holds its till (takes it when free)")
def start_at_till(till_id: str, computer: Computer | None = None, *, embedded: bool = False) -> TillState:
    """The start's check, before the login.

    ``embedded`` (the shop's own SQLite file): the till is this computer's, made and taken without a question.
    On a server: a till of this computer or a free one is held (a shop with no till yet gets its first one);
    a till held by another computer, or one the shop does not have, raises TillNotHeld with what to do.
    """
    me, now = computer or this_computer(), clock.now()
    with db.atomic():
        row = Till.get_or_none(Till.id == till_id)
        if row is None and (embedded or not Till.select().exists()):
            Till.create(id=till_id, name="", created_at=now)
            record("till.added", entity="till", entity_id=till_id, till_id=till_id, details={"computer": me.name})
        elif row is None:
            raise TillNotHeld(_("This computer is set to till {till}, which this shop does not have. Choose one of "
                                "the shop's tills, or add one (the owner's PIN).").format(till=till_id))
        if not _take(till_id, me, now, force=embedded):
            held = Till.get_by_id(till_id)
            raise TillNotHeld(_("This computer no longer holds till {till}: it is held by the computer {computer} "
                                "({seen}). Choose another till, or ask the owner to release it.").format(
                till=till_id, computer=held.computer_name or "?", seen=_seen(held)))
        return _state(Till.get_by_id(till_id), me, now)
