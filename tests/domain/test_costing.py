"""Recipe cost and gross profit, computed by hand (issue #25 item 4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pos.domain.costing import RecipeError, RecipeItem, below_cost, cart_profit, margin_percent, recipe_cost
from pos.domain.pricing import WALK_IN, price_cart
from pos.money import Money, Quantity
from tests.domain.pricing_fixtures import BOOK, CHIPS, COFFEE, FRIDAY_NOON, TESTER, cart, rule


def test_a_batch_of_40_from_2_kg_flour_computed_by_hand():
    items = [
        RecipeItem("Tepung terigu", Quantity.of("2"), Money(14000)),  # 2 kg × 14.000 = 28.000
        RecipeItem("Gula pasir", Quantity.of("1"), Money(16000)),  # 1 kg × 16.000 = 16.000
        RecipeItem("Mentega", Quantity.of("0,5"), Money(120000)),  # 0,5 kg × 120.000 = 60.000
        RecipeItem("Telur", Quantity.of("20"), Money(2000)),  # 20 × 2.000 = 40.000
        RecipeItem("Ragi", Quantity.of("0,011"), Money(95000)),  # 11 g × 95 = 1.045
    ]
    cost = recipe_cost(items, 40)
    assert cost.batch == Money(145045)  # 28.000 + 16.000 + 60.000 + 40.000 + 1.045
    assert cost.each == Money(3626)  # 145.045 / 40 = 3.626,125 → 3.626
    assert dict(cost.items)["Mentega"] == Money(60000)


def test_a_piece_cost_rounds_half_up():
    assert recipe_cost([RecipeItem("Tepung", Quantity.of("1"), Money(10))], 4).each == Money(3)  # 2,5 → 3


@pytest.mark.parametrize("items,pieces,code", [
    ([RecipeItem("Tepung", Quantity.of("1"), Money(10))], 0, "yield_too_small"),
    ([], 10, "recipe_empty"),
])
def test_a_recipe_that_cannot_cost_says_why(items, pieces, code):
    with pytest.raises(RecipeError) as caught:
        recipe_cost(items, pieces)
    assert caught.value.code == code


def test_gross_profit_of_a_cart_with_a_free_item_and_a_discount():
    gift = rule("threshold_gift", conditions={"min_total": 200000},
                parameters={"gift_products": ["KRG-07"], "quantity": 1})
    ten_off = rule("discount", conditions={"products": ["CML-01"]}, parameters={"percent": 10}, priority=1)
    priced = price_cart(cart((COFFEE, 4), (CHIPS, 2)), WALK_IN, BOOK, [ten_off, gift], FRIDAY_NOON)
    # coffee 4 × 45.000 = 180.000; chips 2 × 15.000 = 30.000 − 10 % = 27.000; tester free (min 200.000 reached)
    assert [(line.product_id, line.amount, line.is_bonus) for line in priced.lines] == [
        (COFFEE, Money(180000), False), (CHIPS, Money(27000), False), (TESTER, Money(0), True)]
    costs = {COFFEE: Money(30000), CHIPS: Money(9000), TESTER: Money(6000)}
    profit = cart_profit(priced, costs)
    assert profit.revenue == Money(207000)
    assert profit.cost == Money(4 * 30000 + 2 * 9000 + 6000)  # 144.000: the free tester costs its goods
    assert profit.gross_profit == Money(63000)
    assert profit.margin == Decimal("30.4")  # 63.000 / 207.000


def test_a_line_without_cost_stays_out_of_gross_profit():
    priced = price_cart(cart((COFFEE, 1), (CHIPS, 1)), WALK_IN, BOOK, [], FRIDAY_NOON)
    profit = cart_profit(priced, {COFFEE: Money(30000)})
    assert (profit.revenue, profit.cost, profit.uncosted) == (Money(45000), Money(30000), Money(15000))


def test_margin_and_below_cost():
    assert margin_percent(Money(15000), Money(9000)) == Decimal("40.0")
    assert margin_percent(Money(15000), None) is None
    assert below_cost(Money(8500), Money(9000)) and not below_cost(Money(9000), Money(9000))
