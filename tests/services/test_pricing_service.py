"""Pricing carts from the demo shop's database, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import datetime as dt
import logging

import pytest

from pos.domain.pricing import CartLine, Selections
from pos.i18n import describe_reason
from pos.models import Product, Promotion, StampEntry
from pos.money import Money, Quantity
from pos.services.customers import NewCustomer, add_customer, review_tier, set_tier
from pos.services.errors import InvalidInput
from pos.services.pricing import price
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.shop import _update_shop_settings
from tests.factories import owner_pin, make_sale

FRIDAY_10_WIB = dt.datetime(2026, 11, 27, 3, 0)  # UTC; 10:00 in Jakarta


@pytest.fixture
def demo(demo_database):
    return {p.code: p.id for p in Product.select()}


def lines(ids, *pairs):
    return [CartLine(ids[code], Quantity.of(qty)) for code, qty in pairs]


def bonus(priced):
    return sorted((line.name, str(line.quantity)) for line in priced.lines if line.is_bonus)


def test_the_same_cart_for_a_walk_in_a_regular_and_a_reseller(demo):
    cart = lines(demo, ("CML-01", 10), ("KUE-01", 1))
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101", tier="regular"), owner_pin=owner_pin())
    tini = add_customer(NewCustomer("Warung Bu Tini Baru", "0813-5555-0102", tier="reseller"), owner_pin=owner_pin())

    walk_in = price(cart, None, at=FRIDAY_10_WIB)
    regular = price(cart, sari.id, at=FRIDAY_10_WIB)
    reseller = price(cart, tini.id, at=FRIDAY_10_WIB)

    # 10 × 18.000 + 55.000; 10 × 17.000 + 51.000; 10 × 15.500 + 55.000 (no reseller price for cakes)
    assert (walk_in.total, regular.total, reseller.total) == (Money(235000), Money(221000), Money(210000))
    # every cart is over Rp 200.000 (the tester) and has 10 chips (buy 10 get 1)
    for priced in (walk_in, regular, reseller):
        assert bonus(priced) == [("Keripik Pisang Manis 250 g", "1"), ("Nastar Mini Tester 100 g", "1")]
    assert [describe_reason(r.code, r.values) for r in regular.lines[0].reasons] == ["Regular-customer price"]
    assert [describe_reason(r.code, r.values) for r in reseller.lines[0].reasons] == ["Reseller price (min. 10)"]
    assert reseller.lines[1].reasons == ()  # the cake at retail
    texts = {describe_reason(r.code, r.values) for line in walk_in.lines for r in line.reasons}
    assert texts == {"Buy 10 get 1 free", "Free with purchases ≥ Rp 200.000"}


def test_ramadan_and_the_evening_bread_markdown_follow_the_shops_clock(demo):
    ramadan = dt.datetime(2027, 2, 20, 3, 0)
    assert price(lines(demo, ("KRG-01", 1)), at=ramadan).total == Money(85500)  # 95.000 − 10 %
    assert price(lines(demo, ("KRG-01", 1)), at=FRIDAY_10_WIB).total == Money(95000)
    evening = dt.datetime(2026, 11, 27, 12, 30)  # 19:30 in Jakarta
    assert price(lines(demo, ("ROT-01", 1)), at=evening).total == Money(12600)
    assert price(lines(demo, ("ROT-01", 1)), at=FRIDAY_10_WIB).total == Money(18000)


def test_the_tenth_stamp_offers_a_free_iced_coffee(demo):
    ani = add_customer(NewCustomer("Ani", "0813-5555-0103"))
    StampEntry.create(customer=ani.id, earned=10)
    cart = lines(demo, ("KOP-05", 1))
    offered = price(cart, ani.id, at=FRIDAY_10_WIB)
    [offer] = offered.offers
    assert offer.reward_product == demo["KOP-05"] and not offer.accepted
    accept = Selections(accepted_offers=frozenset({offer.promotion_id}))
    taken = price(cart, ani.id, at=FRIDAY_10_WIB, selections=accept)
    assert bonus(taken) == [("Es Kopi Susu Gula Aren", "1")] and taken.stamps_used == 10
    assert taken.total == Money(15000)


def test_tax_and_cash_rounding_come_from_the_shop_settings(demo):
    _update_shop_settings({"tax_enabled": True, "tax_rate": "10", "tax_included": False, "cash_rounding": 500})
    priced = price(lines(demo, ("KOP-05", 1), ("ROT-05", 1)), at=FRIDAY_10_WIB)  # 15.000 + 6.000
    assert (priced.tax, priced.total, priced.cash_total, priced.cash_rounding) == (
        Money(2100), Money(23100), Money(23000), Money(-100))
    _update_shop_settings({"cash_rounding_mode": "down", "tax_included": True})
    priced = price(lines(demo, ("KOP-05", 1), ("ROT-05", 1)), at=FRIDAY_10_WIB)
    assert (priced.tax, priced.total, priced.cash_total) == (Money(1909), Money(21000), Money(21000))


def test_a_promotion_whose_product_was_removed_is_skipped_with_a_warning(demo, caplog):
    Product.update(active=False).where(Product.code == "KRG-07").execute()  # the tester is no longer made
    with caplog.at_level(logging.WARNING, logger="pos.pricing"):
        priced = price(lines(demo, ("KOP-01", 5)), at=FRIDAY_10_WIB)
    assert priced.total == Money(225000) and bonus(priced) == []
    assert "Tester gratis" in caplog.text


@pytest.mark.parametrize("bad,message", [
    (PromotionInput("Beli 0", "buy_x_get_y", {"products": ["CML-01"]}, {"buy": 0, "get": 1}), "at least 1"),
    (PromotionInput("Diskon", "discount", {}, {"percent": 120}), "at most 100"),
    (PromotionInput("Terbalik", "discount", {}, {"percent": 10}, valid_from=dt.datetime(2027, 3, 1),
                    valid_to=dt.datetime(2027, 2, 1)), "ends before it starts"),
    (PromotionInput("Hadiah", "threshold_gift", {"min_total": 100000}, {"gift_products": ["XXX-99"]}),
     "no active product with code XXX-99"),
    (PromotionInput("Hadiah", "threshold_gift", {"min_total": 0}, {"gift_products": ["KRG-07"]}),
     "Minimum purchase must be at least 1"),
    # a misspelt key is refused, naming it and what is allowed (it used to make a whole-cart bonus pack)
    (PromotionInput("Paket", "bonus_pack", {"product": ["CML-01"], "min_qty": 50},
                    {"gift_products": ["CML-01"], "quantity": 1}),
     "“product” is not a condition .*products, categories"),
    (PromotionInput("Kue", "discount", {"categorie": ["Kue"]}, {"percent": 10}), "“categorie”"),
    (PromotionInput("Beli", "buy_x_get_y", {"products": ["CML-01"]}, {"buy": 10, "get": 1, "gratis": 1}),
     "“gratis” is not a setting .*buy, get, reward_product"),
    (PromotionInput("Beli", "buy_x_get_y", {"products": ["CML-01"]}, {"buy": [10], "get": 1}),
     r"Buy quantity: \[10\] is not a number"),
    (PromotionInput("Paket", "bonus_pack", {"products": ["CML-01"], "min_qty": [50]},
                    {"gift_products": ["CML-01"]}), "Minimum quantity: .* is not a number"),
])
def test_an_invalid_promotion_is_refused_at_save_and_nothing_is_stored(demo, bad, message):
    before = Promotion.select().count()
    with pytest.raises(InvalidInput, match=message):
        save_promotion(bad, time_zone="Asia/Jakarta", owner_pin=owner_pin())
    assert Promotion.select().count() == before


def test_a_usage_limit_counts_the_customers_past_sales(demo):
    promo = save_promotion(PromotionInput("Sekali saja", "discount", {"categories": ["Kue"]}, {"amount": 5000},
                                          max_uses_per_customer=1), time_zone="Asia/Jakarta", owner_pin=owner_pin())
    budi = add_customer(NewCustomer("Budi", "0813-5555-0104"))
    assert price(lines(demo, ("KUE-01", 1)), budi.id, at=FRIDAY_10_WIB).total == Money(50000)
    make_sale(budi.id, 50000, promotion_id=promo)
    assert price(lines(demo, ("KUE-01", 1)), budi.id, at=FRIDAY_10_WIB).total == Money(55000)


def test_a_customer_becomes_a_regular_by_the_shops_rule_unless_the_owner_chose(demo):
    # the demo shop's rule: 4 purchases within 30 days
    now = dt.datetime(2026, 11, 27, 3, 0)
    rina = add_customer(NewCustomer("Rina", "0813-5555-0105"))
    for days in (1, 8, 15):
        make_sale(rina.id, 20000, at=now - dt.timedelta(days=days))
    assert review_tier(rina.id, now) is False
    make_sale(rina.id, 20000, at=now - dt.timedelta(days=40))  # too long ago to count
    assert review_tier(rina.id, now) is False
    make_sale(rina.id, 20000, at=now)
    assert review_tier(rina.id, now) is True
    assert price(lines(demo, ("KUE-01", 1)), rina.id, at=FRIDAY_10_WIB).total == Money(51000)

    joko = add_customer(NewCustomer("Joko", "0813-5555-0106"))
    set_tier(joko.id, "retail", owner_pin=owner_pin())  # the owner keeps him on retail
    for days in range(5):
        make_sale(joko.id, 20000, at=now - dt.timedelta(days=days))
    assert review_tier(joko.id, now) is False


def test_a_second_stamp_card_is_refused(demo):
    second = PromotionInput("Kartu roti", "stamp_card", {"categories": ["Roti"]},
                            {"earn": "item", "stamps_needed": 5, "reward_product": "ROT-05"})
    with pytest.raises(InvalidInput, match="stamp card already"):
        save_promotion(second, time_zone="Asia/Jakarta", owner_pin=owner_pin())
    card = Promotion.get(Promotion.kind == "stamp_card")
    Promotion.update(active=False).where(Promotion.id == card.id).execute()
    assert save_promotion(second, time_zone="Asia/Jakarta", owner_pin=owner_pin())


def test_expired_stamps_are_not_offered(demo):
    card = Promotion.get(Promotion.kind == "stamp_card")
    save_promotion(PromotionInput(card.name, "stamp_card", card.conditions,
                                  {**card.parameters, "expiry_months": 6}), time_zone="Asia/Jakarta",
                   promotion_id=card.id, owner_pin=owner_pin())
    ani = add_customer(NewCustomer("Ani", "0813-5555-0107"))
    StampEntry.create(customer=ani.id, earned=10, created_at=dt.datetime(2026, 3, 1))
    assert price(lines(demo, ("KOP-05", 1)), ani.id, at=FRIDAY_10_WIB).offers == ()
    StampEntry.create(customer=ani.id, earned=10, created_at=dt.datetime(2026, 10, 1))
    assert len(price(lines(demo, ("KOP-05", 1)), ani.id, at=FRIDAY_10_WIB).offers) == 1


@pytest.mark.parametrize("qty", ["0", "-2", "1e30"])
def test_an_impossible_quantity_is_refused(demo, qty):
    with pytest.raises(InvalidInput, match="quantity"):
        price([CartLine(demo["ROT-05"], Quantity.of(qty))], at=FRIDAY_10_WIB)


@pytest.mark.parametrize("bad", [
    PromotionInput("Besar", "discount", {"products": ["KUE-01"]}, {"amount": 10**28}),
    PromotionInput("Pelajar", "segment_discount", {"segments": ["pelajar"]}, {"percent": 5}),
    PromotionInput("Kue", "discount", {"categories": ["Kuee"]}, {"percent": 5}),
    PromotionInput("Malam", "markdown", {"categories": ["Roti"]}, {"percent": 30}, hour_from=22, hour_to=2),
    PromotionInput("Anggota", "discount", {"customers": ["LG99999"]}, {"percent": 5}),
])
def test_promotions_that_would_misbehave_are_refused_at_save(demo, bad):
    with pytest.raises(InvalidInput):
        save_promotion(bad, time_zone="Asia/Jakarta", owner_pin=owner_pin())


def test_a_named_customer_promotion_uses_member_codes(demo):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0108"))
    save_promotion(PromotionInput("Bu Sari", "discount", {"customers": [sari.member_code]}, {"percent": 10}),
                   time_zone="Asia/Jakarta", owner_pin=owner_pin())
    assert price(lines(demo, ("KUE-01", 1)), sari.id, at=FRIDAY_10_WIB).total == Money(49500)
    assert price(lines(demo, ("KUE-01", 1)), None, at=FRIDAY_10_WIB).total == Money(55000)


def test_a_change_made_anywhere_reaches_the_next_price_at_once(demo):
    """Another till changes rows with its own code; the database's triggers tell this till's cache."""
    cart = lines(demo, ("KUE-01", 1))
    assert price(cart, None, at=FRIDAY_10_WIB).total == Money(55000)

    Product.update(retail_price=Money(60000)).where(Product.code == "KUE-01").execute()
    assert price(cart, None, at=FRIDAY_10_WIB).total == Money(60000)

    chips = lines(demo, ("CML-01", 10))
    assert bonus(price(chips, None, at=FRIDAY_10_WIB))  # buy 10 get 1
    Promotion.update(active=False).where(Promotion.kind == "buy_x_get_y").execute()
    assert not bonus(price(chips, None, at=FRIDAY_10_WIB))

    _update_shop_settings({"tax_enabled": True, "tax_rate": "11", "tax_included": False})
    assert price(cart, None, at=FRIDAY_10_WIB).tax == Money(6600)


def test_a_sale_does_not_disturb_the_pricing_cache(demo):
    from pos.services.changes import pricing_version

    before = pricing_version()
    make_sale(None, 55000)
    Product.update(grid_position=99).where(Product.code == "KUE-01").execute()  # not a price
    assert pricing_version() == before


def test_a_misspelt_key_in_an_edit_leaves_the_stored_promotion_as_it_was(demo):
    from pos.services.promotion_book import load_promotion

    pack = Promotion.get(Promotion.kind == "bonus_pack")
    before = load_promotion(pack.id)
    bad = dataclasses.replace(before, conditions={**before.conditions, "categorie": ["Kue"]})
    with pytest.raises(InvalidInput, match="categorie"):
        save_promotion(bad, time_zone="Asia/Jakarta", promotion_id=pack.id, owner_pin=owner_pin())
    assert load_promotion(pack.id) == before
