"""The customer book's forms, driven as the owner would: add and edit with checks, duplicates, import, export,
delete on request, and the customer's page opened from the till."""

from __future__ import annotations

import csv
import io


from pos.models import AuditEntry, Complaint, Customer, MemberCodeAlias, Sale
from pos.services.customers import NewCustomer, add_customer
from tests.factories import make_sale
from tests.ui.test_till import errors


def book_of(till):
    till.show_customer_book()
    return till.book_dialog


def search(book, text):
    book.search.setText(text)
    book.search.textEdited.emit(text)
    return [book.table.item(r, 1).text() for r in range(book.table.rowCount())]


def test_add_a_customer_refuse_a_bad_number_and_offer_the_one_who_has_it(till, qtbot):
    book = book_of(till)
    before = Customer.select().count()
    book.new_button.click()
    form = book.form
    form.name.setText("Dewi Lestari")
    form.phone.setText("0812 345")
    form.buttons.accepted.emit()
    assert any("not a valid phone number" in e for e in errors(form))
    assert Customer.select().count() == before and form.isVisible()  # nothing stored, the form stays

    form.phone.setText("0813-2222-0001")
    form.village.setText("Kledung")
    form.segment_boxes["student"].setChecked(True)
    form.consent.setChecked(True)
    form.consent_source.setCurrentIndex(form.consent_source.findData("whatsapp"))
    form.credit_limit.setText("250.000")
    form.save(pin="1234")  # a kasbon limit is the owner's: their PIN (the window asks for it)
    dewi = Customer.get(Customer.name == "Dewi Lestari")
    assert (dewi.phone, dewi.village, dewi.promo_consent_source, dewi.credit_limit.minor) == (
        "+6281322220001", "Kledung", "whatsapp", 250000)
    assert dewi.promo_consent_at is not None and [s.segment.code for s in dewi.segment_links] == ["student"]
    assert "Dewi Lestari" in search(book, "lestari")

    book.edit(None)
    form = book.form
    form.name.setText("Dewi L.")
    form.phone.setText("+62 813 2222 0001")
    form.buttons.accepted.emit()
    box = form.duplicate_box
    assert box.isVisible() and "Dewi Lestari" in box.text() and dewi.member_code in box.text()
    form.open_other_button.click()
    assert book.page.customer_id == dewi.id and book.page.isVisible()
    assert Customer.select().where(Customer.name == "Dewi L.").count() == 0


def test_edit_a_customer_from_the_page_and_consent_shows_when_and_how(till, qtbot):
    budi = add_customer(NewCustomer("Budi", "0813-2222-0002"))
    book = book_of(till)
    book.open_customer(budi.id)
    page = book.page
    assert "No promotions" in page.profile.text()
    page.edit_button.click()
    form = page.form
    form.village.setText("Wonosobo")
    form.consent.setChecked(True)
    form.buttons.accepted.emit()
    assert any("how the customer agreed" in e for e in errors(form))
    assert Customer.get_by_id(budi.id).village == ""
    form.consent_source.setCurrentIndex(form.consent_source.findData("form"))
    form.tier.setCurrentIndex(form.tier.findData("reseller"))
    form.save(pin="1234")  # a tier is the owner's: their PIN (the window asks for it)
    stored = Customer.get_by_id(budi.id)
    assert (stored.village, stored.tier.code, stored.promo_consent_source) == ("Wonosobo", "reseller", "form")
    assert "Agreed to promotions" in page.profile.text() and "Signed a paper form" in page.profile.text()
    assert "Wonosobo" in page.profile.text()


def test_likely_duplicates_are_listed_and_merged_keeping_the_chosen_one(till, qtbot):
    wati = add_customer(NewCustomer("Wati", "0813-2222-0003", village="Dieng"))
    watie = add_customer(NewCustomer("Bu Watie", "", village="dieng"))
    make_sale(watie.id, 20000)
    book = book_of(till)
    book.duplicates_button.click()
    dialog = book.duplicates
    assert dialog.runner.busy() and not dialog.keep_first.isEnabled()  # searched off the GUI thread
    qtbot.waitUntil(lambda: not dialog.runner.busy())
    rows = [(dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text()) for r in range(dialog.table.rowCount())]
    pair = next(i for i, (a, b) in enumerate(rows) if "Wati" in a and "Bu Watie" in b)
    dialog.table.selectRow(pair)
    dialog.merge_selected(keep_first=True, confirm=False, pin="1234")
    qtbot.waitUntil(lambda: not dialog.runner.busy())  # the pairs are looked for again
    assert Customer.get_or_none(Customer.id == watie.id) is None
    assert Sale.get(Sale.total == 20000).customer_id == wati.id
    assert MemberCodeAlias.get().code == watie.member_code
    assert all("Bu Watie" not in dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount()))


