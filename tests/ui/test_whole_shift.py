"""A whole shift at the counter, once by keys alone on whichever widget has the focus, once by touch (mouse
clicks on buttons; the PIN and amounts are typed, as on a touch screen's keyboard): the stored rows decide."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pos.models import AuditEntry, CashEntry, Payment, Sale, SaleLine, Shift, StaffUser
from pos.i18n import format_money
from pos.money import Money
from pos.services.customers import NewCustomer, add_customer
from tests.db_templates import open_demo
from pos.settings import MachineSettings
from pos.ui.app import create_window
from tests.ui.test_till import CHIPS_BARCODE, KASTENGEL_BARCODE, NASTAR_BARCODE

K, CTRL = Qt.Key, Qt.KeyboardModifier.ControlModifier
EXACT = 95000 + 105000 + 18000  # Nastar, Kastengel, Keripik Pisang


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the focus"
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifier)
    QApplication.processEvents()


def type_in(qtbot, text, enter=False):
    qtbot.keyClicks(focused(), text)
    if enter:
        press(qtbot, K.Key_Return)


def active(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def shop(qtbot, tmp_path):
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    open_demo(url)
    sari = add_customer(NewCustomer("Bu Sari Kebun", "0813-9999-0974", tier="regular"), owner_pin="1234")
    window = create_window(url, MachineSettings.load())
    qtbot.addWidget(window)
    window.show()
    active(qtbot, window)
    return window, sari


def assert_the_shift(sari, walk_in_number, walk_in_total=EXACT, given_back=80000):
    ani, dita = StaffUser.get(StaffUser.name == "Bu Ani"), StaffUser.get(StaffUser.name == "Dita")
    sales = list(Sale.select().where(Sale.kind == "sale").order_by(Sale.id))
    assert [(s.cashier_id, s.customer_id) for s in sales] == [(ani.id, None), (ani.id, sari.id), (ani.id, None),
                                                              (dita.id, None)]
    assert sales[0].number == walk_in_number and sales[0].total == Money(walk_in_total)
    assert Payment.get(Payment.sale == sales[0].id).change == Money(0)  # paid exact
    [kue] = SaleLine.select().where(SaleLine.sale == sales[1].id)
    assert str(kue.quantity) == "2"  # one scan and +
    assert sorted(p.method for p in Payment.select().where(Payment.sale == sales[1].id)) == ["cash", "qris"]
    assert Payment.get((Payment.sale == sales[1].id) & (Payment.method == "qris")).amount == Money(40000)
    refund = Sale.get((Sale.kind == "refund") & (Sale.refund_of == sales[0].id))
    assert refund.total == Money(-given_back)
    assert AuditEntry.get(AuditEntry.action == "sale.refunded").details["approved_by"] == "Bu Ani"
    shift = Shift.get()
    assert shift.status == "closed" and shift.cashier_id == ani.id
    cash = sum(e.amount.minor for e in CashEntry.select())
    assert shift.counted_cash == Money(200000 + cash - 5000)  # a note short of Rp 5.000
    assert AuditEntry.get(AuditEntry.action == "shift.closed").details["by"] == "Dita"  # who counted


def count_cash(dialog, counted: int) -> dict[int, int]:
    notes = {}
    for value in sorted(dialog.counts, reverse=True):
        notes[value], counted = divmod(counted, value)
    return {v: n for v, n in notes.items() if n}


def test_a_whole_shift_by_keys_alone(qtbot, tmp_path):
    started = time.monotonic()
    window, sari = shop(qtbot, tmp_path)
    type_in(qtbot, "1234", enter=True)  # Bu Ani logs in
    qtbot.waitUntil(lambda: window.open_shift_dialog.isVisible())
    active(qtbot, window.open_shift_dialog)
    type_in(qtbot, "200.000", enter=True)  # the float, counted
    screen = window.sale_screen
    active(qtbot, window)
    assert focused() is screen.search

    for code in (NASTAR_BARCODE, KASTENGEL_BARCODE, CHIPS_BARCODE):  # 3 scans + 2 keys
        type_in(qtbot, code, enter=True)
    press(qtbot, K.Key_Return)
    active(qtbot, screen.payment)
    press(qtbot, K.Key_Return)
    active(qtbot, window)  # the window manager gives the till back its activation
    walk_in = Sale.get().number

    press(qtbot, K.Key_F4)  # a regular, found by the last four digits of her phone
    type_in(qtbot, "0974")
    results = screen.customer.results  # every number with 0974 in it; the arrow keys go to hers
    found = [results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(results.count())]
    assert sari.id in found
    press(qtbot, K.Key_Down)
    for _ in range(found.index(sari.id)):
        press(qtbot, K.Key_Down)
    press(qtbot, K.Key_Return)
    assert screen.cart.customer_id == sari.id and focused() is screen.search
    type_in(qtbot, "KUE-01", enter=True)
    press(qtbot, K.Key_Plus)
    press(qtbot, K.Key_Return)  # pay: 40.000 by QRIS, the rest in cash
    active(qtbot, screen.payment)
    press(qtbot, K.Key_F2)
    press(qtbot, K.Key_A, CTRL)
    type_in(qtbot, "40.000")
    press(qtbot, K.Key_F9)
    press(qtbot, K.Key_Return)
    active(qtbot, window)

    type_in(qtbot, "ROT-01", enter=True)  # 10 of them, parked, another customer first, then resumed
    for _ in range(9):
        press(qtbot, K.Key_Plus)
    press(qtbot, K.Key_F9)
    assert screen.cart.lines == ()
    press(qtbot, K.Key_F10)
    press(qtbot, K.Key_Return)
    active(qtbot, screen.payment)
    press(qtbot, K.Key_Return)
    active(qtbot, window)  # the window manager gives the till back its activation

    press(qtbot, K.Key_F6)  # the walk-in brings the Nastar back
    active(qtbot, window.refund_dialog)
    type_in(qtbot, walk_in, enter=True)
    assert focused() is window.refund_dialog.table  # on the first line's quantity to refund
    type_in(qtbot, "1", enter=True)
    press(qtbot, K.Key_Tab)
    press(qtbot, K.Key_Tab)
    assert focused() is window.refund_dialog.pin
    type_in(qtbot, "1234", enter=True)
    assert "give back Rp 80.000" in window.refund_dialog.result.text()  # a free item no longer earned is kept
    press(qtbot, K.Key_Escape)
    active(qtbot, window)

    tens = Sale.select().where(Sale.kind == "sale").order_by(Sale.id)[2]  # 3 of the 10 come back
    assert str(SaleLine.get(SaleLine.sale == tens.id).quantity) == "10"
    press(qtbot, K.Key_F6)
    refund = window.refund_dialog
    active(qtbot, refund)
    type_in(qtbot, str(int(tens.number.split("-")[1])), enter=True)  # the short number: "3" for K1-000003
    assert refund.number.text() == tens.number and "Rp " in refund.summary.text()
    type_in(qtbot, "3", enter=True)
    shown = refund.money_back.text()  # before the owner's PIN
    press(qtbot, K.Key_Tab)
    press(qtbot, K.Key_Tab)
    assert focused() is refund.pin
    type_in(qtbot, "1234", enter=True)
    back = Sale.get((Sale.kind == "refund") & (Sale.refund_of == tens.id))
    assert shown.endswith(format_money(-back.total)) and back.total == Money(-(tens.total.minor * 3 // 10))
    assert [str(line.quantity) for line in back.lines] == ["-3"]
    press(qtbot, K.Key_Escape)
    active(qtbot, window)

    press(qtbot, K.Key_L, CTRL)  # Dita takes over
    active(qtbot, window.switch_dialog)
    type_in(qtbot, "1111", enter=True)
    screen = window.sale_screen
    assert window.cashier.name == "Dita"
    active(qtbot, window)
    screen.focus_search()
    type_in(qtbot, "ROT-01", enter=True)
    press(qtbot, K.Key_Return)
    active(qtbot, screen.payment)
    press(qtbot, K.Key_Return)
    active(qtbot, window)  # the window manager gives the till back its activation

    press(qtbot, K.Key_T, CTRL)  # a blind count
    dialog = window.close_dialog
    active(qtbot, dialog)
    expected = 200000 + sum(e.amount.minor for e in CashEntry.select())
    assert "Expected" not in dialog.figures.text()
    for value in sorted(dialog.counts, reverse=True):  # note by note, Tab to the next
        type_in(qtbot, str(count_cash(dialog, expected - 5000).get(value, 0)))
        press(qtbot, K.Key_Tab)
    press(qtbot, K.Key_Return)
    assert "Difference -Rp 5.000" in dialog.figures.text()
    press(qtbot, K.Key_Return)
    assert window.stack.currentWidget() is window.login_page

    active(qtbot, window)

    def owner_types_the_pin() -> None:
        asking = QApplication.activeModalWidget()  # the owner's PIN dialog, waiting
        qtbot.keyClicks(asking.focusWidget(), "1234")  # where its focus is: the PIN field
        qtbot.keyClick(asking.focusWidget(), K.Key_Return)

    QTimer.singleShot(300, owner_types_the_pin)
    press(qtbot, K.Key_R, CTRL)  # the recap from the PIN screen, with the owner's PIN
    qtbot.waitUntil(lambda: window.reports.isVisible())
    assert_the_shift(sari, walk_in)
    assert time.monotonic() - started < 40


def tap(qtbot, widget):
    assert widget.isVisible() and widget.isEnabled(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def tap_product(qtbot, screen, code):
    button = screen.grid_buttons[code]
    for i in range(screen.grid.count()):
        if screen.grid.widget(i).isAncestorOf(button):
            bar = screen.grid.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
    tap(qtbot, button)


def tap_item(qtbot, view, row, col=0, double=False):
    index = view.model().index(row, col)
    point = view.visualRect(index).center()
    (qtbot.mouseDClick if double else qtbot.mouseClick)(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QApplication.processEvents()


def test_the_same_shift_by_touch(qtbot, tmp_path):
    started = time.monotonic()
    window, sari = shop(qtbot, tmp_path)
    window.login_page.pin.setText("1234")  # typed on the screen's keyboard
    tap(qtbot, window.login_page.button)
    window.open_shift_dialog.amount.setText("200.000")
    tap(qtbot, window.open_shift_dialog.buttons.buttons()[0])
    screen = window.sale_screen

    for code in ("KUE-02", "ROT-02", "ROT-08"):
        tap_product(qtbot, screen, code)
    tap(qtbot, screen.pay_button)
    tap(qtbot, screen.payment.quick_buttons[0])  # Exact
    tap(qtbot, screen.payment.complete_button)
    walk_in = Sale.get().number

    screen.customer.search.setText("Kebun")  # typed on the screen's keyboard
    screen.customer.search.textEdited.emit("Kebun")
    tap_item(qtbot, screen.customer.results, 0)
    assert screen.cart.customer_id == sari.id
    tap_product(qtbot, screen, "KUE-01")
    tap(qtbot, screen.plus)
    tap(qtbot, screen.pay_button)
    payment = screen.payment
    tap(qtbot, payment.method_buttons["qris"])
    payment.amount.setText("40.000")
    tap(qtbot, payment.split_button)
    tap(qtbot, payment.complete_button)

    tap_product(qtbot, screen, "ROT-01")
    tap(qtbot, screen.park_button)
    assert screen.cart.lines == ()
    tap(qtbot, screen.resume_button)
    tap(qtbot, screen.pay_button)
    tap(qtbot, screen.payment.complete_button)

    tap(qtbot, screen.refund_button)
    refund = window.refund_dialog
    refund.number.setText(walk_in)
    tap(qtbot, refund.find_button)
    tap_item(qtbot, refund.table, 0, 3, double=True)
    qtbot.keyClicks(QApplication.focusWidget(), "1")  # the cell's editor, on the screen's keyboard
    refund.pin.setText("1234")
    tap(qtbot, refund.refund_button)
    assert "give back Rp 60.000" in refund.result.text()
    refund.reject()

    tap(qtbot, screen.switch_button)
    window.switch_dialog.pin.setText("1111")
    tap(qtbot, window.switch_dialog.switch_button)
    screen = window.sale_screen
    tap_product(qtbot, screen, "ROT-01")
    tap(qtbot, screen.pay_button)
    tap(qtbot, screen.payment.complete_button)

    tap(qtbot, screen.close_button)
    dialog = window.close_dialog
    expected = 200000 + sum(e.amount.minor for e in CashEntry.select())
    for value, n in count_cash(dialog, expected - 5000).items():
        dialog.counts[value].setValue(n)  # typed on the screen's keyboard
    assert "Expected" not in dialog.figures.text()
    tap(qtbot, dialog.ok_button)
    assert "Difference -Rp 5.000" in dialog.figures.text()
    tap(qtbot, dialog.ok_button)
    assert window.stack.currentWidget() is window.login_page

    def owner_taps_the_pin() -> None:
        asking = QApplication.activeModalWidget()
        asking.pin.setText("1234")
        qtbot.mouseClick(asking.findChildren(type(window.login_page.button))[0], Qt.MouseButton.LeftButton)

    QTimer.singleShot(300, owner_taps_the_pin)
    tap(qtbot, window.reports_button)
    qtbot.waitUntil(lambda: window.reports.isVisible())
    assert_the_shift(sari, walk_in, walk_in_total=60000 + 16000 + 35000, given_back=60000)
    assert time.monotonic() - started < 40
