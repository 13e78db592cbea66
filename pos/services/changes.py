"""Has anything a price depends on changed? One row kept by database triggers (migration 0006).

Every cache of the price book and the shop's settings asks this, so it is read often: a checkout reads it in its
own first statement (``version_known``), and the till's screen lets a read of the last few seconds stand outside a
transaction (``read_recently``), so scanning and repricing send nothing to a database server across the network
while nobody changes a price; a checkout still reads the version of its own moment, so nothing stale is stored.
"""

from __future__ import annotations

import contextlib
import time
from contextvars import ContextVar

from peewee import DatabaseError, InterfaceError

from pos.models import ChangeCounter, db
from pos.models.base import locks_rows
from pos.models.statements import first_row
from pos.services import connectivity
from pos.services.access import ANYONE, READ, allowed

FRESH_SECONDS = 2.0  # how old the till's screen lets a read of the version be
_known: ContextVar[int | None] = ContextVar("pricing_version_known", default=None)
_recent: dict[str, object] = {"database": None, "seconds": 0.0, "version": None, "at": 0.0}
_monotonic = time.monotonic  # a test sets its own

_last: dict[object, int] = {}  # the version read last, per database: while the server is away the till prices
# with what it holds


@allowed(READ)
def pricing_version() -> int:
    """Goes up whenever a product, category, tier price, promotion, segment or shop setting changes, at any till.
    While the till is offline: the version it read last (its cached prices and settings stay in use)."""
    known = _known.get()
    if known is not None:
        return known
    last = _last.get(db.obj)
    if last is not None and connectivity.offline():
        return last
    recent = _recent
    tolerant = recent["database"] is db.obj and not db.in_transaction() and locks_rows()  # (SQLite: a local read)
    if tolerant and standing_read() is not None:
        return recent["version"]  # type: ignore[return-value]
    try:
        row = first_row(ChangeCounter, ("value",), name="pricing")
    except (DatabaseError, InterfaceError) as exc:  # the first question after the server went away: scanning
        if last is not None and not db.in_transaction() and connectivity.server_gone(exc):  # goes on with what
            return last  # the till holds
        raise
    if db.obj not in _last:
        _last.clear()  # one database at a time: an earlier one's figure is of no use
    _last[db.obj] = version = row[0] if row else 0
    if tolerant:
        recent["version"], recent["at"] = version, _monotonic()
    return version


@allowed(READ)
def version_held() -> int | None:
    """The pricing version this process read last on the open database, which its caches (the price book, the
    till's priced carts) were built at; None before the first read. A checkout sends it to be confirmed in its first
    statement, instead of reading the version back (SQLite)."""
    return _last.get(db.obj)


@allowed(READ)
def standing_read() -> float | None:
    """When the version read that stands now was made (the till's screen, outside a transaction, in the last
    seconds); None when none stands: what is read now is read from the database. Other caches of the till's screen
    (a customer's facts for pricing) stand as long as it does."""
    recent = _recent
    if recent["database"] is not db.obj or recent["version"] is None or db.in_transaction() or not locks_rows():
        return None
    at = recent["at"]
    return at if _monotonic() - at <= recent["seconds"] else None  # type: ignore[operator,return-value]


@allowed(ANYONE, why="a setting of this process's cache for the open database; nothing is stored")
def read_recently(seconds: float = FRESH_SECONDS) -> None:
    """The till's screen: on the open database, a version read up to ``seconds`` ago stands outside a transaction
    (another database opened later reads every time again). Only across a network (PostgreSQL): a shop on one
    computer reads its own file every time, so a change made in the back office prices at once."""
    _recent.update(database=db.obj, seconds=seconds, version=None, at=0.0)


@allowed(ANYONE, why="drops this process's standing read; nothing is stored")
def read_afresh() -> None:
    """What is read next is read from the database (the version, and with it a customer's facts on the till's
    screen): after a checkout, completed or refused, and when the cashier presses Pay."""
    _recent.update(version=None, at=0.0)


class _VersionKnown:
    """``version_known``'s block (a class: every sale enters it, and a generator's context manager costs more)."""

    __slots__ = ("version", "token")

    def __init__(self, version: int) -> None:
        self.version = version

    def __enter__(self) -> None:
        self.token = _known.set(self.version)

    def __exit__(self, *exc: object) -> None:
        _known.reset(self.token)


@allowed(READ)
def version_known(version: int) -> contextlib.AbstractContextManager[None]:
    """Inside: the pricing version is this one, read by the caller in its transaction (a checkout's first
    statement), so nothing priced inside reads it again. It is the version read last, too (``version_held``)."""
    if db.obj not in _last:
        _last.clear()
    _last[db.obj] = version
    return _VersionKnown(version)
