"""Who to bring back, worked out from each customer's visits: overdue against their own rhythm or silent for
long, RFM scores and groups, birthdays coming up, and the returning-customer rate per month.

Plain values in and out; services/retention.py reads the stored sales into ``History`` values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from pos.domain.crm import median_gap
from pos.domain.reports import MonthRate


@dataclass(frozen=True)
class History:
    customer_id: int
    days: list[int]  # the shop days with a purchase as day numbers (date.toordinal()), oldest first, each once
    spend: int  # what they paid over all time, refunds taken off (minor units)

    @classmethod
    def of(cls, customer_id: int, visits, spend: int) -> History:
        return cls(customer_id, sorted({d.toordinal() for d in visits}), spend)

    @property
    def visits(self) -> int:
        return len(self.days)

    @property
    def first(self) -> dt.date:
        return dt.date.fromordinal(self.days[0])

    @property
    def last(self) -> dt.date:
        return dt.date.fromordinal(self.days[-1])

    @property
    def last_day(self) -> int:
        return self.days[-1]

    @property
    def interval(self) -> int | None:
        return median_gap(self.days)


class Summary(NamedTuple):
    """What the lists need of a customer's history, kept in one row (the visit summary): a History without its
    days. One per customer who bought: tens of thousands."""

    customer_id: int
    first_day: int
    last_day: int
    visits: int
    spend: int
    interval: int | None  # median_gap of the days

    @property
    def first(self) -> dt.date:
        return dt.date.fromordinal(self.first_day)

    @property
    def last(self) -> dt.date:
        return dt.date.fromordinal(self.last_day)


def summarise(customer_id: int, days: list[int], spend: int) -> Summary:
    """The summary of visit days (sorted, each once, at least one) and a spend."""
    return Summary(customer_id, days[0], days[-1], len(days), spend, median_gap(days))


def overdue_after(interval: int) -> int:
    """Days away after which a customer who usually comes every ``interval`` days is overdue: twice their
    interval, and at least a week more than it (a daily buyer is not lost after two quiet days)."""
    return max(2 * interval, interval + 7)


class Lapse(NamedTuple):
    customer_id: int
    last_visit: dt.date
    days_away: int
    usual_interval: int | None  # None: fewer than three visits, no rhythm yet
    overdue: bool  # away longer than overdue_after(their interval)
    silent: bool  # away at least the chosen number of days


def lapse(history: History | Summary, today: dt.date, silent_days: int) -> Lapse | None:
    """Why this customer belongs on the lapsed list, or None when they do not."""
    away = today.toordinal() - history.last_day
    if away < silent_days and away <= 8:  # overdue_after(1) is 8 days, and longer for any other rhythm
        return None
    interval = history.interval
    overdue = interval is not None and away > overdue_after(interval)
    silent = away >= silent_days
    if not (overdue or silent):
        return None
    return Lapse(history.customer_id, history.last, away, interval, overdue, silent)


def quintile_scores(values: dict[int, float], *, higher_is_better: bool = True) -> dict[int, int]:
    """A score of 1 to 5 for each customer: 1 + 5 × (their rank, counted from 0 at the worst) ÷ (all customers),
    rounded down. Ten customers with different values score 1, 1, 2, 2, 3, 3, 4, 4, 5, 5. Equal values share the
    rank in the middle of their block: ten customers who all came today score 3, not 1."""
    count = Counter(values.values())  # each distinct value once: a few hundred days, not 100,000 customers
    n = len(values)
    score: dict[float, int] = {}
    first = 0  # the rank of the value's first holder, worst first
    for value in sorted(count, reverse=not higher_is_better):
        score[value] = 1 + 5 * (2 * first + count[value] - 1) // (2 * n)
        first += count[value]
    return {cid: score[value] for cid, value in values.items()}


@dataclass(frozen=True)
class GroupRule:
    """Scores (inclusive ranges) a customer needs to be in the group; the first rule that fits wins."""

    code: str
    recency: tuple[int, int]
    frequency: tuple[int, int]
    monetary: tuple[int, int] = (1, 5)

    def fits(self, r: int, f: int, m: int) -> bool:
        return all(low <= score <= high for score, (low, high) in
                   ((r, self.recency), (f, self.frequency), (m, self.monetary)))


GROUP_RULES = (
    GroupRule("champions", (4, 5), (4, 5), (4, 5)),
    GroupRule("loyal", (3, 5), (4, 5)),
    GroupRule("new", (4, 5), (1, 2)),
    GroupRule("at_risk", (1, 2), (3, 5)),
    GroupRule("lost", (1, 2), (1, 2)),
    GroupRule("others", (1, 5), (1, 5)),
)


class Score(NamedTuple):  # one per customer who ever bought: tens of thousands
    customer_id: int
    recency: int  # 5: came most recently
    frequency: int  # 5: comes most often
    monetary: int  # 5: spends the most
    group: str  # a GroupRule code
    days_away: int
    visits: int
    spend: int


def rfm_scores(histories: list[History] | list[Summary], today: dt.date) -> list[Score]:
    """Recency (days since the last visit), frequency (visits) and monetary (spend) scored in quintiles over
    the shop's own customers, and the group each customer falls in."""
    if not histories:
        return []
    now = today.toordinal()
    away = {h.customer_id: now - h.last_day for h in histories}
    r = quintile_scores(away, higher_is_better=False)
    f = quintile_scores({h.customer_id: h.visits for h in histories})
    m = quintile_scores({h.customer_id: h.spend for h in histories})
    group_of = {(ri, fi, mi): next(rule.code for rule in GROUP_RULES if rule.fits(ri, fi, mi))
                for ri in range(1, 6) for fi in range(1, 6) for mi in range(1, 6)}
    return [Score(h.customer_id, r[h.customer_id], f[h.customer_id], m[h.customer_id],
                  group_of[r[h.customer_id], f[h.customer_id], m[h.customer_id]], away[h.customer_id], h.visits,
                  h.spend) for h in histories]


def next_birthday(birthday: dt.date, today: dt.date) -> dt.date:
    """The next time the birthday comes round, today included (29 February is kept on 28 February)."""
    for year in (today.year, today.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:
            day = dt.date(year, 2, 28)
        if day >= today:
            return day
    raise AssertionError("unreachable")


def months_back(today: dt.date, count: int) -> list[str]:
    """The last ``count`` months as YYYY-MM, oldest first, this month last."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def monthly_rates(histories: list[History], months: list[str]) -> list[MonthRate]:
    """For each month: the customers who bought, and those of them who had bought before the month (the
    others bought for the first time in it)."""
    buyers: dict[str, set[int]] = {m: set() for m in months}
    month_of: dict[int, str] = {}  # day number → YYYY-MM: a few thousand days for a million visits
    since = dt.date(*map(int, months[0].split("-")), 1).toordinal() if months else 0
    returning = dict.fromkeys(months, 0)
    for h in histories:
        seen = set()
        for day in h.days:
            if day < since:
                continue
            month = month_of.get(day) or month_of.setdefault(day, f"{dt.date.fromordinal(day):%Y-%m}")
            if month in buyers and month not in seen:
                seen.add(month)
                buyers[month].add(h.customer_id)
        first = month_of.get(h.days[0]) or month_of.setdefault(h.days[0], f"{h.first:%Y-%m}")
        for month in seen:
            if first < month:
                returning[month] += 1
    return [MonthRate(m, len(buyers[m]), returning[m]) for m in months]
