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

    Walked in time order: a stamp expires ``expiry_months`` after it was earned
    unless used by then, and every use takes the oldest stamps still valid.
    """
    if expiry_months is None:
        return max(0, sum(m.earned for m in moves) - sum(m.used for m in moves))
    valid: list[list] = []  # [earned at, stamps left], oldest first

    def expire(at: dt.datetime) -> None:
        cutoff = months_before(at, expiry_months)
        while valid and valid[0][0] < cutoff:
            valid.pop(0)

    for move in sorted(moves, key=lambda m: m.at):
        expire(move.at)
        if move.earned:
            valid.append([move.at, move.earned])
        used = move.used
        while used and valid:
            taken = min(used, valid[0][1])
            valid[0][1] -= taken
            used -= taken
            if not valid[0][1]:
                valid.pop(0)
    expire(now)
    return sum(left for _at, left in valid)


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
