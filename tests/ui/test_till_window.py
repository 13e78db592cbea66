"""How the till looks to the cashier: whole cart rows, the receipt beside the grid, messages that go."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_till import pay, scan

CODES = ("KUE-01", "ROT-01", "KOP-05", "CML-01", "ROT-02", "ROT-03", "ROT-04", "ROT-05", "KUE-02", "KUE-03", "KUE-04",
         "KUE-05", "KRG-01", "KRG-02", "KOP-01")


def rect_in_window(widget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def cut_rows(table) -> list[str]:
    """Rows that show only in part: some of their pixels inside the visible area, some outside."""
    height = table.viewport().height()
    cut = []
    for row in range(table.rowCount()):
        top = table.rowViewportPosition(row)
        bottom = top + table.rowHeight(row)
        if bottom > 0 and top < height and (top < 0 or bottom > height):
            cut.append(table.item(row, 0).text())
    return cut


@pytest.mark.parametrize("height", [768, 700, 640])
def test_the_cart_shows_whole_lines_only_and_the_newest_one(till, qtbot, height):
    till.resize(1366, height)
    screen = till.sale_screen
    for code in CODES:
        scan(screen, qtbot, code)
        QApplication.processEvents()
        assert cut_rows(screen.table) == [], code
    table = screen.table
    assert table.verticalScrollBar().maximum() > 0  # more lines than fit: the case that cut one in half
    newest = table.rows.index(len(screen.cart.lines) - 1)
    top = table.rowViewportPosition(newest)
    assert 0 <= top and top + table.rowHeight(newest) <= table.viewport().height()  # the line just scanned shows
    table.verticalScrollBar().setValue(1)  # the cashier scrolls up a little
    QApplication.processEvents()
    assert cut_rows(table) == []
    single = table.rowHeight(0)
    assert all(table.rowHeight(r) == single for r in range(table.rowCount())
               if "\n" not in table.item(r, 0).text())  # no line is taller for a price that wrapped once


def test_the_receipt_after_a_sale_leaves_the_grid_free_and_esc_closes_it(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    pay(screen, tendered="100.000")
    QApplication.processEvents()
    receipt = screen.receipt
    assert receipt.isVisible() and "Bolu Pandan" in receipt.text.toPlainText()
    assert not rect_in_window(receipt).intersects(rect_in_window(screen.grid))
    assert receipt.window() is till  # part of the till, not a window of its own over it
    till.activateWindow()
    qtbot.waitUntil(till.isActiveWindow, timeout=3000)
    screen.focus_search()
    qtbot.keyClick(screen.search, Qt.Key.Key_Escape)  # the key, as the cashier presses it
    assert not receipt.isVisible() and screen.table.isVisible()
    assert screen.search.hasFocus() or QApplication.focusWidget() is screen.search


def test_the_receipt_closes_with_its_button_and_when_the_next_sale_starts(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    pay(screen, tendered="100.000")
    screen.receipt.close_button.click()
    assert not screen.receipt.isVisible() and screen.table.isVisible()
    scan(screen, qtbot, "ROT-01")
    pay(screen, tendered="20.000")
    assert screen.receipt.isVisible()
    scan(screen, qtbot, "KUE-01")
    assert not screen.receipt.isVisible() and screen.table.rowCount() == 1


def test_the_completed_message_goes_when_the_next_sale_starts(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    pay(screen, tendered="100.000")
    assert "K1-000001 completed" in screen.message.text()
    screen.customer.pick(None)  # nothing scanned yet: the message stays for the customer still at the counter
    assert "K1-000001 completed" in screen.message.text()
    scan(screen, qtbot, "ROT-01")
    assert screen.message.text() == ""


def test_the_split_payment_button_is_a_method_sized_button_with_words(till, qtbot):
    screen = till.sale_screen
    scan(screen, qtbot, "KUE-01")
    screen.pay()
    dialog = screen.payment
    dialog.show()
    QApplication.processEvents()
    assert dialog.split_button.text() == "Split payment (F9)"
    assert dialog.split_button.height() >= dialog.method_buttons["cash"].height()
    assert "(split)" not in dialog.split_button.text()
    dialog.reject()


def test_the_status_bar_names_the_shop_and_till_and_info_tells_where_the_data_is(till, qtbot):
    from pos import __version__
    from pos.settings import data_dir

    assert till.status.text() == "Toko Roti & Kopi Bu Ani · Till K1 · cashier Dita"
    assert "sqlite" not in till.status.text() and till.about_button.isVisible()
    till.show_about()
    about = dict(till.about_dialog.rows)
    assert about["Database"] == till.url and about["Schema version"].isdigit()
    assert about["Data folder"] == str(data_dir()) and about["Backups folder"] == str(data_dir() / "backups")
    assert about["Version"] == __version__ and about["Till"] == "K1"
    assert till.about_dialog.values["Database"].text() == till.url  # on screen, not only in the rows
    till.about_dialog.copy()
    assert till.url in QApplication.clipboard().text()


def test_the_printer_settings_ask_for_the_owners_pin(till, qtbot):
    from PySide6.QtWidgets import QMessageBox

    till.printer_settings(pin="1111")  # the cashier's own PIN
    assert getattr(till, "printer_dialog", None) is None
    assert any("owner's PIN" in box.text() for box in till.findChildren(QMessageBox) if box.isVisible())
    till.printer_settings(pin="1234")
    dialog = till.printer_dialog
    assert dialog.isVisible()
    dialog.url.setEditText("file:///tmp/till-printer.bin")
    dialog.save_button.click()
    from pos.settings import MachineSettings

    assert MachineSettings.load()["printer_url"] == "file:///tmp/till-printer.bin"
