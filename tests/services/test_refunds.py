"""Refunds and voids, on SQLite and PostgreSQL: money back, ledgers, stamps, free items, approval."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.domain.pricing import Selections
from pos.models import AuditEntry, CashEntry, KasbonEntry, Promotion, Sale, SaleLine, StampEntry
from pos.services.pricing import stamps_available
from pos.money import Money, Quantity
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.refunds import refund, refundable_lines, void_sale
from pos.services.sales import CheckoutRequest, checkout, deposit_held, kasbon_owed
from pos.services.till import close_shift, open_shift
from tests.services.conftest import race

AT = dt.datetime(2026, 11, 27, 3, 0)


@pytest.fixture
def shop(make_shop):
    return make_shop(500000)


def sell(shop, pairs, tenders, customer_id=None):
    lines = tuple(CartLine(shop["ids"][code], Quantity.of(qty)) for code, qty in pairs)
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines, tuple(tenders),
                                    customer_id, at=AT))


def line_id(sale_number, description, bonus=False):
    return next(r.line_id for r in refundable_lines(sale_number) if r.description == description and
                r.is_bonus == bonus)


def give_back(shop, number, quantities, back_to="cash", pin="1234"):
    return refund(number, quantities, back_to=back_to, owner_pin=pin, staff_id=shop["cashier"],
                  shift_id=shop["shift"], till_id="K1", at=AT)


def test_a_partial_refund_with_the_owners_pin_takes_stamps_and_cash_back(shop):
    ani = add_customer(NewCustomer("Ani", "0813-8888-0001"))
    sale = sell(shop, [("KOP-05", 3)], [Tender("cash", Money(45000))], ani.id)
    assert StampEntry.get(StampEntry.sale == sale.id).earned == 3
    result = give_back(shop, sale.number, {line_id(sale.number, "Es Kopi Susu Gula Aren"): Quantity.of(1)})
    assert (result.number, result.money_back, result.stamps_taken_back) == ("R-K1-000001", Money(15000), 1)
    stored = Sale.get_by_id(result.id)
    assert (stored.kind, stored.refund_of_id, stored.total) == ("refund", sale.id, Money(-15000))
    assert [(e.kind, e.amount.minor) for e in CashEntry.select().order_by(CashEntry.id)] == [
        ("sale", 45000), ("refund", -15000)]
    audit = AuditEntry.get(AuditEntry.action == "sale.refunded")
    assert audit.details["approved_by"] == "Bu Ani" and audit.details["money_back"] == 15000
    assert [r.refundable for r in refundable_lines(sale.number)] == [Quantity.of(2)]


def test_a_refund_without_the_owners_pin_changes_nothing(shop):
    sale = sell(shop, [("KUE-01", 1)], [Tender("cash", Money(55000))])
    with pytest.raises(NotAllowed, match="owner's PIN"):
        give_back(shop, sale.number, {line_id(sale.number, "Bolu Pandan"): Quantity.of(1)}, pin="1111")
    assert Sale.select().where(Sale.kind == "refund").count() == 0 and CashEntry.select().count() == 1


def test_never_more_than_sold_and_never_twice(shop):
    sale = sell(shop, [("ROT-05", 3)], [Tender("cash", Money(18000))])
    bun = line_id(sale.number, "Roti Pisang Cokelat")
    with pytest.raises(InvalidInput, match="Only 3"):
        give_back(shop, sale.number, {bun: Quantity.of(4)})
    give_back(shop, sale.number, {bun: Quantity.of(2)})
    with pytest.raises(InvalidInput, match="Only 1"):
        give_back(shop, sale.number, {bun: Quantity.of(2)})
    with pytest.raises(InvalidInput, match="more than zero"):
        give_back(shop, sale.number, {bun: Quantity.of(0)})
    assert Sale.select().where(Sale.kind == "refund").count() == 1


def test_a_free_item_no_longer_earned_is_deducted_unless_it_comes_back(shop):
    sale = sell(shop, [("CML-01", 10)], [Tender("cash", Money(180000))])  # and 1 free (buy 10 get 1)
    chips = line_id(sale.number, "Keripik Pisang Manis 250 g")
    kept_bonus = give_back(shop, sale.number, {chips: Quantity.of(3)})
    assert (kept_bonus.money_back, kept_bonus.deducted) == (Money(36000), Money(18000))  # 3 × 18.000 − the free one

    other = sell(shop, [("CML-01", 10)], [Tender("cash", Money(180000))])
    both = give_back(shop, other.number, {line_id(other.number, "Keripik Pisang Manis 250 g"): Quantity.of(3),
                                          line_id(other.number, "Keripik Pisang Manis 250 g", bonus=True):
                                          Quantity.of(1)})
    assert (both.money_back, both.deducted) == (Money(54000), Money(0))


def test_the_tester_is_deducted_when_the_basket_falls_under_its_threshold(shop):
    sale = sell(shop, [("KOP-01", 5)], [Tender("cash", Money(225000))])  # the tester from Rp 200.000
    result = give_back(shop, sale.number, {line_id(sale.number, "Kopi Robusta Temanggung 250 g"): Quantity.of(1)})
    assert (result.money_back, result.deducted) == (Money(30000), Money(15000))
    [deduction] = SaleLine.select().where((SaleLine.sale == result.id) & (SaleLine.price_source == "bonus_deduction"))
    assert (deduction.description, deduction.amount) == ("Nastar Mini Tester 100 g", Money(15000))


def test_money_back_to_the_deposit_or_the_way_it_was_paid(shop):
    budi = add_customer(NewCustomer("Budi", "0813-8888-0002", credit_limit=Money(200000)), owner_pin=owner_pin())
    sale = sell(shop, [("KUE-01", 2)], [Tender("kasbon", Money(60000)), Tender("qris", Money(50000))], budi.id)
    assert kasbon_owed(budi.id) == Money(60000)
    give_back(shop, sale.number, {line_id(sale.number, "Bolu Pandan"): Quantity.of(1)}, back_to="original")
    # 55.000 back, shared like the payments: 30.000 off the kasbon, 25.000 by QRIS
    assert kasbon_owed(budi.id) == Money(30000)
    assert CashEntry.select().where(CashEntry.kind == "refund").count() == 0
    give_back(shop, sale.number, {line_id(sale.number, "Bolu Pandan"): Quantity.of(1)}, back_to="deposit")
    # the kasbon part always comes off the kasbon; only the QRIS part goes to the deposit
    assert deposit_held(budi.id) == Money(25000) and kasbon_owed(budi.id) == Money(0)
    assert [e.amount.minor for e in KasbonEntry.select().order_by(KasbonEntry.id)] == [60000, -30000, -30000]


def test_a_kasbon_sale_refunded_in_cash_reduces_the_debt_not_the_drawer(shop):
    budi = add_customer(NewCustomer("Budi", "0813-8888-0003", credit_limit=Money(200000)), owner_pin=owner_pin())
    sale = sell(shop, [("KUE-01", 1)], [Tender("kasbon", Money(55000))], budi.id)
    give_back(shop, sale.number, {line_id(sale.number, "Bolu Pandan"): Quantity.of(1)}, back_to="cash")
    assert kasbon_owed(budi.id) == Money(0) and CashEntry.select().count() == 0


def test_tax_on_top_and_cash_rounding_come_back_with_the_lines(shop):
    from pos.services.shop import _update_shop_settings

    _update_shop_settings({"tax_enabled": True, "tax_rate": "11", "cash_rounding": 500})
    sale = sell(shop, [("KUE-01", 1), ("ROT-05", 1)], [Tender("cash", Money(67500))])  # 61.000 + 11 % = 67.710
    assert Sale.get_by_id(sale.id).total == Money(67500)  # rounded to Rp 500 in cash
    first = give_back(shop, sale.number, {line_id(sale.number, "Roti Pisang Cokelat"): Quantity.of(1)})
    rest = give_back(shop, sale.number, {line_id(sale.number, "Bolu Pandan"): Quantity.of(1)})
    # 6.000, its tax (660 of 6.710) and its part of the rounding (−21 of −210): 6.639, paid in cash as 6.500
    assert first.money_back == Money(6500)
    assert first.money_back + rest.money_back == Money(67500)  # everything back, to the rupiah


def _tax_sale(shop, tenders, customer_id=None):
    """76.000 of goods (35.000 + 41.000), 10 % tax on top, cash rounded to Rp 500: the issue's example."""
    from pos.services.shop import _update_shop_settings
    from tests.factories import make_product

    _update_shop_settings({"tax_enabled": True, "tax_rate": "10", "cash_rounding": 500})
    cake, tray = make_product(price=35000, name="Kue Lapis Legit"), make_product(price=41000, name="Nampan Kue")
    lines = (CartLine(cake.id, Quantity.of(1)), CartLine(tray.id, Quantity.of(1)))
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines, tuple(tenders),
                                    customer_id, at=AT))


