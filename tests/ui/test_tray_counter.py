"""The counter's made-daily buttons (issue #25): "left 2", sold out at zero, the warning on adding a sold-out
product, and the owner's PIN selling beyond the tray (recorded)."""

from __future__ import annotations

from pos.models import AuditEntry, Product, Sale, Tray
from pos.money import Quantity
from pos.services import clock
from pos.services.trays import enter_made, set_made_daily
from tests.ui.test_till import errors, pay, scan


def test_left_on_the_button_sold_out_warned_and_sold_beyond_with_the_pin(till, qtbot):
    screen = till.sale_screen
    bolu = Product.get(Product.code == "KUE-01")
    set_made_daily(bolu.id, True, owner_pin="1234")
    enter_made(clock.today(), {bolu.id: Quantity.of(2)}, staff_id=screen.cashier.id)
    screen.refresh_catalogue()
    button = screen.grid_buttons["KUE-01"]
    assert button.text().endswith("left 2")
    scan(screen, qtbot, "KUE-01")
    scan(screen, qtbot, "KUE-01")
    pay(screen)
    assert Sale.select().count() == 1 and button.text().endswith("SOLD OUT")
    scan(screen, qtbot, "KUE-01")
    assert "sold out" in screen.message.text()
    screen.owner_pin_provider = lambda parent, action: ""  # no PIN: nothing stored, the cart kept
    pay(screen)
    assert Sale.select().count() == 1 and any("Sold out" in e for e in errors(screen))
    assert screen.cart.lines
    screen.payment.reject()
    screen.owner_pin_provider = lambda parent, action: "1234"
    pay(screen)
    assert Sale.select().count() == 2
    assert Tray.get(Tray.product == bolu.id).oversold == Quantity.of(1)
    assert AuditEntry.get(AuditEntry.action == "tray.oversold").details["approved_by"] == "Bu Ani"
