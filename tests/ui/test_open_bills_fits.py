"""The open bills list in Indonesian shows every column without scrolling sideways ("Belum dikirim" was cut off
behind a scroll bar at the dialog's size)."""

from __future__ import annotations

from pos.i18n import set_language
from tests.ui.test_till import scan


def test_every_column_of_the_open_bills_shows_in_indonesian(till, qtbot):
    set_language("id")
    try:
        screen = till.sale_screen
        screen.bill_name_provider = lambda parent, suggested="": "Meja 4 · Mas Bayu"
        scan(screen, qtbot, "KOP-05")
        screen.send_order()
        screen.show_bills()
        dialog = screen.bills_dialog
        qtbot.waitExposed(dialog)
        table = dialog.table
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert headers[-1] == "Belum dikirim"
        used = sum(table.columnWidth(c) for c in range(table.columnCount()))
        assert used <= table.viewport().width() and not table.horizontalScrollBar().isVisible()
        for c, text in enumerate(headers):
            assert table.columnWidth(c) >= table.horizontalHeader().fontMetrics().horizontalAdvance(text), text
    finally:
        set_language("en")
