"""Queue numbers: one running number per shop day, shared by every till on the server, called out at the bar.

The day is the shop's day (``clock``), so the numbers start again at 1 when the shop's day begins. A number is
taken in the same transaction as the row that keeps it (a sale's, or an open bill's when it is first sent), so
a refused or rolled-back one is given back: the numbers of a day have no gaps and no duplicates, on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import IntegrityError

from pos.models import QueueCounter, Sale, SaleQueueNumber, db
from pos.services import clock
from pos.services.access import ANYONE, READ, allowed


@dataclass(frozen=True)
class QueueNumber:
    day: dt.date  # the shop day it belongs to
    number: int


@allowed(ANYONE, why="inside the caller's transaction: the next queue number of a shop day")
def take(day: dt.date) -> QueueNumber:
    """The day's next number, inside the caller's transaction."""
    return QueueNumber(day, QueueCounter.increment(day))


@allowed(ANYONE, why="gives a stored sale its queue number (once); a sale is complete without one")
def number_sale(sale_id: int, given: QueueNumber | None = None, *, sold_at: dt.datetime | None = None) -> QueueNumber:
    """The sale's queue number: the one it has, else ``given`` (an open bill's), else the next of the sale's
    shop day. Asked twice (a retried payment), the same number. ``sold_at``: the moment of a sale just stored
    (it has no number yet: nothing is read before the number is taken)."""
    if sold_at is None:
        known = sale_number(sale_id)
        if known is not None:
            return known
    try:
        with db.atomic():
            if given is None:
                if sold_at is None:
                    sold_at = Sale.select(Sale.created_at).where(Sale.id == sale_id).get().created_at
                given = take(clock.local_date(sold_at))
            SaleQueueNumber.create(sale=sale_id, day=given.day, number=given.number)
    except IntegrityError:  # the same sale numbered meanwhile by a second press: that number
        known = sale_number(sale_id)
        if known is None:
            raise
        return known
    return given


@allowed(READ)
def sale_number(sale_id: int) -> QueueNumber | None:
    row = SaleQueueNumber.get_or_none(SaleQueueNumber.sale == sale_id)
    return QueueNumber(row.day, row.number) if row is not None else None


@allowed(READ)
def last_number(day: dt.date) -> int:
    """The last number given on ``day`` (0: none yet)."""
    row = QueueCounter.get_or_none(QueueCounter.day == day)
    return row.last_value if row is not None else 0
