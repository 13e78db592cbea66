"""Every reason code the domain can put on a sale has words, in Indonesian and in English."""

from __future__ import annotations

import pytest

from pos.domain import reasons
from pos.domain.promotions import DISCOUNT, PRESETS, RuleData, build_rule
from pos.i18n import describe_reason, set_language
from pos.money import Money

# one example of the values each code carries (as pos.domain.pricing and services.refunds store them)
EXAMPLES = {
    reasons.TIER_PRICE: {"tier": "reseller", "min_qty": "10"},
    reasons.SPECIAL_PRICE: {},
    reasons.PRICE_OVERRIDE: {},
    reasons.DAY_OLD_PRICE: {"percent": 50},
    reasons.BUY_X_GET_Y: {"buy": 10, "get": 1, "name": "Beli 10 gratis 1"},
    reasons.THRESHOLD_GIFT: {"name": "Tester", "min_total": 200000, "min_qty": None, "per": None, "each": "1"},
    reasons.DISCOUNT: {"name": "Promo", "percent": "10"},
    reasons.SEGMENT_DISCOUNT: {"name": "Pelajar", "amount": 2000},
    reasons.PERIOD_DISCOUNT: {"name": "Lebaran", "percent": "15"},
    reasons.MARKDOWN: {"name": "Sore", "percent": "30", "hour": 17},
    reasons.STAMP_REWARD: {"stamps": 10},
    reasons.COMBO: {"name": "Paket hemat", "price": 25000},
    reasons.CHEAPEST_ITEM: {"name": "Beli 3 kue", "every": 3, "percent": "100"},
    reasons.BUY_GET_DISCOUNT: {"name": "Kopi + keripik", "buy": 1, "get": 1, "percent": "50"},
    reasons.TAX: {"rate": "10", "inclusive": False},
    reasons.BONUS_NOT_EARNED: {"quantity": "1"},
    reasons.TIER_NOT_EARNED: {"quantity": "7", "price": 15000, "min_qty": None},
    reasons.PROMOTION_NOT_EARNED: {"promotion": 1, "name": "Beli 3 kue", "given": 5000, "earned": 0},
}


def test_the_examples_cover_every_declared_code():
    assert set(EXAMPLES) == set(reasons.REASON_CODES)
    assert len(set(reasons.REASON_CODES)) == len(reasons.REASON_CODES)


@pytest.mark.parametrize("code", reasons.REASON_CODES)
def test_every_reason_code_is_worded_in_both_languages(code):
    words = {}
    for language in ("id", "en"):
        set_language(language)
        words[language] = describe_reason(code, EXAMPLES[code])
        assert words[language].strip(), (code, language)
        assert code not in words[language], (code, language, words[language])
    assert words["id"] != words["en"], f"{code} is not translated into Indonesian: {words['id']}"
    set_language("id")


def test_every_discount_preset_makes_a_declared_code():
    """A discount's reason code is its promotion's kind: each such kind must be a declared code."""
    discount_kinds = []
    for kind in PRESETS:
        try:
            rule = build_rule(RuleData(1, "x", kind, {"segments": ["student"]}, {"percent": "5"}, {},
                                       hour_from=17, valid_from=None, valid_to=None))
        except Exception:
            continue  # not a discount preset (it needs other parameters)
        if rule.effect == DISCOUNT:
            discount_kinds.append(kind)
    assert "markdown" in discount_kinds and "segment_discount" in discount_kinds
    assert set(discount_kinds) <= set(reasons.DISCOUNT_CODES)


def test_a_discount_reason_names_the_promotion_once():
    set_language("id")
    values = {"name": "Diskon pelajar 5%", "percent": "5"}
    assert describe_reason("segment_discount", values, amount=Money(-1800)) == "Diskon pelajar 5% (-Rp 1.800)"
    assert describe_reason("segment_discount", values) == "Diskon pelajar 5%"
