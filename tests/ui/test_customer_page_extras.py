"""The customer's page, driven as the owner would: a special price set there is charged at the till at once,
and the stamps of a paper card are entered once."""

from __future__ import annotations

from tests.factories import owner_pin
from pos.models import AuditEntry, SpecialPrice, StampEntry
from pos.services.customers import NewCustomer, add_customer
from tests.ui.test_customer_book_forms import book_of
from tests.ui.test_till import errors, scan, table_texts


def page_of(till, customer_id):
    book = book_of(till)
    book.open_customer(customer_id)
    return book.page


def test_a_special_price_set_on_the_page_is_charged_at_the_till(till, qtbot):
    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0101", tier="regular"), owner_pin=owner_pin())
    screen = till.sale_screen
    screen.customer.pick(sari.id)
    scan(screen, qtbot, "CML-01")
    assert table_texts(screen)[0][2] == "Rp 17.000"  # the regular price

    page = page_of(till, sari.id)
    section = page.special_section
    page.tabs.setCurrentWidget(section)
    section.choose("CML-01")
    assert section.product.currentText().startswith("CML-01")
    assert "Retail: Rp 18.000" in section.hint.text() and "Rp 17.000" in section.hint.text()
    section.price.setText("12.000")
    assert not section.set_price("1111")  # the cashier's PIN
    assert any("owner's PIN" in e for e in errors(section)) and not SpecialPrice.select().where(
        SpecialPrice.customer == sari.id).exists()
    assert section.set_price("1234")
    assert [section.table.item(0, c).text() for c in range(5)] == [
        "CML-01", "Keripik Pisang Manis 250 g", "Rp 12.000", "Rp 18.000", "Langganan: Rp 17.000"]
    assert AuditEntry.get(AuditEntry.action == "special_price.set").details["new_price"] == 12000

    scan(screen, qtbot, "CML-01")  # the next scan prices the cart again: the special price at once
    [row] = table_texts(screen)
    assert row[2] == "Rp 12.000" and row[-1] == "Rp 24.000" and "Special price for this customer" in row[0]

    section.table.selectRow(0)
    assert section.remove_selected("1234")
    assert section.table.rowCount() == 0
    scan(screen, qtbot, "CML-01")
    assert table_texts(screen)[0][-1] == "Rp 51.000"  # three at the regular price again


def test_the_paper_cards_stamps_are_entered_once_and_shown_as_such(till, qtbot):
    ani = add_customer(NewCustomer("Ani", "0813-9999-0102"))
    page = page_of(till, ani.id)
    assert not page.enter_opening_stamps(7, "1111")
    assert any("owner's PIN" in e for e in errors(page)) and not StampEntry.select().where(
        StampEntry.customer == ani.id).exists()
    assert page.enter_opening_stamps(7, "1234")
    assert [page.balances.item(0, c).text() for c in (1, 2, 3)] == [
        "Stamps", "7", "Opening balance from the paper card: 7"]
    assert "Stamps: 7" in page.figures.text()
    assert not page.opening_button.isEnabled()
    assert not page.enter_opening_stamps(3, "1234")  # a second one
    assert any("already (7 stamps)" in e for e in errors(page))
    assert AuditEntry.select().where(AuditEntry.action == "stamps.opening_entered").count() == 1


def test_the_product_form_lists_who_has_a_special_price(till, qtbot):
    from pos.models import Product
    from pos.money import Money
    from pos.services.special_prices import set_special_price

    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0101"))
    chips = Product.get(Product.code == "CML-01")
    set_special_price(sari.id, chips.id, Money(12000), owner_pin="1234")
    till.show_back_office("1234")
    tab = till.office_dialog.products
    tab.edit(chips.id)
    assert f"Bu Sari ({sari.member_code}): Rp 12.000" in tab.form.special_prices.text()
    tab.form.reject()
    tab.edit(Product.get(Product.code == "KUE-01").id)
    assert "No customer has a special price" in tab.form.special_prices.text()


