"""The customer book's export follows its search and filters; a broadcast list leaves out whoever did not agree
to promotions, and says how many; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest

from pos.models import AuditEntry
from pos.services.customer_files import export_broadcast, export_customers
from pos.services.customer_search import CustomerFilter
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import NotAllowed
from pos.services.staff import _add_staff
from tests.factories import make_sale


@pytest.fixture
def book(database):
    _add_staff("Bu Ani", "owner", "1234")
    _add_staff("Dita", "cashier", "1111")
    people = {}
    for name, phone, segments, consent, village in (
            ("Ani", "0813-1000-0001", ("student",), True, "Kledung"),
            ("Bayu", "0813-1000-0002", ("student",), True, "Dieng"),
            ("Citra", "0813-1000-0003", ("student",), False, "Kledung"),
            ("Dewi", "", ("student",), True, "Kledung"),
            ("Eko", "0813-1000-0005", ("office",), True, "Kledung")):
        people[name] = add_customer(NewCustomer(name, phone, segments=segments, promo_consent=consent,
                                                consent_source="till" if consent else "", village=village))
    make_sale(people["Ani"].id, 45000)
    return people


def names(data: bytes) -> list[str]:
    return [r["nama"] for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]


def test_an_export_of_one_segment_that_leaves_out_those_without_consent(book):
    students = CustomerFilter(segment="student")
    data, _full = export_customers(filters=students, pin="1234")
    assert names(data) == ["Ani", "Bayu", "Citra", "Dewi"]  # the spreadsheet: everyone the book shows
    assert names(export_customers("ani", students)[0]) == ["Ani"]
    assert names(export_customers(filters=CustomerFilter(segment="student", village="kledung"))[0]) == [
        "Ani", "Citra", "Dewi"]

    made = export_broadcast("", students, "csv", pin="1234")
    assert names(made.data) == ["Ani", "Bayu"]
    assert (made.written, made.without_consent, made.without_number) == (2, 1, 1)
    rows = list(csv.DictReader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert (rows[0]["hp"], rows[0]["kunjungan"], rows[0]["belanja"]) == ("0813-1000-0001", "1", "45000")
    vcard = export_broadcast("", students, "vcf", pin="1234").data.decode()
    assert vcard.count("BEGIN:VCARD") == 2 and "FN:Bayu" in vcard and "Citra" not in vcard and "Eko" not in vcard
    audit = AuditEntry.select().where(AuditEntry.action == "customers.exported").order_by(AuditEntry.id.desc()).get()
    assert audit.details["filters"] == {"segment": "student"} and audit.details["without_consent"] == 1

    with pytest.raises(NotAllowed, match="owner's PIN"):
        export_broadcast("", students, "csv", pin="1111")
