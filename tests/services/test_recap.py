"""The day's recap reconciled, on SQLite and PostgreSQL: a generated day with cash, QRIS, a split payment,
kasbon, deposit, a void, a refund of yesterday's sale, free items, tax, cash rounding, cash in and out and a
pre-order down payment. Every figure is checked against sums the test makes itself from the stored rows."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import CashEntry, DepositEntry, KasbonEntry, Payment, Sale, SaleLine, Shift
from pos.money import Money, Quantity, line_amount
from pos.services import preorders, recap, till
from pos.services.accounts import top_up_deposit
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput
from pos.services.pricing import price
from pos.services.refunds import refund, refundable_lines, void_sale
from pos.services.sales import CheckoutRequest, checkout
from pos.services.shop import _update_shop_settings

DAY = dt.date(2026, 11, 20)  # a Friday
AT = dt.datetime(2026, 11, 20, 1, 0)  # 08:00 in Jakarta


def at(hours: float) -> dt.datetime:
    return AT + dt.timedelta(hours=hours)


@pytest.fixture
def day(demo_database):
    from pos.services.staff import authenticate

    _update_shop_settings({"tax_enabled": True, "tax_rate": "10", "cash_rounding": 500})
    cashier = authenticate("1111").id
    ids = {p.code: p.id for p in __import__("pos.models", fromlist=["Product"]).Product.select()}
    yesterday = till.open_shift("K1", cashier, Money(100000), at=AT - dt.timedelta(days=1))
    toko = add_customer(NewCustomer("Toko Makmur", "0813-4444-0001", tier="reseller", credit_limit=Money(5_000_000)),
                        owner_pin=owner_pin())
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101", segments=("student",)))

    def sell(items, tenders, customer=None, when=AT, shift=None):
        lines = tuple(CartLine(ids[code], Quantity.of(q)) for code, q in items)
        priced = price(list(lines), customer, at=when)
        tenders = [Tender(m, priced.cash_total if a == "all-cash" else priced.total if a == "all" else Money(a),
                          tendered=t) for m, a, t in tenders]
        return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shift, cashier, lines, tuple(tenders), customer,
                                        at=when))

    old = sell([("ROT-01", 4)], [("cash", "all-cash", None)], sari.id, AT - dt.timedelta(hours=20), yesterday.id)
    till.close_shift(yesterday.id, {100000: 1}, staff_id=cashier, at=AT - dt.timedelta(hours=12))
    shift = till.open_shift("K1", cashier, Money(200000), at=AT).id
    sell([("KUE-01", 1), ("ROT-01", 3)], [("cash", "all-cash", Money(200000))], when=at(1), shift=shift)
    sell([("KOP-05", 2)], [("qris", "all", None)], sari.id, at(2), shift)
    sell([("KRG-01", 12), ("CML-01", 10)], [("kasbon", "all", None)], toko.id, at(3), shift)  # reseller, free pack
    split = sell([("KUE-06", 1)], [("cash", 100000, Money(100000)), ("transfer", 103500, None)], sari.id, at(4),
                 shift)
    top_up_deposit(sari.id, Money(50000), "cash", shift_id=shift, staff_id=cashier, at=at(4.5))
    sell([("ROT-02", 2)], [("deposit", "all", None)], sari.id, at(5), shift)
    voided = sell([("ROT-03", 5)], [("cash", "all-cash", None)], when=at(6), shift=shift)
    void_sale(voided.number, owner_pin="1234", staff_id=cashier, shift_id=shift, till_id="K1", at=at(6.5))
    line = refundable_lines(old.number)[0]
    refund(old.number, {line.line_id: Quantity.of(1)}, back_to="original", owner_pin="1234", staff_id=cashier,
           shift_id=shift, till_id="K1", at=at(7))
    till.move_cash(shift, Money(-30000), "Beli gas", staff_id=cashier, at=at(7.5))
    till.move_cash(shift, Money(50000), "Tambah receh", staff_id=cashier, at=at(7.6))
    preorders.take_preorder(sari.id, [CartLine(ids["KUE-08"], Quantity.of(1))], dt.datetime(2026, 11, 21, 10, 0),
                            down_payment=Money(100000), method="cash", till_id="K1", shift_id=shift,
                            staff_id=cashier, now=at(8))
    from pos.services.kasbon import record_payment

    record_payment(toko.id, Money(100000), "cash", shift_id=shift, staff_id=cashier, at=at(9))
    return {"shift": shift, "split": split, "voided": voided, "old": old}


def rows_of_the_day():
    start = dt.datetime(2026, 11, 19, 17, 0)  # midnight in Jakarta
    end = start + dt.timedelta(days=1)
    sales = list(Sale.select().where((Sale.created_at >= start) & (Sale.created_at < end)))
    return start, end, sales


def test_every_figure_of_the_recap_equals_the_stored_rows(day):
    r = recap.day_recap(DAY)
    start, end, rows = rows_of_the_day()
    voided = [s for s in rows if s.status == "voided"]  # the voided sale and its void's record: not counted
    rows = [s for s in rows if s.status == "completed"]
    sales = [s for s in rows if s.kind == "sale"]
    refunds = [s for s in rows if s.kind == "refund"]
    lines = list(SaleLine.select().where(SaleLine.sale.in_([s.id for s in sales])))
    assert r.sales_count == len(sales) == 5 and len(voided) == 2
    assert r.sales_total == Money(sum(s.total.minor for s in sales))
    assert r.refunds_total == Money(sum(s.total.minor for s in refunds)) and len(r.refunds) == 1
    assert r.net_sales == r.sales_total + r.refunds_total
    assert r.gross_retail == Money(sum(line_amount(ln.quantity, ln.retail_price).minor for ln in lines))
    assert r.free_items == Money(sum(line_amount(ln.quantity, ln.retail_price).minor for ln in lines if ln.is_bonus))
    assert r.free_items.minor > 0 and r.given_by_prices.minor > 0
    paid = [ln for ln in lines if not ln.is_bonus]
    assert r.given_by_prices == Money(sum(line_amount(ln.quantity, ln.retail_price).minor
                                          - line_amount(ln.quantity, ln.unit_price).minor for ln in paid))
    assert r.discounts == Money(sum(ln.discount.minor for ln in paid))
    assert (r.gross_retail - r.given_by_prices - r.given_by_special - r.free_items
            == Money(sum(s.subtotal.minor for s in sales)))
    assert r.discounts == Money(sum(s.discount_total.minor for s in sales)) and r.discounts.minor > 0
    assert r.tax == Money(sum(s.tax_total.minor for s in rows)) and r.tax.minor != 0
    assert r.rounding == Money(sum(s.rounding.minor for s in rows)) and r.rounding.minor != 0
    payments = list(Payment.select().where(Payment.sale.in_([s.id for s in rows])))
    for method, amount in r.by_method:
        assert amount == Money(sum(p.amount.minor for p in payments if p.method == method)), method
    assert {m for m, _a in r.by_method} == {p.method for p in payments} >= {"cash", "qris", "kasbon", "transfer",
                                                                             "deposit"}
    day_entries = lambda model: [e for e in model.select() if start <= e.created_at < end]  # noqa: E731
    assert r.kasbon_given == Money(sum(e.amount.minor for e in day_entries(KasbonEntry) if e.amount.minor > 0))
    assert r.kasbon_collected == Money(100000)
    assert r.deposits_taken == Money(sum(e.amount.minor for e in day_entries(DepositEntry) if e.amount.minor > 0))
    assert r.deposits_taken == Money(150000)  # the top-up and the pre-order's down payment
    assert r.deposits_spent == Money(-sum(e.amount.minor for e in day_entries(DepositEntry)
                                          if e.amount.minor < 0 and e.sale_id))
    shift = Shift.get_by_id(day["shift"])
    expected = shift.opening_float.minor + sum(e.amount.minor for e in CashEntry.select().where(
        CashEntry.shift == shift))
    assert [s.expected for s in r.shifts] == [Money(expected)] == [till.shift_info(shift.id).summary.expected]
    assert r.cash_counted is None  # the shift is still open
    assert r.average_basket == Money((r.sales_total.minor * 2 + 5) // 10)  # ÷ 5, half up
    assert sum(f.count for f in r.by_hour) == 5 and sum(f.amount.minor for f in r.by_hour) == r.sales_total.minor
    after_refunds = list(SaleLine.select().where(SaleLine.sale.in_([s.id for s in rows])))
    assert sum(i.amount.minor for i in r.items) == sum(ln.amount.minor for ln in after_refunds) == r.items_total.minor
    assert sum(c.amount.minor for c in r.categories) == r.items_total.minor
    assert r.items_total + r.tax_added + r.rounding == r.net_sales
    assert (r.walk_in.count, r.known.count) == (1, 4) and r.walk_in.amount + r.known.amount == r.sales_total
    assert (r.new_customers, r.returning_customers) == (1, 1)  # Toko Makmur new, Bu Sari bought yesterday
    assert r.top_customers[0].label == "Toko Makmur"
    assert [v.void for v in r.refunds] == [False] and all(v.approved_by == "Bu Ani" for v in r.refunds)
    assert [(v.void, v.of_number, v.approved_by) for v in r.voids] == [(True, day["voided"].number, "Bu Ani")]
    assert r.voids_total == Money(-day["voided"].total.minor)
    assert [p[0] for p in r.preorders_tomorrow] == ["PO-K1-000001"]
    assert {g.promotion for g in r.given if g.free_items.minor} >= {"Beli 10 gratis 1 Keripik Pisang"}


def test_a_day_without_sales_is_an_empty_recap_and_bad_days_are_clear_errors(database):
    r = recap.day_recap(dt.date(2026, 1, 1))
    assert r.empty and r.sales_count == 0 and r.net_sales == Money(0) and r.by_method == ()
    with pytest.raises(InvalidInput, match="not a date"):
        recap.parse_day("2026-02-30", DAY)
    with pytest.raises(InvalidInput, match="has not happened yet"):
        recap.parse_day("2026-11-21", DAY)
    assert recap.parse_day(None, DAY) == DAY


@pytest.fixture
def sell_at(demo_database):
    """A demo shop with a shift open on tills K1 and K2 since 2026-01-01, and a way to sell a bun at a moment."""
    from pos.models import Product
    from pos.services.staff import authenticate

    cashier = authenticate("1111").id
    shifts = {t: till.open_shift(t, cashier, Money(0), at=dt.datetime(2026, 1, 1)).id for t in ("K1", "K2")}
    bun = Product.get(Product.code == "ROT-01").id

    def sell(when: dt.datetime, till_id: str = "K1"):
        lines = (CartLine(bun, Quantity.of(1)),)
        tenders = (Tender("qris", price(list(lines), None, at=when).total),)
        return checkout(CheckoutRequest(uuid.uuid4().hex, till_id, shifts[till_id], cashier, lines, tenders, at=when))

    return sell


def test_the_recap_counts_by_the_shop_hour_across_the_utc_day_and_one_till_at_a_time(sell_at):
    sell_at(dt.datetime(2026, 11, 19, 16, 59))  # 23:59 on the 19th in Jakarta: not the day
    sell_at(dt.datetime(2026, 11, 19, 17, 0))  # midnight: the day's first moment
    sell_at(dt.datetime(2026, 11, 19, 23, 30), "K2")  # 06:30, still the 19th in UTC
    sell_at(dt.datetime(2026, 11, 20, 0, 15))  # 07:15
    sell_at(dt.datetime(2026, 11, 20, 16, 59, 59))  # 23:59:59
    sell_at(dt.datetime(2026, 11, 20, 17, 0), "K2")  # midnight again: the next day
    hours = lambda r: [(f.label, f.count) for f in r.by_hour]  # noqa: E731
    both, k1, k2 = recap.day_recap(DAY), recap.day_recap(DAY, "K1"), recap.day_recap(DAY, "K2")
    assert hours(both) == [("00:00", 1), ("06:00", 1), ("07:00", 1), ("23:00", 1)]
    assert hours(k1) == [("00:00", 1), ("07:00", 1), ("23:00", 1)] and hours(k2) == [("06:00", 1)]
    assert (k1.sales_count, k2.sales_count) == (3, 1) and k1.sales_total + k2.sales_total == both.sales_total
    assert [m for m, _a in k2.by_method] == ["qris"] and k2.by_method[0][1] == k2.sales_total
    assert both.shifts == () and [s.till_id for s in recap.day_recap(dt.date(2026, 1, 1), "K2").shifts] == ["K2"]
    assert sum(i.quantity.thousandths for i in k1.items) == 3000 and k1.walk_in.count == 3


@pytest.mark.parametrize("zone, day, sales", [
    # clocks go forward at 02:00 (07:00 UTC): no 02:00 hour, and the day is 23 hours long
    ("America/New_York", dt.date(2026, 3, 8), [((5, 0), "00:00"), ((6, 59), "01:00"), ((7, 0), "03:00"),
                                               ((7, 30), "03:00"), ((27, 59), "23:00")]),
    # clocks go back at 02:00 (06:00 UTC): 01:00 twice, and the day is 25 hours long
    ("America/New_York", dt.date(2026, 11, 1), [((4, 0), "00:00"), ((5, 30), "01:00"), ((6, 30), "01:00"),
                                                ((7, 0), "02:00"), ((28, 59), "23:00")]),
    # half an hour off UTC: 00:29 UTC is 05:59
    ("Asia/Kolkata", dt.date(2026, 11, 20), [((-5, -30), "00:00"), ((0, 29), "05:00"), ((0, 30), "06:00")]),
])
def test_the_shop_hour_follows_the_zone_through_a_clock_change(sell_at, zone, day, sales):
    _update_shop_settings({"time_zone": zone})
    midnight_utc = dt.datetime.combine(day, dt.time())
    for (hours, minutes), _label in sales:
        sell_at(midnight_utc + dt.timedelta(hours=hours, minutes=minutes))
    sell_at(midnight_utc + dt.timedelta(hours=-7))  # the evening before, in each zone
    r = recap.day_recap(day)
    expected: dict[str, int] = {}
    for _at, label in sales:
        expected[label] = expected.get(label, 0) + 1
    assert [(f.label, f.count) for f in r.by_hour] == list(expected.items()) and r.sales_count == len(sales)
