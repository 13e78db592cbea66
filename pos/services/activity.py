"""The owner's eyes on the till: the audited actions of a shop day (or of several), read from the audit log.

Reading needs no PIN of its own: the back office, where the list is, opens only with the owner's PIN, and the
day recap shows the same rows. Nothing here changes data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from peewee import JOIN

from pos.domain.activity import (BILL_CANCELLED, DRAWER_OPENED, KINDS, LINE_REMOVED, LOCKED_OUT, MANUAL_PRICE,
                                 NUMBERS_EXPORTED, PIN_FAILURES, SALE_REFUNDED, SALE_VOIDED, TILL_RELEASED, Activity)
from pos.i18n import _
from pos.models import AuditEntry, Product, StaffUser
from pos.money import Money
from pos.services.errors import InvalidInput
from pos.services.shop_settings import shop_settings
from pos.services.access import READ, allowed

ACTIONS = {"drawer.opened": DRAWER_OPENED, "sale.price_override": MANUAL_PRICE, "cart.line_removed": LINE_REMOVED,
           "sale.voided": SALE_VOIDED, "sale.refunded": SALE_REFUNDED, "customers.exported": NUMBERS_EXPORTED,
           "staff.pin_failures": PIN_FAILURES, "staff.locked_out": LOCKED_OUT, "till.released": TILL_RELEASED,
           "open_bill.cancelled": BILL_CANCELLED}


@dataclass(frozen=True)
class ActivityChoices:
    """What the filters offer: the tills and the people seen in the audit log, and the kinds."""

    tills: tuple[str, ...]
    people: tuple[str, ...]
    kinds: tuple[str, ...] = KINDS


def _zone() -> ZoneInfo:
    return shop_settings().time_zone


def _utc_bounds(first: dt.date, last: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """From the shop's midnight starting ``first`` to the one ending ``last``, as stored (naive UTC)."""
    def utc(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc).replace(tzinfo=None)

    return utc(first), utc(last + dt.timedelta(days=1))


@allowed(READ)
def list_activity(first: dt.date, last: dt.date | None = None, *, till: str | None = None,
                  person: str | None = None, kind: str | None = None) -> tuple[Activity, ...]:
    """The audited actions from the shop day ``first`` to ``last`` (default: that one day), oldest first;
    ``person`` is a name: who did it or who approved it."""
    last = last or first
    if last < first:
        raise InvalidInput(_("The first day comes after the last."))
    if kind is not None and kind not in KINDS:
        raise InvalidInput(_("Unknown kind of activity {kind}.").format(kind=kind))
    zone = _zone()
    start, end = _utc_bounds(first, last, zone)
    query = (AuditEntry.select(AuditEntry, StaffUser.name.alias("who"))
             .join(StaffUser, join_type=JOIN.LEFT_OUTER, on=(AuditEntry.staff == StaffUser.id))
             .where(AuditEntry.at >= start, AuditEntry.at < end, AuditEntry.action.in_(list(ACTIONS)))
             .order_by(AuditEntry.at, AuditEntry.id))
    entries = list(query.objects())
    voided = {str(e.details.get("refund", "")) for e in entries if e.action == "sale.voided"}
    money_back = {str(e.details.get("refund", "")): e.details.get("amount", e.details.get("money_back"))
                  for e in entries if e.action == "sale.refunded"}
    names = _product_names(entries)
    rows: list[Activity] = []
    for entry in entries:
        local = entry.at.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
        rows += _rows(entry, local, entry.who or "", voided, money_back, names)
    return tuple(r for r in rows if (till is None or r.till_id == till) and (kind is None or r.kind == kind)
                 and (person is None or person in (r.who, r.approved_by)))


@allowed(READ)
def activity_choices(first: dt.date, last: dt.date | None = None) -> ActivityChoices:
    """The tills and people the filters offer for these days (every staff member, and any till seen)."""
    rows = list_activity(first, last)
    tills = sorted({r.till_id for r in rows if r.till_id})
    people = [s.name for s in StaffUser.select(StaffUser.name).order_by(StaffUser.name)]
    return ActivityChoices(tuple(tills), tuple(people))


