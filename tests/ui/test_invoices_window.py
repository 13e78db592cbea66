"""Invoices and kasbon from the window: an invoice after a sale on kasbon, a payment and a statement from the
customer's page, the aging list with a WhatsApp reminder. PDFs are opened through a recorder, not a viewer."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from pos.models import CashEntry, Customer, Invoice, KasbonEntry, Touchpoint
from pos.money import Money
from pos.services import clock
from pos.services.sales import kasbon_owed
from pos.ui import documents
from tests.ui.test_till import errors, pay, scan


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(documents, "opener", lambda url: urls.append(url) or True)
    return urls


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def reseller() -> Customer:
    return (Customer.select().where(Customer.credit_limit.is_null(False) & Customer.phone.is_null(False))
            .order_by(Customer.id).first())


def sell_on_kasbon(till, qtbot, customer):
    screen = till.sale_screen
    screen.customer.pick(customer.id)
    for _n in range(3):
        scan(screen, qtbot, "ROT-01")
    pay(screen, "kasbon")
    return screen


def test_an_invoice_and_a_delivery_note_right_after_a_sale_on_kasbon(till, qtbot, opened):
    toko = reseller()
    screen = sell_on_kasbon(till, qtbot, toko)
    dialog = screen.receipt
    assert dialog.invoice_button.isEnabled()
    dialog.invoice_button.click()
    invoice = Invoice.get()
    assert invoice.number == "INV-K1-000001" and invoice.customer_id == toko.id
    assert opened[-1].toLocalFile().endswith("INV-K1-000001.pdf")
    text = text_of(screen.document)
    assert "INV-K1-000001" in text and toko.name in text and "Roti Sobek Cokelat" in text
    assert screen.last_result.number in text
    dialog.delivery_button.click()
    assert opened[-1].toLocalFile().endswith("INV-K1-000001-surat-jalan.pdf")
    assert "Rp" not in text_of(screen.document) and Invoice.select().count() == 1

    scan(screen, qtbot, "ROT-01")  # a walk-in sale: no invoice
    pay(screen, "cash", tendered="20.000")
    assert not screen.receipt.invoice_button.isEnabled()


def test_payment_statement_and_reminder_from_the_customer_book(till, qtbot, opened):
    toko = reseller()
    sell_on_kasbon(till, qtbot, toko)
    owed = kasbon_owed(toko.id)
    assert owed.minor > 0
    till.show_customer_book()
    book = till.book_dialog
    book.open_customer(toko.id)
    page = book.page
    page.record_payment()
    dialog = page.payment
    dialog.amount.setText("abc")
    dialog.buttons.accepted.emit()
    assert any("not an amount" in e for e in errors(dialog)) and kasbon_owed(toko.id) == owed
    dialog.amount.setText("10.000")
    dialog.method.setCurrentIndex(dialog.method.findData("cash"))
    cash_before = sum(e.amount.minor for e in CashEntry.select())
    dialog.buttons.accepted.emit()
    assert kasbon_owed(toko.id) == owed - Money(10000)
    assert sum(e.amount.minor for e in CashEntry.select()) - cash_before == 10000
    assert "still owed" in dialog.result_text()

    import datetime as dt

    page.statement((dt.date(2026, 1, 1), clock.today()))
    text = text_of(page.document)
    assert "STATEMENT OF ACCOUNT" in text and toko.name in text and "Rp 10.000" in text

    book.show_kasbon()
    aging = book.kasbon_list
    names = [aging.table.item(r, 0).text() for r in range(aging.table.rowCount())]
    assert toko.name in names
    book.kasbon.setChecked(True)  # the book's own filter still works with the kasbon list open
    assert [book.table.item(r, 1).text() for r in range(book.table.rowCount())].count(toko.name) == 1
    aging.table.selectRow(names.index(toko.name))
    aging.remind()
    link = unquote(opened[-1].toString())
    assert link.startswith("https://wa.me/" + toko.phone.lstrip("+")) and toko.name in link
    assert Touchpoint.get(Touchpoint.customer == toko.id).kind == "message"
    aging.pdf()
    assert "KASBON AGING" in text_of(aging.document)
    assert KasbonEntry.select().where(KasbonEntry.customer == toko.id).count() >= 2
