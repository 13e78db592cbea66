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
    ("discount", dict(parameters={"percent": 10}, hour_from=25), "bad_hour"),
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


def test_the_demo_kinds_are_accepted():
    assert rule("buy_x_get_y", conditions={"products": ["CML-01"]}, parameters={"buy": 10, "get": 1}).buy == 10
    assert rule("stamp_card", conditions={"categories": ["Kopi & Minuman"]},
                parameters={"stamps_per_item": 1, "stamps_needed": 10, "reward_product": "KOP-05"}).earn == "item"
