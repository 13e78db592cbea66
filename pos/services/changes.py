"""Has anything a price depends on changed? One row kept by database triggers (migration 0006)."""

from __future__ import annotations

from pos.models import ChangeCounter
from pos.models.statements import first_row
from pos.services.access import READ, allowed


@allowed(READ)
def pricing_version() -> int:
    """Goes up whenever a product, category, tier price, promotion, segment or shop setting changes, at any till."""
    row = first_row(ChangeCounter, ("value",), name="pricing")
    return row[0] if row else 0
