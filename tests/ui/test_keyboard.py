"""The counter by keyboard: every key goes to whichever widget has the focus (QApplication.focusWidget()), as
on a real till, so a field that keeps the focus, or a button that takes it, fails these tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pos.models import Payment, Sale, Shift, StaffUser
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


def type_in(qtbot, text, enter=False):
    qtbot.keyClicks(focused(), text)
    if enter:
        press(qtbot, K.Key_Return)


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


def test_the_first_run_starts_in_the_shop_name_and_a_warning_returns_to_the_field_at_fault(qtbot, tmp_path):
    from tests.ui.test_back_office_window import empty_window

    window = empty_window(qtbot, tmp_path)
    active(qtbot, window)
    page = window.first_run
    assert focused() is page.shop_name
    type_in(qtbot, "Toko Kue Sari")
    press(qtbot, K.Key_Tab)
    type_in(qtbot, "12345")  # not a phone number
    page.owner_name.setText("Sari")
    page.pin.setText("2468")
    page.again.setText("2468")
    page.owner_name.setFocus()
    page.start_button.click()
    [box] = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert "not a valid phone number" in box.text()
    active(qtbot, box)
    press(qtbot, K.Key_Return)  # the warning read
    active(qtbot, window)
    assert focused() is page.whatsapp


def test_the_close_shift_count_is_blind_unless_the_shop_wants_the_figure(till, qtbot):
    from pos.services.shop import _update_shop_settings

    scan(till.sale_screen, qtbot, "KUE-01")
    till.close_shift()
    dialog = till.close_dialog
    assert "Expected" not in dialog.figures.text() and "Rp 200.000" not in dialog.figures.text()
    assert dialog.ok_button.text() == "Counted: show the difference"
    active(qtbot, dialog)
    assert focused() is dialog.counts[100000]
    type_in(qtbot, "2")
    assert "Counted Rp 200.000" in dialog.figures.text()
    press(qtbot, K.Key_Return)
    assert "Expected Rp 200.000" in dialog.figures.text() and "Difference Rp 0" in dialog.figures.text()
    assert dialog.ok_button.text() == "Close the shift" and Shift.get().status == "open"
    press(qtbot, K.Key_Escape)  # Esc backs out: nothing closed
    assert not dialog.isVisible() and Shift.get().status == "open"
    _update_shop_settings({"show_expected_cash": True})
    till.close_shift()
    assert "Expected Rp 200.000" in till.close_dialog.figures.text()


def test_switching_cashier_keeps_the_shift_and_the_next_sales_are_theirs(till, qtbot):
    from tests.ui.test_till import pay

    screen = till.sale_screen
    active(qtbot, till)
    scan(screen, qtbot, "KUE-01")
    screen.focus_search()
    press(qtbot, K.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = till.switch_dialog
    assert "parked" in dialog.text.text()
    active(qtbot, dialog)
    type_in(qtbot, "9999", enter=False)
    press(qtbot, K.Key_Return)
    assert till.cashier.name == "Dita" and dialog.isVisible()  # an unknown PIN changes nothing
    dialog.pin.setText("1234")
    press_on = dialog.pin
    qtbot.keyClick(press_on, K.Key_Return)
    assert till.cashier.name == "Bu Ani" and till.sale_screen.cart.lines == ()
    assert "Bu Ani" in till.status.text() and "Bu Ani is at the till" in till.sale_screen.message.text()
    scan(till.sale_screen, qtbot, "ROT-01")
    pay(till.sale_screen)
    assert Sale.get().cashier_id == StaffUser.get(StaffUser.name == "Bu Ani").id
    assert Shift.select().count() == 1 and Shift.get().status == "open"
    till.switch_cashier()
    till.switch_dialog.logout_button.click()
    assert till.stack.currentWidget() is till.login_page and till.cashier is None
    till.login("1111")
    assert till.cashier.name == "Dita" and till.sale_screen is not None and Shift.select().count() == 1


def test_the_recap_and_back_office_from_the_pin_screen_ask_the_owners_pin(till, qtbot):
    till.switch_cashier()
    till.switch_dialog.logout_button.click()
    till.owner_pin_provider = lambda parent, action: "1111"  # the cashier's PIN: refused, with a message
    till.show_reports()
    assert getattr(till, "reports", None) is None and any(
        "owner" in b.text() for b in till.findChildren(QMessageBox) if b.isVisible())
    till.owner_pin_provider = lambda parent, action: None  # cancelled
    till.show_back_office()
    assert getattr(till, "office_dialog", None) is None
    till.owner_pin_provider = lambda parent, action: "1234"
    till.show_reports()
    assert till.reports.isVisible()
    till.reports.reject()
    till.show_back_office()
    assert till.office_dialog.isVisible()


def test_unsaved_settings_are_asked_about_when_the_back_office_closes(till, qtbot):
    from pos.services.shop import get_shop_settings

    till.show_back_office("1234")
    office = till.office_dialog
    assert office.settings.unsaved() == []  # nothing typed: no question
    answers = []
    office.ask_unsaved = lambda parent: answers.append(1) or "cancel"
    footer, _read = office.settings.shop_fields["receipt_footer"]
    footer.setPlainText("Terima kasih, sampai jumpa!")
    office.close_button.click()
    assert answers == [1] and office.isVisible() and office.tabs.currentWidget() is office.settings
    office.ask_unsaved = lambda parent: "save"
    closed = []
    office.finished.connect(closed.append)
    active(qtbot, office)
    press(qtbot, K.Key_Escape)
    assert closed and get_shop_settings()["receipt_footer"] == "Terima kasih, sampai jumpa!"
    till.show_back_office("1234")
    office = till.office_dialog
    office.settings.shop_fields["receipt_footer"][0].setPlainText("lain")
    office.ask_unsaved = lambda parent: "discard"
    office.finished.connect(closed.append)
    office.close_button.click()
    assert len(closed) == 2 and get_shop_settings()["receipt_footer"] == "Terima kasih, sampai jumpa!"
