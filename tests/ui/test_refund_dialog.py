"""The refund dialog by keys on the focused widget: a short number finds the sale, the summary and the
amount to give back show before the owner's PIN, and the refund slip goes to the print queue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.models import PriceTier, PrintJob, Product, Sale, TierPrice
from pos.money import Money, Quantity
from pos.services.customers import NewCustomer, add_customer
from tests.printer_server import FakeNetworkPrinter
from tests.ui.test_till import pay, scan

K = Qt.Key


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the focus"
    return widget


def keys(qtbot, text, enter=False):
    qtbot.keyClicks(focused(), text)
    if enter:
        qtbot.keyClick(focused(), K.Key_Return)
    QApplication.processEvents()


@pytest.fixture
def printer_server():
    server = FakeNetworkPrinter(paper=True)
    yield server
    server.close()


def test_a_short_number_shows_the_sale_and_the_money_back_before_the_pin(till, qtbot, printer_server):
    kopi = Product.get(Product.code == "KOP-05")
    TierPrice.delete().where(TierPrice.product == kopi.id).execute()
    TierPrice.create(product=kopi, tier=PriceTier.get(PriceTier.code == "reseller"), min_qty=Quantity.of(10),
                     price=Money(12000))
    toko = add_customer(NewCustomer("Toko Makmur", "0813-9999-0974", tier="reseller"), owner_pin="1234")
    till.settings.set("printer_url", printer_server.confirmed_url)
    screen = till.sale_screen
    screen.customer.pick(toko.id)
    scan(screen, qtbot, "KOP-05")
    screen.table.item(0, 1).setText("10")
    pay(screen)
    sale = Sale.get(Sale.kind == "sale")
    assert sale.total == Money(120000)
    till.refund()
    dialog = till.refund_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    assert focused() is dialog.number
    short = str(int(sale.number.split("-")[1]))  # "1" for K1-000001
    keys(qtbot, short, enter=True)
    assert dialog.number.text() == sale.number
    assert "Toko Makmur" in dialog.summary.text() and "Rp 120.000" in dialog.summary.text()
    assert "2026" in dialog.summary.text()
    assert focused() is dialog.table
    keys(qtbot, "3", enter=True)
    assert dialog.money_back.text().endswith("Rp 15.000")  # 3 × 12.000 − 7 kept × (15.000 − 12.000)
    assert Sale.select().where(Sale.kind == "refund").count() == 0  # nothing before the PIN
    qtbot.keyClick(focused(), K.Key_Tab)
    qtbot.keyClick(focused(), K.Key_Tab)
    assert focused() is dialog.pin
    keys(qtbot, "1234", enter=True)
    refund = Sale.get(Sale.kind == "refund")
    assert refund.total == Money(-15000)
    assert "Rp 15.000" in dialog.result.text()
    qtbot.waitUntil(lambda: PrintJob.get_or_none(PrintJob.reference == refund.number) is not None
                    and PrintJob.get(PrintJob.reference == refund.number).status == "printed", timeout=5000)
    job = PrintJob.get(PrintJob.reference == refund.number)
    assert job.kind == "refund"
    assert printer_server.wait_for(2)[-1] == bytes(job.payload)  # the sale's receipt, then the refund slip


def test_a_number_that_finds_nothing_says_so_once(till, qtbot):
    from PySide6.QtWidgets import QMessageBox

    till.refund()
    dialog = till.refund_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    keys(qtbot, "9999", enter=True)
    # one warning, not two (the key's own Return may already have closed it here)
    assert [box.text() for box in dialog.findChildren(QMessageBox)] == ["There is no sale 9999."]
    assert dialog.lines == [] and dialog.summary.text() == ""
