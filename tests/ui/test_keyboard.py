"""The counter by keyboard: every key goes to whichever widget has the focus (QApplication.focusWidget()), as
on a real till, so a field that keeps the focus, or a button that takes it, fails these tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.models import Payment, Sale, StaffUser
from pos.money import Money
from pos.services.customers import NewCustomer, add_customer
from tests.ui.test_till import scan

K = Qt.Key


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the focus"
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)
        QApplication.processEvents()


def type_in(qtbot, text):
    qtbot.keyClicks(focused(), text)


def active(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def test_plus_minus_and_the_numpad_change_the_selected_line_from_the_empty_search_box(till, qtbot):
    screen = till.sale_screen
    active(qtbot, till)
    screen.focus_search()
    type_in(qtbot, "KUE-01")
    press(qtbot, K.Key_Return)
    type_in(qtbot, "ROT-05")
    press(qtbot, K.Key_Return)
    assert focused() is screen.search
    press(qtbot, K.Key_Plus)  # the last line: Roti Pisang Cokelat
    press(qtbot, K.Key_Plus, Qt.KeyboardModifier.KeypadModifier)
    assert [str(line.quantity) for line in screen.cart.lines] == ["1", "3"]
    press(qtbot, K.Key_Up)  # the arrows move in the cart, the focus stays in the box
    press(qtbot, K.Key_Up)
    press(qtbot, K.Key_Plus)
    press(qtbot, K.Key_Down)
    press(qtbot, K.Key_Minus)
    assert [str(line.quantity) for line in screen.cart.lines] == ["2", "2"]
    assert screen.search.text() == "" and focused() is screen.search
    type_in(qtbot, "KUE-")  # with text in the box the dash is typed (codes hold one)
    assert screen.search.text() == "KUE-"


def test_tab_and_shift_tab_go_round_search_cart_customer_and_pay(till, qtbot):
    screen = till.sale_screen
    active(qtbot, till)
    scan(screen, qtbot, "KUE-01")
    screen.focus_search()
    press(qtbot, K.Key_Tab)
    assert focused() is screen.table and screen.table.selected_line() == 0
    press(qtbot, K.Key_Tab)
    assert focused() is screen.customer.search
    press(qtbot, K.Key_Backtab)
    press(qtbot, K.Key_Backtab)
    assert focused() is screen.search
    press(qtbot, K.Key_Backtab)
    assert focused() is screen.pay_button
    press(qtbot, K.Key_Tab)
    assert focused() is screen.search


def test_esc_clears_the_cart_and_ctrl_z_brings_it_back(till, qtbot):
    screen = till.sale_screen
    active(qtbot, till)
    for code in ("KUE-01", "ROT-05", "ROT-01"):
        scan(screen, qtbot, code)
    screen.focus_search()
    press(qtbot, K.Key_Escape)
    assert screen.cart.lines == () and screen.undo_button.isVisible() and "3 lines" in screen.message.text()
    press(qtbot, K.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(screen.cart.lines) == 3 and not screen.undo_button.isVisible()
    press(qtbot, K.Key_Escape)
    scan(screen, qtbot, "KUE-01")  # the next sale began: nothing to undo any more
    press(qtbot, K.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(screen.cart.lines) == 1 and not screen.undo_button.isVisible()


def test_enter_after_a_quick_cash_button_completes_the_sale(till, qtbot):
    screen = till.sale_screen
    active(qtbot, till)
    scan(screen, qtbot, "KUE-01")
    press(qtbot, K.Key_Return)  # pay
    dialog = screen.payment
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.quick_buttons[-1], Qt.MouseButton.LeftButton)  # Rp 100.000
    press(qtbot, K.Key_Return)
    assert Sale.select().count() == 1 and Payment.get().change == Money(45000)


def test_the_customer_book_opens_the_one_found_with_enter_and_the_down_arrow_enters_the_list(till, qtbot):
    add_customer(NewCustomer("Bu Sari Kebun", "0813-9999-0101"))
    till.show_customer_book()
    book = till.book_dialog
    qtbot.waitUntil(book.isVisible)
    active(qtbot, book)
    book.search.setFocus()
    type_in(qtbot, "Bu")
    book.refresh()
    press(qtbot, K.Key_Down)
    assert focused() is book.table and book.table.currentRow() == 0
    book.search.setFocus()
    book.search.clear()
    type_in(qtbot, "0813-9999-0101")
    book.refresh()
    press(qtbot, K.Key_Return)
    assert book.page.isVisible() and "Bu Sari Kebun" in book.page.windowTitle()  # not "New customer"


def test_a_scanners_enter_in_the_barcode_field_does_not_save_the_product(qtbot, till):
    from pos.ui.product_form import ProductFormDialog

    staff = StaffUser.get(StaffUser.role == "owner")
    form = ProductFormDialog(None, staff.id, till)
    qtbot.addWidget(form)
    saved = []
    form.accepted.connect(lambda: saved.append(True))
    form.show()
    active(qtbot, form)
    form.barcode.setFocus()
    type_in(qtbot, "8990000000123")
    press(qtbot, K.Key_Return)
    assert saved == [] and form.isVisible() and focused() is form.name
