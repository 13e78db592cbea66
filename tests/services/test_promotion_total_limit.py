"""A promotion limited in total ("the first 50 customers", issue #22 item 10): counted in the stored sales across
every customer and till, never exceeded by two tills in two processes at once, given back by a void and not by
a refund (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Promotion, Sale
from pos.money import Money, Quantity
from pos.services.errors import InvalidInput
from pos.services.pricing import price
from pos.services.promotion_limits import total_uses
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.refunds import refund, refundable_lines, void_sale
from pos.services.sales import CheckoutRequest, checkout
from pos.services.shop import get_shop_settings
from tests.factories import owner_pin
from tests.services.tills import AT

ROUNDS = 20
BOLU = 55000  # Bolu Pandan, KUE-01, in the demo


@pytest.fixture
def shop(make_shop):
    return make_shop(500000)


def limited(limit: int, name: str = "Bolu 10% (50 pertama)") -> int:
    return save_promotion(PromotionInput(name, "discount", {"products": ["KUE-01"]}, {"percent": 10},
                                         max_uses_total=limit),
                          time_zone=get_shop_settings()["time_zone"], owner_pin=owner_pin())


def sell(shop, total: int, customer_id=None):
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"],
                                    (CartLine(shop["ids"]["KUE-01"], Quantity.of(1)),), (Tender("cash", Money(total)),),
                                    customer_id, at=AT))


def bolu(shop) -> Money:
    return price([CartLine(shop["ids"]["KUE-01"], Quantity.of(1))], at=AT).total


def test_the_limit_counts_every_customer_and_a_void_gives_a_use_back(shop):
    promotion = limited(2)
    assert Promotion.get_by_id(promotion).max_uses_total == 2
    first = sell(shop, BOLU - 5500)  # 55.000 − 10% = 49.500
    sell(shop, BOLU - 5500)
    assert total_uses([promotion]) == {promotion: 2}
    assert bolu(shop) == Money(BOLU)  # both taken: the till shows the full price
    with pytest.raises(InvalidInput):  # paying the promotion's price is refused: the sale is Rp 55.000 now
        sell(shop, BOLU - 5500)
    assert Sale.select().count() == 2
    # a void means the sale never happened: its use comes back
    void_sale(first.number, owner_pin=owner_pin(), staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1",
              at=AT)
    assert bolu(shop) == Money(BOLU - 5500)
    third = sell(shop, BOLU - 5500)
    # a refund does not: the promotion was handed to a customer ("the first 50 customers" were served)
    [line] = refundable_lines(third.number)
    refund(third.number, {line.line_id: Quantity.of(1)}, back_to="cash", owner_pin=owner_pin(),
           staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1", at=AT)
    assert total_uses([promotion]) == {promotion: 2} and bolu(shop) == Money(BOLU)


def test_a_sale_priced_before_the_last_use_went_elsewhere_is_refused_and_nothing_stored(shop):
    promotion = limited(1)
    cart = (CartLine(shop["ids"]["KUE-01"], Quantity.of(1)),)
    priced = price(list(cart), at=AT)  # this till's screen: 49.500, one use left
    assert priced.total == Money(BOLU - 5500)
    sell(shop, BOLU - 5500)  # another till sells the last one
    with pytest.raises(InvalidInput, match="run out"):
        checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], cart,
                                 (Tender("cash", priced.total),), agreed=priced, at=AT))
    assert Sale.select().count() == 1 and total_uses([promotion]) == {promotion: 1}


def test_two_tills_at_once_never_exceed_the_limit(shop, empty_url, tills):
    for round_ in range(ROUNDS):
        promotion = limited(1, f"Bolu 10% ronde {round_}")  # one use left, and two tills want it
        result = tills.race(empty_url, "sell_priced", shop["shift"], shop["cashier"], shop["ids"]["KUE-01"])
        assert not [r for r in result if r.startswith("error")], result
        assert [r.split(" ")[0] for r in result] == ["refused:", "sold"], (round_, result)
        assert total_uses([promotion]) == {promotion: 1}, (round_, result)
    assert Sale.select().count() == ROUNDS
    assert all(sale.total == Money(BOLU - 5500) for sale in Sale.select())
