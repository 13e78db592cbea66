"""Labels for packed goods and weighed packs (issue #25 items 5 and 7): what a label says, the shop's own
barcode for a product without one, and the labels as a PDF sheet or on the thermal printer.

The words and the sheet are drawn by ``pos.printing.labels``; this module reads the product and the shop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pos.domain.barcodes import BarcodeError, check_ean13, instore_code, weighed_code
from pos.i18n import _, describe_barcode_problem, format_money, format_number
from pos.models import Product, db
from pos.money import Quantity, line_amount
from pos.printing.labels import DEFAULT_SHEET, SHEETS, LabelData, LabelSheetError, Sheet, check_start, labels_pdf
from pos.services import clock
from pos.services.access import ANYONE, OWNER, READ, allowed
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.shop_settings import shop_settings

MAX_COPIES = 500


def _product(code: str) -> Product:
    code = (code or "").strip()
    product = Product.get_or_none((Product.code == code) | (Product.barcode == code))
    if product is None:
        raise InvalidInput(_("There is no product with code or barcode {code}.").format(code=code))
    return product


@allowed(READ)
def sheet_named(name: str | None) -> Sheet:
    sheet = SHEETS.get((name or DEFAULT_SHEET).strip().lower())
    if sheet is None:
        raise InvalidInput(_("There is no label sheet {name}; the sheets are: {names}.").format(
            name=name, names=", ".join(SHEETS)))
    return sheet


@allowed(READ)
def label_data(code: str, *, weight: Quantity | None = None, made: dt.date | None = None,
               with_price: bool = True) -> LabelData:
    """The label of a product (by code or barcode): made today unless told, best before after its shelf life.

    ``weight``: a weighed pack of the product; its barcode is then the weighed-goods code (the shop's layout)
    with the product's scale number and that weight (or the pack's price), and the label shows the weight,
    the price per unit and the pack's price."""
    product = _product(code)
    shop = shop_settings()
    made = made or clock.today()
    best = made + dt.timedelta(days=product.shelf_life_days) if product.shelf_life_days else None
    label = LabelData(product.name, "", net_weight=product.net_weight or "",
                      price=product.retail_price if with_price else None, made=made, best_before=best,
                      shop_name=shop.shop_name, whatsapp=shop.whatsapp, pirt=product.pirt_number or "",
                      halal=product.halal_text or "")
    if weight is not None:
        return _weighed(product, label, weight)
    barcode = (product.barcode or "").strip()
    try:
        check_ean13(barcode)
    except BarcodeError:
        if product.plu is not None and not barcode:  # sold by weight: the pack's weight makes its barcode
            raise InvalidInput(_("{name} has no EAN-13 barcode to print: it is sold by weight, so give the pack's "
                                 "weight, and its barcode carries it (`pos labels {code} --weight 0,485`).").format(
                                     name=product.name, code=product.code)) from None
        raise InvalidInput(_("{name} has no EAN-13 barcode to print: give it the shop's own barcode in the "
                             "product's form (or `pos labels {code} --new-barcode`).").format(
                                 name=product.name, code=product.code)) from None
    return replace(label, barcode=barcode)


def _weighed(product: Product, label: LabelData, weight: Quantity) -> LabelData:
    if product.plu is None:
        raise InvalidInput(_("{name} has no scale number (PLU) for a weighed pack's barcode.").format(
            name=product.name))
    if weight.thousandths <= 0:
        raise InvalidInput(_("A weighed pack weighs more than zero."))
    shop = shop_settings()
    price = line_amount(weight, product.retail_price)
    try:
        barcode = weighed_code(shop.weighed_barcode_prefix, shop.weighed_barcode_layout, product.plu,
                               grams=weight.thousandths, price=price.minor)
    except BarcodeError as exc:
        raise InvalidInput(describe_barcode_problem(exc.code, exc.params)) from None
    return replace(label, barcode=barcode, net_weight=f"{format_number(weight)} {product.unit}", price=price,
                   unit_price=_("{price} / {unit}").format(price=format_money(product.retail_price),
                                                          unit=product.unit))


@allowed(READ)
def label_copies(code: str, copies: int, **options) -> list[LabelData]:
    if not 1 <= copies <= MAX_COPIES:
        raise InvalidInput(_("Print 1 to {most} labels at a time (not {copies}).").format(most=MAX_COPIES,
                                                                                        copies=copies))
    return [label_data(code, **options)] * copies


@allowed(ANYONE, why="writes a PDF of labels; nothing is stored")
def write_labels_pdf(code: str, path, *, copies: int = 1, sheet: str | None = None, start: int = 1,
                     **options) -> int:
    """The labels on sticker sheets as a PDF, from position ``start`` of the first sheet; returns the pages."""
    chosen = sheet_named(sheet)
    try:
        check_start(chosen, start)
        return labels_pdf(label_copies(code, copies, **options), chosen, path, start=start)
    except LabelSheetError as exc:
        raise InvalidInput(str(exc)) from None


def _next_instore(prefix: str) -> str:
    used = {b for (b,) in Product.select(Product.barcode).where(Product.barcode.startswith(prefix)).tuples()}
    number = max((int(b[2:12]) for b in used if len(b) == 13 and b.isdigit()), default=0) + 1
    try:
        return instore_code(prefix, number)
    except BarcodeError as exc:
        raise InvalidInput(describe_barcode_problem(exc.code, exc.params)) from None


@allowed(READ)
def next_instore_barcode() -> str:
    """The shop's next own EAN-13, for the product form to fill in (stored when the product is saved)."""
    return _next_instore(shop_settings().instore_barcode_prefix)


@allowed(OWNER)
def give_instore_barcode(product_id: int, *, owner_pin: str | None, staff_id: int | None = None) -> str:
    """Give a product without a barcode the shop's next own EAN-13 (the in-store prefix); returns it."""
    prefix = shop_settings().instore_barcode_prefix
    with db.atomic():
        product = Product.get_or_none(Product.id == product_id)
        if product is None:
            raise InvalidInput(_("That product is not in the catalogue any more."))
        if product.barcode:
            raise InvalidInput(_("{name} has a barcode already: {barcode}.").format(name=product.name,
                                                                                  barcode=product.barcode))
        code = _next_instore(prefix)
        Product.update(barcode=code).where(Product.id == product_id).execute()
        record("product.barcode_given", entity="product", entity_id=product_id, staff_id=staff_id,
               details={"code": product.code, "barcode": code})
    return code
