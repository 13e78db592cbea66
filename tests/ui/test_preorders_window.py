"""A cake ordered at the till on Wednesday, picked up on Friday: the clock is the screen's parameter."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import pytest

from tests.factories import owner_pin
from pos.models import CashEntry, Preorder, Sale, Touchpoint
from pos.money import Money
from pos.services.customers import NewCustomer, add_customer
from pos.services.sales import deposit_held
from pos.ui import documents
from tests.ui.test_till import errors, scan

WEDNESDAY = dt.datetime(2026, 11, 25, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(documents, "opener", lambda url: urls.append(url) or True)
    return urls


def test_take_a_preorder_at_the_till_and_pick_it_up_two_days_later(till, qtbot, opened):
    screen = till.sale_screen
    screen.clock = lambda: WEDNESDAY
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    scan(screen, qtbot, "KUE-06")  # Black Forest 20 cm, Rp 185.000
    screen.take_preorder()
    assert any("customer from the book" in e for e in errors(screen)) and Preorder.select().count() == 0
    screen.customer.pick(sari.id)
    screen.take_preorder()
    dialog = screen.preorder
    assert "Rp 185.000" in dialog.total.text()
    dialog.day.setDate(dt.date(2026, 11, 27))
    dialog.time.setTime(dt.time(16, 0))
    dialog.set_details(0, "Happy Birthday Dinda ke-7, tulisan merah")
    dialog.down_payment.setText("100.000")
    dialog.method.setCurrentIndex(dialog.method.findData("cash"))
    cash_before = sum(e.amount.minor for e in CashEntry.select())
    dialog.buttons.accepted.emit()
    order = Preorder.get()
    assert (order.number, order.status, order.total, order.down_payment) == ("PO-K1-000001", "ordered",
                                                                             Money(185000), Money(100000))
    assert order.details == {"0": "Happy Birthday Dinda ke-7, tulisan merah"}
    assert sum(e.amount.minor for e in CashEntry.select()) - cash_before == 100000
    assert deposit_held(sari.id) == Money(100000)
    assert screen.cart.lines == () and "PO-K1-000001" in screen.message.text()

    screen.show_orders()  # Wednesday: nothing due today
    orders = screen.orders
    assert orders.table.rowCount() == 0
    orders.all_open.setChecked(True)
    assert orders.table.item(0, 1).text() == "PO-K1-000001" and "Happy Birthday Dinda" in orders.table.item(0, 3).text()
    orders.table.selectRow(0)
    orders.whatsapp()
    text = unquote(opened[-1].toString())
    assert "wa.me/6281355550101" in text and "PO-K1-000001" in text and "Rp 85.000" in text
    assert Touchpoint.get(Touchpoint.customer == sari.id).kind == "message"
    orders.accept()

    friday = WEDNESDAY + dt.timedelta(days=2, hours=6)  # 16:00 on Friday
    screen.clock = lambda: friday
    screen.update_orders_button()
    assert screen.orders_button.text() == "Orders: 1 today"
    screen.show_orders()
    orders = screen.orders
    assert orders.table.rowCount() == 1
    orders.table.selectRow(0)
    orders.production()
    assert opened[-1].toLocalFile().endswith("produksi-2026-11-27.pdf")
    orders.set_status("ready")
    orders.pay_method.setCurrentIndex(orders.pay_method.findData("qris"))
    orders.pick_up()
    sale = Sale.get_by_id(orders.last_sale.id)
    assert sale.total == Money(185000) and sale.created_at == friday
    assert sorted((p.method, p.amount.minor) for p in sale.payments) == [("deposit", 100000), ("qris", 85000)]
    assert Preorder.get().status == "picked_up" and deposit_held(sari.id) == Money(0)
    assert "picked up" in orders.table.item(0, 4).text()


def test_consignment_from_the_shop_page(till, qtbot, opened):
    from pos.models import ConsignmentMove, Invoice, Product
    from pos.money import Quantity
    from pos.services.sales import kasbon_owed

    warung = add_customer(NewCustomer("Warung Bu Tin", "0813-6666-0001", tier="reseller",
                                      credit_limit=Money(2_000_000)), owner_pin=owner_pin())
    chips = Product.get(Product.code == "CML-01").id
    till.show_customer_book()
    till.book_dialog.open_customer(warung.id)
    page = till.book_dialog.page
    page.show_consignment()
    dialog = page.consignment
    assert "Nothing is at this shop" in dialog.out_label.text()
    dialog.add_item(chips, "50")
    dialog.leave()
    assert opened[-1].toLocalFile().endswith("TJ-K1-000001.pdf")
    assert dialog.out.rowCount() == 1 and dialog.out.item(0, 1).text().startswith("50")
    dialog.set_counts(chips, "32", "8")
    dialog.record_visit()
    sale = Sale.get_by_id(dialog.visit.sale_id)
    price = ConsignmentMove.get(ConsignmentMove.kind == "left").unit_price
    assert sale.total == price * 32 and kasbon_owed(warung.id) == price * 32
    assert Invoice.get(Invoice.sale == sale.id).number == dialog.visit.invoice_number
    assert dialog.out.item(0, 1).text().startswith("10") and "INV-K1-000001" in dialog.message.text()
    dialog.set_counts(chips, "11")
    dialog.record_visit()
    assert any("only 10" in e for e in errors(dialog))
    assert sum(1 for _m in ConsignmentMove.select()) == 3 and Quantity.of(10) == dialog.rows[0].quantity
