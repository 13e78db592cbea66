"""A promotion is checked when it is saved: every mistake is refused with a problem code."""

from __future__ import annotations

import datetime as dt

import pytest

from pos.domain.promotions import PromotionInvalid
from tests.domain.pricing_fixtures import rule


@pytest.mark.parametrize("kind,fields,code", [
    ("buy_x_get_y", dict(conditions={"products": ["CML-01"]}, parameters={"buy": 0, "get": 1}), "too_small"),
    ("buy_x_get_y", dict(conditions={"products": ["CML-01"]}, parameters={"buy": 10, "get": 0}), "too_small"),
    ("buy_x_get_y", dict(conditions={"products": ["CML-01"]}, parameters={"buy": "sepuluh", "get": 1}),
     "not_a_number"),
    ("discount", dict(parameters={"percent": 0}), "bad_percent"),
    ("discount", dict(parameters={"percent": 101}), "bad_percent"),
    ("discount", dict(parameters={"percent": -5}), "bad_percent"),
    ("discount", dict(parameters={}), "missing"),
    ("discount", dict(parameters={"amount": 0}), "too_small"),
    ("discount", dict(parameters={"percent": 10}, valid_from=dt.datetime(2027, 3, 10),
                      valid_to=dt.datetime(2027, 2, 8)), "ends_before_start"),
    ("discount", dict(parameters={"percent": 10}, weekdays=""), "no_weekday"),
    ("discount", dict(parameters={"percent": 10}, hour_from=25), "too_large"),
    ("discount", dict(parameters={"percent": 10}, hour_from=22, hour_to=2), "bad_hours"),
    ("discount", dict(parameters={"percent": 10}, hour_from=19, hour_to=19), "bad_hours"),
    ("discount", dict(parameters={"percent": 10}, hour_from="sore"), "not_a_number"),
    ("discount", dict(parameters={"percent": "NaN"}), "not_a_number"),
    ("discount", dict(parameters={"percent": True}), "not_a_number"),
    ("discount", dict(parameters={"amount": 10**13}), "too_large"),
    ("discount", dict(conditions={"customers": ["LG99999"]}, parameters={"percent": 10}), "unknown_customer"),
    ("discount", dict(conditions={"tiers": 7}, parameters={"percent": 10}), "bad_choice"),
    ("discount", dict(conditions="semua", parameters={"percent": 10}), "malformed"),
    ("buy_x_get_y", dict(conditions={"products": ["CML-01"]}, parameters={"buy": True, "get": 1}), "not_a_number"),
    ("buy_x_get_y", dict(conditions={"products": "CML-01 KUE-01"}, parameters={"buy": 2, "get": 1}),
     "unknown_product"),
    ("threshold_gift", dict(conditions={"min_total": 100000}, parameters={"gift_products": ["KRG-07"],
                                                                           "quantity": "1e25"}), "too_large"),
    ("segment_discount", dict(parameters={"percent": 10}), "missing"),
    ("period_discount", dict(parameters={"percent": 10}), "missing"),
    ("markdown", dict(conditions={"categories": ["Roti"]}, parameters={"percent": 30}), "missing"),
    ("threshold_gift", dict(conditions={"min_total": 200000}, parameters={"quantity": 1}), "missing"),
    ("threshold_gift", dict(conditions={"min_total": 200000}, parameters={"gift_products": ["NOPE"]}),
     "unknown_product"),
    ("threshold_gift", dict(conditions={"min_total": 0}, parameters={"gift_products": ["KRG-07"]}), "too_small"),
    ("threshold_gift", dict(conditions={"min_qty": -1}, parameters={"gift_products": ["KRG-07"]}), "too_small"),
    ("threshold_gift", dict(parameters={"gift_products": ["KRG-07"]}), "missing"),
    ("stamp_card", dict(parameters={"stamps_needed": 10}), "missing"),
    ("stamp_card", dict(parameters={"stamps_needed": 0, "reward_product": "KOP-05"}), "too_small"),
    ("stamp_card", dict(parameters={"earn": "visit", "stamps_needed": 5, "reward_amount": 5000}), "bad_choice"),
    ("lottery", dict(parameters={}), "unknown_kind"),
    ("discount", dict(name=" ", parameters={"percent": 10}), "missing"),
])
def test_an_invalid_promotion_is_refused(kind, fields, code):
    with pytest.raises(PromotionInvalid) as caught:
        rule(kind, **fields)
    assert caught.value.code == code


