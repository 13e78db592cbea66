"""Cost and gross profit through the real checkout, on SQLite and PostgreSQL (issue #25 item 4): the cost stored
with each line, the recipe's cost, and the recap and period report built from what was stored."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Product, SaleLine
from pos.money import Money, Quantity
from pos.services.costs import (RecipeForm, below_cost_prices, below_cost_words, load_recipe, save_ingredient,
                                save_recipe)
from pos.services.errors import InvalidInput
from pos.services.recap import day_recap
from pos.services.refunds import refund, refundable_lines
from pos.services.reports import period_report
from pos.services.sales import CheckoutRequest, checkout
from tests.factories import make_product, owner_pin

AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta
DAY = dt.date(2026, 11, 27)


@pytest.fixture
def shop(make_shop):
    return make_shop(500000)


def sell(shop, pairs, total):
    lines = tuple(CartLine(shop["ids"][code], Quantity.of(qty)) for code, qty in pairs)
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender("cash", Money(total)),), at=AT))


def test_each_line_keeps_its_cost_and_the_recap_and_report_show_gross_profit(shop):
    # the demo's costs: Bolu Pandan Rp 30.000 (sold at 55.000), Roti Pisang Cokelat Rp 3.200 (sold at 6.000)
    sale = sell(shop, [("KUE-01", 1), ("ROT-05", 2)], 67000)
    lines = SaleLine.select().where(SaleLine.sale == sale.id).order_by(SaleLine.position)
    assert [(line.amount, line.cost) for line in lines] == [(Money(55000), Money(30000)), (Money(12000), Money(6400))]
    Product.update(cost=Money(40000)).where(Product.code == "KUE-01").execute()  # a later cost changes no sale
    recap = day_recap(DAY)
    assert recap.gross_profit == Money(25000 + 5600)
    assert {i.product: i.gross_profit for i in recap.items} == {"Bolu Pandan": Money(25000),
                                                                 "Roti Pisang Cokelat": Money(5600)}
    assert {c.product: c.gross_profit for c in recap.categories} == {"Kue": Money(25000),
                                                                      "Roti": Money(5600)}
    assert [(f.label, f.gross_profit) for f in recap.by_tier] == [("Walk-in", Money(30600))]
    report = period_report(DAY, DAY)
    assert report.gross_profit == Money(30600)
    assert [(r.label, r.gross_profit) for r in report.rows] == [("2026-11-27", Money(30600))]
    assert {p.name: p.gross_profit for p in report.products} == {"Bolu Pandan": Money(25000),
                                                                  "Roti Pisang Cokelat": Money(5600)}
    assert [(t.name, t.gross_profit) for t in report.tiers] == [("Walk-in", Money(30600))]


def test_a_new_cost_reaches_the_next_sale_through_the_cached_price_book(shop):
    """Checkout takes each line's cost from the till's cached price book (no read of the products): a cost typed in
    after the book was loaded moves the pricing version, so the next sale stores the new cost."""
    sell(shop, [("KUE-01", 1)], 55000)  # the price book is loaded and cached
    Product.update(cost=Money(41000)).where(Product.code == "KUE-01").execute()
    sale = sell(shop, [("KUE-01", 2)], 110000)
    assert [line.cost for line in SaleLine.select().where(SaleLine.sale == sale.id)] == [Money(82000)]
    Product.update(cost=None).where(Product.code == "KUE-01").execute()  # the owner takes the cost away
    sale = sell(shop, [("KUE-01", 1)], 55000)
    assert [line.cost for line in SaleLine.select().where(SaleLine.sale == sale.id)] == [None]


def test_a_refund_takes_its_goods_cost_back_out_of_gross_profit(shop):
    sale = sell(shop, [("ROT-05", 2)], 12000)
    [line] = refundable_lines(sale.number)
    refund(sale.number, {line.line_id: Quantity.of(1)}, back_to="cash", owner_pin="1234", staff_id=shop["cashier"],
           shift_id=shop["shift"], till_id="K1", at=AT)
    assert day_recap(DAY).gross_profit == Money(12000 - 6400 - 6000 + 3200)  # one roll sold: 6.000 − 3.200
    report = period_report(DAY, DAY)
    assert report.gross_profit == Money(2800)
    # the tiers' gross profit is after refunds too, and adds up to the period's
    assert [(t.name, t.sales, t.gross_profit) for t in report.tiers] == [("Walk-in", 1, Money(2800))]


def test_a_recipe_gives_the_cost_and_a_new_flour_price_costs_it_again(database):
    product = make_product(price=6000)
    pin = owner_pin()
    flour = save_ingredient("Tepung terigu", "kg", Money(14000), owner_pin=pin)
    sugar = save_ingredient("Gula pasir", "kg", Money(16000), owner_pin=pin)
    butter = save_ingredient("Mentega", "kg", Money(120000), owner_pin=pin)
    eggs = save_ingredient("Telur", "butir", Money(2000), owner_pin=pin)
    form = RecipeForm(40, ((flour, Quantity.of("2")), (sugar, Quantity.of("1")), (butter, Quantity.of("0,5")),
                           (eggs, Quantity.of("20"))))
    cost = save_recipe(product.id, form, owner_pin=pin)
    assert (cost.batch, cost.each) == (Money(144000), Money(3600))  # 28.000 + 16.000 + 60.000 + 40.000, / 40
    assert Product.get_by_id(product.id).cost == Money(3600)
    save_ingredient("Tepung terigu", "kg", Money(16000), flour, owner_pin=pin)  # flour up by Rp 2.000 a kg
    assert Product.get_by_id(product.id).cost == Money(3700)  # 148.000 / 40
    recipe = load_recipe(product.id)
    assert recipe.pieces == 40 and [i[1] for i in recipe.items] == ["Tepung terigu", "Gula pasir", "Mentega", "Telur"]
    with pytest.raises(InvalidInput, match="at least 1 piece"):
        save_recipe(product.id, RecipeForm(0, form.items), owner_pin=pin)
    assert Product.get_by_id(product.id).cost == Money(3700)


def test_prices_below_cost_are_named(shop):
    rows = below_cost_prices(shop["ids"]["CML-01"], cost=Money(16000))  # the reseller pays Rp 15.000 from 10
    assert any(r.price < Money(16000) for r in rows)
    assert "Below the cost of Rp 16.000" in below_cost_words(rows)
    assert below_cost_prices(shop["ids"]["CML-01"]) == []  # at its stored cost of Rp 10.000 nothing is under


def test_a_cart_sold_below_cost_is_named_with_its_margin(shop):
    from pos.services.costs import cart_margin
    from pos.services.pricing import price

    chips = shop["ids"]["CML-01"]  # cost Rp 10.000
    margin = cart_margin(price([CartLine(chips, Quantity.of(2), price=Money(7500))], None))
    assert margin.below == (("Keripik Pisang Manis 250 g", Money(7500), Money(10000)),)
    assert margin.profit.gross_profit == Money(-5000)


def test_a_promotion_that_sells_below_cost_names_the_products(shop):
    from pos.services.promotion_book import Example, promotion_below_cost
    from pos.services.promotions import PromotionInput

    half = PromotionInput("Roti separuh harga", "discount", {"categories": ["Roti"]}, {"percent": "45"})
    found = {name: (each, cost) for name, each, cost in promotion_below_cost(half, Example(()))}
    # Roti Sobek Cokelat Rp 18.000 − 45 % = 9.900, over its recipe's cost of 9.278; Roti Tawar Kupas 16.000 → 8.800,
    # over 8.500; Roti Abon Sapi 8.000 → 4.400, under its cost of 4.500
    assert found == {"Roti Abon Sapi": (Money(4400), Money(4500))}
    gentle = PromotionInput("Roti diskon 10%", "discount", {"categories": ["Roti"]}, {"percent": "10"})
    assert promotion_below_cost(gentle, Example(())) == []
