"""Customers from a spreadsheet or a phone's contacts, and the book out as CSV, on both engines."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import owner_pin
from pos.models import AuditEntry, Customer
from pos.services.customer_files import (MERGE, SKIP, export_customers, import_customers, mask_phone, plan_import,
                                        preview_import)
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed


@pytest.fixture
def book(demo_database):
    return Customer.select().count()


def test_a_bad_row_on_line_4_is_reported_and_nothing_is_written(book):
    data = ("nama,hp,desa\n"
            "Bu Sari,0813-1111-2222,Kledung\n"
            "Pak Joko,+62 813 1111 3333,Bansari\n"
            "Mbak Rini,0813-11x1,Kledung\n"
            "Mas Dedi,081311114444,Parakan\n").encode()
    with pytest.raises(InvalidInput, match=r"line 4: 0813-11x1 is not a phone number"):
        import_customers(data, owner_pin=owner_pin())
    assert Customer.select().count() == book
    assert AuditEntry.select().where(AuditEntry.action == "customers.imported").count() == 0


def test_a_semicolon_file_with_a_bom_and_indonesian_headers(book):
    data = ("\ufeffNama Pelanggan;No. HP;Alamat;Keterangan\n"
            "Ibu Siti Aminah;0812 2222 3333;Jl. Pasar 4;pesan tiap Jumat\n")
    result = import_customers(data.encode("utf-8"), owner_pin=owner_pin())
    assert (result.added, result.skipped) == (1, 0)
    siti = Customer.get(Customer.phone == "+6281222223333")
    assert (siti.name, siti.address, siti.notes) == ("Ibu Siti Aminah", "Jl. Pasar 4", "pesan tiap Jumat")


def test_a_latin_1_file_keeps_its_accents(book):
    data = "name,phone,village\nJosé Ramírez,0813 7777 8888,Kledung\n".encode("latin-1")
    import_customers(data, owner_pin=owner_pin())
    assert Customer.get(Customer.phone == "+6281377778888").name == "José Ramírez"


def test_a_file_without_a_phone_column_is_a_clear_error(book):
    with pytest.raises(InvalidInput, match="no phone column .*nama, kota"):
        import_customers(b"nama,kota\nBu Sari,Temanggung\n", owner_pin=owner_pin())


VCARDS = """BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Wulandari;Sari;;Bu;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Bu Sari Wulandari =E2=80=93 Kledung
TEL;CELL:0813-4444-5555
TEL;HOME:+62 274 123456
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Pak Bambang
TEL;TYPE=CELL:+62 812-9999-0000
NOTE:reseller keripik\\, tiap Senin
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Bambang (Warung)
TEL;VALUE=uri;TYPE=cell:tel:+62-812-9999-0000
END:VCARD
"""


def test_phone_contacts_with_two_numbers_and_the_same_person_twice(book):
    result = import_customers(VCARDS.encode(), owner_pin=owner_pin())
    assert (result.added, result.joined) == (2, 1)  # Bambang's two cards are one customer
    sari = Customer.get(Customer.phone == "+6281344445555")
    assert sari.name == "Bu Sari Wulandari – Kledung"
    assert "(0274) 123456" in sari.notes  # the second number is kept, not lost
    bambang = Customer.get(Customer.phone == "+6281299990000")
    assert bambang.name == "Pak Bambang" and bambang.notes == "reseller keripik, tiap Senin"


def test_people_already_in_the_book_are_skipped_or_merged(book):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    data = "nama,hp,desa\nSari W.,+62 813 5555 0101,Kledung\n".encode()
    plan = plan_import(data)
    assert plan.existing == {2: sari.id}
    assert import_customers(data, on_duplicate=SKIP, owner_pin=owner_pin()).skipped == 1
    assert Customer.get_by_id(sari.id).village == ""
    assert import_customers(data, on_duplicate=MERGE, owner_pin=owner_pin()).merged == 1
    kept = Customer.get_by_id(sari.id)
    assert (kept.name, kept.village) == ("Bu Sari", "Kledung")  # the book's name stays, blanks are filled
    assert Customer.select().count() == book + 1


def test_the_export_masks_numbers_unless_the_owner_asks(book):
    add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    masked, full = export_customers(pin="1111")  # the cashier
    assert not full
    rows = list(csv.DictReader(io.StringIO(masked.decode("utf-8-sig"))))
    assert len(rows) == book + 1
    sari = next(r for r in rows if r["nama"] == "Bu Sari")
    assert sari["hp"] == mask_phone("+6281355550101") == "0813-****-0101"
    assert "5555" not in masked.decode("utf-8-sig")
    owners, full = export_customers(pin="1234")
    assert full and "0813-5555-0101" in owners.decode("utf-8-sig")
    assert masked.startswith(b"\xef\xbb\xbf")  # spreadsheets open it as UTF-8
    audits = [a.details["full_numbers"] for a in AuditEntry.select().where(AuditEntry.action == "customers.exported")]
    assert audits == [False, True]
    with pytest.raises(NotAllowed, match="Wrong PIN"):
        export_customers(pin="9999")


def test_the_preview_shows_every_row_its_problem_and_who_is_in_the_book_and_follows_the_mapping(book):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    data = ("Kontak;Nomor HP;Kampung;Lain\n"
            "Sari;0813 5555 0101;Kledung;x\n"
            "Budi;12345;Dieng;y\n"
            "Tono;0813-5555-0300;Dieng;z\n").encode()
    p = preview_import(data)
    assert (p.kind, p.total, p.bad, p.error) == ("csv", 3, 1, "")
    assert [(r.line, r.name, r.phones, r.village, r.in_book) for r in p.rows] == [
        (2, "Sari", "0813-5555-0101", "Kledung", f"Bu Sari ({sari.member_code})"), (3, "Budi", "12345", "Dieng", ""),
        (4, "Tono", "0813-5555-0300", "Dieng", "")]
    assert p.rows[1].problem == "line 3: 12345 is not a phone number"
    moved = preview_import(data, {"name": 0, "phone": 1, "village": 3})
    assert [r.village for r in moved.rows] == ["x", "y", "z"]
    no_phone = preview_import(data, {"name": 0})
    assert "no phone column" in no_phone.error and no_phone.headers == ("Kontak", "Nomor HP", "Kampung", "Lain")
    assert Customer.select().count() == book + 1  # a preview writes nothing
