"""The pricing engine, case by case, with the rupiah computed by hand in each test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pos.domain.pricing import WALK_IN, CashRounding, PricingError, Selections, TaxSetting, price_cart
from pos.money import Money
from tests.domain.pricing_fixtures import (BOOK, BREAD, CAKE, CHIPS, COFFEE, FRIDAY_NOON, ICED, KASTENGEL, NASTAR,
                                           RAMADAN_DAY, REGULAR, RESELLER, STUDENT, TESTER, cart, customer, q, rule)


def price(lines, who=WALK_IN, rules=(), at=FRIDAY_NOON, **kw):
    return price_cart(lines, who, BOOK, list(rules), at, **kw)


def amounts(priced) -> list[int]:
    return [line.amount.minor for line in priced.lines]


# --- unit prices ------------------------------------------------------------------------------


@pytest.mark.parametrize("lines,unit,total,source", [
    (((CHIPS, 9),), 15000, 135000, "retail"),  # the reseller price starts at 10
    (((CHIPS, 10),), 12500, 125000, "tier"),
    (((CHIPS, 49),), 12500, 612500, "tier"),
    (((CHIPS, 50),), 11500, 575000, "tier"),  # the higher break
    (((CHIPS, 6), (CHIPS, 4)), 12500, 125000, "tier"),  # two lines of one product count together
])
def test_reseller_quantity_breaks(lines, unit, total, source):
    priced = price(cart(*lines), RESELLER)
    assert {line.unit_price.minor for line in priced.lines} == {unit}
    assert {line.price_source for line in priced.lines} == {source}
    assert priced.total == Money(total)


def test_six_plus_four_packs_on_two_lines_and_their_reasons():
    priced = price(cart((CHIPS, 6), (CHIPS, 4)), RESELLER)
    assert amounts(priced) == [75000, 50000]
    [why] = priced.lines[0].reasons
    assert (why.code, why.values) == ("tier_price", {"tier": "reseller", "min_qty": "10"})
    assert [line.reasons[0].amount.minor for line in priced.lines] == [-15000, -10000]  # 2.500 off each pack


def test_a_regular_pays_the_regular_price_and_a_walk_in_retail():
    assert price(cart((CAKE, 1)), REGULAR).total == Money(51000)
    assert price(cart((CAKE, 1))).total == Money(55000)


def test_a_special_price_wins_over_every_tier():
    ani = customer(tier="reseller", special_prices={CHIPS: Money(11000)})
    priced = price(cart((CHIPS, 60)), ani)
    assert priced.lines[0].unit_price == Money(11000) and priced.lines[0].price_source == "special"
    assert priced.total == Money(660000)
    assert priced.lines[0].reasons[0].code == "special_price"


def test_an_unknown_product_is_an_error():
    with pytest.raises(PricingError):
        price(cart((999, 1)))


def test_weighed_goods_are_priced_by_the_gram():
    book_line = price(cart((COFFEE, "0,25")))
    assert book_line.total == Money(11250)  # 0.25 × 45.000


# --- buy X get Y ------------------------------------------------------------------------------

B10G1 = dict(conditions={"products": ["CML-01"]}, parameters={"buy": 10, "get": 1})


@pytest.mark.parametrize("qty,free", [(9, 0), (10, 1), (19, 1), (20, 2), (35, 3)])
def test_buy_ten_get_one_repeats(qty, free):
    priced = price(cart((CHIPS, qty)), rules=[rule("buy_x_get_y", **B10G1)])
    bonus = [line for line in priced.lines if line.is_bonus]
    assert sum(line.quantity.thousandths for line in bonus) == free * 1000
    assert priced.total == Money(15000 * qty)  # the bonus is free
    assert priced.bonus_value == Money(15000 * free)
    if free:
        assert bonus[0].unit_price == Money(0) and bonus[0].reasons[0].values["buy"] == 10


def test_buy_x_get_y_of_another_product():
    r = rule("buy_x_get_y", conditions={"products": ["KOP-01"]}, parameters={"buy": 2, "get": 1,
                                                                             "reward_product": "KOP-05"})
    priced = price(cart((COFFEE, 4)), rules=[r])
    [bonus] = [line for line in priced.lines if line.is_bonus]
    assert (bonus.product_id, bonus.quantity) == (ICED, q(2))
    assert priced.total == Money(180000)


# --- threshold gifts --------------------------------------------------------------------------

TESTER_GIFT = dict(conditions={"min_total": 200000}, parameters={"gift_products": ["KRG-07"], "quantity": 1})


@pytest.mark.parametrize("coffees,gift", [(4, False), (5, True)])
def test_a_coffee_order_just_under_and_just_over_the_tester_threshold(coffees, gift):
    priced = price(cart((COFFEE, coffees)), rules=[rule("threshold_gift", **TESTER_GIFT)])
    assert priced.total == Money(45000 * coffees)  # 180.000 is under Rp 200.000, 225.000 over
    bonus = [line for line in priced.lines if line.is_bonus]
    assert [(b.product_id, b.quantity) for b in bonus] == ([(TESTER, q(1))] if gift else [])


def test_the_threshold_counts_the_cart_before_discounts():
    ten_off = rule("discount", conditions={"products": ["KOP-01"]}, parameters={"percent": 20}, priority=1)
    priced = price(cart((COFFEE, 5)), rules=[ten_off, rule("threshold_gift", **TESTER_GIFT)])
    assert priced.total == Money(180000)  # 225.000 − 20 %
    assert any(line.is_bonus for line in priced.lines)


def test_a_gift_with_a_choice_waits_for_the_cashier():
    r = rule("threshold_gift", conditions={"min_total": 100000},
             parameters={"gift_products": ["KRG-07", "KRG-02"], "quantity": 1})
    pending = price(cart((COFFEE, 3)), rules=[r])
    [choice] = pending.choices
    assert choice.options == (TESTER, KASTENGEL) and choice.chosen is None
    assert not any(line.is_bonus for line in pending.lines)
    picked = price(cart((COFFEE, 3)), rules=[r], selections=Selections(choices={r.id: KASTENGEL}))
    assert [line.product_id for line in picked.lines if line.is_bonus] == [KASTENGEL]
    assert picked.bonus_value == Money(12000)


@pytest.mark.parametrize("qty,packs", [(49, 0), (50, 2), (99, 2)])
def test_two_bonus_packs_when_a_reseller_takes_fifty(qty, packs):
    r = rule("bonus_pack", conditions={"tiers": ["reseller"], "products": ["CML-01", "KRG-01"], "min_qty": 50},
             parameters={"gift_products": ["CML-01"], "quantity": 2})
    priced = price(cart((CHIPS, qty)), RESELLER, rules=[r])
    assert sum(line.quantity.thousandths for line in priced.lines if line.is_bonus) == packs * 1000
    assert price(cart((CHIPS, qty)), REGULAR, rules=[r]).bonus_value == Money(0)  # resellers only


def test_a_threshold_gift_can_repeat_per_quantity():
    r = rule("bonus_pack", conditions={"products": ["CML-01"], "min_qty": 50},
             parameters={"gift_products": ["CML-01"], "quantity": 1, "per": 50})
    priced = price(cart((CHIPS, 120)), RESELLER, rules=[r])
    assert sum(line.quantity.thousandths for line in priced.lines if line.is_bonus) == 2000


# --- discounts and their conditions -----------------------------------------------------------

RAMADAN = dict(name="Diskon Ramadan", conditions={"categories": ["Kue"]}, parameters={"percent": 10},
               valid_from=dt.datetime(2027, 2, 8), valid_to=dt.datetime(2027, 3, 10), priority=30, stackable=False)
BIRTHDAY = dict(name="Ulang tahun", conditions={"tiers": ["regular"], "birthday": "week"},
                parameters={"percent": 15}, priority=35, stackable=False)


def test_a_regular_in_her_birthday_week_during_ramadan_gets_the_higher_priority_discount():
    sari = customer(tier="regular", birthday=dt.date(1990, 2, 22))  # 2 days after RAMADAN_DAY
    priced = price(cart((CAKE, 1)), sari, rules=[rule("period_discount", **RAMADAN),
                                                 rule("discount", **BIRTHDAY)], at=RAMADAN_DAY)
    # the regular price 51.000, then Ramadan (priority 30) 10 % = 5.100; both are non-stackable, so the
    # birthday discount (priority 35) finds the cake taken
    assert priced.total == Money(45900)
    assert [r.values.get("name") for r in priced.lines[0].reasons] == [None, "Diskon Ramadan"]


def test_stackable_discounts_combine_on_what_is_left():
    both = [rule("period_discount", **{**RAMADAN, "stackable": True}),
            rule("discount", **{**BIRTHDAY, "stackable": True})]
    sari = customer(tier="regular", birthday=dt.date(1990, 2, 22))
    # 51.000 − 5.100 = 45.900; 15 % of 45.900 = 6.885
    assert price(cart((CAKE, 1)), sari, rules=both, at=RAMADAN_DAY).total == Money(39015)


def test_outside_ramadan_and_outside_the_birthday_week_nothing_applies():
    sari = customer(tier="regular", birthday=dt.date(1990, 6, 1))
    priced = price(cart((CAKE, 1)), sari, rules=[rule("period_discount", **RAMADAN),
                                                 rule("discount", **BIRTHDAY)], at=FRIDAY_NOON)
    assert priced.total == Money(51000) and priced.applied == ()


def test_a_student_discount_does_not_reach_a_reseller():
    r = rule("segment_discount", conditions={"segments": ["student"]}, parameters={"percent": 10})
    assert price(cart((CAKE, 1)), STUDENT, rules=[r]).total == Money(49500)
    assert price(cart((CHIPS, 10)), RESELLER, rules=[r]).total == Money(125000)
    assert price(cart((CAKE, 1)), rules=[r]).total == Money(55000)  # nor a walk-in


@pytest.mark.parametrize("hour,minute,total", [(18, 59, 18000), (19, 0, 12600), (21, 30, 12600)])
def test_bread_is_thirty_percent_off_after_seven(hour, minute, total):
    r = rule("markdown", conditions={"categories": ["Roti"]}, parameters={"percent": 30}, hour_from=19)
    priced = price(cart((BREAD, 1)), rules=[r], at=FRIDAY_NOON.replace(hour=hour, minute=minute))
    assert priced.total == Money(total)
    if total != 18000:
        assert priced.lines[0].reasons[0].values == {"name": "markdown", "percent": "30", "hour": 19}


def test_a_fixed_amount_off_the_whole_cart_is_shared_exactly():
    r = rule("discount", parameters={"amount": 10000})
    priced = price(cart((CAKE, 1), (BREAD, 1), (ICED, 1)), rules=[r])  # 55.000 + 18.000 + 18.000
    assert priced.discount_total == Money(10000) and priced.total == Money(81000)
    assert [line.discount.minor for line in priced.lines] == [6044, 1978, 1978]


def test_a_fixed_amount_per_unit_never_takes_a_line_below_zero():
    r = rule("discount", conditions={"products": ["KRG-02"]}, parameters={"amount": 20000})
    priced = price(cart((KASTENGEL, 2), (BREAD, 1)), rules=[r])
    assert amounts(priced) == [0, 18000]


def test_a_cap_limits_what_one_promotion_gives():
    r = rule("discount", parameters={"percent": 50, "cap": 25000})
    priced = price(cart((CAKE, 1), (COFFEE, 1)), rules=[r])  # 50 % would be 50.000
    assert priced.discount_total == Money(25000) and priced.total == Money(75000)


def test_a_discount_never_reaches_a_bonus_line():
    rules = [rule("buy_x_get_y", **B10G1), rule("discount", parameters={"percent": 10}, priority=200)]
    priced = price(cart((CHIPS, 10)), rules=rules)
    bonus = [line for line in priced.lines if line.is_bonus]
    assert bonus and all(line.discount == Money(0) and len(line.reasons) == 1 for line in bonus)
    assert priced.total == Money(135000)  # 150.000 − 10 %


def test_a_usage_limit_per_customer():
    r = rule("discount", parameters={"percent": 10}, max_uses=1)
    first = customer()
    assert price(cart((CAKE, 1)), first, rules=[r]).total == Money(49500)
    used = customer(promotion_uses={r.id: 1})
    assert price(cart((CAKE, 1)), used, rules=[r]).total == Money(55000)
    assert price(cart((CAKE, 1)), rules=[r]).total == Money(55000)  # a walk-in's uses cannot be counted


def test_first_purchase_named_customers_weekdays_and_minimum_basket():
    welcome = rule("discount", conditions={"first_purchase": True}, parameters={"amount": 5000})
    assert price(cart((CAKE, 1)), customer(first_purchase=True), rules=[welcome]).total == Money(50000)
    assert price(cart((CAKE, 1)), customer(first_purchase=False), rules=[welcome]).total == Money(55000)
    named = rule("discount", conditions={"customers": ["LG00007"]}, parameters={"percent": 10})
    assert price(cart((CAKE, 1)), customer(customer_id=7), rules=[named]).total == Money(49500)
    assert price(cart((CAKE, 1)), customer(customer_id=8), rules=[named]).total == Money(55000)
    weekend = rule("discount", parameters={"percent": 10}, weekdays="56")
    assert price(cart((CAKE, 1)), rules=[weekend]).total == Money(55000)  # a Friday
    assert price(cart((CAKE, 1)), rules=[weekend], at=FRIDAY_NOON + dt.timedelta(days=1)).total == Money(49500)
    basket = rule("discount", conditions={"min_total": 100000}, parameters={"percent": 10})
    assert price(cart((CAKE, 1)), rules=[basket]).total == Money(55000)
    assert price(cart((CAKE, 2)), rules=[basket]).total == Money(99000)


def test_birthday_month():
    r = rule("discount", conditions={"birthday": "month"}, parameters={"percent": 10})
    assert price(cart((CAKE, 1)), customer(birthday=dt.date(2000, 11, 3)), rules=[r]).total == Money(49500)
    assert price(cart((CAKE, 1)), customer(birthday=dt.date(2000, 12, 3)), rules=[r]).total == Money(55000)


# --- stamps -----------------------------------------------------------------------------------

STAMP_CARD = dict(conditions={"categories": ["Kopi & Minuman"]},
                  parameters={"earn": "item", "stamps_needed": 10, "reward_product": "KOP-05"})


def test_the_tenth_stamp_offers_a_free_drink_when_accepted():
    r = rule("stamp_card", **STAMP_CARD)
    nine = price(cart((ICED, 1)), customer(stamp_balance=9), rules=[r])
    assert nine.offers == () and nine.stamps_earned == ((r.id, 1),)
    offered = price(cart((ICED, 1)), customer(stamp_balance=10), rules=[r])
    [offer] = offered.offers
    assert (offer.reward_product, offer.accepted) == (ICED, False)
    assert not any(line.is_bonus for line in offered.lines) and offered.stamps_used == 0
    taken = price(cart((ICED, 1)), customer(stamp_balance=10), rules=[r],
                  selections=Selections(accepted_offers=frozenset({r.id})))
    assert [line.product_id for line in taken.lines if line.is_bonus] == [ICED]
    assert taken.stamps_used == 10 and taken.total == Money(18000)


def test_stamps_per_sale_and_per_amount_and_an_amount_reward():
    per_sale = rule("stamp_card", parameters={"earn": "sale", "stamps_needed": 5, "reward_amount": 10000})
    assert price(cart((CAKE, 3)), customer(), rules=[per_sale]).stamps_earned == ((per_sale.id, 1),)
    per_amount = rule("stamp_card", parameters={"earn": "amount", "earn_amount": 50000, "stamps_needed": 5,
                                                "reward_amount": 10000})
    priced = price(cart((CAKE, 3)), customer(stamp_balance=5), rules=[per_amount],
                   selections=Selections(accepted_offers=frozenset({per_amount.id})))
    assert priced.stamps_earned == ((per_amount.id, 3),)  # 165.000 earns 3
    assert priced.total == Money(155000) and priced.stamps_used == 5
    assert price(cart((CAKE, 3)), WALK_IN, rules=[per_sale]).stamps_earned == ()  # walk-ins collect none


# --- tax and cash rounding --------------------------------------------------------------------


def test_ten_percent_tax_exclusive_and_inclusive():
    excl = price(cart((CAKE, 1), (ICED, 1), (BREAD, 1)), tax=TaxSetting(Decimal(10), inclusive=False))
    assert (excl.tax, excl.total) == (Money(9100), Money(100100))  # 91.000 + 10 %
    incl = price(cart((CAKE, 1), (ICED, 1), (BREAD, 1)), tax=TaxSetting(Decimal(10), inclusive=True))
    assert (incl.tax, incl.total) == (Money(8273), Money(91000))  # 91.000 × 10 / 110 = 8.272,7
    assert incl.tax_reason.values == {"rate": "10", "inclusive": True}


def test_tax_is_charged_after_discounts():
    r = rule("discount", parameters={"percent": 10})
    priced = price(cart((CAKE, 2)), rules=[r], tax=TaxSetting(Decimal(10)))
    assert (priced.discount_total, priced.tax, priced.total) == (Money(11000), Money(9900), Money(108900))


@pytest.mark.parametrize("qty,exact,step,down,cash,diff", [
    ("0,823", 12345, 0, False, 12345, 0),
    ("0,823", 12345, 100, False, 12300, -45),
    ("0,825", 12375, 100, False, 12400, 25),
    ("0,825", 12375, 100, True, 12300, -75),
    ("0,823", 12345, 500, False, 12500, 155),
    ("0,823", 12345, 500, True, 12000, -345),
    ("0,823", 12345, 1000, False, 12000, -345),
])
def test_cash_rounding(qty, exact, step, down, cash, diff):
    priced = price(cart((TESTER, qty)), rounding=CashRounding(step, down))  # Rp 15.000 a kilo
    assert priced.total == Money(exact)  # what a transfer or QRIS pays
    assert (priced.cash_total, priced.cash_rounding) == (Money(cash), Money(diff))


def test_nastar_reseller_example_with_everything_at_once():
    rules = [rule("bonus_pack", conditions={"tiers": ["reseller"], "products": ["KRG-01"], "min_qty": 10},
                  parameters={"gift_products": ["KRG-07"], "quantity": 1}),
             rule("discount", conditions={"products": ["KRG-01"]}, parameters={"percent": 5}, priority=50)]
    priced = price(cart((NASTAR, 12)), RESELLER, rules=rules, tax=TaxSetting(Decimal(10), inclusive=True),
                   rounding=CashRounding(1000))
    # 12 × 82.000 = 984.000; 5 % = 49.200 -> 934.800; tax inside 934.800 × 10/110 = 84.981,8 -> 84.982
    assert (priced.subtotal, priced.discount_total, priced.total) == (Money(984000), Money(49200), Money(934800))
    assert priced.tax == Money(84982) and priced.cash_total == Money(935000)
    assert priced.bonus_value == Money(15000)


@pytest.mark.parametrize("hour,total", [(6, 55000), (7, 49500), (10, 49500), (11, 55000)])
def test_a_morning_only_promotion_has_an_end_hour(hour, total):
    r = rule("discount", parameters={"percent": 10}, hour_from=7, hour_to=11)
    assert price(cart((CAKE, 1)), rules=[r], at=FRIDAY_NOON.replace(hour=hour)).total == Money(total)


# --- found in review: thresholds, stamps and stacking together ---------------------------------


def test_a_gift_threshold_still_counts_lines_a_non_stackable_discount_took():
    ramadan = rule("period_discount", conditions={"categories": ["Kue Kering"]}, parameters={"percent": 10},
                   valid_from=dt.datetime(2027, 2, 8), valid_to=dt.datetime(2027, 3, 10), priority=30,
                   stackable=False)
    priced = price(cart((NASTAR, 3)), rules=[ramadan, rule("threshold_gift", **TESTER_GIFT)], at=RAMADAN_DAY)
    # 3 × 95.000 = 285.000 (over Rp 200.000 before discounts) − 10 % = 256.500, and the tester
    assert priced.total == Money(256500)
    assert [line.product_id for line in priced.lines if line.is_bonus] == [TESTER]


def test_a_threshold_on_a_category_quantity():
    r = rule("threshold_gift", conditions={"categories": ["Kue Kering"], "min_qty": 3},
             parameters={"gift_products": ["KRG-07"]})
    assert price(cart((NASTAR, 2), (KASTENGEL, 1)), rules=[r]).bonus_value == Money(15000)
    assert price(cart((NASTAR, 2), (BREAD, 1)), rules=[r]).bonus_value == Money(0)


def test_accepting_a_stamp_reward_never_costs_the_customer_more():
    card = rule("stamp_card", parameters={"earn": "sale", "stamps_needed": 5, "reward_amount": 5000}, priority=10)
    twenty = rule("discount", parameters={"percent": 20}, stackable=False, priority=30)
    declined = price(cart((CAKE, 2)), customer(stamp_balance=5), rules=[card, twenty])
    accepted = price(cart((CAKE, 2)), customer(stamp_balance=5), rules=[card, twenty],
                     selections=Selections(accepted_offers=frozenset({card.id})))
    assert declined.total == Money(88000)  # 110.000 − 20 %
    assert accepted.total == Money(83000)  # and the Rp 5.000 reward on top, like a voucher
    assert accepted.stamps_used == 5


def test_stamps_are_earned_on_discounted_items_too():
    card = rule("stamp_card", **STAMP_CARD)
    member = rule("discount", conditions={"products": ["KOP-05"]}, parameters={"percent": 10}, stackable=False,
                  priority=1)
    priced = price(cart((ICED, 3)), customer(), rules=[member, card])
    assert priced.total == Money(48600) and priced.stamps_earned == ((card.id, 3),)


def test_a_stamp_card_with_a_minimum_purchase_earns_nothing_below_it():
    card = rule("stamp_card", conditions={"min_total": 100000},
                parameters={"earn": "sale", "stamps_needed": 10, "reward_product": "KOP-05"})
    assert price(cart((ICED, 1)), customer(), rules=[card]).stamps_earned == ()
    assert price(cart((CAKE, 2)), customer(), rules=[card]).stamps_earned == ((card.id, 1),)


def test_a_full_stamp_card_is_offered_even_when_the_cart_holds_no_coffee():
    card = rule("stamp_card", **STAMP_CARD)
    priced = price(cart((BREAD, 1)), customer(stamp_balance=10), rules=[card])
    assert [o.promotion_id for o in priced.offers] == [card.id] and priced.stamps_earned == ()


def test_a_student_discount_can_exclude_resellers_who_are_students_too():
    r = rule("segment_discount", conditions={"segments": ["student"], "exclude_tiers": ["reseller"]},
             parameters={"percent": 10})
    student_reseller = customer(tier="reseller", segments=frozenset({"student", "reseller"}))
    assert price(cart((CAKE, 1)), student_reseller, rules=[r]).total == Money(55000)
    assert price(cart((CAKE, 1)), STUDENT, rules=[r]).total == Money(49500)


@pytest.mark.parametrize("today,birthday,gets", [
    (dt.datetime(2027, 1, 1, 10), dt.date(1990, 12, 30), True),  # across the new year
    (dt.datetime(2026, 12, 30, 10), dt.date(1990, 1, 2), True),
    (dt.datetime(2027, 1, 5, 10), dt.date(1990, 12, 30), False),
    (dt.datetime(2027, 3, 1, 10), dt.date(1992, 2, 29), True),  # 29 February in a common year
])
def test_birthday_week(today, birthday, gets):
    r = rule("discount", conditions={"birthday": "week"}, parameters={"percent": 10})
    total = price(cart((CAKE, 1)), customer(birthday=birthday), rules=[r], at=today).total
    assert total == (Money(49500) if gets else Money(55000))


def test_a_zero_or_negative_quantity_is_refused():
    with pytest.raises(PricingError):
        price(cart((BREAD, 0)))
    with pytest.raises(PricingError):
        price(cart((BREAD, -2)))


def test_a_manual_price_stands_and_no_promotion_discounts_it():
    from pos.domain.pricing import CartLine

    r = rule("discount", conditions={"categories": ["Kue"]}, parameters={"percent": 10})
    priced = price([CartLine(CAKE, q(1), Money(40000)), CartLine(CAKE, q(1))], REGULAR, rules=[r])
    first, second = priced.lines
    assert (first.unit_price, first.price_source, first.discount) == (Money(40000), "override", Money(0))
    assert first.reasons[0].code == "price_override" and first.reasons[0].amount == Money(-15000)
    assert (second.unit_price, second.discount) == (Money(51000), Money(5100))
    assert priced.total == Money(40000 + 45900)


def test_a_rule_index_prices_as_the_plain_list_and_tells_the_moments_apart():
    from pos.domain.pricing import CartLine, CustomerContext, PriceEntry, RuleIndex
    from pos.domain.promotions import DISCOUNT, Conditions, Rule
    from pos.money import Quantity

    book = {1: PriceEntry(1, "Roti", "Roti", Money(10000)), 2: PriceEntry(2, "Kue", "Kue", Money(20000))}
    rules = [Rule(3, "Kue", "discount", DISCOUNT, priority=5, scope_products=frozenset({2}), percent=Decimal(10)),
             Rule(1, "Roti", "discount", DISCOUNT, priority=9, scope_categories=frozenset({"Roti"}),
                  percent=Decimal(20), conditions=Conditions(valid_from=dt.datetime(2026, 11, 27, 10, 30))),
             Rule(2, "All", "discount", DISCOUNT, priority=1, stackable=False, amount=Money(500))]
    index = RuleIndex(rules)
    at = dt.datetime(2026, 11, 27, 10, 45)
    cart = [CartLine(1, Quantity.of(1)), CartLine(2, Quantity.of(1))]
    assert price_cart(cart, CustomerContext(), book, index, at) == price_cart(cart, CustomerContext(), book, rules, at)
    assert [r.id for r in index.candidates({2}, {"Kue"}, 0)] == [2, 3]
    assert index.moment_key(at) == index.moment_key(at.replace(minute=59))
    assert index.moment_key(at) != index.moment_key(at.replace(minute=10))  # before the roti's promotion
    assert index.moment_key(at) != index.moment_key(at.replace(hour=11))
