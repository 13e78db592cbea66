"""A refund takes back the discount of a combo, the cheapest item and buy-one-get-another-cheaper that the items
a customer keeps no longer earn (hand-computed amounts; the kind's own refund rule, declared in the registry)."""

from __future__ import annotations

from pos.domain.promotion_kinds import get
from pos.domain.promotions import RuleData, build_rule
from pos.domain.refunds import DiscountRule, SoldLine, plan_refund
from pos.money import Money, Quantity

IDS = {"KOP": 1, "ROT": 2, "CHP": 3}


def rule_of(kind: str, conditions: dict, parameters: dict):
    return build_rule(RuleData(9, "Promo", kind, conditions, parameters, IDS))


def sold(line_id: int, product_id: int, qty: int, unit: int, discount: int = 0, category: str = "Kue",
         refunded: int = 0) -> SoldLine:
    return SoldLine(line_id, product_id, category, Quantity.of(qty), Quantity.of(refunded), Money(qty * unit),
                    Money(qty * unit - discount), retail_price=Money(unit), unit_price=Money(unit))


def promo(kind: str, rule, lines: list[SoldLine], kept_back: int = 0) -> DiscountRule:
    given = tuple((line.id, line.gross - line.amount) for line in lines if line.gross != line.amount)
    return DiscountRule(9, "Promo", get(kind).refund_discount, rule, given, Money(kept_back))


def back(lines, kind, rule, wanted: dict[int, int], kept_back: int = 0):
    plan = plan_refund(lines, {i: Quantity.of(q) for i, q in wanted.items()}, [promo(kind, rule, lines, kept_back)])
    return plan


# --- the cheapest item: "beli 3 kue, yang termurah gratis" -------------------------------------------------

CHEAPEST = rule_of("cheapest_item", {"categories": ["Kue"]}, {"every": 3})


def three_cakes():
    # Bolu 20.000 + Lapis 10.000 + Nastar 5.000 (the cheapest, free): 30.000 paid
    return [sold(1, 11, 1, 20000), sold(2, 12, 1, 10000), sold(3, 13, 1, 5000, discount=5000)]


def test_returning_the_two_paid_cakes_pays_for_the_free_one_kept():
    plan = back(three_cakes(), "cheapest_item", CHEAPEST, {1: 1, 2: 1})
    # 30.000 paid for them, less the Nastar kept: 5.000 given on it, 1 cake earns nothing
    assert plan.money_back == Money(30000 - 5000) == Money(25000)
    [d] = plan.promotion_deductions
    assert (d.line_id, d.given, d.earned, d.value) == (3, Money(5000), Money(0), Money(5000))


def test_returning_the_free_cake_gives_nothing_and_takes_nothing():
    plan = back(three_cakes(), "cheapest_item", CHEAPEST, {3: 1})
    assert (plan.money_back, plan.promotion_deductions) == (Money(0), ())


def six_cakes():
    # 3 Bolu at 20.000 + 3 Lapis at 10.000: 6 cakes, the 2 cheapest free (20.000 off the Lapis): 70.000 paid
    return [sold(1, 11, 3, 20000), sold(2, 12, 3, 10000, discount=20000)]


def test_six_cakes_one_paid_back_still_earn_one_free_of_the_two():
    plan = back(six_cakes(), "cheapest_item", CHEAPEST, {1: 1})
    # 5 kept earn 1 free Lapis (10.000) of the 20.000 given: 20.000 back − 10.000 = 10.000
    # (kept: 2 × 20.000 + 3 × 10.000 − 10.000 = 60.000 of the 70.000 paid)
    assert plan.money_back == Money(10000)
    assert [(d.given, d.earned, d.value) for d in plan.promotion_deductions] == [(Money(20000), Money(10000),
                                                                                Money(10000))]


def test_six_cakes_one_lapis_back_keeps_what_was_paid():
    plan = back(six_cakes(), "cheapest_item", CHEAPEST, {2: 1})
    # a third of the Lapis line's 10.000: 3.333; on the 2 Lapis kept 13.333 was given, 1 free earns 10.000:
    # 3.333 kept back, nothing comes back (kept: 3 × 20.000 + 2 × 10.000 − 10.000 = 70.000, as paid)
    assert plan.money_back == Money(0)
    assert plan.promotion_deductions[0].value == Money(3333)


