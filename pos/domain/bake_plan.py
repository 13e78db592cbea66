"""Tomorrow's bake (issue #25 item 3): a suggested quantity per product from its past days. Standard library only.

The estimate, per product:

1. Take the same weekday of the past ``weeks`` weeks (a Saturday is planned from Saturdays).
2. On each such day the demand is what sold, unless the tray sold out: then the sales hid demand, and the demand is
   estimated from the rate of sale before the sell-out hour, carried over the hours the shop stayed open after it
   (sold × open hours ÷ hours until sold out), at most ``MAX_RAISE`` times what sold (a tray gone at opening says
   little about the rest of the day).
3. The demands are averaged with more weight on recent weeks (the last week counts ``weeks`` times, the oldest
   once), and rounded up to a whole piece.
4. Tomorrow's pre-orders are added and what is carried over (yesterday's goods at the day-old price) taken off;
   never below nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

MAX_RAISE = 2.0
WEEKS = 4


@dataclass(frozen=True)
class PastDay:
    day: dt.date
    sold: float  # pieces sold fresh that day
    sold_out_at: dt.time | None = None  # shop-local; None: did not sell out


@dataclass(frozen=True)
class Hours:
    """The shop's day, in minutes after midnight (shop-local)."""

    opens: int = 6 * 60
    closes: int = 21 * 60

    def minutes(self) -> float:
        return float(self.closes - self.opens)


def _minutes(t: dt.time) -> float:
    return t.hour * 60 + t.minute + t.second / 60


def demand(past: PastDay, hours: Hours = Hours()) -> float:
    """What the day would have sold had the tray not run out (what sold, when it did not)."""
    if past.sold_out_at is None or past.sold <= 0:
        return past.sold
    elapsed = max(_minutes(past.sold_out_at) - hours.opens, 30.0)  # half an hour at least
    return past.sold * min(max(hours.minutes() / elapsed, 1.0), MAX_RAISE)


@dataclass(frozen=True)
class Suggestion:
    baseline: int  # from the past weekdays' demand
    preorders: int
    carried: int
    quantity: int  # to bake: baseline + pre-orders − carried, not below nothing
    days_used: int
    sold_out_days: int


def suggest(day: dt.date, history: list[PastDay], *, preorders: float = 0, carried: float = 0,
            hours: Hours = Hours(), weeks: int = WEEKS) -> Suggestion:
    """The suggested bake for ``day`` from ``history`` (any days; those on the same weekday in the ``weeks`` weeks
    before ``day`` are used)."""
    by_day = {p.day: p for p in history}
    weighted = 0.0
    weights = 0
    used = out = 0
    for back in range(1, weeks + 1):
        past = by_day.get(day - dt.timedelta(weeks=back))
        if past is None:
            continue
        weight = weeks + 1 - back
        weighted += weight * demand(past, hours)
        weights += weight
        used += 1
        out += past.sold_out_at is not None
    baseline = math.ceil(weighted / weights - 1e-9) if weights else 0
    pre = math.ceil(preorders)
    kept = math.floor(carried)
    return Suggestion(baseline, pre, kept, max(baseline + pre - kept, 0), used, out)


def naive(day: dt.date, history: list[PastDay]) -> int:
    """The rule the suggestion must beat: what sold the same weekday last week."""
    past = {p.day: p for p in history}.get(day - dt.timedelta(weeks=1))
    return math.ceil(past.sold) if past else 0
