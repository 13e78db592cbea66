"""The options panel at the till (issue #24 item 2): by touch and by keys, the choices under the line, editing,
merging; the stored sale line decides."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos.models import Product, SaleLine, SaleLineChoice
from pos.money import Money
from pos.services.product_options import ChoiceForm, GroupForm, save_option_group
from tests.factories import owner_pin
from tests.ui.test_till import pay, scan, table_texts

SIZE = GroupForm("Ukuran", (ChoiceForm("Regular", default=True), ChoiceForm("Large", Money(5000))), 1, 1)
SUGAR = GroupForm("Gula", (ChoiceForm("Normal", default=True), ChoiceForm("Less sugar"), ChoiceForm("No sugar")),
                  1, 1)
EXTRAS = GroupForm("Tambahan", (ChoiceForm("Extra shot", Money(6000)), ChoiceForm("Oat milk", Money(8000))), 0, 2)


@pytest.fixture
def counter(till):
    coffee = Product.get(Product.code == "KOP-05")  # Es Kopi Susu Gula Aren, Rp 15.000
    pin = owner_pin()
    for form in (SIZE, SUGAR, EXTRAS):
        save_option_group(GroupForm(**{**form.__dict__, "product_ids": (coffee.id,)}), owner_pin=pin)
    screen = till.sale_screen
    return screen, coffee


def keys(qtbot, widget, *pressed) -> int:
    for key in pressed:
        qtbot.keyClick(widget, key)
    return len(pressed)


def test_large_less_sugar_from_a_scan_takes_three_keys(counter, qtbot):
    screen, coffee = counter
    scan(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    assert panel.isVisible() and panel.title.text() == coffee.name
    assert [b.isChecked() for b in panel.buttons[0]] == [True, False]  # Regular preselected
    typed = keys(qtbot, panel, Qt.Key.Key_2, Qt.Key.Key_2, Qt.Key.Key_Return)
    assert typed <= 3 and not panel.isVisible()
    rows = table_texts(screen)
    assert rows[0][0] == f"{coffee.name}\n   Large · Less sugar" and rows[0][3] == "Rp 20.000"


def test_as_usual_is_one_key_and_the_same_choices_merge_other_choices_do_not(counter, qtbot):
    screen, coffee = counter
    for _ in range(2):
        scan(screen, qtbot, "KOP-05")
        keys(qtbot, screen.options_panel, Qt.Key.Key_Return)
    scan(screen, qtbot, "KOP-05")
    keys(qtbot, screen.options_panel, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_1, Qt.Key.Key_2,
         Qt.Key.Key_Return)  # extras: a shot and oat milk
    assert [(line.quantity.thousandths, len(line.options)) for line in screen.cart.lines] == [(2000, 2), (1000, 4)]
    assert table_texts(screen)[1][0].endswith("Regular · Normal · +Extra shot · +Oat milk")
    assert screen.priced.total == Money(2 * 15000 + 15000 + 6000 + 8000)


def test_by_touch_then_edit_the_line_then_pay_and_the_choices_are_stored(counter, qtbot):
    screen, coffee = counter
    scan(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    qtbot.mouseClick(panel.buttons[0][1], Qt.MouseButton.LeftButton)  # Large
    qtbot.mouseClick(panel.buttons[2][0], Qt.MouseButton.LeftButton)  # + Extra shot
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert screen.priced.total == Money(26000)
    screen.edit_options()  # F12: the line's choices on the panel again
    assert [b.isChecked() for b in panel.buttons[0]] == [False, True]
    qtbot.mouseClick(panel.buttons[1][2], Qt.MouseButton.LeftButton)  # No sugar
    qtbot.mouseClick(panel.buttons[2][0], Qt.MouseButton.LeftButton)  # the shot out again
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert table_texts(screen)[0][0].endswith("Large · No sugar") and screen.priced.total == Money(20000)
    pay(screen, "cash", tendered="20.000")
    line = SaleLine.select().order_by(SaleLine.id.desc()).first()
    assert [(c.name, c.price) for c in SaleLineChoice.select().where(SaleLineChoice.line == line)
            .order_by(SaleLineChoice.position)] == [("Large", Money(5000)), ("No sugar", Money(0))]


def test_a_required_group_left_empty_says_so_and_escape_adds_nothing(counter, qtbot):
    screen, _coffee = counter
    scan(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    panel.picked.clear()  # as if the owner had set no default
    keys(qtbot, panel, Qt.Key.Key_Return)
    assert panel.isVisible() and "Ukuran" in panel.problem.text() and not screen.cart.lines
    keys(qtbot, panel, Qt.Key.Key_Escape)
    assert not panel.isVisible() and not screen.cart.lines
