"""Lists the owner acts on to bring customers back: lapsed regulars, RFM groups, birthdays, new customers who
have not come back, who brings friends; and the returning-customer rate per month.

Every list is worked out from the stored sales (a customer's visits are the shop days they bought on) and the
book; the rules themselves live in domain/retention.py.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

from pos.domain.reports import MonthRate
from pos.domain.retention import (GROUP_RULES, History, Lapse, Summary, lapse, monthly_rates, months_back,
                                  next_birthday, rfm_scores)
from pos.i18n import N_, _, format_date, format_money
from pos.models import Customer, Touchpoint, db
from pos.models.visit_queries import customer_days
from pos.money import Money
from pos.services.errors import InvalidInput
from pos.services.clock import local_date
from pos.services.clock import today as shop_today
from pos.services.shop_settings import shop_settings
from pos.services.access import READ, allowed
from pos.services.visits import active_visits, current_summaries, summary_histories

LIST_LIMIT = 500  # what a screen shows of a long list; campaigns and exports take them all


@contextmanager
def _bulk():
    """No garbage collection while a list of tens of thousands is built: nothing in it is garbage, and Python's
    collector would walk the growing heap again and again (half the time of a list of 100,000 customers)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Person(NamedTuple):  # a NamedTuple: lists of 60,000 are made in a blink
    customer_id: int
    name: str
    phone: str | None  # E.164
    consent: bool  # agreed to promotions
    last_visit: dt.date | None
    visits: int
    spend: Money
    last_message: dt.date | None  # the last WhatsApp message the shop noted
    detail: str  # why they are on the list, in the user's words
    facts: object = None  # the rule's own values: Lapse, Score, Referral, the next birthday


@dataclass(frozen=True)
class Referral:
    referred: int  # customers in the book who name this one as who brought them
    buyers: int  # of them, how many have bought
    spend: Money  # what those customers spent


class People(Sequence):
    """A long list of customers whose Person values are made when read: a screen shows the first few hundred
    of 60,000; a campaign or an export reads them all."""

    def __init__(self, rows: list, make) -> None:
        self._rows, self._make = rows, make

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._make(row) for row in self._rows[index]]
        return self._make(self._rows[index])


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    rule: str  # the rule in words, with the scores it needs
    count: int
    revenue: Money


@dataclass(frozen=True)
class Rfm:
    groups: tuple[Group, ...]
    scores: tuple  # (Score, last visit day number) of every customer who bought, best group first, then by spend
    book: dict
    messages: dict

    def people(self, codes=None) -> People:
        """The customers of these groups (all when None), made when read."""
        names = {code: _(GROUP_NAMES[code][0]) for code in GROUP_NAMES}
        details: dict[tuple, str] = {}  # 125 combinations of scores at most

        def make(row) -> Person:
            s, last = row
            key = (s.group, s.recency, s.frequency, s.monetary)
            detail = details.get(key) or details.setdefault(key, f"{names[s.group]} · R{s.recency} "
                                                                  f"F{s.frequency} M{s.monetary}")
            name, phone, consent = self.book[s.customer_id]
            return Person(s.customer_id, name, phone, consent, dt.date.fromordinal(last), s.visits, Money(s.spend),
                          self.messages.get(s.customer_id), detail, s)

        return People([row for row in self.scores if codes is None or row[0].group in codes], make)


@allowed(READ)
def histories(today: dt.date | None = None, book: dict | None = None, *, everyone: bool = False) -> list[History]:
    """Every active customer who has bought (those in ``book`` when given; with ``everyone``, customers deleted
    on request too, whose sales stay): their visit days and what they spent, refunds taken off."""
    zone = shop_settings().time_zone
    moment = dt.datetime.combine(today or shop_today(), dt.time(12), zone)
    if everyone:
        active = {cid for (cid,) in db.execute(Customer.select(Customer.id))}
    else:
        active = book if book is not None else {cid for (cid,) in db.execute(
            Customer.select(Customer.id).where(Customer.active == True))}  # noqa: E712
    found: list[History] = []
    current, days, spend = None, [], 0
    with _bulk():
        for customer, day, total, visit in customer_days(int(moment.utcoffset().total_seconds())).fetchall():
            if customer != current:  # the rows come customer by customer, each in time order
                if days and current in active:
                    found.append(History(current, days, spend))
                current, days, spend = customer, [], 0
            spend += total
            if visit and (not days or days[-1] != day):
                days.append(day)
        if days and current in active:
            found.append(History(current, days, spend))
    return found


