"""The customer book, driven as the owner would: search, open, a complaint added and resolved, a merge."""

from __future__ import annotations


from pos.models import Complaint, Customer, Sale, Touchpoint
from pos.services.customers import NewCustomer, add_customer
from tests.factories import make_sale
from tests.ui.test_till import errors


def test_search_open_complain_resolve_and_merge(till, qtbot):
    sari = add_customer(NewCustomer("Bu Sari Wulandari", "0812 3456 7890", village="Wonotirto"))
    twin = add_customer(NewCustomer("Sari Wulandari (Wonotirto)", "", village="Wonotirto"))
    make_sale(sari.id, 45000)
    make_sale(twin.id, 30000)
    till.show_customer_book()
    book = till.book_dialog
    book.search.setText("0812 3456")
    book.search.textEdited.emit("0812 3456")
    assert [book.table.item(r, 1).text() for r in range(book.table.rowCount())] == ["Bu Sari Wulandari"]
    book.search.setText("wulandari")
    book.search.textEdited.emit("wulandari")
    assert book.table.rowCount() == 2

    book.table.selectRow(0)
    book.open_selected()
    page = book.page
    assert "Bu Sari Wulandari" in page.profile.text() and "0812-3456-7890" in page.profile.text()
    assert page.history.rowCount() == 1 and "Rp 45.000" in page.history.item(0, 2).text()
    page.complaint_text.setText("Roti sobek kemarin agak keras")
    page.add_complaint_button.click()
    complaint = Complaint.get(Complaint.customer == sari.id)
    assert complaint.status == "open" and page.complaints.rowCount() == 1
    page.complaints.selectRow(0)
    page.resolve_selected("Diganti roti baru, minta maaf")
    complaint = Complaint.get_by_id(complaint.id)
    assert (complaint.status, complaint.resolution) == ("resolved", "Diganti roti baru, minta maaf")
    page.touch_text.setText("Ditelepon, puas")
    page.add_touch_button.click()
    assert Touchpoint.get().text == "Ditelepon, puas"
    page.complaint_text.setText("   ")
    page.add_complaint_button.click()
    assert any("said" in e for e in errors(page)) and Complaint.select().count() == 1  # nothing half-written
    page.accept()

    book.table.clearSelection()
    book.table.setSelectionMode(book.table.SelectionMode.MultiSelection)
    book.table.selectRow(0)
    book.table.selectRow(1)
    book.merge_selected(confirm=False, pin="1234")
    assert Customer.get_or_none(Customer.id == twin.id) is None
    assert Sale.select().where(Sale.customer == sari.id).count() == 2
    assert book.table.rowCount() == 1


def test_enter_in_the_complaint_field_adds_it_once(till, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    sari = add_customer(NewCustomer("Bu Sari Wulandari", "0812 3456 7890"))
    till.show_customer_book()
    book = till.book_dialog
    book.search.setText("wulandari")
    book.search.textEdited.emit("wulandari")
    book.table.selectRow(0)
    book.open_selected()
    page = book.page
    page.tabs.setCurrentIndex([page.tabs.tabText(i) for i in range(page.tabs.count())].index(
        "Complaints and feedback"))
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    page.complaint_text.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.complaint_text, timeout=3000)
    qtbot.keyClicks(QApplication.focusWidget(), "Roti sobek kemarin agak keras")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert [c.text for c in Complaint.select().where(Complaint.customer == sari.id)] == [
        "Roti sobek kemarin agak keras"]
    assert page.complaint_text.text() == "" and page.complaints.rowCount() == 1 and page.isVisible()


def test_an_open_complaint_shows_at_the_till_when_the_customer_is_picked(till, qtbot):
    from pos.services.customer_book import add_complaint, resolve_complaint

    sari = add_customer(NewCustomer("Bu Sari Wulandari", "0812 3456 7890"))
    add_complaint(sari.id, "Roti sobek kemarin agak keras")
    add_complaint(sari.id, "Kopinya enak", kind="feedback")
    panel = till.sale_screen.customer
    panel.pick(sari.id)
    assert "Open complaint: Roti sobek kemarin agak keras" in panel.card.text()
    assert "Kopinya enak" not in panel.card.text()  # feedback is not a complaint to settle
    resolve_complaint(Complaint.get().id, "Diganti roti baru")
    panel.pick(sari.id)
    assert "Open complaint" not in panel.card.text()
