"""The till's priced cart is reused at checkout while nothing a price depends on has changed; a change is caught."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from pos.domain.pricing import CartLine, Selections
from pos.domain.till import Tender
from pos.models import Product, Sale
from pos.money import Money, Quantity
from pos.services import pricing
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.pricing import price
from pos.services.sales import CheckoutRequest, checkout

AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def shop(make_shop):
    return make_shop(200000)


def cart(shop, *pairs):
    return tuple(CartLine(shop["ids"][code], Quantity.of(qty)) for code, qty in pairs)


def sell(shop, lines, amount, at=AT, cart_id=None, till="K1"):
    return checkout(CheckoutRequest(cart_id or uuid.uuid4().hex, till, shop["shift"], shop["cashier"], lines,
                                    (Tender("cash", Money(amount)),), None, Selections(), at))


def test_a_price_changed_between_scan_and_payment_is_still_caught(shop):
    lines = cart(shop, ("KUE-01", 1))
    assert price(list(lines), None, at=AT).cash_total == Money(55000)  # the till, as the cake was scanned
    Product.update(retail_price=Money(60000)).where(Product.code == "KUE-01").execute()  # at another till
    with pytest.raises(InvalidInput, match="60.000"):
        sell(shop, lines, 55000)
    assert Sale.select().count() == 0
    sold = sell(shop, lines, 60000)
    assert Sale.get_by_id(sold.id).lines[0].unit_price == Money(60000)


def test_the_evening_markdown_starting_between_scan_and_payment_is_caught(shop):
    lines = cart(shop, ("ROT-01", 1))
    scanned = dt.datetime(2026, 11, 27, 11, 59)  # 18:59 in Jakarta; the bread is marked down from 19:00
    assert price(list(lines), None, at=scanned).cash_total == Money(18000)
    with pytest.raises(InvalidInput, match="12.600"):
        sell(shop, lines, 18000, at=scanned + dt.timedelta(minutes=1))
    assert sell(shop, lines, 12600, at=scanned + dt.timedelta(minutes=1)).total == Money(12600)


def test_the_cart_priced_at_the_till_is_not_priced_again_at_checkout(shop, monkeypatch):
    lines = cart(shop, ("KUE-01", 1), ("ROT-05", 2))
    shown = price(list(lines), None, at=AT)
    engine, calls = pricing.price_cart, []
    monkeypatch.setattr(pricing, "price_cart", lambda *a, **k: calls.append(1) or engine(*a, **k))
    sold = sell(shop, lines, shown.cash_total.minor, at=AT + dt.timedelta(minutes=4))
    assert calls == [] and Sale.get_by_id(sold.id).total == Money(67000)
    sell(shop, cart(shop, ("KUE-01", 2)), 110000)  # another cart is priced
    assert calls == [1]


def test_the_last_cart_priced_is_given_again_only_for_the_same_lines(shop, monkeypatch):
    lines = cart(shop, ("KUE-01", 1), ("ROT-05", 2))
    shown = price(lines, None, at=AT)
    engine, calls = pricing.price_cart, []
    monkeypatch.setattr(pricing, "price_cart", lambda *a, **k: calls.append(1) or engine(*a, **k))
    assert price(cart(shop, ("KUE-01", 1), ("ROT-05", 2)), None, at=AT) is shown  # the cart built again: equal
    assert calls == []
    more = price(cart(shop, ("KUE-01", 1), ("ROT-05", 3)), None, at=AT)  # one more bread: priced afresh
    assert calls == [1] and more.cash_total == shown.cash_total + Money(6000)
    with pytest.raises(InvalidInput, match="quantity"):  # a quantity out of bounds is still refused
        price(cart(shop, ("KUE-01", 1), ("ROT-05", 0)), None, at=AT)
    assert price(lines, None, at=AT + dt.timedelta(hours=9)).cash_total != shown.cash_total  # 19:00: markdown


def test_the_same_cart_again_after_a_price_change_is_the_stored_sale(shop):
    lines, cart_id = cart(shop, ("KUE-01", 1)), uuid.uuid4().hex
    first = sell(shop, lines, 55000, cart_id=cart_id)
    Product.update(retail_price=Money(60000)).where(Product.code == "KUE-01").execute()
    again = sell(shop, lines, 55000, cart_id=cart_id)  # the till died before it showed "completed"
    assert again.already_recorded and again.id == first.id and Sale.select().count() == 1


def test_a_shift_of_another_till_sells_nothing(shop):
    with pytest.raises(NotAllowed, match="Open a shift"):
        sell(shop, cart(shop, ("KUE-01", 1)), 55000, till="K2")
    assert Sale.select().count() == 0
