"""The cashier window, driven as a cashier would, under QT_QPA_PLATFORM=offscreen; the stored rows decide."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.factories import owner_pin
from pos.models import (AuditEntry, CashEntry, Customer, DepositEntry, KasbonEntry, Payment, Promotion, Sale,
                        SaleLine, Shift, StampEntry)
from pos.money import Money
from pos.services import db
from pos.services.accounts import top_up_deposit
from pos.services.customers import NewCustomer, add_customer
from pos.services.promotions import PromotionInput, save_promotion
from pos.settings import MachineSettings, data_dir
from pos.ui.app import create_window

CHIPS_BARCODE, NASTAR_BARCODE, KASTENGEL_BARCODE = "8997321001705", "8997321001071", "8997321001149"


def errors(widget) -> list[str]:
    return [box.text() for box in widget.findChildren(QMessageBox) if box.isVisible()]


def start(qtbot, url, opening="200.000"):
    window = create_window(url, MachineSettings.load())
    qtbot.addWidget(window)
    window.show()
    window.login("1111")
    if getattr(window, "open_shift_dialog", None) is not None and window.open_shift_dialog.isVisible():
        window.open_shift_dialog.amount.setText(opening)
        window.open_shift_dialog.save()
    assert window.sale_screen is not None
    return window


def scan(screen, qtbot, text):
    screen.search.setText(text)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    if screen.options_panel.isVisible():  # a drink with options (issue #24): as usual, the defaults
        qtbot.keyClick(screen.options_panel, Qt.Key.Key_Return)


def pay(screen, method="cash", amount=None, tendered=None):
    screen.pay()
    dialog = screen.payment
    dialog.choose(method)
    if amount is not None:
        dialog.amount.setText(amount)
    if tendered is not None:
        dialog.tendered.setText(tendered)
        dialog.show_change()
    dialog.complete_button.click()
    return dialog


def table_texts(screen) -> list[list[str]]:
    t = screen.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_a_walk_in_cash_sale_with_change(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, NASTAR_BARCODE)
    screen.search.setText(KASTENGEL_BARCODE)  # a scanner that ends its code with Tab instead of Enter
    qtbot.keyClick(screen.search, Qt.Key.Key_Tab)
    scan(screen, qtbot, "ROT-05")
    assert screen.totals.total_text() == "Rp 206.000"
    dialog = pay(screen, tendered="250.000")
    assert "Rp 44.000" in dialog.change_label.text()
    sale = Sale.get()
    assert (sale.number, sale.total, sale.customer_id) == ("K1-000001", Money(206000), None)
    assert Payment.get().change == Money(44000)
    assert "K1-000001" in screen.message.text()
    assert "Nastar 500 g" in screen.receipt_text and "Rp 206.000" in screen.receipt_text
    assert screen.table.rowCount() == 0  # ready for the next customer


def test_three_scans_and_two_keys_for_exact_cash(till, qtbot):
    screen = till.sale_screen
    for code in (NASTAR_BARCODE, KASTENGEL_BARCODE, CHIPS_BARCODE):
        scan(screen, qtbot, code)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)  # Enter on an empty search box: pay
    qtbot.keyClick(screen.payment.tendered, Qt.Key.Key_Return)  # Enter: exact cash, complete
    assert Sale.get().total == Money(95000 + 105000 + 18000)


def test_a_regulars_automatic_price_with_its_reason(till, qtbot):
    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0001", tier="regular"), owner_pin=owner_pin())
    screen = till.sale_screen
    screen.customer.search.setText("0813 9999 0001")
    qtbot.keyClick(screen.customer.search, Qt.Key.Key_Return)
    assert "Bu Sari" in screen.customer.card.text() and "Langganan" in screen.customer.card.text()
    scan(screen, qtbot, "KUE-01")
    [row] = table_texts(screen)
    assert row[2] == "Rp 51.000" and "Regular-customer price" in row[0]
    pay(screen)
    line = SaleLine.get()
    assert (line.unit_price, line.price_source, Sale.get().customer_id) == (Money(51000), "tier", sari.id)


def test_a_resellers_quantity_break_and_bonus_line(till, qtbot):
    add_customer(NewCustomer("Warung Tini", "0813-9999-0002", tier="reseller"), owner_pin=owner_pin())
    screen = till.sale_screen
    screen.customer.search.setText("Warung Tini")
    qtbot.keyClick(screen.customer.search, Qt.Key.Key_Return)
    scan(screen, qtbot, CHIPS_BARCODE)
    screen.table.item(0, 1).setText("10")  # typed over the quantity
    rows = table_texts(screen)
    assert rows[0][1:] == ["10", "Rp 15.500", "Rp 155.000"] and "Reseller price (min. 10)" in rows[0][0]
    assert rows[1][0].startswith("Keripik Pisang Manis 250 g") and rows[1][3] == "FREE"
    pay(screen)
    assert [(line.is_bonus, str(line.quantity)) for line in SaleLine.select().order_by(SaleLine.position)] == [
        (False, "10"), (True, "1")]  # buy 10 get 1 (Rp 155.000 is under the tester's Rp 200.000)
    assert Sale.get().total == Money(155000)


def test_a_tester_choice_is_picked_with_one_tap(till, qtbot):
    save_promotion(PromotionInput("Pilih tester", "threshold_gift", {"min_total": 150000},
                                  {"gift_products": ["KRG-07", "CML-02"]}), time_zone="Asia/Jakarta",
                   owner_pin=owner_pin())
    screen = till.sale_screen
    scan(screen, qtbot, NASTAR_BARCODE)
    scan(screen, qtbot, "KUE-01")
    picks = [b for b in screen.offers.buttons if "Tester" in b.text()]
    assert picks, [b.text() for b in screen.offers.buttons]
    picks[0].click()
    assert any("Nastar Mini Tester" in row[0] and row[3] == "FREE" for row in table_texts(screen))
    pay(screen)
    [free] = SaleLine.select().where(SaleLine.is_bonus == True)  # noqa: E712
    assert free.description == "Nastar Mini Tester 100 g" and free.amount == Money(0)


def test_the_tenth_stamp_reward_is_accepted(till, qtbot):
    ani = add_customer(NewCustomer("Ani", "0813-9999-0003"))
    StampEntry.create(customer=ani.id, earned=10)
    screen = till.sale_screen
    screen.customer.pick(ani.id)
    scan(screen, qtbot, "KOP-05")
    [offer] = [b for b in screen.offers.buttons if "Stamp" in b.text()]
    offer.click()
    assert any(row[3] == "FREE" for row in table_texts(screen))
    pay(screen)
    entry = StampEntry.get(StampEntry.sale.is_null(False))
    assert (entry.used, entry.earned) == (10, 1)


def test_split_cash_and_qris(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, NASTAR_BARCODE)
    screen.pay()
    dialog = screen.payment
    dialog.choose("qris")
    dialog.amount.setText("40.000")
    dialog.reference.setText("QR-77")
    dialog.add_part()
    assert dialog.method == "cash" and dialog.amount.text() == "55.000"
    dialog.tendered.setText("60.000")
    dialog.complete_button.click()
    assert sorted((p.method, p.amount.minor, p.change.minor) for p in Payment.select()) == [
        ("cash", 55000, 5000), ("qris", 40000, 0)]
    assert [e.amount.minor for e in CashEntry.select()] == [55000]


def test_kasbon_is_refused_over_the_limit_and_accepted_within(till, qtbot):
    tini = add_customer(NewCustomer("Warung Tini", "0813-9999-0004", tier="reseller", credit_limit=Money(100000)),
                        owner_pin=owner_pin())
    screen = till.sale_screen
    screen.customer.pick(tini.id)
    scan(screen, qtbot, NASTAR_BARCODE)
    scan(screen, qtbot, NASTAR_BARCODE)
    pay(screen, method="kasbon")
    assert any("may owe at most Rp 100.000" in e for e in errors(screen))
    assert Sale.select().count() == 0 and table_texts(screen)[0][1] == "2"  # the cart is kept
    screen.payment.reject()
    screen.step_quantity(-1)
    pay(screen, method="kasbon")
    assert [e.amount.minor for e in KasbonEntry.select()] == [95000]


def test_a_deposit_is_spent(till, qtbot):
    budi = add_customer(NewCustomer("Budi", "0813-9999-0005"))
    top_up_deposit(budi.id, Money(100000), "cash", shift_id=till.shift_id, staff_id=till.cashier.id)
    screen = till.sale_screen
    screen.customer.pick(budi.id)
    assert "Rp 100.000" in screen.customer.card.text()
    scan(screen, qtbot, "KUE-01")
    pay(screen, method="deposit")
    assert [e.amount.minor for e in DepositEntry.select().order_by(DepositEntry.id)] == [100000, -55000]


def test_park_two_sales_restart_and_resume_the_first(till, qtbot):
    screen = till.sale_screen
    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0006"))
    screen.customer.pick(sari.id)
    scan(screen, qtbot, "KUE-01")
    scan(screen, qtbot, "ROT-05")
    screen.park()
    scan(screen, qtbot, NASTAR_BARCODE)
    screen.park()
    till.close()
    db.close_database()

    db.open_database(till.url)
    again = start(qtbot, till.url)
    offered = []
    again.sale_screen.parked_chooser = lambda parent, waiting: offered.append(waiting) or waiting[0]
    again.sale_screen.resume_first()
    assert [p.label for p in offered[0]] == ["Bu Sari", ""]
    rows = table_texts(again.sale_screen)
    assert [r[0].split("\n")[0] for r in rows] == ["Bolu Pandan", "Roti Pisang Cokelat"]
    assert "Bu Sari" in again.sale_screen.customer.card.text()
    pay(again.sale_screen)
    assert Sale.get().customer_id == sari.id


def test_a_partial_refund_without_and_with_the_owners_pin(till, qtbot):
    ani = add_customer(NewCustomer("Ani", "0813-9999-0007"))
    screen = till.sale_screen
    screen.customer.pick(ani.id)
    scan(screen, qtbot, "KOP-05")
    screen.table.item(0, 1).setText("3")
    pay(screen)
    number = Sale.get().number
    till.refund()
    dialog = till.refund_dialog
    dialog.number.setText(number)
    dialog.find()
    dialog.set_refund_quantity(0, "1")
    dialog.pin.setText("1111")  # the cashier's PIN
    dialog.do_refund()
    assert any("owner's PIN" in e for e in errors(dialog))
    assert Sale.select().where(Sale.kind == "refund").count() == 0
    dialog.pin.setText("1234")
    dialog.do_refund()
    assert "Rp 15.000" in dialog.result.text()
    assert AuditEntry.get(AuditEntry.action == "sale.refunded").details["approved_by"] == "Bu Ani"
    assert StampEntry.get(StampEntry.used == 1).customer_id == ani.id  # one stamp taken back
    assert [e.amount.minor for e in CashEntry.select().order_by(CashEntry.id)] == [45000, -15000]
    dialog.set_refund_quantity(0, "5")
    dialog.pin.setText("1234")
    dialog.do_refund()
    assert any("Only 2" in e for e in errors(dialog))


def test_repeat_last_order(till, qtbot):
    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0008"))
    screen = till.sale_screen
    screen.customer.pick(sari.id)
    scan(screen, qtbot, "KUE-01")
    scan(screen, qtbot, "ROT-05")
    screen.table.item(1, 1).setText("4")
    pay(screen)
    screen.customer.pick(sari.id)
    screen.customer.repeat_button.click()
    assert [(r[0].split("\n")[0], r[1]) for r in table_texts(screen)] == [("Bolu Pandan", "1"),
                                                                           ("Roti Pisang Cokelat", "4")]


def test_a_shift_from_open_to_close_with_a_count(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    pay(screen, tendered="100.000")
    till.move_cash()
    till.cash_dialog.amount.setText("30.000")
    till.cash_dialog.reason.setText("beli telur")
    till.cash_dialog.save()
    till.close_shift()
    dialog = till.close_dialog
    dialog.counts[100000].setValue(2)
    dialog.counts[20000].setValue(1)
    dialog.counts[5000].setValue(1)
    assert "Rp 225.000" in dialog.figures.text() and "Expected" not in dialog.figures.text()  # a blind count
    dialog.next_step()
    assert "Expected Rp 225.000" in dialog.figures.text() and "Difference Rp 0" in dialog.figures.text()
    dialog.save()
    shift = Shift.get()
    assert (shift.status, shift.counted_cash, shift.cash_count) == ("closed", Money(225000),
                                                                    {"100000": 2, "20000": 1, "5000": 1})
    assert till.stack.currentWidget() is till.login_page
    qtbot.waitUntil(lambda: bool(list((data_dir() / "backups").glob("langganan-*.db"))), timeout=10_000)


@pytest.mark.parametrize("typed", ["0", "-2", "dua", "1e12"])
def test_an_impossible_quantity_leaves_the_cart_unchanged(till, qtbot, typed):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    screen.table.item(0, 1).setText(typed)
    assert errors(screen)
    assert table_texts(screen)[0][1] == "1" and screen.cart.lines[0].quantity.thousandths == 1000


def test_an_unknown_barcode_says_so_and_changes_nothing(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    scan(screen, qtbot, "8990000000006")
    assert any("Nothing found for 8990000000006" in e for e in errors(screen))
    assert len(screen.cart.lines) == 1


def test_cash_handed_over_short_of_the_total_stores_nothing(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    dialog = pay(screen, tendered="50.000")
    assert any("less than" in e for e in errors(dialog)) and Sale.select().count() == 0


def test_quick_add_refuses_a_number_that_is_not_a_phone(till, qtbot):
    before = Customer.select().count()
    panel = till.sale_screen.customer
    panel.quick_add()
    dialog = panel.quick_add_dialog
    dialog.name.setText("Rina")
    dialog.phone.setText("12345")
    dialog.save()
    assert any("not a valid phone number" in e for e in errors(dialog)) and Customer.select().count() == before
    dialog.phone.setText("0857-1234-5678")
    dialog.save()
    assert Customer.select().count() == before + 1 and "Rina" in panel.card.text()


def test_pay_pressed_twice_stores_one_sale(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    screen.pay()
    screen.payment.complete_button.click()
    screen.payment.complete_button.click()
    assert Sale.select().count() == 1
    assert Promotion.select().count() >= 1


def test_scanning_a_loyalty_card_selects_the_customer(till, qtbot):
    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0010"))
    screen = till.sale_screen
    scan(screen, qtbot, sari.member_code)
    assert screen.cart.customer_id == sari.id and "Bu Sari" in screen.customer.card.text()
    assert screen.table.rowCount() == 0


def test_the_receipt_is_shown_and_can_go_by_whatsapp(till, qtbot):
    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0011"))
    screen = till.sale_screen
    screen.customer.pick(sari.id)
    scan(screen, qtbot, "KUE-01")
    pay(screen, tendered="100.000")
    receipt = screen.receipt
    assert receipt.window() is till  # beside the cart in the till itself: the next scan stays at the till
    assert receipt.isVisible() and "Bolu Pandan" in receipt.text.toPlainText()
    assert "Rp 45.000" in receipt.text.toPlainText()  # the change
    assert receipt.link.startswith("https://wa.me/6281399990011?text=") and receipt.whatsapp.isEnabled()
    assert receipt.text.focusPolicy() == Qt.FocusPolicy.NoFocus
    till.activateWindow()
    qtbot.waitUntil(till.isActiveWindow, timeout=3000)
    screen.focus_search()
    assert QApplication.focusWidget() is screen.search and QApplication.activeWindow() is till


def test_the_drawer_opens_without_a_sale_only_with_the_owners_pin(till, qtbot):
    screen = till.sale_screen
    screen.owner_pin_provider = lambda parent, action: "1111"
    screen.open_drawer()
    assert any("owner's PIN" in e for e in errors(screen))
    assert AuditEntry.select().where(AuditEntry.action == "drawer.opened").count() == 0
    screen.owner_pin_provider = lambda parent, action: "1234"
    screen.open_drawer()
    assert AuditEntry.get(AuditEntry.action == "drawer.opened").details["approved_by"] == "Bu Ani"


def test_a_manual_price_with_the_owners_pin(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    screen.owner_pin_provider = lambda parent, action: "1111"
    screen.price_provider = lambda parent: "40.000"
    screen.change_price()
    assert any("owner's PIN" in e for e in errors(screen)) and screen.cart.lines[0].price is None
    screen.owner_pin_provider = lambda parent, action: "1234"
    screen.change_price()
    assert table_texts(screen)[0][2] == "Rp 40.000" and "Price set by the owner" in table_texts(screen)[0][0]
    pay(screen)
    assert SaleLine.get().price_source == "override"
    assert AuditEntry.select().where(AuditEntry.action == "sale.price_override").count() == 1


def test_removing_a_scanned_line_needs_the_owners_pin_when_protected(till, qtbot):
    from pos.services.shop import _update_shop_settings

    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    scan(screen, qtbot, "ROT-05")
    screen.remove_line()  # protection off: the cashier may
    assert len(screen.cart.lines) == 1
    _update_shop_settings({"protect_line_removal": True})
    screen.owner_pin_provider = lambda parent, action: "1111"
    screen.remove_line()
    assert len(screen.cart.lines) == 1 and any("owner's PIN" in e for e in errors(screen))
    screen.owner_pin_provider = lambda parent, action: "1234"
    screen.remove_line()
    assert screen.cart.lines == ()
    audit = AuditEntry.get(AuditEntry.action == "cart.line_removed")
    assert audit.details["product"] == "Bolu Pandan" and audit.details["approved_by"] == "Bu Ani"


def test_typing_a_lower_quantity_or_esc_needs_the_pin_when_protected(till, qtbot):
    from pos.services.shop import _update_shop_settings

    _update_shop_settings({"protect_line_removal": True})
    screen = till.sale_screen
    scan(screen, qtbot, "ROT-05")
    screen.table.item(0, 1).setText("5")  # more: no PIN needed
    screen.owner_pin_provider = lambda parent, action: "1111"
    screen.table.item(0, 1).setText("2")
    assert screen.cart.lines[0].quantity.thousandths == 5000
    screen.new_cart()
    assert len(screen.cart.lines) == 1
    screen.owner_pin_provider = lambda parent, action: "1234"
    screen.table.item(0, 1).setText("2")
    assert screen.cart.lines[0].quantity.thousandths == 2000
    screen.new_cart()
    assert screen.cart.lines == ()
    assert AuditEntry.select().where(AuditEntry.action == "cart.line_removed").count() == 2


def test_closing_the_shift_parks_a_cart_in_progress_and_records_the_difference(till, qtbot):
    from pos.services.parking import parked

    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    till.close_shift()
    till.close_dialog.counts[100000].setValue(2)  # 200.000 counted, 200.000 expected… less Rp 5.000
    till.close_dialog.counts[100000].setValue(1)
    till.close_dialog.counts[50000].setValue(1)
    till.close_dialog.counts[20000].setValue(2)
    till.close_dialog.counts[5000].setValue(1)
    till.close_dialog.next_step()
    assert "-Rp 5.000" in till.close_dialog.figures.text()
    till.close_dialog.save()
    assert [p.lines for p in parked("K1")] == [1]
    assert AuditEntry.get(AuditEntry.action == "shift.closed").details["difference"] == -5000


def test_a_crash_while_paying_neither_loses_nor_doubles_the_sale(till, qtbot):
    from pos.services import parking

    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    parking.hold_while_paying("K1", screen.cart)  # the till died right after Pay, before the commit
    till.close()
    db.close_database()
    db.open_database(till.url)
    again = start(qtbot, till.url)
    assert [line.product_id for line in again.sale_screen.cart.lines] == [
        line.product_id for line in screen.cart.lines]
    assert "back" in again.sale_screen.message.text()
    pay(again.sale_screen)
    assert Sale.select().count() == 1

    scan(again.sale_screen, qtbot, "ROT-05")
    cart = again.sale_screen.cart
    parking.hold_while_paying("K1", cart)
    pay(again.sale_screen)  # stored; now pretend the screen died before it could clear the hold
    parking.hold_while_paying("K1", cart)
    again.close()
    db.close_database()
    db.open_database(till.url)
    third = start(qtbot, till.url)
    assert third.sale_screen.cart.lines == () and "completed before" in third.sale_screen.message.text()
    assert Sale.select().count() == 2
