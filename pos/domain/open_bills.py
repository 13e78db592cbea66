"""Open bills as lines added over time: what a till added or took off since it loaded the bill. Pure.

A bill is kept as the rows each till appended (never overwritten), so two tills adding at once lose nothing.
A line is one kind of item: the product, a manual price, and whatever else the cart line carries (its choices),
compared whole; only the quantity is summed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from pos.domain.pricing import CartLine
from pos.money import Quantity

NONE = Quantity(0)


def _kind(line: CartLine) -> CartLine:
    return replace(line, quantity=NONE)


def _totals(lines: Iterable[CartLine]) -> dict[CartLine, int]:
    totals: dict[CartLine, int] = {}
    for line in lines:
        key = _kind(line)
        totals[key] = totals.get(key, 0) + line.quantity.thousandths
    return totals


def merged(lines: Iterable[CartLine]) -> tuple[CartLine, ...]:
    """The bill as a cart shows it: one line per kind of item, in the order first added, without the kinds taken
    off entirely."""
    return tuple(replace(key, quantity=Quantity(total)) for key, total in _totals(lines).items() if total > 0)


def added_lines(before: Iterable[CartLine], after: Iterable[CartLine]) -> tuple[CartLine, ...]:
    """What changed from ``before`` (the bill as loaded) to ``after`` (the cart now), kind by kind: a positive
    quantity was added, a negative one taken off."""
    old, new = _totals(before), _totals(after)
    changes = [(key, new.get(key, 0) - old.get(key, 0)) for key in (*new, *(k for k in old if k not in new))]
    return tuple(replace(key, quantity=Quantity(delta)) for key, delta in changes if delta)