def test_a_refund_gives_back_its_share_of_tax_and_rounding_each_on_its_own_line(shop):
    ani = add_customer(NewCustomer("Ani", "0813-8888-0011"))
    sale = _tax_sale(shop, [Tender("cash", Money(83500))], ani.id)
    stored = Sale.get_by_id(sale.id)
    assert (stored.subtotal, stored.tax_total, stored.rounding, stored.total) == (
        Money(76000), Money(7600), Money(-100), Money(83500))
    back = give_back(shop, sale.number, {line_id(sale.number, "Kue Lapis Legit"): Quantity.of(1)}, "deposit")
    row = Sale.get_by_id(back.id)
    # 35.000 of 76.000: tax 7.600 × 35/76 = 3.500, rounding −100 × 35/76 = −46 (given back: +46 on the refund)
    assert (row.subtotal, row.tax_total, row.rounding, row.total) == (
        Money(-35000), Money(-3500), Money(46), Money(-38454))
    assert back.money_back == Money(38454) and deposit_held(ani.id) == Money(38454)  # a deposit is not cash


def test_cash_given_back_is_rounded_to_the_shops_cash_unit_and_the_drawer_stays_countable(shop):
    sale = _tax_sale(shop, [Tender("cash", Money(83500))])
    back = give_back(shop, sale.number, {line_id(sale.number, "Kue Lapis Legit"): Quantity.of(1)}, "original")
    row = Sale.get_by_id(back.id)
    assert back.money_back == Money(38500)  # 38.454 rounded to Rp 500
    assert (row.tax_total, row.rounding, row.total) == (Money(-3500), Money(0), Money(-38500))
    rest = give_back(shop, sale.number, {line_id(sale.number, "Nampan Kue"): Quantity.of(1)}, "original")
    assert rest.money_back == Money(45000)  # 41.000 + 4.100 − 54 = 45.046, in cash 45.000
    cash = [e.amount.minor for e in CashEntry.select().where(CashEntry.kind == "refund")]
    assert cash == [-38500, -45000] and all(a % 500 == 0 for a in cash)
    refunds = list(Sale.select().where(Sale.kind == "refund"))
    assert sum(r.total.minor for r in refunds) == -83500  # all of it back, to the rupiah
    assert sum(r.tax_total.minor for r in refunds) == -7600
    for r in refunds:  # every refund row adds up: goods + tax on top + rounding = total
        assert r.subtotal + r.tax_total + r.rounding == r.total


