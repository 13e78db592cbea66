"""Settling a sale's payments (``domain.till.settle``): what is due, the change, what goes into the drawer, and the
refusals, each before anything is stored."""

import pytest

from pos.domain.till import Settlement, Tender, TillError, settle
from pos.money import Money

EXACT, CASH_ROUNDED = Money(12_345), Money(12_300)


def test_all_cash_pays_the_cash_rounded_total_and_gives_change():
    got = settle(EXACT, CASH_ROUNDED, (Tender("cash", Money(12_300), tendered=Money(20_000)),))
    assert got == Settlement(due=Money(12_300), rounding=Money(-45), change=Money(7_700), cash_in=Money(12_300))


def test_cash_with_another_method_pays_the_exact_total_and_only_the_cash_goes_in_the_drawer():
    tenders = (Tender("qris", Money(10_000)), Tender("cash", Money(2_345), tendered=Money(5_000)))
    got = settle(EXACT, CASH_ROUNDED, tenders)
    assert got == Settlement(due=EXACT, rounding=Money(0), change=Money(2_655), cash_in=Money(2_345))


def test_no_cash_at_all_puts_nothing_in_the_drawer():
    got = settle(EXACT, CASH_ROUNDED, (Tender("kasbon", Money(5_000)), Tender("card", Money(7_345))))
    assert got == Settlement(due=EXACT, rounding=Money(0), change=Money(0), cash_in=Money(0))


@pytest.mark.parametrize(("tenders", "code", "params"), [
    ((), "no_payment", {}),
    ((Tender("gold", EXACT),), "bad_method", {"method": "gold"}),
    ((Tender("cash", Money(-1)),), "bad_amount", {"method": "cash"}),
    ((Tender("qris", Money(0)), Tender("cash", EXACT)), "bad_amount", {"method": "qris"}),
    ((Tender("qris", EXACT, tendered=Money(20_000)),), "change_only_cash", {"method": "qris"}),
    ((Tender("cash", CASH_ROUNDED, tendered=Money(10_000)),), "tendered_short",
     {"tendered": 10_000, "amount": 12_300}),
    ((Tender("cash", EXACT),), "paid_differs", {"paid": 12_345, "due": 12_300}),  # all cash: rounded
    ((Tender("qris", Money(2_000)), Tender("cash", Money(10_300))), "paid_differs", {"paid": 12_300, "due": 12_345}),
])
def test_payments_that_do_not_fit_are_refused_with_their_reason(tenders, code, params):
    with pytest.raises(TillError) as refused:
        settle(EXACT, CASH_ROUNDED, tenders)
    assert (refused.value.code, refused.value.params) == (code, params)
