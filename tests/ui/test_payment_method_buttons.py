"""The payment dialog offers what the registry holds: a method registered only here gets its button (and its
F-key), takes no cash handed over, and completes the sale with it."""

from __future__ import annotations

from pos.domain import payment_methods
from pos.domain.payment_methods import PaymentMethod
from pos.models import CashEntry, Payment, Sale
from pos.money import Money
from tests.ui.test_till import NASTAR_BARCODE, scan


def test_a_registered_voucher_has_its_button_and_pays_the_sale(till, qtbot):
    payment_methods.register(PaymentMethod("voucher", "Gift voucher"))
    try:
        screen = till.sale_screen
        scan(screen, qtbot, NASTAR_BARCODE)
        screen.pay()
        dialog = screen.payment
        button = dialog.method_buttons["voucher"]
        assert "F7" in button.text() and button.isEnabled()  # no customer needed
        assert not dialog.method_buttons["kasbon"].isEnabled()  # a walk-in: no kasbon
        dialog.choose("voucher")
        assert not dialog.tendered.isVisible() and dialog.reference.isVisible()  # no change to give
        dialog.complete_button.click()
    finally:
        payment_methods.unregister("voucher")
    sale = Sale.get()
    assert [(p.method, p.amount) for p in Payment.select()] == [("voucher", sale.total)]
    assert sale.total == Money(95000)
    assert not CashEntry.select().where(CashEntry.kind == "sale").exists()
