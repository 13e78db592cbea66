"""Gap-free document numbers from per-till counters (K1-000123)."""

from __future__ import annotations

from pos.models import TillCounter
from pos.services.access import ANYONE, READ, allowed

RECEIPT, REFUND, INVOICE, MEMBER = "receipt", "refund", "invoice", "member"
PREORDER, CONSIGNMENT = "preorder", "consignment"
_PREFIX = {RECEIPT: "", REFUND: "R-", INVOICE: "INV-", PREORDER: "PO-", CONSIGNMENT: "TJ-"}


@allowed(ANYONE, why="inside the caller's transaction: the next number of a till's series")
def next_value(till_id: str, series: str) -> int:
    """Increment and return the counter, inside the caller's transaction.

    One upsert on both engines: the row lock (PostgreSQL) or the IMMEDIATE write
    lock (SQLite) keeps two tills from getting the same number, and a rolled-back
    sale gives its number back, so there are no gaps.
    """
    return TillCounter.increment(till_id, series)


@allowed(ANYONE, why="inside the caller's transaction: a batch of a till's series")
def reserve_values(till_id: str, series: str, count: int) -> range:
    """``count`` values in a row (a batch import's member codes), inside the caller's transaction."""
    if count <= 0:
        return range(0)
    last = TillCounter.increment(till_id, series, count)
    return range(last - count + 1, last + 1)


@allowed(ANYONE, why="inside the caller's transaction: the next number of a till's series")
def next_number(till_id: str, series: str = RECEIPT) -> str:
    return receipt_number(till_id, next_value(till_id, series), series)


@allowed(READ)
def receipt_number(till_id: str, value: int, series: str = RECEIPT) -> str:
    """The number of a value already taken from the till's counter (a checkout's first read takes it)."""
    return f"{_PREFIX.get(series, '')}{till_id}-{value:06d}"

