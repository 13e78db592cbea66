"""Special prices brought in with the customers from a spreadsheet: all or nothing, the owner's PIN; both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.models import AuditEntry, Customer, Product, SpecialPrice
from pos.money import Money, Quantity
from pos.services.customer_files import MERGE, import_customers, preview_import
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.pricing import price

FRIDAY_10_WIB = dt.datetime(2026, 11, 27, 3, 0)
FILE = ("nama;hp;harga_khusus\n"
        "Bu Sari;0813-1111-2222;\"CML-01=12.000; kue-01=48000\"\n"
        "Pak Joko;0813-1111-3333;\n")


@pytest.fixture
def shop(demo_database):
    return {"customers": Customer.select().count(), "prices": SpecialPrice.select().count(),
            "ids": {p.code: p.id for p in Product.select()}}


def test_special_prices_come_in_with_the_customers_and_are_charged(shop):
    preview = preview_import(FILE.encode())
    assert preview.special_prices == 1 and preview.rows[0].special_prices == "CML-01: Rp 12.000, KUE-01: Rp 48.000"
    with pytest.raises(NotAllowed, match="owner's PIN"):
        import_customers(FILE.encode(), owner_pin="1111")
    assert Customer.select().count() == shop["customers"]

    result = import_customers(FILE.encode(), owner_pin="1234")
    assert (result.added, result.special_prices) == (2, 2)
    sari = Customer.get(Customer.name == "Bu Sari")
    priced = price([CartLine(shop["ids"]["CML-01"], Quantity.of(1)), CartLine(shop["ids"]["KUE-01"], Quantity.of(1))],
                   sari.id, at=FRIDAY_10_WIB)
    assert [line.unit_price for line in priced.lines if not line.is_bonus] == [Money(12000), Money(48000)]
    audit = AuditEntry.get(AuditEntry.action == "customers.imported")
    assert audit.details["approved_by"] == "Bu Ani"
    assert [(p["product"], p["old_price"], p["new_price"]) for p in audit.details["special_prices"]] == [
        ("CML-01", None, 12000), ("KUE-01", None, 48000)]


def test_merging_changes_a_price_and_a_file_without_prices_needs_no_pin(shop):
    sari = add_customer(NewCustomer("Bu Sari", "0813-1111-2222"))
    import_customers(b"nama;hp;harga khusus\nSari;0813 1111 2222;CML-01=13000\n", on_duplicate=MERGE,
                     owner_pin="1234")
    import_customers(b"nama;hp;harga khusus\nSari;0813 1111 2222;CML-01=12500\n", on_duplicate=MERGE,
                     owner_pin="1234")
    assert [sp.price for sp in SpecialPrice.select().where(SpecialPrice.customer == sari.id)] == [Money(12500)]
    assert import_customers(b"nama;hp\nTono;0813 1111 4444\n", owner_pin=owner_pin()).added == 1  # no prices: anyone


@pytest.mark.parametrize("cell, problem", [
    ("NOPE-99=12000", "line 3: there is no product with code NOPE-99"),
    ("CML-01=12,5", "line 3: 5 is not CODE=PRICE"),
    ("CML-01=dua belas", "line 3: dua belas is not a price for CML-01"),
    ("CML-01", "line 3: CML-01 is not CODE=PRICE"),
])
def test_a_bad_code_or_price_refuses_the_whole_import_with_its_line(shop, cell, problem):
    data = f"nama;hp;harga_khusus\nBu Sari;0813-1111-2222;CML-01=12000\nPak Joko;0813-1111-3333;{cell}\n"
    with pytest.raises(InvalidInput, match=problem):
        import_customers(data.encode(), owner_pin="1234")
    assert (Customer.select().count(), SpecialPrice.select().count()) == (shop["customers"], shop["prices"])
    assert not AuditEntry.select().where(AuditEntry.action == "customers.imported").exists()
