"""Files bigger than one SQL statement may carry (issue #18), on SQLite and PostgreSQL: all rows or none."""

from __future__ import annotations

import pytest

from pos.models import AuditEntry, Customer, Product
from pos.services.customer_files import import_customers
from pos.services.errors import InvalidInput
from pos.services.product_files import import_products
from tests.conftest import engine_of

# SQLite: more codes than its 32,766 variables in one statement, for real. PostgreSQL's limit (65,535) is proved
# by the statements themselves: with 3,000 rows, an unbatched look-up (3,000 codes) or insert (15,000 values)
# would show in the largest statement, and a batched one stays within BATCH rows whatever the file's size.
ROWS = {"sqlite": 33_000, "postgresql": 3_000}
MOST_VALUES = 2_500  # BATCH (500) rows of five columns: no statement carries more


@pytest.fixture
def n(empty_url) -> int:
    return ROWS[engine_of(empty_url)]


@pytest.fixture
def largest_statement(monkeypatch):
    """The most values any SQL statement carried during the test."""
    from pos.models import db as proxy

    seen = [0]
    database = proxy.obj
    execute = database.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        seen[0] = max(seen[0], len(params or ()))
        return execute(sql, params, *args, **kwargs)

    monkeypatch.setattr(database, "execute_sql", counting)
    return seen


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
def demo(demo_database):
    return demo_database


def test_a_big_product_file_imports_in_batches(demo, n, largest_statement):
    before = Product.select().count()
    result = import_products(products(n), owner_pin="1234")
    assert (result.created, result.updated) == (n, 0)
    assert Product.select().count() == before + n
    assert Product.get(Product.code == f"BNC-{n - 1:06d}").retail_price.minor == 1000 + n - 1
    again = import_products(products(n), owner_pin="1234")  # the same file again: every row an update
    assert (again.created, again.updated) == (0, n)
    assert 0 < largest_statement[0] <= MOST_VALUES


def test_one_bad_row_at_the_end_of_a_big_product_file_writes_nothing(demo, n):
    before = Product.select().count(), AuditEntry.select().count()
    with pytest.raises(InvalidInput, match=f"row {n + 1}: harga_ecer 'mahal' is not a price"):
        import_products(products(n, bad_row=n + 1), owner_pin="1234")
    assert (Product.select().count(), AuditEntry.select().count()) == before


def test_a_big_customer_file_imports_in_batches_with_their_member_codes(demo, n, largest_statement):
    before = Customer.select().count()
    result = import_customers(customers(n), owner_pin="1234")
    assert result.added == n and Customer.select().count() == before + n
    last = Customer.get(Customer.phone == f"+62838{10_000_000 + n - 1}")
    assert last.name == f"Pelanggan {n - 1}" and last.member_code == f"LG{before + n:05d}"
    assert AuditEntry.select().where(AuditEntry.action == "customer.added").count() == before + n
    again = import_customers(customers(n), owner_pin="1234")  # everyone is in the book now
    assert (again.added, again.skipped) == (0, n)
    assert 0 < largest_statement[0] <= MOST_VALUES


def test_one_bad_number_at_the_end_of_a_big_customer_file_writes_nothing(demo, n):
    before = Customer.select().count(), AuditEntry.select().count()
    with pytest.raises(InvalidInput, match=f"line {n + 1}: 0813 99x9 is not a phone number"):
        import_customers(customers(n, bad_row=n + 1), owner_pin="1234")
    assert (Customer.select().count(), AuditEntry.select().count()) == before
