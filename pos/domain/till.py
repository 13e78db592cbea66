"""The cash drawer: counting by denomination, what should be in it, change, and who pays what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from pos.domain.errors import DomainError
from pos.domain.payment_methods import CARD, CASH, DEPOSIT, KASBON, QRIS, TRANSFER  # noqa: F401 (their old home)
from pos.domain.payment_methods import gives_change, method
from pos.money import Money

# Rupiah notes and coins, largest first.
DENOMINATIONS = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100)


class TillError(DomainError):
    """A payment or count that cannot be: ``code`` names it, ``params`` its values (i18n words it)."""


def counted_total(count: Mapping[int, int]) -> Money:
    """The money in a count by denomination, {100000: 3, 500: 4} → Rp 302.000."""
    for value, pieces in count.items():
        if value not in DENOMINATIONS:
            raise TillError("bad_denomination", value=value)
        if pieces < 0:
            raise TillError("negative_count", value=value)
    return Money(sum(value * pieces for value, pieces in count.items()))


@dataclass(frozen=True)
class CashSummary:
    opening_float: Money
    movements: Money  # the shift's cash-ledger entries
    expected: Money
    counted: Money | None
    difference: Money | None  # counted − expected: negative is missing money


# The kinds of entry in a shift's cash ledger, in the order a shift's count lists them.
CASH_KINDS = ("sale", "refund", "down_payment", "down_payment_refund", "kasbon_payment", "deposit", "cash_in",
              "cash_out")


def cash_by_kind(entries: list[tuple[str, Money]]) -> tuple[tuple[str, Money], ...]:
    """(kind, total) for each kind of cash entry the shift has, in ``CASH_KINDS`` order (others after)."""
    totals: dict[str, Money] = {}
    for kind, amount in entries:
        totals[kind] = totals.get(kind, Money(0)) + amount
    order = {kind: i for i, kind in enumerate(CASH_KINDS)}
    return tuple(sorted(totals.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def cash_summary(opening_float: Money, entries: list[Money], counted: Money | None = None) -> CashSummary:
    movements = Money(sum(e.minor for e in entries))
    expected = opening_float + movements
    return CashSummary(opening_float, movements, expected, counted,
                       None if counted is None else counted - expected)


@dataclass(frozen=True)
class Tender:
    method: str
    amount: Money  # applied to the sale
    tendered: Money | None = None  # cash handed over
    reference: str = ""


class Settlement(NamedTuple):  # a tuple: made for every sale, cheaper than a frozen dataclass
    due: Money  # what the payments must add up to
    rounding: Money  # due − the exact total (cash rounding, only when all is paid in cash)
    change: Money
    cash_in: Money  # what goes into the drawer


def amount_due(exact_total: Money, cash_total: Money, methods: list[str] | tuple[str, ...]) -> Money:
    """What the payments must add up to: the cash-rounded total when everything is cash, else the exact one."""
    return cash_total if all(gives_change(m) for m in methods) else exact_total


def settle(exact_total: Money, cash_total: Money, tenders: list[Tender] | tuple[Tender, ...]) -> Settlement:
    """Check the payments against the total.

    Cash rounding applies when the whole sale is paid in cash; with any other method
    in the mix, the payments cover the exact total. Only cash gives change.
    """
    if not tenders:
        raise TillError("no_payment")
    paid = change = cash_in = 0  # one pass over the payments (every sale passes here)
    all_cash = True
    for t in tenders:
        m = method(t.method)
        if m is None:
            raise TillError("bad_method", method=t.method)
        amount = t.amount.minor
        if amount < 0 or (amount == 0 and exact_total.minor > 0):
            raise TillError("bad_amount", method=t.method)
        if t.tendered is not None:
            if not m.gives_change:
                raise TillError("change_only_cash", method=t.method)
            if t.tendered.minor < amount:
                raise TillError("tendered_short", tendered=t.tendered.minor, amount=amount)
            change += t.tendered.minor - amount
        paid += amount
        if m.gives_change:
            cash_in += amount
        else:
            all_cash = False
    due = cash_total if all_cash else exact_total  # amount_due(), without asking the registry again
    if paid != due.minor:
        raise TillError("paid_differs", paid=paid, due=due.minor)
    return Settlement(due, due - exact_total, Money(change), Money(cash_in))
