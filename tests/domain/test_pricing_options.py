"""Pricing with options (issue #24 item 3): every total below is computed by hand in its comment."""

from __future__ import annotations

import datetime as dt

import pytest

from pos.domain.options import (ChosenOption, OptionChoice, OptionError, OptionGroup, choices_text, default_ids,
                                options_key, select)
from pos.domain.pricing import CartLine, PriceEntry, TierEntry, price_cart
from pos.domain.promotions import RuleData, build_rule
from pos.money import Money, Quantity
from tests.domain.pricing_fixtures import customer

ES_KOPI, LATTE = 1, 2
BOOK = {
    ES_KOPI: PriceEntry(ES_KOPI, "Es Kopi Susu", "Kopi", Money(18000), (
        TierEntry("regular", Quantity.of(1), Money(16000)),
        TierEntry("reseller", Quantity.of(10), Money(15000)),
    )),
    LATTE: PriceEntry(LATTE, "Latte", "Kopi", Money(25000)),
}
REGULAR_SIZE = ChosenOption("Ukuran", "Regular", Money(0), 10)
LARGE = ChosenOption("Ukuran", "Large", Money(5000), 11)
LESS_SUGAR = ChosenOption("Gula", "Less sugar", Money(0), 21)
NORMAL_SUGAR = ChosenOption("Gula", "Normal", Money(0), 20)
EXTRA_SHOT = ChosenOption("Tambahan", "Extra shot", Money(6000), 31, extra=True)
OAT_MILK = ChosenOption("Tambahan", "Oat milk", Money(8000), 32, extra=True)
MONDAY, TUESDAY = dt.datetime(2026, 11, 30, 9), dt.datetime(2026, 12, 1, 9)


def line(product: int, qty: int, *options: ChosenOption) -> CartLine:
    return CartLine(product, Quantity.of(qty), options=options)


def promotion(kind: str, conditions: dict, parameters: dict, **fields):
    return build_rule(RuleData(id=fields.pop("id", 1), name=fields.pop("name", kind), kind=kind,
                               conditions=conditions, parameters=parameters, product_ids={"ESK": ES_KOPI},
                               option_ids=frozenset({10, 11, 20, 21, 31, 32}), **fields))


def test_a_regular_buys_two_large_less_sugar_iced_coffees_with_an_extra_shot():
    # regular price 16.000 + large 5.000 + less sugar 0 + extra shot 6.000 = 27.000 a cup; two: 54.000
    priced = price_cart([line(ES_KOPI, 2, LARGE, LESS_SUGAR, EXTRA_SHOT)], customer(tier="regular"), BOOK, [],
                        MONDAY)
    (cup,) = priced.lines
    assert cup.unit_price == Money(27000) and cup.amount == Money(54000) and priced.total == Money(54000)
    assert cup.retail_price == Money(29000)  # 18.000 + 5.000 + 6.000: what the cup costs a walk-in
    assert cup.options == (LARGE, LESS_SUGAR, EXTRA_SHOT)
    assert priced.given_by_prices == Money(-4000)  # the regular price saves 2.000 a cup on the coffee itself


def test_buy_ten_get_one_counts_cups_whatever_their_choices_and_gives_the_cheapest_one():
    b10g1 = promotion("buy_x_get_y", {"products": ["ESK"]}, {"buy": 10, "get": 1})
    cart = [line(ES_KOPI, 4, LARGE, EXTRA_SHOT), line(ES_KOPI, 6, REGULAR_SIZE, LESS_SUGAR)]
    priced = price_cart(cart, customer(), BOOK, [b10g1], MONDAY)
    # paid: 4 × (18.000 + 5.000 + 6.000) = 116.000 and 6 × 18.000 = 108.000: 224.000
    assert priced.total == Money(224000)
    (free,) = [x for x in priced.lines if x.is_bonus]
    # ten cups: one free, made as the cheapest line (regular, less sugar), worth 18.000
    assert free.quantity == Quantity.of(1) and free.options == (REGULAR_SIZE, LESS_SUGAR)
    assert free.amount == Money(0) and priced.bonus_value == Money(18000)
    # nine cups: none free
    assert not any(x.is_bonus for x in price_cart(
        [line(ES_KOPI, 4, LARGE), line(ES_KOPI, 5, LESS_SUGAR)], customer(), BOOK, [b10g1], MONDAY).lines)


