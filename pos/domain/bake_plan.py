"""Tomorrow's bake (issue #25 item 3): a suggested quantity per product from its past days. Standard library only.

The estimate, per product:

1. Each past day's demand is what sold, unless the tray sold out: then the sales hid demand, and the demand is
   estimated from the rate of sale before the sell-out hour, carried over the hours the shop stayed open after it
   (sold × open hours ÷ hours until sold out), at most ``MAX_RAISE`` times what sold (a tray gone at opening says
   little about the rest of the day). A day nothing was baked tells nothing and is not in the history.
2. The weekday: the same weekday of the past ``weeks`` weeks against all the days of those weeks (a Saturday that
   sells 30 % more than the average day has an index of 1.3), drawn towards 1 while few weeks are known
   (``n ÷ (n + SHRINK)`` of the difference: one odd Saturday does not make a rule).
3. The level: the demand of the past ``LEVEL_DAYS`` days, each day weighing ``DECAY`` times the day after it
   (yesterday counts most), so a product that is picking up or dropping off is followed within days.
4. Baseline = level × weekday index, rounded up to a whole piece; tomorrow's pre-orders are added and what is
   carried over (yesterday's goods at the day-old price) taken off; never below nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

MAX_RAISE = 1.5
WEEKS = 4
SHRINK = 4
LEVEL_DAYS = 14
DECAY = 0.8


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


def weekday_index(day: dt.date, by_day: dict[dt.date, PastDay], hours: Hours, weeks: int) -> tuple[float, int]:
    """How the weekday of ``day`` sells against the average day of the past ``weeks`` weeks, drawn towards 1; and
    how many of those weekdays are known."""
    same = [demand(by_day[d], hours) for d in (day - dt.timedelta(weeks=k) for k in range(1, weeks + 1))
            if d in by_day]
    window = [demand(by_day[d], hours) for d in (day - dt.timedelta(days=k) for k in range(1, 7 * weeks + 1))
              if d in by_day]
    average = sum(window) / len(window) if window else 0.0
    if not same or average <= 0:
        return 1.0, len(same)
    raw = sum(same) / len(same) / average
    return 1 + (raw - 1) * len(same) / (len(same) + SHRINK), len(same)


def level(day: dt.date, by_day: dict[dt.date, PastDay], hours: Hours) -> float | None:
    """The recent days' demand, yesterday weighing most (None: no day in the last ``LEVEL_DAYS``)."""
    total = weights = 0.0
    for back in range(1, LEVEL_DAYS + 1):
        past = by_day.get(day - dt.timedelta(days=back))
        if past is not None:
            weight = DECAY ** (back - 1)
            total += weight * demand(past, hours)
            weights += weight
    return total / weights if weights else None


def suggest(day: dt.date, history: list[PastDay], *, preorders: float = 0, carried: float = 0,
            hours: Hours = Hours(), weeks: int = WEEKS) -> Suggestion:
    """The suggested bake for ``day`` from ``history`` (the product's past days; see the module's docstring)."""
    by_day = {p.day: p for p in history if p.day < day}
    index, used = weekday_index(day, by_day, hours, weeks)
    recent = level(day, by_day, hours)
    baseline = math.ceil(recent * index - 1e-9) if recent is not None else 0
    out = sum(1 for k in range(1, weeks + 1)
              if (p := by_day.get(day - dt.timedelta(weeks=k))) is not None and p.sold_out_at is not None)
    pre = math.ceil(preorders)
    kept = math.floor(carried)
    return Suggestion(baseline, pre, kept, max(baseline + pre - kept, 0), used, out)


def naive(day: dt.date, history: list[PastDay]) -> int:
    """The rule the suggestion must beat: what sold the same weekday last week."""
    past = {p.day: p for p in history}.get(day - dt.timedelta(weeks=1))
    return math.ceil(past.sold) if past else 0
