"""The cart's money columns show a reseller's Rp 1.250.000 line whole, with room to spare."""

from __future__ import annotations

from pos.ui.cart_view import MONEY_ROOM
from tests.ui.test_till import scan


def test_a_million_rupiah_line_shows_whole_in_the_cart(till, qtbot):
    till.resize(1024, 700)
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    screen.table.item(0, 1).setText("50")  # 50 × Rp 55.000
    table = screen.table
    total = table.item(0, 3)
    assert total.text() == "Rp 2.750.000"
    metrics = table.fontMetrics()
    for col in (2, 3):
        text = table.item(0, col).text()
        assert table.columnWidth(col) >= metrics.horizontalAdvance(text) + MONEY_ROOM, text
    assert sum(table.columnWidth(c) for c in range(4)) <= table.viewport().width()  # nothing off the side
