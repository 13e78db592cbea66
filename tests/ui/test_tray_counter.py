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


def test_the_trays_view_and_the_closing_dialog(till, qtbot):
    from pos.models import TrayLeftover
    from pos.services.trays import set_day_old_percent
    from pos.ui.trays_dialog import TraysDialog

    screen = till.sale_screen
    bolu = Product.get(Product.code == "KUE-01")
    set_made_daily(bolu.id, True, owner_pin="1234")
    set_day_old_percent(50, product_id=bolu.id, owner_pin="1234")
    assert till.trays_button.isVisible()
    till.show_trays()
    view = till.trays_dialog
    assert isinstance(view, TraysDialog)
    row = next(i for i, r in enumerate(view.rows) if r.product_id == bolu.id)
    view.table.cellWidget(row, 1).setValue(6)
    view.save()
    assert Tray.get(Tray.product == bolu.id).made == Quantity.of(6)
    scan(screen, qtbot, "KUE-01")
    pay(screen)
    view.load()
    assert view.table.item(row, 2).text() == "1" and view.table.item(row, 3).text() == "5"
    view.close_day()
    closing = view.closing
    line = next(i for i, r in enumerate(closing.rows) if r.product_id == bolu.id)
    spins = [closing.table.cellWidget(line, 2 + j) for j in range(5)]
    assert spins[0].value() == 5  # by default today's leftover goes to tomorrow at the day-old price
    spins[0].setValue(2)
    closing.save()  # 2 of 5: three would be kept silently
    assert any("Every leftover" in e for e in errors(closing)) and TrayLeftover.select().count() == 0
    spins[4].setValue(3)
    closing.save()
    assert {t.outcome: t.quantity for t in TrayLeftover.select()} == {"carried": Quantity.of(2),
                                                                        "thrown_away": Quantity.of(3)}
    assert "closed" in view.note.text() and not view.close_day_button.isEnabled()


def test_the_product_form_marks_a_product_made_daily_with_its_day_old_price(till, qtbot):
    from pos.models import StaffUser
    from pos.ui.product_form import ProductFormDialog

    owner = StaffUser.get(StaffUser.role == "owner")
    bolu = Product.get(Product.code == "KUE-01")
    form = ProductFormDialog(bolu.id, owner.id, till, owner_pin="1234")
    form.made_daily.setChecked(True)
    form.day_old.setValue(40)
    form.save()
    bolu = Product.get_by_id(bolu.id)
    assert (bolu.made_daily, bolu.day_old_percent) == (True, 40)
    form = ProductFormDialog(bolu.id, owner.id, till, owner_pin="1234")
    assert form.made_daily.isChecked() and form.day_old.value() == 40
    form.day_old.setValue(0)  # the category's rule again
    form.save()
    assert Product.get_by_id(bolu.id).day_old_percent is None
