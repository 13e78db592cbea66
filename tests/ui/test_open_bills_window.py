"""The coffee counter at the till (issue #24 items 5-7): an open bill sent twice to a file:// bar printer, then
paid; the queue number shown after a sale; open bills listed at the shift's close."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos.i18n import format_money
from pos.models import Category, OpenBill, Product, Sale, SaleLine
from pos.services.bar_tickets import set_category_station
from tests.services.coffee_counter import printed_text
from tests.ui.test_keyboard import active, press
from tests.ui.test_till import errors, pay, scan


def route_drinks_to(till, path) -> None:
    till.settings.set("bar_printer_url", f"file://{path}")
    set_category_station(Category.get(Category.name == "Kopi & Minuman").id, "bar", owner_pin="1234")


def ticket_after(qtbot, path, before: bytes = b"") -> str:
    qtbot.waitUntil(lambda: path.exists() and path.read_bytes() != before and path.read_bytes().endswith(b"V\x01"),
                    timeout=5000)
    return printed_text(path.read_bytes())


def test_an_open_bill_sent_twice_then_paid(till, qtbot, tmp_path):
    bar = tmp_path / "bar.bin"
    route_drinks_to(till, bar)
    screen = till.sale_screen
    screen.bill_name_provider = lambda parent, suggested="": "Meja 4"
    active(qtbot, till)
    for code in ("KOP-05", "KOP-05", "KUE-01"):
        scan(screen, qtbot, code)
    assert screen.bill_button.text() == "Open bill (Ctrl+E)"
    first_total = screen.priced.total
    screen.focus_search()
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert screen.cart.lines == () and "Bill Meja 4 #1: 2 lines sent" in screen.message.text()
    first = ticket_after(qtbot, bar)
    assert "#1" in first and "Meja 4" in first and "2 x Es Kopi Susu" in first and "Kue" not in first
    assert screen.bills_button.text() == "Bills: 1 open (Ctrl+J)"

    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.bills_dialog
    assert [dialog.table.item(0, c).text() for c in range(3)] == ["Meja 4", "#1", format_money(first_total)]
    dialog.take_button.click()
    assert len(screen.cart.lines) == 2 and screen.bill_button.text() == "Send: Meja 4 (Ctrl+E)"
    scan(screen, qtbot, "KOP-07")  # Es Cokelat, added later
    before = bar.read_bytes()
    screen.bill_button.click()
    second = ticket_after(qtbot, bar, before)
    assert "1 x Es Cokelat" in second and "More for this bill" in second and "Es Kopi" not in second

    screen.show_bills()
    screen.bills_dialog.take_button.click()
    assert len(screen.cart.lines) == 3
    whole = screen.priced.total
    assert whole > first_total
    pay(screen, tendered="200.000")
    assert errors(till) == []
    sale = Sale.get_by_id(screen.last_result.id)
    names = {p.code: p.name for p in Product.select().where(Product.code.in_(["KOP-05", "KOP-07", "KUE-01"]))}
    assert {line.description: line.quantity.thousandths // 1000 for line in SaleLine.select().where(
        SaleLine.sale == sale.id)} == {names["KOP-05"]: 2, names["KUE-01"]: 1, names["KOP-07"]: 1}
    assert sale.total == whole and OpenBill.get().status == "paid" and OpenBill.get().sale_id == sale.id
    assert screen.queue_label.isVisible() and screen.queue_label.text() == "No. 1"
    assert screen.bills_button.text() == "Bills (Ctrl+J)" and screen.bill_button.text() == "Open bill (Ctrl+E)"


def test_a_sale_prints_its_bar_ticket_and_shows_its_queue_number(till, qtbot, tmp_path):
    bar = tmp_path / "bar.bin"
    route_drinks_to(till, bar)
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    pay(screen, tendered="100.000")
    assert screen.queue_label.text() == "No. 1" and not bar.exists()  # cake only: nothing for the bar
    scan(screen, qtbot, "KOP-06")
    pay(screen, tendered="100.000")
    assert screen.queue_label.text() == "No. 2" and "Queue number" in screen.receipt_text
    text = ticket_after(qtbot, bar)
    assert "#2" in text and "1 x Kopi Tubruk" in text
    scan(screen, qtbot, "KUE-01")
    assert not screen.queue_label.isVisible()  # the next sale has begun


def test_an_open_bill_is_listed_when_the_shift_closes(till, qtbot):
    screen = till.sale_screen
    screen.bill_name_provider = lambda parent, suggested="": "Mas Bayu"
    scan(screen, qtbot, "KOP-05")
    screen.send_order()
    till.close_shift()
    bills = till.close_dialog.bills
    assert bills.isVisibleTo(till.close_dialog)
    assert "Open bills not paid yet (1)" in bills.text() and "Mas Bayu: Rp" in bills.text()


def test_a_bill_changed_at_another_till_while_it_is_paid_here_is_shown_again_then_paid_whole(till, qtbot):
    from pos.models import Product
    from pos.money import Quantity
    from pos.services.open_bills import bill_cart, send_bill

    screen = till.sale_screen
    screen.bill_name_provider = lambda parent, suggested="": "Meja 8"
    scan(screen, qtbot, "KOP-05")
    screen.send_order()
    screen.show_bills()
    screen.bills_dialog.take_button.click()
    scan(screen, qtbot, "KOP-06")  # added here, not sent yet
    bill = OpenBill.get()
    at_k2 = bill_cart(bill.id)  # another till adds Es Cokelat meanwhile
    cokelat = Product.get(Product.code == "KOP-07").id
    send_bill(at_k2.cart.add(cokelat, Quantity.of(1)), bill_id=bill.id, loaded=at_k2.loaded, till_id="K2",
              staff_id=screen.cashier.id)
    pay(screen, tendered="200.000")
    assert any("changed at another till" in text for text in errors(till))
    assert not Sale.select().where(Sale.cart_id == bill.cart_id).exists()
    codes = {Product.get_by_id(line.product_id).code for line in screen.cart.lines}
    assert codes == {"KOP-05", "KOP-06", "KOP-07"}  # the bill as it is now, with what this till added
    for box in till.findChildren(type(screen.payment)):
        box.reject()
    pay(screen, tendered="200.000")
    sale = Sale.get(Sale.cart_id == bill.cart_id)
    assert {line.product.code for line in sale.lines} == {"KOP-05", "KOP-06", "KOP-07"}
    assert OpenBill.get().status == "paid"