def test_a_reseller_quantity_break_is_reached_by_lines_with_different_choices():
    cart = [line(ES_KOPI, 5, LESS_SUGAR), line(ES_KOPI, 5, EXTRA_SHOT)]
    priced = price_cart(cart, customer(tier="reseller"), BOOK, [], MONDAY)
    # 10 cups reach the reseller break of 15.000: 5 × 15.000 + 5 × (15.000 + 6.000) = 75.000 + 105.000
    assert [x.unit_price for x in priced.lines] == [Money(15000), Money(21000)]
    assert priced.total == Money(180000)
    # 9 cups do not: the reseller pays retail, 4 × 18.000 + 5 × 24.000 = 192.000
    fewer = price_cart([line(ES_KOPI, 4, LESS_SUGAR), line(ES_KOPI, 5, EXTRA_SHOT)], customer(tier="reseller"),
                       BOOK, [], MONDAY)
    assert fewer.total == Money(192000)


def test_a_percentage_discount_takes_its_share_of_the_whole_line_choices_included():
    ten = promotion("discount", {"categories": ["Kopi"]}, {"percent": 10})
    priced = price_cart([line(ES_KOPI, 1, LARGE, EXTRA_SHOT)], customer(), BOOK, [ten], MONDAY)
    # 18.000 + 5.000 + 6.000 = 29.000; 10 % off: 2.900; 26.100
    assert priced.discount_total == Money(2900) and priced.total == Money(26100)


def test_a_promotion_on_a_choice_extra_shot_half_price_on_mondays():
    half = promotion("discount", {"options": [31]}, {"percent": 50}, weekdays="0", name="Extra shot Senin")
    cart = [line(ES_KOPI, 2, EXTRA_SHOT), line(LATTE, 1, LARGE), line(LATTE, 1, EXTRA_SHOT, OAT_MILK)]
    priced = price_cart(cart, customer(), BOOK, [half], MONDAY)
    # the coffees: 2 × 24.000 = 48.000, the shots half price: −2 × 3.000 → 42.000
    # the large latte has no shot: 30.000; the latte with a shot and oat milk: 39.000 − 3.000 = 36.000
    assert [x.amount for x in priced.lines] == [Money(42000), Money(30000), Money(36000)]
    assert priced.total == Money(108000)
    assert priced.lines[0].reasons[0].promotion_id == half.id
    # a Tuesday: no promotion, 48.000 + 30.000 + 39.000
    assert price_cart(cart, customer(), BOOK, [half], TUESDAY).total == Money(117000)


def test_a_fixed_amount_on_a_choice_never_takes_more_than_the_choice():
    shot_off = promotion("discount", {"options": [31]}, {"amount": 10000})
    priced = price_cart([line(ES_KOPI, 2, EXTRA_SHOT)], customer(), BOOK, [shot_off], MONDAY)
    assert priced.discount_total == Money(12000)  # 2 shots of 6.000, not 2 × 10.000
    assert priced.total == Money(36000)


def test_a_promotion_naming_a_choice_the_shop_does_not_have_is_refused():
    from pos.domain.promotions import PromotionInvalid
    with pytest.raises(PromotionInvalid) as refused:
        promotion("discount", {"options": [99]}, {"percent": 50})
    assert refused.value.code == "unknown_option"


def test_choices_in_words_and_the_same_choices_in_any_order_are_the_same_line():
    assert choices_text((LARGE, LESS_SUGAR, EXTRA_SHOT)) == "Large · Less sugar · +Extra shot"
    assert choices_text(()) == ""
    assert options_key((LARGE, LESS_SUGAR)) == options_key((LESS_SUGAR, LARGE))
    assert options_key((LARGE, LESS_SUGAR)) != options_key((LARGE, NORMAL_SUGAR))


SIZE = OptionGroup(1, "Ukuran", (OptionChoice(10, "Regular", default=True), OptionChoice(11, "Large", Money(5000))),
                   min_choices=1, max_choices=1)
EXTRAS = OptionGroup(3, "Tambahan", (OptionChoice(31, "Extra shot", Money(6000)), OptionChoice(32, "Oat milk",
                                     Money(8000)), OptionChoice(33, "Jelly", Money(3000), active=False)),
                     min_choices=0, max_choices=2)


def test_a_selection_keeps_each_groups_minimum_and_maximum():
    assert default_ids([SIZE, EXTRAS]) == (10,)
    assert select([SIZE, EXTRAS], [11, 31]) == (ChosenOption("Ukuran", "Large", Money(5000), 11),
                                                ChosenOption("Tambahan", "Extra shot", Money(6000), 31, True))
    for ids, code in (([31], "too_few"), ([10, 11], "too_many"), ([10, 33], "unknown_choice")):
        with pytest.raises(OptionError) as refused:
            select([SIZE, EXTRAS], ids)
        assert refused.value.code == code


def test_a_choice_with_a_negative_price_is_refused():
    from pos.domain.pricing import PricingError

    with pytest.raises(PricingError):
        price_cart([line(ES_KOPI, 1, ChosenOption("Ukuran", "Kecil", Money(-3000), 9))], customer(), BOOK, [], MONDAY)
