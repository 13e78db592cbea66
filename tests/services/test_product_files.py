"""Products from and to spreadsheets (CSV and .xlsx), on SQLite and PostgreSQL: all rows or none."""

from __future__ import annotations

import io

import pytest

from tests.factories import owner_pin
from pos.models import Category, Product, TierPrice
from pos.money import Money, Quantity
from pos.services.errors import InvalidInput
from pos.services.product_files import export_products, import_products, preview_products, read_sheet
from pos.services.products import list_products


def catalogue() -> list[tuple]:
    prices = {}
    for t in TierPrice.select():
        prices.setdefault(t.product_id, []).append((t.tier.code, t.min_qty, t.price))
    return sorted((p.code, p.name, p.category.name, p.unit, p.retail_price, p.cost, p.barcode, p.active,
                   tuple(sorted(prices.get(p.id, ())))) for p in Product.select())


def rows_200() -> list[list[str]]:
    rows = [["kode", "nama", "kategori", "satuan", "harga_ecer", "modal", "barcode", "harga_reseller_min10",
             "harga_regular"]]
    for n in range(1, 201):
        rows.append([f"P{n:03d}", f"Produk {n}", ("Kue", "Kopi", "Keripik")[n % 3], "pcs", f"{5000 + n * 100}",
                     f"{3000 + n * 50}", f"899000{n:06d}", f"{4500 + n * 100}" if n % 2 else "",
                     f"{4800 + n * 100}"])
    return rows


def csv_bytes(rows: list[list[str]], delimiter=";") -> bytes:
    return ("\ufeff" + "\n".join(delimiter.join(r) for r in rows) + "\n").encode()


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append([int(v) if isinstance(v, str) and v.isdigit() and len(v) < 8 else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_200_products_import_with_their_tier_prices(database, kind):
    rows = rows_200()
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    result = import_products(data, owner_pin=owner_pin())
    assert (result.created, result.updated, result.categories) == (200, 0, 3)
    p7 = Product.get(Product.code == "P007")
    assert (p7.name, p7.category.name, p7.retail_price, p7.cost, p7.barcode) == (
        "Produk 7", "Kopi", Money(5700), Money(3350), "899000000007")
    assert sorted((t.tier.code, t.min_qty, t.price) for t in TierPrice.select().where(TierPrice.product == p7)) == [
        ("regular", Quantity.of(1), Money(5500)), ("reseller", Quantity.of(10), Money(5200))]
    assert TierPrice.select().where(TierPrice.product == Product.get(Product.code == "P008").id).count() == 1


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_bad_price_on_row_7_is_reported_and_nothing_changes(database, kind):
    import_products(csv_bytes(rows_200()[:4]), owner_pin=owner_pin())
    before = catalogue()
    rows = rows_200()[:12]
    rows[6][4] = "15.000,50" if kind == "csv" else "lima ribu"  # row 7 of the sheet: the header is row 1
    rows[2][4] = "9999"  # an update that must not land either
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    with pytest.raises(InvalidInput, match=r"row 7: harga_ecer .* is not a price") as caught:
        import_products(data, owner_pin=owner_pin())
    assert "row 2" not in str(caught.value)
    assert catalogue() == before
    preview = preview_products(data)
    assert preview.bad == 1 and [r[0] for r in preview.rows if r[5].startswith("row")] == [7]


def test_negative_absurd_and_missing_values_are_named(database):
    rows = rows_200()[:5]
    rows[1][4] = "-5000"
    rows[2][4] = "250.000.000.000"
    rows[3][0] = ""
    rows[4][4] = ""
    with pytest.raises(InvalidInput) as caught:
        import_products(csv_bytes(rows), owner_pin=owner_pin())
    message = str(caught.value)
    for part in ("row 2: harga_ecer cannot be negative", "row 3: harga_ecer 250.000.000.000 is too large",
                 "row 4: no product code", "row 5: a new product needs a retail price"):
        assert part in message
    assert Product.select().count() == 0


def test_export_then_import_gives_the_same_catalogue(database):
    import_products(csv_bytes(rows_200()), owner_pin=owner_pin())
    Product.update(active=False).where(Product.code == "P010").execute()
    before = catalogue()
    for kind in ("csv", "xlsx"):
        data = export_products(kind)
        sheet = read_sheet(data)
        assert sheet.headers[:8] == ("kode", "nama", "kategori", "satuan", "harga_ecer", "modal", "barcode", "aktif")
        assert "harga_reseller_min10" in sheet.headers and "harga_regular" in sheet.headers
        TierPrice.delete().execute()
        Product.update(retail_price=Money(1), active=True).execute()
        result = import_products(data, owner_pin=owner_pin())
        assert (result.created, result.updated) == (0, 200)
        assert catalogue() == before


def test_edit_prices_in_a_spreadsheet_and_bring_them_back(database):
    import_products(csv_bytes(rows_200()[:3]), owner_pin=owner_pin())
    rows = [["Kode Barang", "Harga Jual", "Harga Reseller min 10"], ["P001", "Rp 6.000", ""], ["P002", "7000", "6500"]]
    preview = preview_products(csv_bytes(rows, ","))
    assert preview.mapping == {"code": 0, "retail_price": 1} and preview.tier_columns == ("Harga Reseller min 10",)
    assert [r[5] for r in preview.rows] == ["update", "update"]
    import_products(csv_bytes(rows, ","), owner_pin=owner_pin())
    p1, p2 = Product.get(Product.code == "P001"), Product.get(Product.code == "P002")
    assert (p1.retail_price, p1.name, p1.category.name) == (Money(6000), "Produk 1", "Kopi")  # the rest stays
    assert [(t.tier.code, t.price) for t in TierPrice.select().where(TierPrice.product == p1)] == [
        ("regular", Money(4900))]  # its reseller price was removed: the column was empty
    assert sorted((t.tier.code, t.price.minor) for t in TierPrice.select().where(TierPrice.product == p2)) == [
        ("regular", 5000), ("reseller", 6500)]
    assert len(list_products()) == 2 and Category.select().count() == 2


def test_a_file_without_a_code_column_is_a_clear_error(database):
    with pytest.raises(InvalidInput, match="no product code column"):
        import_products(csv_bytes([["nama", "harga"], ["Roti", "5000"]]), owner_pin=owner_pin())
    with pytest.raises(InvalidInput, match="empty"):
        import_products(b"  \n", owner_pin=owner_pin())