def _visits(today: dt.date | None, book) -> list[Summary] | list[History]:
    """What the lists need of every customer in ``book`` who has bought: from the visit summary (one row each),
    or from the sales themselves while the summary waits for a rebuild after a change of time zone."""
    found = current_summaries(today)
    if found is None:
        return histories(today, book)
    return [s for s in found if s.customer_id in book]


def _active() -> set[int]:
    return {cid for (cid,) in db.execute(Customer.select(Customer.id).where(Customer.active == True))}  # noqa: E712


def _book(ids=None) -> dict[int, tuple]:
    """id → (name, phone, consent, birthday) of active customers (all of them, or these)."""
    query = Customer.select(Customer.id, Customer.name, Customer.phone, Customer.promo_consent).where(
        Customer.active == True)  # noqa: E712
    if ids is not None:
        query = query.where(Customer.id.in_(list(ids)))
    return {cid: (name, phone, bool(consent)) for cid, name, phone, consent in db.execute(query)}


def _last_messages() -> dict[int, dt.date]:
    query = (Touchpoint.select(Touchpoint.customer, Touchpoint.created_at).where(Touchpoint.kind == "message")
             .order_by(Touchpoint.created_at))
    return {cid: local_date(at) for cid, at in query.tuples()}


def _person(cid: int, book: dict, history: History | Summary | None, messages: dict, detail: str, facts=None,
            last: dt.date | None = None) -> Person:
    name, phone, consent = book[cid]
    if history is None:
        return Person(cid, name, phone, consent, None, 0, Money(0), messages.get(cid), detail, facts)
    return Person(cid, name, phone, consent, last or history.last, history.visits, Money(history.spend),
                  messages.get(cid), detail, facts)


@allowed(READ)
def lapse_words(lapsed: Lapse, overdue: str = "", silent: str = "") -> str:
    if lapsed.overdue:
        return (overdue or _("usually every {every} days, away {away} days")).format(every=lapsed.usual_interval,
                                                                                     away=lapsed.days_away)
    return (silent or _("away {away} days")).format(away=lapsed.days_away)


@allowed(READ)
@_bulk()
def lapsed_customers(silent_days: int = 60, today: dt.date | None = None) -> People:
    """Customers overdue against their own usual interval, and those away ``silent_days`` or more; the ones
    who spent most first (they are the most worth a message)."""
    if silent_days < 1:
        raise InvalidInput(_("The number of days must be at least 1."))
    today = today or shop_today()
    messages = _last_messages()
    # lapse() passes over anyone seen within min(silent_days, 9) days: the summary leaves them out in SQL
    summarised = active_visits(today, today.toordinal() - min(silent_days, 9), by_spend=True)
    if summarised is None:
        book = _book()
        found = [(h, gone) for h in histories(today, book) if (gone := lapse(h, today, silent_days))]
        found.sort(key=lambda pair: (-pair[0].spend, pair[0].customer_id))
    else:  # already the most spent first
        visits, book = summarised
        found = [(h, gone) for h in visits if (gone := lapse(h, today, silent_days))]
    overdue, silent = _("usually every {every} days, away {away} days"), _("away {away} days")
    return People(found, lambda pair: _person(pair[0].customer_id, book, pair[0], messages,
                                              lapse_words(pair[1], overdue, silent), pair[1], pair[1].last_visit))


GROUP_NAMES = {
    "champions": (N_("Champions"), N_("bought recently, come often and spend the most")),
    "loyal": (N_("Loyal"), N_("come often and not long ago")),
    "new": (N_("New"), N_("came recently, few visits so far")),
    "at_risk": (N_("At risk"), N_("used to come often, not lately")),
    "lost": (N_("Lost"), N_("few visits, long ago")),
    "others": (N_("Others"), N_("everyone in between")),
}


def _rule_words(code: str) -> str:
    rule = next(r for r in GROUP_RULES if r.code == code)
    parts = [f"{letter} {low}–{high}" for letter, (low, high) in
             (("R", rule.recency), ("F", rule.frequency), ("M", rule.monetary)) if (low, high) != (1, 5)]
    scores = ", ".join(parts) if parts else _("any scores")
    earlier = [r.code for r in GROUP_RULES[:GROUP_RULES.index(rule)]]
    note = _(" (not in a group above)") if earlier else ""
    return f"{_(GROUP_NAMES[code][1])}: {scores}{note}"


