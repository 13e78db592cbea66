"""The visit summary: each customer's first and last visit, number of visits, usual interval and spend, kept
in the same transaction as the sale, refund, void or merge that changes them, so the bring-them-back lists
read one row per customer instead of every sale.

The stored sales stay the truth. ``reference_histories`` reads them the way the lists always did; ``rebuild``
writes the summary from it (migration 0029 does the same for a shop that has sales already), and ``check``
compares the two.
"""

from __future__ import annotations

import datetime as dt
from bisect import insort
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pos.domain.retention import History, Summary, summarise
from pos.models import VisitSummary, VisitSummaryState, db
from pos.models.visit_queries import (active_summaries, customer_days, insert_summary_if_new, locked_summary,
                                     sale_day_and_summary, summaries, upsert_summary)
from pos.money import Money
from pos.services.access import ANYONE, OWNER, READ, allowed, approving_owner
from pos.services.audit import record
from pos.services.clock import today as shop_today
from pos.services.shop import get_shop_settings

KEPT = "kept inside the checkout, refund, void or merge whose transaction and guard it is part of"
_CHUNK = 500


@allowed(READ)
def shop_offset(today: dt.date | None = None) -> int:
    """The shop's UTC offset in seconds at noon of ``today`` (the shop's day): the one offset the lists use."""
    zone = ZoneInfo(get_shop_settings()["time_zone"])
    moment = dt.datetime.combine(today or shop_today(), dt.time(12), zone)
    return int(moment.utcoffset().total_seconds())


def _days_text(days: list[int]) -> str:
    return ",".join(map(str, days))


def _parse_days(text: str | None) -> list[int]:
    return [int(d) for d in text.split(",")] if text else []


def _row(customer_id: int, days: list[int], spend: int) -> tuple:
    if not days:  # every sale of theirs voided: no visit, but what they paid and got back still counts
        return (customer_id, 0, 0, 0, spend, None, "")
    s = summarise(customer_id, days, spend)
    return (customer_id, s.first_day, s.last_day, s.visits, s.spend, s.interval, _days_text(days))


@allowed(ANYONE, why=KEPT)
def note_sale(sale_id: int, customer_id: int | None, total: Money, known: tuple | None = None) -> None:
    """A completed sale of this customer, just stored: its shop day joins their visits, its total their spend
    (one read and one upsert, by primary key; only the upsert when checkout read ``known`` with its first
    statement: (the summary's offset, the sale's shop day, their days, their spend))."""
    if customer_id is None:
        return
    found = known[:4] if known is not None else sale_day_and_summary(sale_id, customer_id)
    if found is None or found[0] is None:  # no summary yet (a database from before migration 0029 being filled)
        return
    _offset, day, days_text, spend = found
    if days_text is None and spend is None:  # their first summary: unless another till's sale wrote it meanwhile
        if insert_summary_if_new(_row(customer_id, [day], total.minor)):
            return
        days_text, spend = locked_summary(customer_id)
    upsert_summary(_row(customer_id, _with_day(_parse_days(days_text), day), int(spend or 0) + total.minor))


def _with_day(days: list[int], day: int) -> list[int]:
    if not days or days[-1] < day:
        days.append(day)
    elif day not in days:  # a sale stored after a later one (an outbox catching up)
        insort(days, day)
    return days


def _offset_kept() -> int | None:
    return VisitSummaryState.select(VisitSummaryState.offset_seconds).where(VisitSummaryState.id == 1).scalar()


def _gather(rows) -> list[tuple[int, list[int], int]]:
    """(customer, visit days, spend) from customer_days rows."""
    found: list[tuple[int, list[int], int]] = []
    current, days, spend = None, [], 0
    for customer, day, total, visit in rows:
        if customer != current:
            if current is not None:
                found.append((current, days, spend))
            current, days, spend = customer, [], 0
        spend += total
        if visit and (not days or days[-1] != day):
            days.append(day)
    if current is not None:
        found.append((current, days, spend))
    return found


@allowed(ANYONE, why=KEPT)
def refresh(customer_id: int | None) -> None:
    """Work this customer's summary out again from their stored sales (after a refund, a void, a merge)."""
    if customer_id is None:
        return
    offset = _offset_kept()
    if offset is None:
        return
    gathered = _gather(customer_days(offset, customer_id).fetchall())
    if gathered:
        upsert_summary(_row(*gathered[0]))
    else:
        VisitSummary.delete().where(VisitSummary.customer == customer_id).execute()


