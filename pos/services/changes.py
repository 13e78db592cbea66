"""Has anything a price depends on changed? One row kept by database triggers (migration 0006)."""

from __future__ import annotations

from peewee import DatabaseError, InterfaceError

from pos.models import ChangeCounter, db
from pos.models.statements import first_row
from pos.services import connectivity
from pos.services.access import READ, allowed

_last: dict[object, int] = {}  # the version read last, per database: while the server is away the till prices
# with what it holds


@allowed(READ)
def pricing_version() -> int:
    """Goes up whenever a product, category, tier price, promotion, segment or shop setting changes, at any till.
    While the till is offline: the version it read last (its cached prices and settings stay in use)."""
    known = _last.get(db.obj)
    if known is not None and connectivity.offline():
        return known
    try:
        row = first_row(ChangeCounter, ("value",), name="pricing")
    except (DatabaseError, InterfaceError) as exc:  # the first question after the server went away: scanning
        if known is not None and not db.in_transaction() and connectivity.server_gone(exc):  # goes on with what
            return known  # the till holds
        raise
    if db.obj not in _last:
        _last.clear()  # one database at a time: an earlier one's figure is of no use
    _last[db.obj] = value = row[0] if row else 0
    return value