@allowed(READ)
def rfm_rule_help() -> str:
    return _("Scores 1–5 by quintile over the shop's customers: R recency (5 = came most recently), F frequency "
             "(5 = most visits), M monetary (5 = spent the most). The first group that fits wins.")


@allowed(READ)
@_bulk()
def rfm(today: dt.date | None = None) -> Rfm:
    today = today or shop_today()
    messages = _last_messages()
    summarised = active_visits(today)
    if summarised is None:
        book = _book()
        found: list = histories(today, book)
    else:
        found, book = summarised
    order = {r.code: i for i, r in enumerate(GROUP_RULES)}
    counts: dict[str, list[int]] = {code: [0, 0] for code in order}
    scores = sorted(((s, h.last_day) for s, h in zip(rfm_scores(found, today), found)),
                    key=lambda pair: (order[pair[0].group], -pair[0].spend))
    for s, _last in scores:
        counts[s.group][0] += 1
        counts[s.group][1] += s.spend
    groups = tuple(Group(code, _(GROUP_NAMES[code][0]), _rule_words(code), counts[code][0], Money(counts[code][1]))
                   for code in order)
    return Rfm(groups, tuple(scores), book, messages)


@allowed(READ)
@_bulk()
def birthdays(today: dt.date | None = None, days: int = 7) -> list[Person]:
    """Customers whose birthday comes in the next ``days`` days, today first."""
    today = today or shop_today()
    until = today + dt.timedelta(days=days - 1)
    found = []
    for cid, birthday in (Customer.select(Customer.id, Customer.birthday)
                          .where((Customer.active == True) & Customer.birthday.is_null(False)).tuples()):  # noqa: E712
        coming = next_birthday(birthday, today)
        if coming <= until:
            found.append((coming, cid))
    if not found:
        return []
    ids = {cid for _day, cid in found}
    by_id = {h.customer_id: h for h in _visits(None, _active()) if h.customer_id in ids}
    book, messages = _book(ids), _last_messages()
    return [_person(cid, book, by_id.get(cid), messages,
                    _("today") if coming == today else format_date(coming), coming)
            for coming, cid in sorted(found)]


@allowed(READ)
@_bulk()
def new_not_returned(today: dt.date | None = None) -> list[Person]:
    """Customers who bought for the first time this month and have not come back on another day."""
    today = today or shop_today()
    found = [h for h in _visits(today, _active()) if h.visits == 1 and (h.first.year, h.first.month) == (today.year,
                                                                                                 today.month)]
    book, messages = _book({h.customer_id for h in found}), _last_messages()
    return sorted((_person(h.customer_id, book, h, messages,
                           _("first came on {day}").format(day=format_date(h.first)), h.first) for h in found),
                  key=lambda p: (p.last_visit, p.name))


@allowed(READ)
@_bulk()
def referrers() -> list[Person]:
    """Customers who brought others (the book's "referred by"), by how many and what those spent."""
    brought: dict[int, set[int]] = defaultdict(set)
    for cid, referrer in (Customer.select(Customer.id, Customer.referred_by)
                          .where((Customer.referred_by.is_null(False)) & (Customer.active == True)).tuples()):  # noqa: E712
        brought[referrer].add(cid)
    if not brought:
        return []
    book, messages = _book(), _last_messages()
    found = {h.customer_id: h for h in _visits(None, book)}
    people = []
    for referrer, ids in brought.items():
        if referrer not in book:
            continue
        spent = sum(found[c].spend for c in ids if c in found)
        facts = Referral(len(ids), sum(1 for c in ids if c in found), Money(spent))
        detail = _("brought {n}, who spent {amount}").format(n=len(ids), amount=format_money(Money(spent)))
        people.append(_person(referrer, book, found.get(referrer), messages, detail, facts))
    return sorted(people, key=lambda p: (-p.facts.referred, -p.facts.spend.minor, p.name))


@allowed(READ)
@_bulk()
def monthly_returning(months: int = 12, today: dt.date | None = None) -> list[MonthRate]:
    """The last ``months`` months: who bought, how many of them had bought before, how many were new."""
    today = today or shop_today()
    found = summary_histories(today)
    return monthly_rates(found if found is not None else histories(today, everyone=True), months_back(today, months))
