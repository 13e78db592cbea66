"""Bad quantities and prices typed at the till (issue #18): a message, the cart as it was, nothing stored."""

from __future__ import annotations

import pytest

from pos.models import Sale
from tests.ui.test_till import errors, scan, table_texts


@pytest.mark.parametrize("typed,words", [("2,5", "sold in whole pcs"), ("", "Type a quantity")])
def test_half_a_loaf_and_an_emptied_quantity_leave_the_line_as_it_was(till, qtbot, typed, words):
    screen = till.sale_screen
    scan(screen, qtbot, "ROT-01")
    screen.table.item(0, 1).setText(typed)
    assert any(words in e for e in errors(screen))
    assert table_texts(screen)[0][1] == "1" and screen.cart.lines[0].quantity.thousandths == 1000


def test_half_a_kilo_of_coffee_beans_is_taken(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KOP-04")
    screen.table.item(0, 1).setText("0,5")
    assert not errors(screen) and screen.cart.lines[0].quantity.thousandths == 500


@pytest.mark.parametrize("typed", ["999.999.999.999.999", "1.000.000.001"])
def test_a_manual_price_past_the_limit_is_a_message_not_a_traceback(till, qtbot, typed):
    screen = till.sale_screen
    scan(screen, qtbot, "ROT-01")
    screen.owner_pin_provider = lambda parent, action: "1234"
    screen.price_provider = lambda parent: typed
    screen.change_price()
    assert any("at most Rp" in e and "1.000.000.000" in e for e in errors(screen))
    assert screen.cart.lines[0].price is None and Sale.select().count() == 0
