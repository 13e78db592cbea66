"""A promotion kind declared only in the tests (tests/promotion_kind_example.py), through the services: saved,
priced at checkout, worded on the receipt and on the Status picture, and taken back by a refund when the
kept items no longer earn its gift (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.i18n import set_language
from pos.models import Product, SaleLine
from pos.money import Money, Quantity
from pos.services.errors import InvalidInput
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.receipts import receipt_preview
from pos.services.refunds import refund, refundable_lines
from pos.services.sales import CheckoutRequest, checkout
from pos.services.shop import get_shop_settings
from pos.services.status_picture import promotion_text
from tests.factories import owner_pin
from tests.promotion_kind_example import CODE, example_kind  # noqa: F401  (the fixture)

AT = dt.datetime(2026, 11, 27, 3, 0)


@pytest.fixture
def shop(make_shop, request):
    request.getfixturevalue("example_kind")
    yield make_shop(500000)
    set_language("id")


def mixed_gift(every: int = 3, **parameters) -> int:
    """Every ``every`` snacks (Camilan, any mix) give one Keripik Singkong Balado (Rp 12.000) free."""
    return save_promotion(PromotionInput("Singkong tiap 3 camilan", CODE, {"categories": ["Camilan"]},
                                         {"every": every, "gift_product": "CML-07", **parameters}),
                          time_zone=get_shop_settings()["time_zone"], owner_pin=owner_pin())


def sell(shop, pairs, total):
    lines = tuple(CartLine(shop["ids"][code], Quantity.of(qty)) for code, qty in pairs)
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender("cash", total),), None, at=AT))


def test_saved_sold_worded_and_refunded_without_a_line_of_it_in_pos(shop):
    with pytest.raises(InvalidInput, match="evry"):  # its declaration refuses a misspelt key
        mixed_gift(evry=3)
    promotion = mixed_gift()
    # 6 snacks over two products: 2 gifts
    sale = sell(shop, [("CML-02", 4), ("CML-03", 2)], Money(4 * 18000 + 2 * 22000))
    gifts = list(SaleLine.select().where((SaleLine.sale == sale.id) & (SaleLine.is_bonus == True)))  # noqa: E712
    assert [(g.description, g.quantity, g.amount, g.promotion_id) for g in gifts] == [
        ("Keripik Singkong Balado 200 g", Quantity.of(2), Money(0), promotion)]
    assert sale.total == Money(4 * 18000 + 2 * 22000)

    set_language("en")
    words = " ".join(receipt_preview(sale.id, width=48).split())
    assert "A gift for every 3 items" in words and "Keripik Singkong Balado" in words, words
    balado = Product.get(Product.code == "CML-07")
    assert promotion_text(promotion, balado.id, "Camilan", balado.retail_price, now=AT).line == \
        "A gift for every 3 items"

    # one Keripik Pisang Asin back: 5 kept earn 1 gift, not 2 -> one gift's Rp 12.000 kept back
    asin = next(r.line_id for r in refundable_lines(sale.number) if r.description.startswith("Keripik Pisang Asin"))
    result = refund(sale.number, {asin: Quantity.of(1)}, back_to="cash", owner_pin=owner_pin(),
                    staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1", at=AT)
    assert (result.money_back, result.deducted) == (Money(18000 - 12000), Money(12000))
    slip = " ".join(receipt_preview(result.id, width=48).split())
    assert "Free item taken back" in slip, slip
