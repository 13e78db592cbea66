"""A kind declared only in the tests (tests/promotion_kind_example.py) is built, checked and priced by the
pure engine, and worded, like a built-in one; the registry is what every part reads."""

from __future__ import annotations

import pytest

from pos.domain import promotion_kinds
from pos.domain.pricing import price_cart
from pos.domain.promotion_kinds import whole_units
from pos.domain.promotions import DISCOUNT, PARAMETERS, PRESETS, PromotionInvalid
from pos.i18n import describe_problem, describe_reason, set_language
from pos.money import Money
from tests.domain.pricing_fixtures import BOOK, FRIDAY_NOON, KASTENGEL, NASTAR, TESTER, cart, customer, rule
from tests.promotion_kind_example import CODE, KIND, REASON, example_kind  # noqa: F401  (the fixture)


def mixed(**parameters):
    return rule(CODE, name="Tester tiap 3", conditions={"categories": ["Kue Kering"]},
                parameters={"every": 3, "gift_product": "KRG-07", **parameters})


@pytest.mark.usefixtures("example_kind")
def test_a_test_only_kind_is_priced_over_several_lines_at_once():
    three = price_cart(cart((NASTAR, 1), (KASTENGEL, 2)), customer(), BOOK, [mixed()], FRIDAY_NOON)
    [gift] = [line for line in three.lines if line.is_bonus]
    assert (gift.product_id, str(gift.quantity), gift.amount) == (TESTER, "1", Money(0))
    assert [(r.code, r.values["every"], r.amount) for r in gift.reasons] == [(REASON, 3, Money(-15000))]
    assert three.total == Money(95000 + 2 * 12000)
    seven = price_cart(cart((NASTAR, 4), (KASTENGEL, 3)), customer(), BOOK, [mixed()], FRIDAY_NOON)
    assert [str(line.quantity) for line in seven.lines if line.is_bonus] == ["2"]
    two = price_cart(cart((NASTAR, 1), (KASTENGEL, 1)), customer(), BOOK, [mixed()], FRIDAY_NOON)
    assert not any(line.is_bonus for line in two.lines)


@pytest.mark.usefixtures("example_kind")
def test_its_declaration_refuses_an_unknown_key_and_names_its_own_fields():
    with pytest.raises(PromotionInvalid) as caught:
        mixed(evry=4)
    assert (caught.value.code, caught.value.params["key"]) == ("unknown_parameter", "evry")
    with pytest.raises(PromotionInvalid) as missing:
        rule(CODE, conditions={"categories": ["Kue Kering"]}, parameters={"gift_product": "KRG-07"})
    set_language("en")
    try:
        assert describe_problem(missing.value.code, missing.value.params) == "Items per gift is missing."
        assert describe_reason(REASON, {"every": 3, "name": "x"}) == "A gift for every 3 items"
    finally:
        set_language("id")
    assert CODE in PRESETS and PARAMETERS[CODE] == KIND.parameters


def test_unregistered_it_is_unknown_again():
    assert promotion_kinds.get(CODE) is None and CODE not in PRESETS
    with pytest.raises(PromotionInvalid) as caught:
        mixed()
    assert caught.value.code == "unknown_kind"


def test_one_code_one_kind():
    with pytest.raises(ValueError, match="declared twice"):
        promotion_kinds.register(promotion_kinds.PromotionKind(
            code="buy_x_get_y", label="", parameters=(), build=lambda p, d, s: {}, apply=None))
    assert promotion_kinds.get("buy_x_get_y").label == "Buy … get … free"


def _cheapest_free(pricing, rule, lines):
    """Of every three items in scope (any products), the cheapest one is free: one look at all the lines."""
    units = sorted((line.unit.minor, line.index) for line in lines for _unit in range(whole_units(line.quantity)))
    free: dict[int, int] = {}
    for price, index in units[:len(units) // 3]:
        free[index] = free.get(index, 0) + price
    pricing.take_off(rule, [(line, Money(free.get(line.index, 0))) for line in lines], "cheapest_free",
                     name=rule.name)


CHEAPEST = promotion_kinds.PromotionKind(
    code="cheapest_free", label="Cheapest of three free", parameters=(), build=lambda p, d, s: {"effect": DISCOUNT},
    apply=_cheapest_free, reasons={"cheapest_free": lambda v, say: say("{name}: the cheapest free", name=v["name"])})


@pytest.fixture
def cheapest():
    promotion_kinds.register(CHEAPEST)
    yield
    promotion_kinds.unregister(CHEAPEST.code)


@pytest.mark.usefixtures("cheapest")
def test_a_kind_that_picks_the_cheapest_item_among_several_lines():
    three = rule("cheapest_free", name="3 for 2", conditions={"categories": ["Kue Kering"]})
    four = price_cart(cart((NASTAR, 1), (KASTENGEL, 2), (TESTER, 1)), customer(), BOOK, [three], FRIDAY_NOON)
    assert four.total == Money(95000 + 2 * 12000 + 15000 - 12000)
    [kastengel] = [line for line in four.lines if line.product_id == KASTENGEL]
    assert [(r.code, r.amount, describe_reason(r.code, r.values)) for r in kastengel.reasons] == [
        ("cheapest_free", Money(-12000), "3 for 2: the cheapest free")]
    six = price_cart(cart((NASTAR, 3), (KASTENGEL, 2), (TESTER, 1)), customer(), BOOK, [three], FRIDAY_NOON)
    assert six.discount_total == Money(2 * 12000)  # two of six: both Kastengel, the cheapest
    assert four.applied == (three.id,)
