"""Reports over a period, on SQLite and PostgreSQL, on a hand-built history with the answers written here."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.money import Money, Quantity
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput
from pos.services.pricing import price
from pos.services.reports import period_report
from pos.services.sales import CheckoutRequest, checkout


@pytest.fixture
def history(make_shop):
    shop = make_shop(100000)
    ani = add_customer(NewCustomer("Ani", "0813-7777-0001"))
    budi = add_customer(NewCustomer("Budi", "0813-7777-0002"))
    cici = add_customer(NewCustomer("Cici", "0813-7777-0003", segments=("student",)))

    def sell(code, qty, customer, when):
        lines = (CartLine(shop["ids"][code], Quantity.of(qty)),)
        total = price(list(lines), customer, at=when).total
        return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                        (Tender("transfer", total),), customer, at=when))

    # October: Ani twice, Budi once. November: Ani (returning), Cici (new), a walk-in; Budi buys 10 chips
    # (buy 10 get 1: one free pack, Rp 18.000 at retail).
    sell("ROT-01", 1, ani.id, dt.datetime(2026, 10, 5, 3))  # 18.000
    sell("ROT-01", 2, ani.id, dt.datetime(2026, 10, 20, 3))  # 36.000
    sell("KOP-01", 1, budi.id, dt.datetime(2026, 10, 21, 3))
    sell("ROT-01", 1, ani.id, dt.datetime(2026, 11, 2, 3))
    sell("ROT-01", 3, cici.id, dt.datetime(2026, 11, 3, 3))
    sell("ROT-01", 1, None, dt.datetime(2026, 11, 3, 4))
    chips = sell("CML-01", 10, budi.id, dt.datetime(2026, 11, 10, 3))
    return {"shop": shop, "chips": chips, "ani": ani.id}


def test_a_period_by_month_with_products_promotions_and_returning_customers(history):
    r = period_report(dt.date(2026, 10, 1), dt.date(2026, 11, 30), "month")
    assert [(row.label, row.sales, row.customers) for row in r.rows] == [("2026-10", 3, 2), ("2026-11", 4, 3)]
    assert r.total_sales == 7 and r.total_amount == Money(sum(row.amount.minor for row in r.rows))
    bread = next(p for p in r.products if p.name == "Roti Sobek Cokelat")
    assert (bread.quantity, bread.amount, bread.sales) == (Quantity.of(8), Money(8 * 18000), 5)
    chips = next(p for p in r.promotions if p.promotion == "Beli 10 gratis 1 Keripik Pisang")
    assert (chips.fired, chips.free_items, chips.sales_total) == (1, Money(18000), history["chips"].total)
    # November: Ani and Budi had bought before, Cici had not: 2 of 3. October: nobody had bought before.
    assert [(m.month, m.buyers, m.returning) for m in r.returning] == [("2026-10", 2, 0), ("2026-11", 3, 2)]
    assert round(r.returning[1].rate, 3) == 0.667
    assert {t.name: t.sales for t in r.tiers}["Walk-in"] == 1
    assert {s.name: s.sales for s in r.segments} == {"Pelajar/Mahasiswa": 1}


def test_by_day_and_week_and_bad_periods(history):
    days = period_report(dt.date(2026, 11, 1), dt.date(2026, 11, 5), "day")
    assert [(row.label, row.sales) for row in days.rows] == [("2026-11-02", 1), ("2026-11-03", 2)]
    weeks = period_report(dt.date(2026, 10, 1), dt.date(2026, 11, 30), "week")
    assert [row.label for row in weeks.rows] == ["2026-W41", "2026-W43", "2026-W45", "2026-W46"]
    with pytest.raises(InvalidInput, match="ends before it starts"):
        period_report(dt.date(2026, 11, 5), dt.date(2026, 11, 1))
    with pytest.raises(InvalidInput, match="day, week or month"):
        period_report(dt.date(2026, 11, 1), dt.date(2026, 11, 5), "year")
    empty = period_report(dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert empty.total_sales == 0 and empty.rows == () and empty.promotions == ()


def test_refunds_and_voids_count_as_in_the_day_recaps_and_the_products_are_net_of_refunds(history):
    from pos.services.recap import day_recap
    from pos.services.refunds import refund, refundable_lines, void_sale

    shop = history["shop"]
    lines = (CartLine(shop["ids"]["ROT-01"], Quantity.of(2)),)
    at = dt.datetime(2026, 11, 10, 5)
    voided = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                      (Tender("transfer", Money(36000)),), None, at=at))
    void_sale(voided.number, owner_pin="1234", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1",
              at=at + dt.timedelta(minutes=5))
    october = period_report(dt.date(2026, 10, 1), dt.date(2026, 10, 31)).rows[1]  # Ani's 2 loaves of 20 Oct
    line = refundable_lines("K1-000002")[0]
    refund("K1-000002", {line.line_id: Quantity.of(1)}, back_to="original", owner_pin="1234",
           staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1", at=dt.datetime(2026, 11, 12, 3))
    r = period_report(dt.date(2026, 10, 1), dt.date(2026, 11, 30), "day")
    assert r.total_sales == 7 and r.refunds_total == Money(-18000)  # the void counts for nothing
    assert r.total_amount == r.sales_amount - Money(18000)
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=n) for n in range(61)]
    assert r.total_amount == Money(sum(day_recap(d).net_sales.minor for d in days))
    by_label = {row.label: row for row in r.rows}
    assert (by_label["2026-11-12"].sales, by_label["2026-11-12"].amount) == (0, Money(-18000))
    assert by_label["2026-10-20"].amount == october.amount  # the refund counts on its own day
    bread = next(p for p in r.products if p.name == "Roti Sobek Cokelat")
    assert (bread.quantity, bread.amount, bread.sales) == (Quantity.of(7), Money(7 * 18000), 5)