def test_special_prices_imported_with_the_customers_need_the_owner(till, qtbot, tmp_path):
    from pos.models import Customer

    path = tmp_path / "pelanggan.csv"
    path.write_bytes(b"nama;hp;harga_khusus\nBu Sari;0813 2222 1001;CML-01=12.000\nBayu;0813 2222 1002;\n")
    book = book_of(till)
    book.import_file(str(path))
    dialog = book.importer
    assert dialog.columns["special_prices"].currentText() == "harga_khusus"
    assert dialog.table.item(0, 6).text() == "CML-01: Rp 12.000"
    dialog.run_import("1111")
    qtbot.waitUntil(lambda: not dialog.runner.busy())
    assert any("owner's PIN" in e for e in errors(dialog)) and not Customer.select().where(
        Customer.name == "Bu Sari").exists()
    dialog.run_import("1234")
    qtbot.waitUntil(lambda: not dialog.runner.busy())
    sari = Customer.get(Customer.name == "Bu Sari")
    assert [sp.price.minor for sp in sari.special_prices] == [12000]
    assert "Special prices set: 1." in book.count.text()


def test_the_books_export_follows_its_filter_and_the_broadcast_leaves_out_no_consent(till, qtbot, tmp_path):
    import csv
    import io

    from pos.models import Customer, CustomerSegment, Segment

    add_customer(NewCustomer("Zaenal Uji", "0813-9999-0201", segments=("community",), promo_consent=True,
                             consent_source="till"))
    add_customer(NewCustomer("Zulaikha Uji", "0813-9999-0202", segments=("community",)))
    book = book_of(till)
    book.segment.setCurrentIndex(book.segment.findData("community"))
    members = list(Customer.select().join(CustomerSegment).join(Segment)
                   .where((Segment.code == "community") & (Customer.active == True)))  # noqa: E712
    agreed = sorted(c.name for c in members if c.promo_consent and c.phone)
    no_consent = sum(1 for c in members if not c.promo_consent)
    no_number = sum(1 for c in members if c.promo_consent and not c.phone)
    assert len(members) < Customer.select().count() and no_consent and "Zaenal Uji" in agreed

    sheet = tmp_path / "segmen.csv"
    assert book.export_file(str(sheet), full=False)
    rows = list(csv.DictReader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"))))
    assert sorted(r["nama"] for r in rows) == sorted(c.name for c in members)

    broadcast = tmp_path / "siaran.csv"
    assert not book.export_file(str(broadcast), pin="1111", broadcast=True) and not broadcast.exists()
    assert book.export_file(str(broadcast), pin="1234", broadcast=True)
    rows = list(csv.DictReader(io.StringIO(broadcast.read_bytes().decode("utf-8-sig"))))
    assert sorted(r["nama"] for r in rows) == agreed  # those who said no are not in it
    said = book.count.text()
    assert f"{len(agreed)} exported to {broadcast}. {no_consent} left out: no consent to promotions" in said
    assert not no_number or f"{no_number} left out: no number" in said


def test_a_member_card_without_a_printer_offers_the_pdf_and_the_printer_settings(till, qtbot, tmp_path):
    from pypdf import PdfReader

    from pos.models import PrintJob
    from tests.printer_server import FakeNetworkPrinter

    sari = add_customer(NewCustomer("Bu Sari", "0813-9999-0102"))
    page = page_of(till, sari.id)
    page.ask_pdf_path = lambda code: str(tmp_path / f"{code}.pdf")
    page.card_button.click()
    box = page.no_printer
    assert box.isVisible() and "No printer" in box.text()
    labels = [b.text() for b in box.buttons()]
    assert "Save as PDF…" in labels and "Printer settings…" in labels
    next(b for b in box.buttons() if b.text() == "Save as PDF…").click()
    pdf = tmp_path / f"{page.page.card.info.member_code}.pdf"
    assert "Bu Sari" in PdfReader(pdf).pages[0].extract_text()
    assert "saved" in page.card_note.text()

    server = FakeNetworkPrinter(paper=True)
    try:
        till.settings.set("printer_url", server.confirmed_url)
        page.card_button.click()
        assert page.card_note.text() == "The member card of Bu Sari was sent to the printer."
        assert PrintJob.get(PrintJob.kind == "card").reference == page.page.card.info.member_code
        qtbot.waitUntil(lambda: PrintJob.get(PrintJob.kind == "card").status == "printed", timeout=5000)
    finally:
        server.close()
