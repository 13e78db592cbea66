"""The day recap and the period report recomputed from the raw rows with the test's own SQL, on SQLite and
PostgreSQL. Three days made through the real services: tax on top and cash rounding, cash, QRIS, kasbon, a
split cash + transfer sale, a customer's special price, a deposit, a void, a refund of the day before, a
split refund (its cash share rounded), kasbon paid back by transfer, late-night sales on either side of the
shop's midnight and a late sale voided after it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Product, db
from pos.money import Money, Quantity
from pos.services import recap, till
from pos.services.accounts import pay_kasbon, top_up_deposit
from pos.services.customers import NewCustomer, add_customer
from pos.services.pricing import price
from pos.services.refunds import refund, refundable_lines, void_sale
from pos.services.reports import period_report
from pos.services.sales import CheckoutRequest, checkout
from pos.services.shop import _update_shop_settings
from pos.services.special_prices import set_special_price

JAKARTA = ZoneInfo("Asia/Jakarta")
D0, D1, D2 = dt.date(2026, 11, 19), dt.date(2026, 11, 20), dt.date(2026, 11, 21)
KEPT_BACK = ("bonus_deduction", "tier_deduction", "promotion_deduction")


def utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of the shop's day (Jakarta), as stored (naive UTC)."""
    local = dt.datetime.combine(day, dt.time(hour, minute), JAKARTA)
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


@pytest.fixture
def days(database):
    from pos.services.demo import create_demo
    from pos.services.staff import authenticate

    create_demo(seed=1)
    _update_shop_settings({"tax_enabled": True, "tax_rate": "10", "cash_rounding": 500})
    cashier = authenticate("1111").id
    ids = {p.code: p.id for p in Product.select()}
    toko = add_customer(NewCustomer("Toko Makmur", "0813-4444-0001", tier="reseller", credit_limit=Money(5_000_000)),
                        owner_pin=owner_pin())
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    budi = add_customer(NewCustomer("Pak Budi", "0813-5555-0102"))
    set_special_price(budi.id, ids["KUE-01"], Money(50000), owner_pin=owner_pin())

    def sell(items, tenders, customer, when, shift):
        lines = tuple(CartLine(ids[code], Quantity.of(q)) for code, q in items)
        priced = price(list(lines), customer, at=when)
        tenders = [Tender(m, priced.cash_total if a == "all-cash" else priced.total if a == "all" else
                          priced.total - Money(-a) if isinstance(a, int) and a < 0 else Money(a), tendered=t)
                   for m, a, t in tenders]
        return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shift, cashier, lines, tuple(tenders), customer,
                                        at=when))

    def give_back(sale, quantity, when, shift, back_to="original"):
        line = next(x for x in refundable_lines(sale.number) if not x.is_bonus)
        refund(sale.number, {line.line_id: Quantity.of(quantity)}, back_to=back_to, owner_pin="1234",
               staff_id=cashier, shift_id=shift, till_id="K1", at=when)

    def void(sale, when, shift):
        void_sale(sale.number, owner_pin="1234", staff_id=cashier, shift_id=shift, till_id="K1", at=when)

    first = till.open_shift("K1", cashier, Money(100000), at=utc(D0, 8)).id
    old = sell([("ROT-01", 4)], [("cash", "all-cash", None)], sari.id, utc(D0, 9), first)
    sell([("KOP-05", 1)], [("qris", "all", None)], None, utc(D0, 10), first)
    till.close_shift(first, {100000: 1, 50000: 1, 20000: 1, 5000: 1}, staff_id=cashier, at=utc(D0, 20))

    shift = till.open_shift("K1", cashier, Money(200000), at=utc(D1, 7)).id
    sell([("KUE-01", 1), ("ROT-01", 3)], [("cash", "all-cash", Money(200000))], None, utc(D1, 8), shift)
    sell([("KOP-05", 2)], [("qris", "all", None)], sari.id, utc(D1, 9), shift)
    sell([("KRG-01", 12), ("CML-01", 10)], [("kasbon", "all", None)], toko.id, utc(D1, 10), shift)
    split = sell([("KUE-06", 1), ("ROT-02", 2)], [("cash", 50000, None), ("transfer", -50000, None)], sari.id,
                 utc(D1, 11), shift)
    sell([("KUE-01", 2)], [("qris", "all", None)], budi.id, utc(D1, 11, 30), shift)  # the special price
    top_up_deposit(sari.id, Money(50000), "cash", shift_id=shift, staff_id=cashier, at=utc(D1, 12))
    sell([("ROT-02", 2)], [("deposit", "all", None)], sari.id, utc(D1, 12, 30), shift)
    voided = sell([("ROT-03", 5)], [("cash", "all-cash", None)], None, utc(D1, 13), shift)
    void(voided, utc(D1, 13, 5), shift)
    give_back(old, 1, utc(D1, 14), shift)  # a refund of the day before's sale
    give_back(split, 1, utc(D1, 15), shift)  # the split sale: cash share rounded, transfer exact
    pay_kasbon(toko.id, Money(100000), "transfer", shift_id=shift, staff_id=cashier, at=utc(D1, 16))
    sell([("KOP-05", 1)], [("cash", "all-cash", Money(50000))], None, utc(D1, 23, 40), shift)  # late: day 1
    late = sell([("ROT-03", 2)], [("cash", "all-cash", None)], None, utc(D1, 23, 50), shift)
    void(late, utc(D2, 0, 10), shift)  # voided after midnight: neither day counts it
    sell([("ROT-01", 1)], [("qris", "all", None)], None, utc(D2, 0, 30), shift)  # after midnight: day 2
    return {"shift": shift, "split": split, "old": old, "voided": voided, "late": late}


