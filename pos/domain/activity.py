"""What the owner sees of the till: the audited actions (a drawer opened without a sale, a manual price, a
removed scanned item, a void, a refund, an export of phone numbers, wrong PINs in a row, a lock-out, an open bill
cancelled) as plain
values. services.activity reads them from the audit log; i18n words them; the back office, the recap window,
the thermal recap, the PDF and the owner's WhatsApp text show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.money import Money

DRAWER_OPENED = "drawer_opened"
MANUAL_PRICE = "manual_price"
LINE_REMOVED = "line_removed"
SALE_VOIDED = "sale_voided"
SALE_REFUNDED = "sale_refunded"
NUMBERS_EXPORTED = "numbers_exported"
PIN_FAILURES = "pin_failures"
LOCKED_OUT = "locked_out"
TILL_RELEASED = "till_released"  # the owner freed a till from a computer that died (pos.services.tills)
BILL_CANCELLED = "bill_cancelled"  # an open bill dropped unpaid, with what was on it (pos.services.open_bills)
KINDS = (DRAWER_OPENED, MANUAL_PRICE, LINE_REMOVED, SALE_VOIDED, SALE_REFUNDED, NUMBERS_EXPORTED, PIN_FAILURES,
         LOCKED_OUT, TILL_RELEASED, BILL_CANCELLED)


@dataclass(frozen=True)
class Activity:
    """One audited action. ``values`` are the plain values the words need (receipt, product, prices …)."""

    at: dt.datetime  # the shop's local time
    till_id: str
    kind: str  # one of KINDS
    who: str  # who did it ("" when nobody was logged in: a wrong PIN)
    approved_by: str  # the owner whose PIN was given ("" when none was needed)
    subject: str  # a receipt number, a product … ("" when there is none)
    amount: Money | None
    values: tuple[tuple[str, object], ...] = ()

    def value(self, key: str, default: object = "") -> object:
        return dict(self.values).get(key, default)


@dataclass(frozen=True)
class ActivityCount:
    kind: str
    count: int
    approved_by: tuple[str, ...]  # the approvers' names, in order of first approval


def count_by_kind(rows: tuple[Activity, ...] | list[Activity]) -> tuple[ActivityCount, ...]:
    """How many of each kind, in the order of KINDS, with who approved them."""
    counts: dict[str, list] = {}
    for row in rows:
        entry = counts.setdefault(row.kind, [0, []])
        entry[0] += 1
        if row.approved_by and row.approved_by not in entry[1]:
            entry[1].append(row.approved_by)
    return tuple(ActivityCount(kind, counts[kind][0], tuple(counts[kind][1])) for kind in KINDS if kind in counts)