def test_the_cash_share_of_a_split_sale_comes_back_rounded_and_the_qris_share_exact(shop):
    sale = _tax_sale(shop, [Tender("cash", Money(50000)), Tender("qris", Money(33600))])
    assert Sale.get_by_id(sale.id).rounding == Money(0)  # not all in cash: the exact total
    preview_lines = {line_id(sale.number, "Kue Lapis Legit"): Quantity.of(1)}
    from pos.services.refunds import money_back_preview

    assert money_back_preview(sale.number, preview_lines, "original") == Money(38474)  # as given below
    back = give_back(shop, sale.number, preview_lines, "original")
    row = Sale.get_by_id(back.id)
    payments = {p.method: p.amount.minor for p in row.payments}
    # 38.500 back: cash 50.000/83.600 of it = 23.026 → 23.000 in cash; QRIS 15.474 exactly
    assert payments == {"cash": -23000, "qris": -15474}
    assert (row.tax_total, row.rounding, row.total) == (Money(-3500), Money(26), Money(-38474))
    assert back.money_back == Money(38474)
    shift_cash = [e.amount.minor for e in CashEntry.select().where(CashEntry.shift == shop["shift"])]
    assert sum(shift_cash) % 500 == 0  # the opening float, 50.000 in, 23.000 out: countable