def rows(sql: str, *params) -> list[tuple]:
    return db.execute_sql(sql.replace("?", db.obj.param), params).fetchall()


def bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return utc(day, 0), utc(day + dt.timedelta(days=1), 0)


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def at_price(quantity: int, unit: int) -> int:
    return half_up(Decimal(quantity * unit) / 1000)


def moment(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def by_hand(day: dt.date) -> dict:
    """Every figure of the day's recap, from the raw rows."""
    start, end = bounds(day)
    rng = "s.created_at >= ? AND s.created_at < ?"
    sales = rows(f"SELECT s.total, s.rounding, s.tax_total, s.customer_id, s.created_at, "
                 f"(SELECT SUM(l.amount) FROM sale_line l WHERE l.sale_id = s.id) FROM sale s "
                 f"WHERE s.kind = 'sale' AND s.status = 'completed' AND {rng}", start, end)
    refunds = rows(f"SELECT s.total, s.rounding, s.tax_total, "
                   f"(SELECT SUM(l.amount) FROM sale_line l WHERE l.sale_id = s.id) FROM sale s "
                   f"WHERE s.kind = 'refund' AND s.status = 'completed' AND {rng}", start, end)
    lines = rows(f"SELECT l.quantity, l.retail_price, l.unit_price, l.discount, l.is_bonus, l.price_source "
                 f"FROM sale_line l JOIN sale s ON s.id = l.sale_id "
                 f"WHERE s.kind = 'sale' AND s.status = 'completed' AND {rng}", start, end)
    items = rows(f"SELECT l.description, l.quantity, l.amount, l.price_source FROM sale_line l "
                 f"JOIN sale s ON s.id = l.sale_id WHERE s.status = 'completed' AND {rng}", start, end)
    f: dict = {"sales_count": len(sales), "sales_total": sum(s[0] for s in sales),
               "refunds_total": sum(r[0] for r in refunds), "sales_rounding": sum(s[1] for s in sales),
               "rounding": sum(s[1] for s in sales) + sum(r[1] for r in refunds),
               "tax": sum(s[2] for s in sales) + sum(r[2] for r in refunds),
               "sales_tax_added": sum(s[0] - (s[5] or 0) - s[1] for s in sales),
               "tax_added": sum(s[0] - (s[5] or 0) - s[1] for s in sales) + sum(r[0] - (r[3] or 0) - r[1]
                                                                             for r in refunds)}
    f["net_sales"] = f["sales_total"] + f["refunds_total"]
    f["gross_retail"] = sum(at_price(q, retail) for q, retail, *_rest in lines)
    f["free_items"] = sum(at_price(q, retail) for q, retail, _u, _d, bonus, _s in lines if bonus)
    paid = [ln for ln in lines if not ln[4]]
    f["given_by_special"] = sum(at_price(q, r) - at_price(q, u) for q, r, u, _d, _b, s in paid if s == "special")
    f["given_by_prices"] = sum(at_price(q, r) - at_price(q, u) for q, r, u, _d, _b, s in paid if s != "special")
    f["discounts"] = sum(d for _q, _r, _u, d, _b, _s in paid)
    goods: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, quantity, amount, source in items:
        goods[name][0] += 0 if source in KEPT_BACK else quantity
        goods[name][1] += amount
    f["items"] = {name: (q, a) for name, (q, a) in goods.items() if q or a}
    f["items_total"] = sum(a for _q, a in f["items"].values())
    f["by_method"] = dict(rows(f"SELECT m.method, SUM(m.amount) FROM payment m JOIN sale s ON s.id = m.sale_id "
                               f"WHERE s.status = 'completed' AND {rng} GROUP BY m.method", start, end))
    hours: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    walk_in = [0, 0]
    for total, _r, _t, customer, created, _l in sales:
        local = moment(created).replace(tzinfo=dt.timezone.utc).astimezone(JAKARTA)
        hours[f"{local.hour:02d}:00"][0] += 1
        hours[f"{local.hour:02d}:00"][1] += total
        if customer is None:
            walk_in[0] += 1
            walk_in[1] += total
    f["by_hour"] = {label: tuple(v) for label, v in hours.items()}
    f["walk_in"] = tuple(walk_in)
    f["average_basket"] = half_up(Decimal(f["sales_total"]) / len(sales)) if sales else 0
    f["voids"] = sorted(rows(f"SELECT s.number, o.number, s.total FROM sale s JOIN sale o ON o.id = s.refund_of_id "
                             f"WHERE s.kind = 'refund' AND s.status = 'voided' AND {rng}", start, end))
    f["kasbon_by_method"] = dict(rows("SELECT method, SUM(-amount) FROM kasbon_entry WHERE sale_id IS NULL "
                                      "AND amount < 0 AND created_at >= ? AND created_at < ? GROUP BY method",
                                      start, end))
    f["expected"] = [opening + entries for opening, entries in rows(
        "SELECT h.opening_float, (SELECT COALESCE(SUM(e.amount), 0) FROM cash_entry e WHERE e.shift_id = h.id) "
        "FROM shift h WHERE h.opened_at >= ? AND h.opened_at < ? ORDER BY h.opened_at", start, end)]
    return f


def from_recap(r) -> dict:
    money = ("sales_total", "refunds_total", "sales_rounding", "rounding", "tax", "sales_tax_added", "tax_added",
             "net_sales", "gross_retail", "free_items", "given_by_special", "given_by_prices", "discounts",
             "items_total", "average_basket")
    f = {name: getattr(r, name).minor for name in money}
    f["sales_count"] = r.sales_count
    f["items"] = {i.product: (i.quantity.thousandths, i.amount.minor) for i in r.items}
    f["by_method"] = {m: a.minor for m, a in r.by_method}
    f["by_hour"] = {h.label: (h.count, h.amount.minor) for h in r.by_hour}
    f["walk_in"] = (r.walk_in.count, r.walk_in.amount.minor)
    f["voids"] = sorted((v.number, v.of_number, v.total.minor) for v in r.voids)
    f["kasbon_by_method"] = {m: a.minor for m, a in r.kasbon_by_method}
    f["expected"] = [s.expected.minor for s in r.shifts]
    return f


def test_every_figure_of_three_day_recaps_equals_the_raw_rows(days):
    recaps = {day: recap.day_recap(day) for day in (D0, D1, D2)}
    for day, r in recaps.items():
        assert from_recap(r) == by_hand(day), day
        # each block adds up as the paper says
        assert (r.gross_retail - r.given_by_prices - r.given_by_special - r.discounts - r.free_items
                + r.sales_tax_added + r.sales_rounding == r.sales_total), day
        assert r.sales_total + r.refunds_total == r.net_sales == Money(sum(a.minor for _m, a in r.by_method))
        assert r.items_total + r.tax_added + r.rounding == r.net_sales
    one = recaps[D1]
    # the day has every case: not vacuous
    assert one.sales_count == 7 and len(one.refunds) == 2 and len(one.voids) == 1
    assert one.given_by_special.minor > 0 and one.given_by_prices.minor > 0 and one.free_items.minor > 0
    assert one.sales_tax_added.minor > 0 and one.sales_rounding.minor != 0
    assert {m for m, _a in one.by_method} == {"cash", "qris", "kasbon", "transfer", "deposit"}
    assert [f.label for f in one.by_hour][-1] == "23:00"  # the late sale is the day's
    assert one.kasbon_by_method == (("transfer", Money(100000)),)
    assert [v.of_number for v in one.voids] == [days["voided"].number]  # the late one voided on day 2
    assert [v.of_number for v in recaps[D2].voids] == [days["late"].number] and recaps[D2].sales_count == 1
    assert days["late"].number not in {i.product for i in one.items}
    # the void's goods never left the shop; the refunded roll came back
    assert "Roti Sobek Cokelat" in {i.product for i in one.items}
    # cash given back is countable: every refund in cash, and the drawer, in whole Rp 500
    cash_back = rows("SELECT amount FROM cash_entry WHERE kind = 'refund'")
    assert cash_back and all(a % 500 == 0 for (a,) in cash_back)
    assert one.cash_expected.minor % 500 == 0


def test_a_period_report_is_the_sum_of_its_days(days):
    nets = {day: recap.day_recap(day).net_sales for day in (D0, D1, D2)}
    for by in ("day", "week", "month"):
        report = period_report(D0, D2, by)
        assert report.total_amount == Money(sum(n.minor for n in nets.values())), by
        assert report.total_amount == Money(sum(row.amount.minor for row in report.rows))
    by_day = period_report(D0, D2, "day")
    assert {row.label: row.amount for row in by_day.rows} == {d.isoformat(): n for d, n in nets.items()}
    assert by_day.total_sales == sum(recap.day_recap(d).sales_count for d in (D0, D1, D2)) == 10
    items = sum(recap.day_recap(d).items_total.minor for d in (D0, D1, D2))
    assert sum(p.amount.minor for p in by_day.products) == items  # the products after refunds
