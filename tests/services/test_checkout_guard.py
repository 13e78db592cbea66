"""The checkout checks its cashier in the statement it sends first (no separate look-up): someone who is not active
staff sells nothing, and a cart stored before is not handed to them either."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Sale, TillCounter
from pos.money import Money, Quantity
from pos.services.errors import NotAllowed
from pos.services.sales import CheckoutRequest, checkout
from pos.services.staff import set_staff_active
from tests.factories import owner_pin

AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def shop(make_shop):
    return make_shop(200000)


def request_for(shop, cashier_id, cart_id=None):
    lines = (CartLine(shop["ids"]["KUE-01"], Quantity.of(1)),)
    return CheckoutRequest(cart_id or uuid.uuid4().hex, "K1", shop["shift"], cashier_id, lines,
                           (Tender("cash", Money(55000)),), at=AT)


def test_a_cashier_who_left_sells_nothing_and_gets_no_stored_sale(shop):
    cart_id = uuid.uuid4().hex
    assert checkout(request_for(shop, shop["cashier"], cart_id)).number == "K1-000001"
    set_staff_active(shop["cashier"], False, owner_pin=owner_pin())
    counters = list(TillCounter.select().tuples())
    for cashier_id in (shop["cashier"], 999_999, None):
        with pytest.raises(NotAllowed, match="staff member who is logged in"):
            checkout(request_for(shop, cashier_id))
        with pytest.raises(NotAllowed, match="staff member who is logged in"):  # the stored cart, asked again
            checkout(request_for(shop, cashier_id, cart_id))
    assert [s.number for s in Sale.select()] == ["K1-000001"]
    assert list(TillCounter.select().tuples()) == counters  # the refused sales' numbers were given back
    set_staff_active(shop["cashier"], True, owner_pin=owner_pin())
    assert checkout(request_for(shop, shop["cashier"])).number == "K1-000002"