@allowed(ANYONE, why=KEPT)
def forget(customer_id: int) -> None:
    """The summary of a customer record that goes away (merged into another, whose summary is refreshed)."""
    VisitSummary.delete().where(VisitSummary.customer == customer_id).execute()


def _rebuild(offset: int) -> int:
    VisitSummary.delete().execute()
    rows = [_row(*g) for g in _gather(customer_days(offset).fetchall())]
    fields = [VisitSummary.customer, VisitSummary.first_day, VisitSummary.last_day, VisitSummary.visits,
              VisitSummary.spend, VisitSummary.usual_interval, VisitSummary.days]
    for start in range(0, len(rows), _CHUNK):
        VisitSummary.insert_many(rows[start:start + _CHUNK], fields=fields).execute()
    VisitSummaryState.insert(id=1, offset_seconds=offset).on_conflict(
        conflict_target=[VisitSummaryState.id], update={VisitSummaryState.offset_seconds: offset}).execute()
    return len(rows)


@dataclass(frozen=True)
class RebuildResult:
    customers: int  # summaries written
    differed: int  # customers whose summary was not what their sales say (0 when it was kept right)


@allowed(OWNER)
def rebuild(*, owner_pin: str | None, staff_id: int | None = None) -> RebuildResult:
    """Write every customer's summary again from the stored sales, with the shop's time zone of today."""
    owner = approving_owner()
    with db.atomic():
        differed = check()
        customers = _rebuild(shop_offset())
        record("visits.rebuilt", entity="visit_summary", entity_id="", staff_id=staff_id or owner.id,
               details={"customers": customers, "differed": differed})
    return RebuildResult(customers, differed)


@allowed(READ)
def current_summaries(today: dt.date | None = None) -> list[Summary] | None:
    """Every customer with a visit (deleted ones too), in customer order; None when the summary was worked
    out with another UTC offset than the shop's today (the time zone changed): then the sales are read."""
    if _offset_kept() != shop_offset(today):
        return None
    return [Summary._make(row) for row in summaries().fetchall()]


@allowed(READ)
def active_visits(today: dt.date | None = None, last_day_until: int | None = None,
                  by_spend: bool = False) -> tuple[list[Summary], dict[int, tuple]] | None:
    """The summaries of active customers with a visit (in customer order, or the most spent first; only those
    last seen on or before a day number when given) and their book entries, id → (name, phone, consent), read in
    one query; None as above."""
    if _offset_kept() != shop_offset(today):
        return None
    rows = active_summaries(last_day_until, by_spend).fetchall()
    make = Summary._make
    return [make(row[:6]) for row in rows], {row[0]: (row[6], row[7], bool(row[8])) for row in rows}


@allowed(READ)
def summary_histories(today: dt.date | None = None) -> list[History] | None:
    """Like reference_histories(everyone=True), from the summary's stored days; None as above."""
    if _offset_kept() != shop_offset(today):
        return None
    return [History(row[0], _parse_days(row[6]), row[4]) for row in summaries(with_days=True).fetchall()]


@allowed(READ)
def reference_histories(offset: int) -> list[History]:
    """Every customer who has a visit, read from the stored sales (the truth the summary is checked against)."""
    return [History(c, days, spend) for c, days, spend in _gather(customer_days(offset).fetchall()) if days]


@allowed(READ)
def check() -> int:
    """How many customers' summaries differ from their stored sales (0: the summary is right)."""
    kept = _offset_kept()
    offset = kept if kept is not None else shop_offset()
    want = {row[0]: row for row in (_row(*g) for g in _gather(customer_days(offset).fetchall()))}
    have = {tuple(r)[0]: tuple(r) for r in VisitSummary.select(
        VisitSummary.customer, VisitSummary.first_day, VisitSummary.last_day, VisitSummary.visits,
        VisitSummary.spend, VisitSummary.usual_interval, VisitSummary.days).tuples()}
    return sum(1 for cid in want.keys() | have.keys() if want.get(cid) != have.get(cid))