def test_a_second_refund_keeps_back_only_what_the_first_did_not():
    lines = [sold(1, 11, 3, 20000, refunded=1), sold(2, 12, 3, 10000, discount=20000)]
    plan = back(lines, "cheapest_item", CHEAPEST, {1: 1}, kept_back=10000)  # the first refund kept 10.000 back
    # 1 Bolu + 3 Lapis still earn 1 free: 20.000 − 10.000 − 10.000 kept before = nothing more
    assert (plan.money_back, plan.promotion_deductions) == (Money(20000), ())


def test_the_rule_ignores_the_order_of_the_lines():
    forward = back(three_cakes(), "cheapest_item", CHEAPEST, {1: 1, 2: 1})
    backward = back(list(reversed(three_cakes())), "cheapest_item", CHEAPEST, {1: 1, 2: 1})
    assert forward.money_back == backward.money_back == Money(25000)


# --- a combo: "Es Kopi Susu + Roti Sobek Rp 25.000" --------------------------------------------------------

COMBO = rule_of("combo", {}, {"first": "KOP", "second": "ROT", "price": 25000})


def test_returning_one_half_of_a_combo_pays_the_other_at_its_price():
    # 15.000 + 18.000 for 25.000: 8.000 shared by price, 3.636 on the coffee, 4.364 on the bread
    lines = [sold(1, 1, 1, 15000, discount=3636), sold(2, 2, 1, 18000, discount=4364)]
    plan = back(lines, "combo", COMBO, {1: 1})
    # the coffee's 11.364 back, less the 4.364 the bread kept alone no longer earns: the bread costs 18.000
    assert plan.money_back == Money(11364 - 4364) == Money(25000 - 18000)
    assert plan.promotion_deductions[0].line_id == 2


def two_sets():
    # 2 sets: 16.000 off, coffees 7.273 and breads 8.727 (by price); 50.000 paid
    return [sold(1, 1, 2, 15000, discount=7273), sold(2, 2, 2, 18000, discount=8727)]


def test_one_coffee_of_two_sets_back_keeps_one_set():
    plan = back(two_sets(), "combo", COMBO, {1: 1})
    # 11.364 back; on the kept 3.637 + 8.727 = 12.364 given, one set earns 8.000: 4.364 kept back
    assert plan.money_back == Money(7000)  # kept: 15.000 + 36.000 − 8.000 = 43.000 of 50.000


def test_a_whole_set_back_gives_back_the_combo_price():
    plan = back(two_sets(), "combo", COMBO, {1: 1, 2: 1})
    # 11.364 + 13.637 = 25.001 for the halves; the set kept earns 8.000 of the 8.001 left on it: 1 kept back
    assert plan.money_back == Money(25000)


# --- buy one get another cheaper: "beli kopi biji, keripik setengah harga" ---------------------------------

BGD = rule_of("buy_get_discount", {"products": ["KOP"]}, {"reward_product": "CHP", "percent": 50})


def test_returning_the_coffee_pays_the_half_price_chips_kept():
    # Kopi 45.000 + Keripik 18.000 at half price: 54.000 paid
    lines = [sold(1, 1, 1, 45000, category="Kopi"), sold(2, 3, 1, 18000, discount=9000, category="Camilan")]
    plan = back(lines, "buy_get_discount", BGD, {1: 1})
    assert plan.money_back == Money(45000 - 9000) == Money(54000 - 18000)
    assert back(lines, "buy_get_discount", BGD, {2: 1}).money_back == Money(9000)  # the chips back: what they cost


def test_two_coffees_one_back_keep_one_chips_at_half_price():
    # 2 × 45.000 + 2 × 18.000 − 2 × 9.000 = 108.000 paid
    lines = [sold(1, 1, 2, 45000, category="Kopi"), sold(2, 3, 2, 18000, discount=18000, category="Camilan")]
    plan = back(lines, "buy_get_discount", BGD, {1: 1})
    assert plan.money_back == Money(45000 - 9000)  # kept: 45.000 + 36.000 − 9.000 = 72.000
    assert back(lines, "buy_get_discount", BGD, {2: 1}).money_back == Money(9000)  # 2 coffees still earn 1


def test_never_more_kept_back_than_given_back():
    # a cheap coffee 5.000 let the chips have 9.000 off: returning it gives back nothing, never less
    lines = [sold(1, 1, 1, 5000, category="Kopi"), sold(2, 3, 1, 18000, discount=9000, category="Camilan")]
    plan = back(lines, "buy_get_discount", BGD, {1: 1})
    assert plan.money_back == Money(0)
    assert plan.promotion_deductions[0].value == Money(5000)


def test_a_refund_without_promotions_is_as_before():
    assert plan_refund(six_cakes(), {1: Quantity.of(1)}).money_back == Money(20000)
