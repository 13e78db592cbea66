"""What a scanned or typed code at the till is: a product, or a weighed pack of one with its weight
(issue #25 item 7).

A code or barcode stored on a product is that product. Else a code under the weighed-goods prefix (the shop's
settings, ``pos.domain.barcodes``) is read by the layout: the product by its scale number (PLU) and the weight
in grams, or the pack's price (the quantity is then the price ÷ the retail price per unit, to the gram). A
13-digit code that is neither, with a wrong check digit, is refused: a misread is never sold.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pos.domain.barcodes import BarcodeError, check_ean13, read_weighed
from pos.i18n import _, describe_barcode_problem
from pos.models import Category, Product
from pos.money import Quantity, round_half_up
from pos.services.access import READ, allowed
from pos.services.catalog import ProductInfo, find_product
from pos.services.errors import InvalidInput
from pos.services.shop_settings import shop_settings


@dataclass(frozen=True)
class Scanned:
    product: ProductInfo
    quantity: Quantity | None = None  # a weighed pack's weight; None: one of the product (or as the till counts)
    weighed_code: str = ""  # the pack's barcode, when it was a weighed pack


def _weighed_product(plu: int) -> ProductInfo:
    product = (Product.select(Product, Category).join(Category)
               .where((Product.plu == plu) & (Product.active == True)).first())  # noqa: E712
    if product is None:
        raise InvalidInput(_("No active product has the scale number {plu}; set it in the product's form.").format(
            plu=plu))
    return ProductInfo(product.id, product.code, product.barcode, product.name, product.unit,
                       product.category.name, product.retail_price)


@allowed(READ)
def scan_code(text: str) -> Scanned | None:
    """The product (and a weighed pack's weight) for a scanned or typed code; None when it is no product's code.

    Raises InvalidInput for a weighed pack of an unknown product and for an EAN-13 with a wrong check digit."""
    text = (text or "").strip()
    if not text:
        return None
    product = find_product(text)  # a code or barcode stored as it is wins (a barcode kept from before the scale)
    if product is not None:
        return Scanned(product)
    settings = shop_settings()
    try:
        weighed = read_weighed(text, settings.weighed_barcode_prefix, settings.weighed_barcode_layout)
    except BarcodeError as exc:
        raise InvalidInput(describe_barcode_problem(exc.code, exc.params)) from None
    if weighed is not None:
        weighed_product = _weighed_product(weighed.plu)
        if weighed.grams is not None:
            quantity = Quantity(weighed.grams)
        else:
            assert weighed.price is not None
            if not weighed_product.retail_price.minor:
                raise InvalidInput(_("{name} has no retail price to weigh by.").format(name=weighed_product.name))
            quantity = Quantity(round_half_up(Decimal(weighed.price) * 1000 / weighed_product.retail_price.minor))
        if quantity.thousandths <= 0:
            raise InvalidInput(_("The weighed pack's barcode {code} holds no weight.").format(code=text))
        return Scanned(weighed_product, quantity, text)
    if len(text) == 13 and text.isdigit():
        try:
            check_ean13(text)
        except BarcodeError as exc:
            raise InvalidInput(describe_barcode_problem(exc.code, exc.params)) from None
    return None
