"""Files bigger than one SQL statement may carry (issue #18), on SQLite and PostgreSQL: all rows or none."""

from __future__ import annotations

import pytest

from pos.models import AuditEntry, Customer, Product
from pos.services.customer_files import import_customers
from pos.services.demo import create_demo
from pos.services.errors import InvalidInput
from pos.services.product_files import import_products

ROWS = 66_000  # more codes than PostgreSQL's 65,535 parameters, and than SQLite's 32,766


def products(n: int, bad_row: int | None = None) -> bytes:
    lines = ["kode;nama;kategori;satuan;harga_ecer"]
    lines += [f"BNC-{i:06d};Barang {i};Gudang {i % 7};pcs;{'mahal' if i + 2 == bad_row else 1000 + i}"
              for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def customers(n: int, bad_row: int | None = None) -> bytes:
    lines = ["nama;no hp;desa"]
    lines += [f"Pelanggan {i};{'0813 99x9' if i + 2 == bad_row else f'0838{10_000_000 + i}'};Kledung"
              for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def demo(database):
    create_demo(seed=1)


def test_66000_products_import_in_batches(demo):
    before = Product.select().count()
    result = import_products(products(ROWS))
    assert (result.created, result.updated) == (ROWS, 0)
    assert Product.select().count() == before + ROWS
    assert Product.get(Product.code == "BNC-065999").retail_price.minor == 1000 + 65_999
    again = import_products(products(ROWS))  # the same file again: every row an update
    assert (again.created, again.updated) == (0, ROWS)


def test_one_bad_row_at_the_end_of_a_big_product_file_writes_nothing(demo):
    before = Product.select().count(), AuditEntry.select().count()
    with pytest.raises(InvalidInput, match=f"row {ROWS + 1}: harga_ecer 'mahal' is not a price"):
        import_products(products(ROWS, bad_row=ROWS + 1))
    assert (Product.select().count(), AuditEntry.select().count()) == before


def test_66000_customers_import_in_batches_with_their_member_codes(demo):
    before = Customer.select().count()
    result = import_customers(customers(ROWS))
    assert result.added == ROWS and Customer.select().count() == before + ROWS
    last = Customer.get(Customer.phone == f"+62838{10_000_000 + ROWS - 1}")
    assert last.name == f"Pelanggan {ROWS - 1}" and last.member_code == f"LG{before + ROWS:05d}"
    assert AuditEntry.select().where(AuditEntry.action == "customer.added").count() == before + ROWS
    again = import_customers(customers(ROWS))  # everyone is in the book now
    assert (again.added, again.skipped) == (0, ROWS)


def test_one_bad_number_at_the_end_of_a_big_customer_file_writes_nothing(demo):
    before = Customer.select().count(), AuditEntry.select().count()
    with pytest.raises(InvalidInput, match=f"line {ROWS + 1}: 0813 99x9 is not a phone number"):
        import_customers(customers(ROWS, bad_row=ROWS + 1))
    assert (Customer.select().count(), AuditEntry.select().count()) == before
