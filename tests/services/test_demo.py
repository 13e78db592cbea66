import pytest

from pos.models import (ALL_MODELS, AuditEntry, Category, Customer, PinSalt, PriceTier, Product, Promotion,
                        StaffUser, TierPrice)
from pos.money import Quantity
from pos.services import db
from pos.services.demo import create_demo
from pos.services.errors import PosError
from pos.services.phones import normalize_phone
from pos.services.staff import authenticate
from tests.factories import make_product


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, except what is salted (PIN hashes) or stamped with the clock (audit)."""
    out = {}
    for model in ALL_MODELS:
        if model in (AuditEntry, PinSalt):
            continue
        fields = [f for f in model._meta.sorted_fields if f.name not in ("pin_hash", "pin_key")]
        out[model.__name__] = [tuple(getattr(row, f.name + ("_id" if f.name != "id" and hasattr(row, f.name + "_id")
                                                             else "")) for f in fields)
                               for row in model.select().order_by(model._meta.primary_key)]
    return out


def test_the_demo_shop_is_believable(database):
    result = create_demo(seed=1)
    assert result.created and (result.products, result.customers, result.promotions) == (40, 200, 7)
    assert Category.select().count() == 5
    assert Product.select().where(Product.barcode.is_null(False)).count() >= 10
    assert {t.code for t in PriceTier.select()} == {"retail", "regular", "reseller"}
    breaks = TierPrice.select().join(PriceTier).where(PriceTier.code == "reseller", TierPrice.min_qty > Quantity.of(1))
    assert breaks.count() >= 10
    phones = [c.phone for c in Customer.select() if c.phone]
    assert len(phones) == len(set(phones)) > 150
    assert all(normalize_phone(p) == p for p in phones)
    assert Customer.select().join(PriceTier).where(PriceTier.code == "reseller").count() >= 10
    assert {p.kind for p in Promotion.select()} >= {"buy_x_get_y", "threshold_gift", "period_discount",
                                                    "stamp_card", "bonus_pack", "markdown",
                                                    "segment_discount"}
    assert authenticate("1234").role == "owner"
    assert authenticate("1111").role == "cashier"
    assert StaffUser.select().count() == 2


def test_the_demo_is_deterministic_for_a_seed_and_differs_between_seeds(empty_url, make_url):
    from tests.conftest import engine_of

    db.open_database(empty_url)
    create_demo(seed=7)
    first = dump()
    db.close_database()

    db.open_database(make_url(engine_of(empty_url)))
    create_demo(seed=7)
    assert dump() == first
    db.close_database()

    db.open_database(make_url(engine_of(empty_url)))
    create_demo(seed=8)
    assert dump()["Customer"] != first["Customer"]


def test_running_the_demo_twice_changes_nothing(database):
    create_demo(seed=3)
    before, audit = dump(), AuditEntry.select().count()
    again = create_demo(seed=3)
    assert again.created is False
    assert dump() == before and AuditEntry.select().count() == audit


def test_the_demo_refuses_a_real_shop(database):
    make_product(name="Roti Buaya")
    with pytest.raises(PosError, match="holds a shop already"):
        create_demo(seed=1)
    assert Product.select().count() == 1 and Customer.select().count() == 0


def test_the_demos_period_reports_are_the_sum_of_their_days_net_sales(database):
    """Any range of the demo's history, by day, week or month: the report's total is the sum of the day recaps'
    net sales (voids count for nothing, refunds on their day); the last days show tax, rounding, a void and a
    split refund."""
    import datetime as dt

    from pos.services.recap import day_recap
    from pos.services.reports import period_report

    today = dt.date(2026, 11, 26)
    create_demo(seed=1, history_days=12, today=today)
    first = today - dt.timedelta(days=11)
    nets = {first + dt.timedelta(days=n): day_recap(first + dt.timedelta(days=n)).net_sales.minor
            for n in range(12)}
    for start, end in ((first, today), (first + dt.timedelta(days=3), today - dt.timedelta(days=2)),
                       (today - dt.timedelta(days=1), today - dt.timedelta(days=1))):
        expected = sum(v for d, v in nets.items() if start <= d <= end)
        for by in ("day", "week", "month"):
            assert period_report(start, end, by).total_amount.minor == expected, (start, end, by)
    yesterday = day_recap(today - dt.timedelta(days=1))
    assert yesterday.voids and yesterday.refunds and yesterday.sales_tax_added.minor > 0
    assert yesterday.rounding.minor != 0
    from pos.models import Payment, Sale

    methods = [{p.method for p in Payment.select().join(Sale).where(Sale.number == x.number)}
               for x in yesterday.refunds]
    assert {"cash", "qris"} in methods  # the split refund: its cash share rounded, the QRIS share exact


def test_the_demos_drinks_go_to_the_bar_once_a_bar_printer_is_set(make_shop):
    from pos.domain.pricing import CartLine
    from pos.domain.till import Tender
    from pos.models import PrintJob
    from pos.money import Money
    from pos.services.bar_tickets import category_stations, queue_sale_tickets
    from pos.services.print_queue import PrinterConfig
    from pos.services.product_options import options_for
    from pos.services.sales import CheckoutRequest, checkout
    from tests.services.coffee_counter import printed_text

    shop = make_shop(100000)  # the demo shop, a shift open at K1
    assert {(c.name, c.station) for c in category_stations()} == {
        ("Kue", ""), ("Roti", ""), ("Kue Kering", ""), ("Kopi & Minuman", "bar"), ("Camilan", "")}
    kopi = shop["ids"]["KOP-05"]
    usual = tuple(g.chosen(c) for g in options_for(kopi) for c in g.offered if c.default)
    lines = (CartLine(kopi, Quantity.of(1), options=usual), CartLine(shop["ids"]["KUE-01"], Quantity.of(1)))
    sale = checkout(CheckoutRequest("demo-bar-1", "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender("qris", Money(70000)),), None))  # 15.000 + 55.000
    assert queue_sale_tickets(sale.id, None, till_id="K1") == ()  # no bar printer on the till: nothing asked
    printed = queue_sale_tickets(sale.id, {"bar": PrinterConfig("file:///dev/null", "generic58")}, till_id="K1")
    assert [p.refused for p in printed] == [""]  # one ticket, the bar's: the cake goes to no printer
    ticket = " ".join(printed_text(bytes(PrintJob.get_by_id(printed[0].job.id).payload)).split())
    assert "Es Kopi Susu Gula Aren" in ticket and "Bolu" not in ticket, ticket


def test_the_demos_leftovers_are_carried_and_sold_at_the_day_old_price(database):
    """Some mornings sell yesterday's bread at half price: the evening before carried it (all its leftovers
    accounted for), the recap and the bake plan show it, and today's tray holds yesterday's beside the bake."""
    import datetime as dt

    from pos.domain.trays import check_split
    from pos.models import Sale, SaleLine, Tray, TrayLeftover
    from pos.services.bake_plan import bake_plan
    from pos.services.recap import day_recap
    from pos.services.trays import counter_trays, trays_of_day

    today = dt.date(2026, 11, 26)
    create_demo(seed=1, history_days=12, today=today)
    old = list(SaleLine.select().join(Sale).where(SaleLine.price_source == "day_old", Sale.kind == "sale"))
    assert old and all(line.unit_price.minor * 2 == line.retail_price.minor for line in old)
    carried = list(TrayLeftover.select().where(TrayLeftover.outcome == "carried"))
    assert len(carried) >= 3
    for day in (today - dt.timedelta(days=n) for n in range(1, 12)):  # every leftover went somewhere, once
        for row in trays_of_day(day):
            if row.made.thousandths or row.day_old.thousandths:
                check_split(row.left.thousandths, row.day_old_left.thousandths,
                            {k: q.thousandths for k, q in row.outcomes.items()})
                assert row.day_old_sold <= row.day_old
    a_day = next(t.day for t in Tray.select().where(Tray.day_old > 0, Tray.day < today).order_by(Tray.day))
    assert any(f.day_old.thousandths for f in day_recap(a_day).trays)
    assert any(row.suggestion.carried for row in bake_plan(today, {}))  # today's bake less yesterday's carried
    here = [t for t in counter_trays(today).values() if t.has_day_old]
    assert here and all(t.day_old_left.thousandths > 0 and t.left.thousandths > 0 for t in here)


def test_the_demo_with_its_history_has_a_table_still_sitting_on_an_open_bill(database):
    import datetime as dt

    from pos.money import Money
    from pos.services import open_bills
    from pos.services.open_bills import bill_cart

    create_demo(seed=1, history_days=2, today=dt.date(2026, 11, 26))
    [bill] = open_bills.open_bills()
    coffee = Product.get(Product.code == "KOP-05")
    bread = Product.get(Product.code == "ROT-01")
    assert (bill.name, bill.items, bill.unsent, bill.queue_number is not None) == ("Meja 2", 2, 0, True)
    assert bill.amount == Money(2 * (coffee.retail_price.minor + 5000) + bread.retail_price.minor)  # large: +5.000
    [drinks, _bread] = bill_cart(bill.id).cart.lines
    assert [o.name for o in drinks.options] == ["Besar", "Kurang manis", "Es normal"]