def test_names_are_checked_against_the_shop_when_it_says_which_it_has():
    from pos.domain.promotions import RuleData, build_rule

    known = {"categories": frozenset({"Kue", "Roti"}), "tiers": frozenset({"retail", "regular", "reseller"}),
             "segments": frozenset({"student"})}
    for conditions in ({"categories": ["Kuee"]}, {"tiers": ["vip"]}, {"segments": ["pelajar"]},
                       {"exclude_tiers": ["grosir"]}):
        with pytest.raises(PromotionInvalid) as caught:
            build_rule(RuleData(1, "x", "discount", conditions, {"percent": 10}, {}, known=known))
        assert caught.value.code == "unknown_name"
    one = build_rule(RuleData(1, "x", "discount", {"tiers": "regular"}, {"percent": 10}, {}, known=known))
    assert one.conditions.tiers == frozenset({"regular"})  # one name alone, not its letters


def test_the_demo_kinds_are_accepted():
    assert rule("buy_x_get_y", conditions={"products": ["CML-01"]}, parameters={"buy": 10, "get": 1}).buy == 10
    assert rule("stamp_card", conditions={"categories": ["Kopi & Minuman"]},
                parameters={"stamps_per_item": 1, "stamps_needed": 10, "reward_product": "KOP-05"}).earn == "item"


@pytest.mark.parametrize("kind,fields,code", [
    ("bonus_pack", dict(conditions={"product": ["CML-01"], "min_qty": 50},
                        parameters={"gift_products": ["CML-01"]}), "unknown_condition"),
    ("discount", dict(conditions={"categorie": ["Kue"]}, parameters={"percent": 10}), "unknown_condition"),
    ("buy_x_get_y", dict(conditions={"products": ["CML-01"]}, parameters={"buy": 10, "get": 1, "gratis": 1}),
     "unknown_parameter"),
    ("discount", dict(parameters={"percent": 10, "buy": 2}), "unknown_parameter"),  # a key of another kind
    ("buy_x_get_y", dict(conditions={"products": ["CML-01"]}, parameters={"buy": [10], "get": 1}), "not_a_number"),
    ("buy_x_get_y", dict(conditions={"products": ["CML-01"]}, parameters={"get": 1}), "missing"),
    ("discount", dict(conditions={"first_purchase": "ya"}, parameters={"percent": 10}), "bad_choice"),
    ("discount", dict(conditions={"products": [1, 2]}, parameters={"percent": 10}), "bad_choice"),
])
def test_a_key_that_is_not_declared_or_of_the_wrong_shape_is_refused(kind, fields, code):
    with pytest.raises(PromotionInvalid) as caught:
        rule(kind, **fields)
    assert caught.value.code == code


def test_the_refusal_names_the_key_and_the_allowed_ones():
    from pos.i18n import describe_problem, set_language

    with pytest.raises(PromotionInvalid) as caught:
        rule("bonus_pack", conditions={"product": ["CML-01"], "min_qty": 50}, parameters={"gift_products": ["CML-01"]})
    for language in ("en", "id"):
        set_language(language)
        words = describe_problem(caught.value.code, caught.value.params)
        assert "“product”" in words and "products, categories, tiers" in words, words
    set_language("id")


def test_every_kind_declares_its_parameters():
    from pos.domain.promotions import PARAMETERS, PRESETS

    assert set(PARAMETERS) == set(PRESETS)
