"""Pre-orders on SQLite and PostgreSQL: the down payment as deposit, cancellation refunded or forfeited with the
cash ledger right, pickup at the agreed price with the right balance, the production list of a day."""

from __future__ import annotations

import datetime as dt

import pytest

from pos.domain.pricing import CartLine
from pos.models import AuditEntry, CashEntry, DepositEntry, Preorder, Sale, SaleLine
from pos.money import Money, Quantity
from pos.services import preorders
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.sales import deposit_held

NOW = dt.datetime(2026, 11, 25, 3, 0)  # Wednesday 10:00 in Jakarta
SATURDAY_10 = dt.datetime(2026, 11, 28, 10, 0)  # shop time


@pytest.fixture
def shop(make_shop):
    s = make_shop(100000)
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    return {**s, "sari": sari.id}


def cash(shift) -> int:
    return sum(e.amount.minor for e in CashEntry.select().where(CashEntry.shift == shift))


def take(shop, *, dp=100000, method="cash", code="KUE-06", qty=1, details=None, pickup=SATURDAY_10):
    return preorders.take_preorder(shop["sari"], [CartLine(shop["ids"][code], Quantity.of(qty))], pickup,
                                   down_payment=Money(dp), method=method, details=details or {},
                                   till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"], now=NOW)


def test_the_down_payment_is_held_as_deposit_and_cash_is_in_the_drawer(shop):
    before = cash(shop["shift"])
    order = take(shop, details={0: "Selamat Ulang Tahun Dinda ke-7"})
    assert order.number == "PO-K1-000001" and order.status == "ordered"
    assert (order.total, order.down_payment, order.balance) == (Money(185000), Money(100000), Money(85000))
    assert order.lines[0].details == "Selamat Ulang Tahun Dinda ke-7"
    assert deposit_held(shop["sari"]) == Money(100000)
    assert DepositEntry.get().note == "Down payment PO-K1-000001"
    assert cash(shop["shift"]) - before == 100000
    assert preorders.to_local(order.pickup_at) == SATURDAY_10
    transfer = take(shop, dp=50000, method="transfer")
    assert cash(shop["shift"]) - before == 100000 and deposit_held(shop["sari"]) == Money(150000)
    assert transfer.number == "PO-K1-000002"


@pytest.mark.parametrize("change, message", [
    (dict(pickup=dt.datetime(2026, 11, 25, 9, 0)), "has passed already"),
    (dict(dp=500000), "more than the order"),
    (dict(dp=-1), "cannot be negative"),
    (dict(method="kasbon"), "Unknown payment method"),
])
def test_a_bad_order_changes_nothing(shop, change, message):
    with pytest.raises(InvalidInput, match=message):
        take(shop, **change)
    assert Preorder.select().count() == 0 and DepositEntry.select().count() == 0


def test_a_cancellation_with_the_down_payment_refunded_in_cash(shop):
    order = take(shop)
    before = cash(shop["shift"])
    with pytest.raises(NotAllowed):
        preorders.cancel_preorder(order.id, "refunded", owner_pin="1111", shift_id=shop["shift"],
                                  staff_id=shop["cashier"])
    done = preorders.cancel_preorder(order.id, "refunded", owner_pin="1234", shift_id=shop["shift"],
                                     staff_id=shop["cashier"])
    assert done.status == "cancelled" and Preorder.get_by_id(order.id).cancel_outcome == "refunded"
    assert deposit_held(shop["sari"]) == Money(0)
    assert cash(shop["shift"]) - before == -100000  # the money left the drawer
    with pytest.raises(InvalidInput, match="cancelled"):
        preorders.pick_up(order.id, till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"])


def test_a_cancellation_with_the_down_payment_forfeited(shop):
    order = take(shop)
    before = cash(shop["shift"])
    preorders.cancel_preorder(order.id, "forfeited", owner_pin="1234", shift_id=shop["shift"],
                              staff_id=shop["cashier"])
    assert deposit_held(shop["sari"]) == Money(0)  # the customer is owed nothing
    assert cash(shop["shift"]) == before  # the shop keeps the money that came in
    assert "forfeited" in DepositEntry.select().order_by(DepositEntry.id.desc()).get().note
    assert AuditEntry.get(AuditEntry.action == "preorder.cancelled").details["outcome"] == "forfeited"


def test_the_pickup_is_a_sale_at_the_agreed_price_with_the_down_payment_deducted(shop):
    from pos.models import Product

    order = take(shop, qty=2)  # 2 × Black Forest at Rp 185.000
    Product.update(retail_price=Money(200000)).where(Product.code == "KUE-06").execute()  # the price went up
    preorders.set_status(order.id, "in_production")
    preorders.set_status(order.id, "ready")
    before = cash(shop["shift"])
    result = preorders.pick_up(order.id, "cash", till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"],
                               tendered=Money(300000), at=NOW + dt.timedelta(days=3))
    sale = Sale.get_by_id(result.id)
    assert sale.total == Money(370000)  # as agreed, not 2 × 200.000
    assert [(p.method, p.amount.minor) for p in sale.payments.order_by("id")] == [("deposit", 100000),
                                                                                  ("cash", 270000)]
    assert result.change == Money(30000)
    assert cash(shop["shift"]) - before == 270000
    assert deposit_held(shop["sari"]) == Money(0)
    assert [(ln.description, ln.quantity, ln.unit_price) for ln in SaleLine.select().where(SaleLine.sale == sale)] \
        == [("Black Forest 20 cm", Quantity.of(2), Money(185000)),
            ("Nastar Mini Tester 100 g", Quantity.of(1), Money(0))]  # the tester earned when it was ordered
    assert preorders.get_preorder(order.id).status == "picked_up"
    with pytest.raises(InvalidInput, match="picked up"):
        preorders.pick_up(order.id, till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"])
    with pytest.raises(InvalidInput):
        preorders.set_status(order.id, "ready")


def test_the_production_list_of_a_day_with_two_cakes_and_their_writing(shop):
    take(shop, details={0: "Happy Birthday Dinda"})
    take(shop, details={0: "Selamat Menempuh Hidup Baru"}, pickup=SATURDAY_10 + dt.timedelta(hours=5))
    take(shop, code="ROT-01", qty=20)
    take(shop, pickup=SATURDAY_10 + dt.timedelta(days=1))  # Sunday: not on Saturday's list
    cancelled = take(shop)
    preorders.cancel_preorder(cancelled.id, "forfeited", owner_pin="1234", shift_id=shop["shift"],
                              staff_id=shop["cashier"])
    groups = preorders.production_list(dt.date(2026, 11, 28))
    assert [(g.product, g.quantity) for g in groups] == [("Black Forest 20 cm", Quantity.of(2)),
                                                         ("Nastar Mini Tester 100 g", Quantity.of(1)),
                                                         ("Roti Sobek Cokelat", Quantity.of(20))]
    cakes = groups[0].items
    assert [(i.details, i.pickup.hour) for i in cakes] == [("Happy Birthday Dinda", 10),
                                                           ("Selamat Menempuh Hidup Baru", 15)]


def test_the_confirmation_and_tomorrows_reminders(shop):
    from urllib.parse import unquote

    order = take(shop, details={0: "Happy Birthday Dinda"}, pickup=dt.datetime(2026, 11, 26, 16, 0))
    text = unquote(preorders.confirmation_link(order.id))
    assert "wa.me/6281355550101" in text and order.number in text and "Happy Birthday Dinda" in text
    assert "Rp 85.000" in text and "26 Nov 2026 16:00" in text
    reminders = preorders.tomorrow_reminders(NOW)
    assert [(o.number, bool(link)) for o, link in reminders] == [(order.number, True)]


def test_the_production_list_on_paper_and_in_a_pdf(shop):
    import io

    from pypdf import PdfReader

    from pos.printing.orders import production_document
    from pos.printing.render_text import to_text

    take(shop, details={0: "Happy Birthday Dinda"})
    take(shop, details={0: "Selamat Menempuh Hidup Baru"}, pickup=SATURDAY_10 + dt.timedelta(hours=5))
    day = dt.date(2026, 11, 28)
    text = to_text(production_document(preorders.production_data(day)), 32)
    assert "Black Forest 20 cm" in text and '"Happy Birthday Dinda"' in text and "15:00 PO-K1-000002" in text
    pdf = PdfReader(io.BytesIO(preorders.production_file(day))).pages[0].extract_text()
    assert "PRODUCTION LIST" in pdf and "Selamat Menempuh Hidup Baru" in pdf and "PO-K1-000001" in pdf
    empty = to_text(production_document(preorders.production_data(day + dt.timedelta(days=3))), 32)
    assert "No orders for this day." in empty


def test_a_pickup_at_the_counter_is_one_operation_with_its_receipt_queued(shop):
    from pos.models import PrintJob
    from pos.services import print_queue
    from pos.services.preorder_counter import complete_pickup
    from pos.services.print_queue import PrinterConfig

    order = take(shop)  # Black Forest at Rp 185.000, Rp 100.000 down
    done = complete_pickup(order.id, "qris", till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"],
                           at=NOW + dt.timedelta(days=3), printer=PrinterConfig("file:///dev/null", "generic58"))
    assert (done.order.status, done.order.sale_id, done.paid_now) == ("picked_up", done.sale.id, Money(85000))
    job = PrintJob.get_by_id(done.printed.job.id)
    assert (job.kind, job.reference, job.status) == ("receipt", done.sale.number, print_queue.QUEUED)
    assert b"Black Forest" in bytes(job.payload)


def test_a_pickup_with_no_printer_set_up_is_stored_all_the_same(shop):
    from pos.models import PrintJob
    from pos.services.preorder_counter import complete_pickup
    from pos.services.print_queue import PrinterConfig

    order = take(shop)
    done = complete_pickup(order.id, "cash", till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"],
                           tendered=Money(100000), printer=PrinterConfig("", "generic58"))
    assert done.printed.job is None and "printer" in done.printed.refused
    assert preorders.get_preorder(order.id).status == "picked_up" and PrintJob.select().count() == 0
    assert done.sale.change == Money(15000)


def test_the_production_sheet_is_built_once_for_the_paper_and_the_pdf(shop, monkeypatch):
    import io

    from pypdf import PdfReader

    from pos.models import PrintJob
    from pos.services import preorder_counter
    from pos.services.print_queue import PrinterConfig

    take(shop, details={0: "Happy Birthday Dinda"})
    builds, real = [], preorder_counter.production_data
    monkeypatch.setattr(preorder_counter, "production_data", lambda day: builds.append(day) or real(day))
    day = dt.date(2026, 11, 28)
    sheet = preorder_counter.production_sheet(day, till_id="K1",
                                              printer=PrinterConfig("file:///dev/null", "generic58"))
    job = PrintJob.get_by_id(sheet.printed.job.id)
    assert (job.kind, job.reference) == ("production", "2026-11-28") and b"Happy Birthday Dinda" in bytes(job.payload)
    assert "Happy Birthday Dinda" in PdfReader(io.BytesIO(sheet.pdf)).pages[0].extract_text()
    assert builds == [day]
    assert preorder_counter.production_sheet(day, till_id="K1").printed.job is None  # no paper asked


def _coffee_with(shop, *names: str) -> CartLine:
    """2 × the demo's Es Kopi Susu Gula Aren (Rp 15.000) with these choices, as the options panel gives them."""
    from pos.services.product_options import options_for

    kopi = shop["ids"]["KOP-05"]
    chosen = tuple(g.chosen(c) for g in options_for(kopi) for c in g.offered if c.name in names)
    assert [o.name for o in chosen] == list(names)
    return CartLine(kopi, Quantity.of(2), options=chosen)


def test_a_pre_order_keeps_its_choices_to_the_pickup_the_production_sheet_and_the_receipt(shop):
    from pos.models import PrintJob, SaleLineChoice
    from pos.printing.orders import production_document
    from pos.printing.render_text import to_text
    from pos.services.preorder_counter import complete_pickup
    from pos.services.print_queue import PrinterConfig

    line = _coffee_with(shop, "Besar", "Kurang manis", "Extra shot")  # 2 × (15.000 + 5.000 + 6.000)
    order = preorders.take_preorder(shop["sari"], [line], SATURDAY_10, down_payment=Money(20000), till_id="K1",
                                    shift_id=shop["shift"], staff_id=shop["cashier"], now=NOW)
    assert order.total == Money(52000)
    again = preorders.get_preorder(order.id)  # read back from the stored order
    assert [o.name for o in again.lines[0].options] == ["Besar", "Kurang manis", "Extra shot"]
    groups = preorders.production_list(dt.date(2026, 11, 28))
    assert [(g.product, g.quantity) for g in groups] == [
        ("Es Kopi Susu Gula Aren · Besar · Kurang manis · +Extra shot", Quantity.of(2))]
    sheet = to_text(production_document(preorders.production_data(dt.date(2026, 11, 28))), 42)
    assert "Besar - Kurang manis - +Extra shot 2" in " ".join(sheet.split()), sheet  # 58 mm paper: "·" as "-"

    done = complete_pickup(order.id, "qris", till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"],
                           at=NOW + dt.timedelta(days=3), printer=PrinterConfig("file:///dev/null", "generic58"))
    sale_line = SaleLine.get((SaleLine.sale == done.sale.id) & (SaleLine.is_bonus == False))  # noqa: E712
    stored = SaleLineChoice.select().where(SaleLineChoice.line == sale_line).order_by(SaleLineChoice.position)
    assert [(c.group_name, c.name, c.price) for c in stored] == [
        ("Ukuran", "Besar", Money(5000)), ("Gula", "Kurang manis", Money(0)), ("Tambahan", "Extra shot", Money(6000))]
    assert (sale_line.unit_price, Sale.get_by_id(done.sale.id).total) == (Money(26000), Money(52000))
    from tests.services.coffee_counter import printed_text

    receipt = printed_text(bytes(PrintJob.get_by_id(done.printed.job.id).payload))
    assert "Besar - Kurang manis - +Extra shot" in " ".join(receipt.split()), receipt
