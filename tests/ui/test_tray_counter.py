"""The counter's made-daily buttons (issue #25): "left 2", sold out at zero, the warning on adding a sold-out
product, and the owner's PIN selling beyond the tray (recorded)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from pos.models import AuditEntry, Product, Sale, Tray
from pos.money import Quantity
from pos.services import clock
from pos.services.trays import enter_made, set_made_daily
from tests.ui.test_keyboard import press
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


def _yesterdays_on_hand(screen, carried: int, made_today: int):
    """Bolu made daily at 50 %: yesterday's leftover carried to today, and today's bake."""
    import datetime as dt

    from pos.services.trays import close_trays, set_day_old_percent

    bolu = Product.get(Product.code == "KUE-01")
    set_made_daily(bolu.id, True, owner_pin="1234")
    set_day_old_percent(50, product_id=bolu.id, owner_pin="1234")
    yesterday = clock.today() - dt.timedelta(days=1)
    enter_made(yesterday, {bolu.id: Quantity.of(carried)}, staff_id=screen.cashier.id)
    close_trays(yesterday, {bolu.id: {"carried": Quantity.of(carried)}}, staff_id=screen.cashier.id)
    if made_today:
        enter_made(clock.today(), {bolu.id: Quantity.of(made_today)}, staff_id=screen.cashier.id)
    screen.refresh_catalogue()
    return bolu


def test_yesterdays_goods_by_touch_and_by_keys_at_the_day_old_price(till, qtbot):
    from PySide6.QtCore import Qt

    from pos.i18n import format_money
    from pos.models import SaleLine

    screen = till.sale_screen
    bolu = _yesterdays_on_hand(screen, carried=3, made_today=2)
    half = format_money(type(bolu.retail_price)(bolu.retail_price.minor // 2))
    strip = screen.day_old_strips[bolu.id]
    assert strip.isVisibleTo(screen) and strip.text() == f"yesterday 3 · {half}"
    assert screen.grid_buttons["KUE-01"].text().endswith("left 2")
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton)  # a tap on the strip: one of yesterday's
    assert [(line.day_old, line.quantity) for line in screen.cart.lines] == [(True, Quantity.of(1))]
    assert "Yesterday's, 50% of the price" in _cart_text(screen)
    scan(screen, qtbot, "KUE-01")  # both on hand: asked, and Enter takes today's
    qtbot.keyClick(screen.day_old_question, Qt.Key.Key_Return)
    scan(screen, qtbot, "KUE-01")
    qtbot.keyClick(screen.day_old_question, Qt.Key.Key_2)  # 2: yesterday's
    screen.window().activateWindow()  # the till's window, as at the counter (the fixture leaves a dialog active)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen.window())
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Y: one more of the last line's
    assert [(line.day_old, line.quantity) for line in screen.cart.lines] == [
        (True, Quantity.of(1)), (False, Quantity.of(1)), (True, Quantity.of(2))]
    pay(screen)
    stored = sorted((line.price_source, line.quantity, line.unit_price.minor) for line in SaleLine.select())
    assert stored == [("day_old", Quantity.of(1), bolu.retail_price.minor // 2),
                      ("day_old", Quantity.of(2), bolu.retail_price.minor // 2),
                      ("retail", Quantity.of(1), bolu.retail_price.minor)]
    assert strip.text() == "yesterday: SOLD OUT" and screen.grid_buttons["KUE-01"].text().endswith("left 1")
    tray = Tray.get(Tray.product == bolu.id, Tray.day == clock.today())
    assert (tray.day_old_sold, tray.sold) == (Quantity.of(3), Quantity.of(1))


def test_a_scan_takes_yesterdays_when_only_those_are_left_and_asks_nothing_without_them(till, qtbot):
    screen = till.sale_screen
    bolu = _yesterdays_on_hand(screen, carried=1, made_today=0)
    scan(screen, qtbot, "KUE-01")  # nothing baked yet today: yesterday's, unasked
    assert getattr(screen, "day_old_question", None) is None
    assert [line.day_old for line in screen.cart.lines] == [True]
    assert screen.day_old_strips[bolu.id].text().startswith("yesterday 1")
    assert "Yesterday's, 50% of the price" in _cart_text(screen)


def _cart_text(screen) -> str:
    table = screen.table
    texts = []
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item, widget = table.item(r, c), table.cellWidget(r, c)
            texts.append(item.text() if item is not None else "")
            texts += [w.text() for w in (widget.findChildren(QLabel) if widget is not None else [])]
    return " ".join(texts)