def test_import_with_column_mapping_preview_and_a_bad_row(till, qtbot, tmp_path):
    before = Customer.select().count()
    path = tmp_path / "kontak.csv"
    path.write_bytes(("\ufeffKontak;Nomor;Kampung;Alamat\n"
                      "Ani;0813 2222 1001;Kledung;Jl. Raya 1\n"
                      "Bayu;0813-2222-1002;Dieng;\n"
                      "Citra;0812;Dieng;\n").encode())
    book = book_of(till)
    book.import_file(str(path))
    dialog = book.importer
    assert dialog.columns["name"].currentText() == "Kontak" and dialog.columns["village"].currentText() == "Kampung"
    assert dialog.table.rowCount() == 3 and "line 4" in dialog.table.item(2, 7).text()
    assert not dialog.import_button.isEnabled() and "1 of 3 rows" in dialog.summary.text()

    path.write_bytes(path.read_bytes().replace(b"0812;", b"0813 2222 1003;"))
    dialog.data = path.read_bytes()
    dialog.columns["village"].setCurrentIndex(dialog.columns["village"].findText("Alamat"))  # a wrong column
    qtbot.waitUntil(lambda: not dialog.runner.busy())  # the preview is read again off the GUI thread
    assert dialog.table.item(0, 3).text() == "Jl. Raya 1"
    dialog.columns["village"].setCurrentIndex(dialog.columns["village"].findText("Kampung"))
    dialog.columns["address"].setCurrentIndex(dialog.columns["address"].findText("Alamat"))  # asked while busy
    qtbot.waitUntil(lambda: not dialog.runner.busy())
    assert dialog.table.item(0, 3).text() == "Kledung" and dialog.table.item(0, 4).text() == "Jl. Raya 1"
    assert dialog.import_button.isEnabled()
    dialog.run_import("1111")  # the cashier's PIN: an import is the owner's, nothing is written
    qtbot.waitUntil(lambda: not dialog.runner.busy())
    assert Customer.select().count() == before and dialog.isVisible()
    dialog.run_import("1234")  # what the Import button does once the owner typed their PIN
    assert not dialog.import_button.isEnabled() and not dialog.cancel_button.isEnabled()  # written off the screen
    dialog.reject()  # Escape meanwhile: the import goes on to its end
    qtbot.waitUntil(lambda: not dialog.runner.busy())
    assert Customer.select().count() == before + 3
    ani = Customer.get(Customer.name == "Ani")
    assert (ani.phone, ani.village, ani.address) == ("+6281322221001", "Kledung", "Jl. Raya 1")
    assert "3 new" in book.count.text()


def test_export_hides_numbers_for_a_cashier_and_shows_them_with_the_owner_pin(till, qtbot, tmp_path):
    add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    book = book_of(till)
    hidden, full = tmp_path / "kasir.csv", tmp_path / "pemilik.csv"
    assert book.export_file(str(hidden), full=False)
    rows = list(csv.DictReader(io.StringIO(hidden.read_bytes().decode("utf-8-sig"))))
    assert next(r for r in rows if r["nama"] == "Bu Sari")["hp"] == "0813-****-0101"
    assert not book.export_file(str(full), pin="1111", full=True)  # the cashier's PIN
    assert any("owner's PIN" in e for e in errors(book)) and not full.exists()
    assert book.export_file(str(full), pin="1234", full=True)
    assert "0813-5555-0101" in full.read_bytes().decode("utf-8-sig")


def test_delete_on_request_keeps_the_sales_and_needs_the_owner(till, qtbot):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101", village="Kledung"))
    make_sale(sari.id, 45000)
    book = book_of(till)
    book.open_customer(sari.id)
    page = book.page
    page.forget("1111")
    assert any("owner's PIN" in e for e in errors(page)) and Customer.get_by_id(sari.id).phone
    page.forget("1234")
    gone = Customer.get_by_id(sari.id)
    assert (gone.phone, gone.village, gone.active) == (None, "", False) and "Bu Sari" not in gone.name
    assert Sale.get(Sale.customer == sari.id).total.minor == 45000
    assert "Bu Sari" not in page.profile.text() and not page.edit_button.isEnabled()
    assert AuditEntry.select().where(AuditEntry.action == "customer.forgotten").count() == 1


def test_the_till_opens_the_customer_page_to_take_a_complaint(till, qtbot):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    make_sale(sari.id, 45000)
    screen = till.sale_screen
    screen.customer.pick(sari.id)
    screen.customer.page_button.click()
    page = screen.customer_page
    assert page.customer_id == sari.id and page.history.rowCount() == 1
    page.history.selectRow(0)
    page.open_receipt()
    assert "45.000" in page.receipt.text.toPlainText()
    page.complaint_text.setText("Kuenya terlalu manis")
    page.add_complaint_button.click()
    assert Complaint.get().text == "Kuenya terlalu manis" and Complaint.get().customer_id == sari.id


def test_a_consent_given_just_after_midnight_shows_the_shops_day_on_the_form_and_the_page(till, qtbot):
    """17:17 UTC on the 27th is 00:17 on the 28th in the shop (Asia/Jakarta): both widgets say the 28th."""
    import datetime as dt

    from pos.services import clock

    sari = add_customer(NewCustomer("Sari", "0813-2222-0003"))
    book = book_of(till)
    book.open_customer(sari.id)
    page = book.page
    with clock.frozen(dt.datetime(2026, 11, 27, 17, 17)):
        page.edit_button.click()
        page.form.consent.setChecked(True)
        page.form.consent_source.setCurrentIndex(page.form.consent_source.findData("whatsapp"))
        page.form.buttons.accepted.emit()
        make_sale(sari.id, 15000, at=clock.now())
    assert Customer.get_by_id(sari.id).promo_consent_at == dt.datetime(2026, 11, 27, 17, 17)  # stored in UTC
    book.open_customer(sari.id)
    page = book.page
    assert "Agreed to promotions (28 Nov 2026" in page.profile.text() and "27 Nov" not in page.profile.text()
    assert "Last visit: 28 Nov 2026" in page.figures.text() and "First visit: 28 Nov 2026" in page.figures.text()
    assert page.history.item(0, 1).text() == "28 Nov 2026 00:17"
    page.edit_button.click()
    assert page.form.consent_when.text() == "Recorded 28 Nov 2026 00:17"
    assert search(book, "0813-2222-0003") == ["Sari"] and book.table.item(0, 6).text() == "28 Nov 2026"
