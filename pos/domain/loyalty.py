"""Stamps and the regular-customer rule: pure functions over a customer's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.money import Money


@dataclass(frozen=True)
class StampMove:
    at: dt.datetime
    earned: int = 0
    used: int = 0


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` calendar months earlier (the last day when that month is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def stamp_balance(moves: list[StampMove] | tuple[StampMove, ...], now: dt.datetime,
                  expiry_months: int | None = None) -> int:
    """Stamps the customer can use now.

    Used stamps are taken from the oldest first; stamps earned more than
    ``expiry_months`` ago and not used by then have expired.
    """
    earned = sum(m.earned for m in moves)
    used = sum(m.used for m in moves)
    if expiry_months is None:
        return max(0, earned - used)
    cutoff = months_before(now, expiry_months)
    old = sum(m.earned for m in moves if m.at < cutoff)
    expired = max(0, old - used)
    return max(0, earned - used - expired)


@dataclass(frozen=True)
class RegularRule:
    """Promote to the regular tier after ``purchases`` purchases, or ``spend``, within ``days`` days."""

    purchases: int = 0  # 0: this part is off
    spend: Money = Money(0)  # 0: this part is off
    days: int = 30

    @property
    def active(self) -> bool:
        return self.purchases > 0 or self.spend.minor > 0


def qualifies_for_regular(sales: list[tuple[dt.datetime, Money]], now: dt.datetime, rule: RegularRule) -> bool:
    """``sales`` are (moment, total) of the customer's completed sales."""
    if not rule.active:
        return False
    since = now - dt.timedelta(days=rule.days)
    recent = [total for at, total in sales if since <= at <= now]
    if rule.purchases and len(recent) >= rule.purchases:
        return True
    return bool(rule.spend.minor) and sum(t.minor for t in recent) >= rule.spend.minor