def _product_names(entries: list) -> dict[int, str]:
    """Names for the entries written before the name was stored with the product's id."""
    ids = {line.get("product") for e in entries if e.action == "sale.price_override"
           for line in e.details.get("lines", []) if not line.get("name")}
    ids |= {line[0] for e in entries if e.action == "open_bill.cancelled" and not e.details.get("names")
            for line in e.details.get("lines", [])}  # a bill cancelled before its names were stored
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    return {p.id: p.name for p in Product.select(Product.id, Product.name).where(Product.id.in_(list(ids)))}


def _money(value) -> Money | None:
    return Money(int(value)) if isinstance(value, int) and not isinstance(value, bool) else None


def _guard_till(details: dict, till_id: str) -> tuple[str, str]:
    """(where: login or approval, till) of a PIN guard key such as 'login:K1' or 'approval'."""
    where, _sep, till = str(details.get("guard", "")).partition(":")
    return where, till_id or till


def _rows(entry, at: dt.datetime, who: str, voided: set[str], money_back: dict, names: dict[int, str]) -> list:
    kind, d, till = ACTIONS[entry.action], entry.details or {}, entry.till_id
    approved = str(d.get("approved_by", ""))
    if kind == MANUAL_PRICE:
        return [Activity(at, till, kind, who, approved, str(line.get("name") or names.get(line.get("product"), "")),
                         _money(line.get("price")),
                         (("receipt", entry.entity_id), ("quantity", str(line.get("quantity", ""))),
                          ("usual", _money(line.get("usual"))), ("price", _money(line.get("price")))))
                for line in d.get("lines", [])]
    if kind == DRAWER_OPENED:
        return [Activity(at, till, kind, who, approved, "", None, (("shift", entry.entity_id),))]
    if kind == LINE_REMOVED:
        return [Activity(at, till, kind, who, approved, str(d.get("product", "")), _money(d.get("amount")),
                         (("quantity", str(d.get("quantity", ""))),))]
    if kind == SALE_VOIDED:
        refund = str(d.get("refund", ""))
        amount = _money(d.get("amount")) or _money(money_back.get(refund))
        return [Activity(at, till, kind, who, approved, entry.entity_id, amount, (("refund", refund),))]
    if kind == SALE_REFUNDED:
        refund = str(d.get("refund", ""))
        if refund in voided:  # a void refunds everything too: it shows once, as the void
            return []
        return [Activity(at, till, kind, who, approved, entry.entity_id,
                         _money(d.get("amount")) or _money(d.get("money_back")),
                         (("refund", refund), ("back_to", str(d.get("back_to", "")))))]
    if kind == NUMBERS_EXPORTED:
        if not d.get("full_numbers"):  # masked numbers: no phone number left the shop
            return []
        what = str(d.get("kind", "") or "book")
        return [Activity(at, till, kind, who, approved or (who if what != "book" else ""), "", None,
                         (("customers", int(d.get("customers", 0) or 0)), ("what", what)))]
    if kind == BILL_CANCELLED:  # each line: (product, quantity, sent to the bar); names stored with them
        lines, stored = d.get("lines", []), d.get("names", [])
        items = tuple((str(stored[i] if i < len(stored) and stored[i] else names.get(line[0], "?")), str(line[1]),
                       bool(line[2])) for i, line in enumerate(lines))
        return [Activity(at, till, kind, who, approved, str(d.get("name", "")), _money(d.get("amount")),
                         (("items", items),))]
    if kind == TILL_RELEASED:
        return [Activity(at, till, kind, who, approved, str(d.get("computer", "")), None,
                         (("from", str(d.get("released_from", ""))),))]
    where, till = _guard_till(d, till)
    if kind == PIN_FAILURES:
        return [Activity(at, till, kind, who, "", "", None,
                         (("failures", int(d.get("failures", 0) or 0)), ("where", where)))]
    return [Activity(at, till, kind, who, "", "", None, (("minutes", int(d.get("minutes", 0) or 0)),
                                                           ("where", where)))]


__all__ = ["ACTIONS", "ActivityChoices", "activity_choices", "list_activity"]
