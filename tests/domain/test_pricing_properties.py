"""Properties of the pricing engine that must hold for any cart (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pos.domain.options import ChosenOption, options_key, options_price
from pos.domain.pricing import CartLine, CashRounding, TaxSetting, price_cart
from pos.money import Money, Quantity, line_amount
from tests.domain.pricing_fixtures import (BOOK, CAKE, CHIPS, COFFEE, ICED, KASTENGEL, NASTAR, REGULAR, RESELLER,
                                           STUDENT, customer, rule)

B10G1 = rule("buy_x_get_y", conditions={"products": ["CML-01"]}, parameters={"buy": 10, "get": 1})
RULES = [
    B10G1,
    rule("threshold_gift", conditions={"min_total": 200000}, parameters={"gift_products": ["KRG-07"]}),
    rule("discount", conditions={"categories": ["Kue"]}, parameters={"percent": 10}, stackable=False, priority=30),
    rule("segment_discount", conditions={"segments": ["student"]}, parameters={"percent": 5}),
    rule("discount", parameters={"amount": 7000, "cap": 5000}, priority=300),
    rule("markdown", conditions={"categories": ["Roti"]}, parameters={"percent": 30}, hour_from=19),
    rule("stamp_card", conditions={"categories": ["Kopi & Minuman"]},
         parameters={"earn": "item", "stamps_needed": 10, "reward_product": "KOP-05"}),
    rule("discount", conditions={"products": ["KRG-02"]}, parameters={"amount": 20000}),
]
# The rules that look at one product's or category's lines, and the cart-total gift: an unrelated line
# cannot change a price they set (the gift only adds or drops a free line, which the test accounts for).
LOCAL_RULES = [RULES[0], RULES[1], RULES[2], RULES[5], RULES[7]]
THRESHOLD = RULES[1].id
PAID = list(BOOK)

quantities = st.one_of(st.integers(1, 60).map(Quantity.of), st.integers(1, 5000).map(Quantity))
lines = st.lists(st.builds(CartLine, st.sampled_from(PAID), quantities), min_size=1, max_size=12)
who = st.sampled_from([customer(), REGULAR, RESELLER, STUDENT, customer(stamp_balance=12)])
moments = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31))
taxes = st.sampled_from([TaxSetting(), TaxSetting(Decimal(10)), TaxSetting(Decimal(11), inclusive=True)])
roundings = st.sampled_from([CashRounding(), CashRounding(100), CashRounding(500, down=True), CashRounding(1000)])


def canonical(priced):
    """The result with the lines in a fixed order (the cart's order is the cashier's, not a price)."""
    lines = sorted((line.product_id, line.quantity, line.unit_price, line.discount, line.amount, line.is_bonus,
                    tuple(sorted((r.code, r.params, r.promotion_id, r.amount) for r in line.reasons)))
                   for line in priced.lines)
    return (lines, priced.subtotal, priced.discount_total, priced.bonus_value, priced.tax, priced.total,
            priced.cash_total, priced.choices, priced.offers, priced.stamps_earned, sorted(priced.applied))


@settings(max_examples=300, deadline=None)
@given(lines, who, moments, taxes, roundings, st.randoms(use_true_random=False))
def test_line_order_never_changes_the_result(cart, person, at, tax, rounding, random):
    shuffled = list(cart)
    random.shuffle(shuffled)
    a = price_cart(cart, person, BOOK, RULES, at, tax=tax, rounding=rounding)
    b = price_cart(shuffled, person, BOOK, RULES, at, tax=tax, rounding=rounding)
    assert canonical(a) == canonical(b)


@settings(max_examples=300, deadline=None)
@given(lines, who, moments, taxes, roundings)
def test_totals_are_never_negative_and_add_up(cart, person, at, tax, rounding):
    priced = price_cart(cart, person, BOOK, RULES, at, tax=tax, rounding=rounding)
    assert all(line.amount.minor >= 0 and line.discount.minor >= 0 for line in priced.lines)
    assert priced.total.minor >= 0 and priced.cash_total.minor >= 0
    assert priced.subtotal - priced.discount_total == type(priced.total)(sum(x.amount.minor for x in priced.lines))
    assert all(line.amount.minor == 0 for line in priced.lines if line.is_bonus)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=5), who)
def test_buy_x_get_y_gives_floor_of_quantity_over_x_times_y(packs, person):
    priced = price_cart([CartLine(CHIPS, Quantity.of(n)) for n in packs], person, BOOK, [B10G1],
                        dt.datetime(2026, 11, 27, 12))
    free = sum(line.quantity.thousandths for line in priced.lines if line.is_bonus) // 1000
    assert free == (sum(packs) // 10) * 1


@settings(max_examples=300, deadline=None)
@given(lines, who, moments, st.sampled_from([ICED, NASTAR, COFFEE]), st.integers(1, 5))
def test_an_unrelated_line_changes_no_other_line(cart, person, at, extra, n):
    """Only rules that look at their own products: a cart-total threshold would rightly react to the new line."""
    if any(line.product_id == extra for line in cart):
        return
    before = price_cart(cart, person, BOOK, LOCAL_RULES, at)
    after = price_cart(cart + [CartLine(extra, Quantity.of(n))], person, BOOK, LOCAL_RULES, at)
    def kept(priced, skip=None):
        return [(line.line_index, line.product_id, line.quantity, line.unit_price, line.discount, line.amount)
                for line in priced.lines if line.product_id != skip and line.promotion_id != THRESHOLD]

    assert kept(before) == kept(after, skip=extra)
    # the cart-total gift may only appear because the cart grew past its threshold
    had = any(line.promotion_id == THRESHOLD for line in before.lines)
    has = any(line.promotion_id == THRESHOLD for line in after.lines)
    assert has == (after.subtotal >= RULES[1].conditions.min_total) and (not had or has)


@settings(max_examples=100, deadline=None)
@given(lines, who, moments, taxes, roundings)
def test_pricing_twice_gives_the_same_result(cart, person, at, tax, rounding):
    assert price_cart(cart, person, BOOK, RULES, at, tax=tax, rounding=rounding) == \
        price_cart(cart, person, BOOK, RULES, at, tax=tax, rounding=rounding)


def test_the_local_rules_really_are_local():
    """Guard for the property above: all but the gift name products or categories, never the whole cart."""
    assert [r.id for r in LOCAL_RULES if r.whole_cart] == [THRESHOLD]
    assert CAKE in BOOK and KASTENGEL in PAID


# --- carts with options (issue #24): sizes, sugar and extras on the lines, and a promotion on a choice -------

CHOSEN = [ChosenOption("Ukuran", "Large", Money(5000), 11), ChosenOption("Gula", "Less sugar", Money(0), 21),
          ChosenOption("Tambahan", "Extra shot", Money(6000), 31, True),
          ChosenOption("Tambahan", "Oat milk", Money(8000), 32, True)]
ON_A_CHOICE = rule("discount", conditions={"options": [31]}, parameters={"percent": 50})
OPTION_RULES = RULES + [ON_A_CHOICE]
chosen = st.lists(st.sampled_from(CHOSEN), max_size=3, unique=True).map(tuple)
option_lines = st.lists(st.builds(CartLine, st.sampled_from(PAID), quantities, options=chosen), min_size=1,
                        max_size=12)


@settings(max_examples=100, deadline=None)
@given(option_lines, who, moments, taxes, st.randoms(use_true_random=False))
def test_with_options_line_order_never_changes_the_result(cart, person, at, tax, random):
    shuffled = list(cart)
    random.shuffle(shuffled)
    a = price_cart(cart, person, BOOK, OPTION_RULES, at, tax=tax)
    b = price_cart(shuffled, person, BOOK, OPTION_RULES, at, tax=tax)
    assert canonical(a) == canonical(b)
    assert sorted(options_key(x.options) for x in a.lines) == sorted(options_key(x.options) for x in b.lines)


@settings(max_examples=100, deadline=None)
@given(option_lines, who, moments, taxes, roundings)
def test_with_options_totals_add_up_and_choices_only_ever_add(cart, person, at, tax, rounding):
    priced = price_cart(cart, person, BOOK, OPTION_RULES, at, tax=tax, rounding=rounding)
    assert all(line.amount.minor >= 0 and line.discount.minor >= 0 for line in priced.lines)
    assert priced.subtotal - priced.discount_total == type(priced.total)(sum(x.amount.minor for x in priced.lines))
    plain = price_cart([CartLine(x.product_id, x.quantity) for x in cart], person, BOOK, [], at)
    bare = price_cart(cart, person, BOOK, [], at)
    for with_choices, without in zip(bare.lines, plain.lines):  # no promotion: choices add exactly their prices
        assert with_choices.unit_price - without.unit_price == options_price(with_choices.options)
    # the promotion on a choice never takes more than the choices it names
    shots = sum(line_amount(x.quantity, o.price).minor for x in cart for o in x.options if o.choice_id == 31)
    given = sum(-r.amount.minor for x in priced.lines for r in x.reasons if r.promotion_id == ON_A_CHOICE.id)
    assert 0 <= given <= shots


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), chosen), min_size=1, max_size=5), who)
def test_with_options_buy_x_get_y_counts_every_cup_and_gives_the_cheapest(packs, person):
    cart = [CartLine(CHIPS, Quantity.of(n), options=o) for n, o in packs]
    priced = price_cart(cart, person, BOOK, [B10G1], dt.datetime(2026, 11, 27, 12))
    free = [line for line in priced.lines if line.is_bonus]
    assert sum(line.quantity.thousandths for line in free) // 1000 == sum(n for n, _o in packs) // 10
    if free:
        cheapest = min(line.unit_price for line in priced.lines if not line.is_bonus)
        assert free[0].retail_price <= max(line.retail_price for line in priced.lines if not line.is_bonus)
        assert any(line.unit_price == cheapest and options_key(line.options) == options_key(free[0].options)
                   for line in priced.lines if not line.is_bonus)