def test_a_void_gives_back_a_redeemed_stamp_reward(shop):
    ani = add_customer(NewCustomer("Ani", "0813-8888-0004"))
    StampEntry.create(customer=ani.id, earned=10)
    card = Promotion.get(Promotion.kind == "stamp_card")
    sale = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"],
                                    (CartLine(shop["ids"]["KOP-05"], Quantity.of(1)),),
                                    (Tender("cash", Money(15000)),), ani.id,
                                    Selections(accepted_offers=frozenset({card.id})), AT))
    void_sale(sale.number, owner_pin="1234", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")
    assert stamps_available(ani.id, AT, None) == 10


def test_a_deduction_is_never_more_than_the_money_back(shop):
    sale = sell(shop, [("KOP-01", 4), ("KUE-01", 1)], [Tender("cash", Money(235000))])  # and the tester
    bun_back = give_back(shop, sale.number, {line_id(sale.number, "Bolu Pandan"): Quantity.of(1)})
    # 55.000 back, the tester (15.000) is no longer earned: 40.000
    assert (bun_back.money_back, bun_back.deducted) == (Money(40000), Money(15000))


def test_a_reseller_keeps_only_the_bonus_packs_still_earned(shop):
    tini = add_customer(NewCustomer("Warung Tini", "0813-8888-0005", tier="reseller"), owner_pin=owner_pin())
    sale = sell(shop, [("CML-01", 100)], [Tender("cash", Money(1450000))], tini.id)  # 100 × 14.500
    free = [r for r in refundable_lines(sale.number) if r.is_bonus]
    assert sum(r.sold.thousandths for r in free) == 13000  # 10 for buy-10-get-1, 2 for every 50, the tester
    result = give_back(shop, sale.number, {line_id(sale.number, "Keripik Pisang Manis 250 g"): Quantity.of(49)})
    # kept 51: buy-10-get-1 earns 5 (not 10), the pack bonus 1 (not 2): 6 free packs × 18.000 kept back
    assert result.deducted == Money(6 * 18000)
    assert result.money_back == Money(49 * 14500 - 6 * 18000)


def test_a_void_cancels_a_sale_of_this_shift_only(shop):
    sale = sell(shop, [("KUE-01", 1), ("ROT-05", 1)], [Tender("cash", Money(61000), Money(100000))])
    with pytest.raises(NotAllowed):
        void_sale(sale.number, owner_pin="1111", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")
    result = void_sale(sale.number, owner_pin="1234", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")
    assert result.money_back == Money(61000)
    assert Sale.get_by_id(sale.id).status == "voided"
    # its record is voided too: neither counts as a sale nor as a refund in any report
    assert Sale.get_by_id(result.id).status == "voided" and Sale.get_by_id(result.id).refund_of_id == sale.id
    assert sum(e.amount.minor for e in CashEntry.select()) == 0
    with pytest.raises(NotAllowed, match="voided already"):
        give_back(shop, sale.number, {line_id(sale.number, "Bolu Pandan"): Quantity.of(1)})
    with pytest.raises(NotAllowed):
        void_sale(sale.number, owner_pin="1234", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")

    older = sell(shop, [("ROT-05", 1)], [Tender("cash", Money(6000))])
    close_shift(shop["shift"], {100000: 5, 5000: 1, 1000: 1}, staff_id=shop["cashier"])
    shop["shift"] = open_shift("K1", shop["cashier"], Money(0)).id
    with pytest.raises(NotAllowed, match="this shift"):
        void_sale(older.number, owner_pin="1234", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")


def test_two_tills_cannot_refund_the_same_line_twice(shop):
    sale = sell(shop, [("KUE-01", 1)], [Tender("cash", Money(55000))])
    bolu = line_id(sale.number, "Bolu Pandan")

    def refund_it():
        try:
            give_back(shop, sale.number, {bolu: Quantity.of(1)})
            return "refunded"
        except InvalidInput:
            return "refused"

    assert race(refund_it) == ["refunded", "refused"]
    assert Sale.select().where(Sale.kind == "refund").count() == 1


def test_two_tills_cannot_both_spend_one_credit_limit(shop):
    tini = add_customer(NewCustomer("Warung Tini", "0813-8888-0006", credit_limit=Money(60000)), owner_pin=owner_pin())

    def sell_on_kasbon():
        try:
            sell(shop, [("KUE-01", 1)], [Tender("kasbon", Money(55000))], tini.id)
            return "sold"
        except NotAllowed:
            return "refused"

    assert race(sell_on_kasbon) == ["refused", "sold"] and kasbon_owed(tini.id) == Money(55000)


def test_the_refund_slip_says_in_words_why_a_free_item_is_taken_back(shop):
    from pos.i18n import set_language
    from pos.services.receipts import receipt_preview

    sale = sell(shop, [("KOP-01", 5)], [Tender("cash", Money(225000))])  # the tester from Rp 200.000
    result = give_back(shop, sale.number, {line_id(sale.number, "Kopi Robusta Temanggung 250 g"): Quantity.of(1)})
    for language, words in (("en", "Free item taken back"), ("id", "Bonus ditarik kembali")):
        set_language(language)
        slip = receipt_preview(result.id, width=48)
        assert "bonus_not_earned" not in slip
        assert words in " ".join(slip.split()), slip
    set_language("id")


def reseller_ten(shop):
    """10 × Es Kopi Susu at the reseller's "from 10" price of Rp 12.000 (retail Rp 15.000)."""
    from pos.models import PriceTier, TierPrice

    reseller = PriceTier.get(PriceTier.code == "reseller")
    TierPrice.delete().where(TierPrice.product == shop["ids"]["KOP-05"]).execute()
    TierPrice.create(product=shop["ids"]["KOP-05"], tier=reseller, min_qty=Quantity.of(10), price=Money(12000))
    toko = add_customer(NewCustomer("Toko Makmur", "0813-8888-0974", tier="reseller"), owner_pin=owner_pin())
    return sell(shop, [("KOP-05", 10)], [Tender("cash", Money(120000))], toko.id)


def test_returning_3_of_10_takes_back_the_reseller_price_no_longer_earned(shop):
    sale = reseller_ten(shop)
    assert sale.total == Money(120000)
    line = line_id(sale.number, "Es Kopi Susu Gula Aren")
    from pos.services.refunds import money_back_preview

    assert money_back_preview(sale.number, {line: Quantity.of(3)}) == Money(15000)
    result = give_back(shop, sale.number, {line: Quantity.of(3)})
    assert (result.money_back, result.deducted) == (Money(15000), Money(21000))  # 3×12.000 − 7×3.000
    assert Sale.get_by_id(result.id).total == Money(-15000)
    kept = SaleLine.get((SaleLine.sale == result.id) & (SaleLine.price_source == "tier_deduction"))
    assert (kept.quantity, kept.amount, kept.reasons.first().code) == (Quantity.of(7), Money(21000), "tier_not_earned")
    assert [r.refundable for r in refundable_lines(sale.number)] == [Quantity.of(7)]
    from pos.services.receipts import receipt_preview

    slip = receipt_preview(result.id, 42)
    assert "R-K1-000001" in slip and "15.000" in slip and "21.000" in slip
    words = " ".join(slip.split())  # the reason in words on the slip, under the line it keeps back
    assert "7 x Rp 3.000 Rp 21.000 Quantity price no longer reached: 7 kept cost the retail price Rp 15.000 each" \
        in words
    # all the rest back later: the 21.000 kept back is not kept back twice
    again = give_back(shop, sale.number, {line: Quantity.of(1)})
    assert again.money_back == Money(12000)


def test_a_short_number_finds_this_tills_sale_else_the_only_one(shop):
    from pos.services.refunds import matching_sales, sale_summary

    sale = sell(shop, [("KOP-05", 1)], [Tender("cash", Money(15000))])
    short = str(int(sale.number.split("-")[1]))
    assert matching_sales(short, "K1") == [sale.number]
    assert matching_sales(short, "K2") == [sale.number]  # the only one on any till
    assert matching_sales("99", "K1") == [] and matching_sales(sale.number.lower(), "K2") == [sale.number]
    summary = sale_summary(sale.number)
    assert (summary.total, summary.customer) == (Money(15000), "")


def test_a_short_number_on_several_tills_is_a_choice_unless_this_till_has_it(shop):
    from pos.services.refunds import matching_sales

    first = sell(shop, [("KOP-05", 1)], [Tender("cash", Money(15000))])
    other = open_shift("K2", shop["cashier"], Money(0))
    line = (CartLine(shop["ids"]["KOP-05"], Quantity.of(1)),)
    second = checkout(CheckoutRequest(uuid.uuid4().hex, "K2", other.id, shop["cashier"], line,
                                      (Tender("cash", Money(15000)),), None, at=AT))
    assert first.number.endswith("-000001") and second.number.endswith("-000001")
    assert matching_sales("1", "K3") == sorted([first.number, second.number])  # the cashier chooses
    assert matching_sales("1", "K2") == [second.number]  # this till's own first


def test_migration_0030_voids_the_records_of_voids_stored_before_it(shop):
    import importlib

    from pos.models import db

    sale = sell(shop, [("KUE-01", 1)], [Tender("cash", Money(55000))])
    kept = sell(shop, [("KUE-01", 1)], [Tender("cash", Money(55000))])
    result = void_sale(sale.number, owner_pin="1234", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")
    back = give_back(shop, kept.number, {line_id(kept.number, "Bolu Pandan"): Quantity.of(1)})
    Sale.update(status="completed").where(Sale.id == result.id).execute()  # as a void was stored before 0030
    importlib.import_module("pos.migrations.0030_void_records").void_records(db.obj)
    assert [Sale.get_by_id(i).status for i in (sale.id, result.id, kept.id, back.id)] == [
        "voided", "voided", "completed", "completed"]
