"""Labels of packed goods and weighed packs, on both engines (issue #25 items 5 and 7): what a user sees on the
sheet (the PDF's text, the barcode a scanner reads from it), what the till does with the codes, what is stored."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import pytest

from pos.domain.barcodes import is_ean13, weighed_code
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Product, SaleLine
from pos.models.staff import CASHIER
from pos.money import Money, Quantity
from pos.services.errors import InvalidInput
from pos.services.labels import give_instore_barcode
from pos.services.products import ProductForm, load_product, save_product
from pos.services.sales import CheckoutRequest, checkout
from pos.services.scanning import scan_code
from pos.services.shop import _update_shop_settings
from pos.services.staff import _add_staff
from pos.services.till import open_shift
from tests.factories import make_category, make_product, owner_pin

needs_zbar = pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
                                reason="zbarimg and pdftoppm read the barcode back")


def packed(database, **fields) -> int:
    """Keripik 250 g as the owner fills its label fields in the product form."""
    form = ProductForm(code="CML-01", name="Keripik Pisang Balado", category_id=make_category(),
                       retail_price=Money(15000), unit="bks", net_weight="250 g", shelf_life_days=30,
                       pirt_number="2063271010123-26", halal_text="Halal MUI 00150012345678", **fields)
    return save_product(form, owner_pin=owner_pin())


def weighed(database, layout: str | None = None) -> int:
    if layout:
        _update_shop_settings({"weighed_barcode_layout": layout})
    form = ProductForm(code="CML-06", name="Gula Aren Curah", category_id=make_category(),
                       retail_price=Money(80000), unit="kg", plu=1234)
    return save_product(form, owner_pin=owner_pin())


def barcodes_in(pdf, tmp_path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "page")], check=True)
    found = subprocess.run(["zbarimg", "-q", "--raw", *sorted(str(p) for p in tmp_path.glob("page*.png"))],
                           capture_output=True, text=True)
    return found.stdout.split()


def test_a_bad_check_digit_is_refused_and_nothing_is_stored(database):
    with pytest.raises(InvalidInput, match="wrong check digit.*end in 5"):
        packed(database, barcode="8997321001706")
    assert not Product.select().exists()
    assert load_product(packed(database, barcode="8997321001705")).barcode == "8997321001705"


def test_a_bad_check_digit_at_the_till_is_refused(database):
    make_product(barcode="8997321001705")
    assert scan_code("8997321001705") is not None
    with pytest.raises(InvalidInput, match="wrong check digit"):
        scan_code("8997321001704")


def test_a_generated_in_store_code_is_found_by_the_tills_scan(database):
    first, second = packed(database), make_product().id
    code = give_instore_barcode(first, owner_pin=owner_pin())
    assert code.startswith("21") and is_ean13(code)
    assert give_instore_barcode(second, owner_pin=owner_pin()) == "2100000000029"  # the next number
    scanned = scan_code(code)
    assert scanned.product.id == first and scanned.quantity is None
    with pytest.raises(InvalidInput, match="has a barcode already"):
        give_instore_barcode(first, owner_pin=owner_pin())


def test_the_two_prefixes_are_kept_apart(database):
    from pos.services.shop import change_shop_settings

    with pytest.raises(InvalidInput, match="must differ"):
        change_shop_settings({"instore_barcode_prefix": "20"}, owner_pin=owner_pin())
    with pytest.raises(InvalidInput, match="weighed packs' prefix"):
        packed(database, barcode=weighed_code("20", "PPPPPWWWWW", 7, grams=100))


def sell(lines) -> SaleLine:
    cashier = _add_staff("Dita", CASHIER, "1111")
    shift = open_shift("K1", cashier.id, Money(0))
    result = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shift.id, cashier.id, tuple(lines),
                                      (Tender("cash", Money(38800)),)))
    return SaleLine.get(SaleLine.sale == result.id)


def test_a_weight_embedded_barcode_becomes_0_485_kg_at_the_right_price(database):
    product = weighed(database)
    code = weighed_code("20", "PPPPPWWWWW", 1234, grams=485)
    scanned = scan_code(code)
    assert (scanned.product.id, scanned.quantity) == (product, Quantity.of("0,485"))
    line = sell([CartLine(product, scanned.quantity)])
    assert (line.quantity, line.amount) == (Quantity(485), Money(38800))  # 0,485 × Rp 80.000


def test_a_price_embedded_barcode_becomes_its_weight(database):
    product = weighed(database, layout="PPPP0RRRRR")
    scanned = scan_code(weighed_code("20", "PPPP0RRRRR", 1234, price=38800))
    assert (scanned.product.id, scanned.quantity) == (product, Quantity(485))


def test_a_weighed_pack_of_an_unknown_scale_number_is_refused(database):
    weighed(database)
    with pytest.raises(InvalidInput, match="scale number 99"):
        scan_code(weighed_code("20", "PPPPPWWWWW", 99, grams=485))
