"""Bad quantities and prices at the checkout and in pricing, on SQLite and PostgreSQL: refused, nothing stored."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from pos.domain.limits import MAX_LINE_AMOUNT, MAX_SALE_TOTAL
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Payment, Sale, SaleLine
from pos.money import Money, Quantity
from pos.services.errors import InvalidInput
from pos.services.pricing import price
from pos.services.sales import CheckoutRequest, checkout

AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def shop(make_shop):
    return make_shop(200000)


def sell(shop, lines, tenders):
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], tuple(lines),
                                    tuple(tenders), at=AT, owner_pin="1234"))


def nothing_stored() -> bool:
    return Sale.select().count() == 0 and SaleLine.select().count() == 0 and Payment.select().count() == 0


def test_two_and_a_half_loaves_are_refused_but_half_a_kilo_of_coffee_is_sold(shop):
    loaves = [CartLine(shop["ids"]["ROT-01"], Quantity.of("2,5"))]
    with pytest.raises(InvalidInput, match="whole pcs: 2,5 is not a whole number"):
        price(loaves, at=AT)
    with pytest.raises(InvalidInput, match="whole pcs"):
        sell(shop, loaves, [Tender("cash", Money(20000))])
    assert nothing_stored()
    coffee = [CartLine(shop["ids"]["KOP-04"], Quantity.of("0,5"))]
    total = price(coffee, at=AT).total
    assert sell(shop, coffee, [Tender("cash", total)]).total == total


def test_a_negative_manual_price_is_a_message_not_a_pricing_error(shop):
    lines = [CartLine(shop["ids"]["ROT-01"], Quantity.of(1), Money(-1000))]
    with pytest.raises(InvalidInput, match="cannot be negative"):
        price(lines, at=AT)
    with pytest.raises(InvalidInput, match="cannot be negative"):
        sell(shop, lines, [Tender("cash", Money(1000))])
    assert nothing_stored()


def test_a_manual_price_of_ten_to_the_fifteen_is_refused(shop):
    lines = [CartLine(shop["ids"]["ROT-01"], Quantity.of(1), Money(10 ** 15))]
    with pytest.raises(InvalidInput, match=r"at most Rp\s1\.000\.000\.000"):
        sell(shop, lines, [Tender("cash", Money(10 ** 15))])
    assert nothing_stored()


def test_the_biggest_typed_price_times_ten_thousand_is_a_message_not_an_overflow(shop):
    lines = [CartLine(shop["ids"]["ROT-01"], Quantity.of(10_000), Money(999_999_999_999_999))]
    with pytest.raises(InvalidInput):
        sell(shop, lines, [Tender("cash", Money(1))])
    assert nothing_stored()


def test_a_line_over_a_billion_is_refused_and_one_at_the_limit_is_sold(shop):
    over = [CartLine(shop["ids"]["ROT-01"], Quantity.of(2), MAX_LINE_AMOUNT)]
    with pytest.raises(InvalidInput, match="One line can come to at most"):
        price(over, at=AT)
    at_limit = [CartLine(shop["ids"]["ROT-01"], Quantity.of(1), MAX_LINE_AMOUNT)]
    assert sell(shop, at_limit, [Tender("transfer", MAX_LINE_AMOUNT)]).total == MAX_LINE_AMOUNT


def test_a_sale_over_ten_billion_is_refused(shop):
    lines = [CartLine(shop["ids"]["ROT-01"], Quantity.of(1), MAX_LINE_AMOUNT) for _ in range(11)]
    with pytest.raises(InvalidInput, match=r"A sale can come to at most Rp\s10\.000\.000\.000"):
        sell(shop, [CartLine(line.product_id, line.quantity, line.price) for line in lines],
             [Tender("transfer", Money(11 * MAX_LINE_AMOUNT.minor))])
    assert nothing_stored()


def test_cash_handed_over_beyond_the_sale_limit_is_refused(shop):
    lines = [CartLine(shop["ids"]["ROT-01"], Quantity.of(1))]
    total = price(lines, at=AT).cash_total
    with pytest.raises(InvalidInput, match="A payment can be at most"):
        sell(shop, lines, [Tender("cash", total, Money(MAX_SALE_TOTAL.minor + 1))])
    assert nothing_stored()
