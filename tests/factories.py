"""Small factories that keep tests short."""

from __future__ import annotations

import itertools

from pos.money import Money
from pos.services.catalog import ProductInfo, _add_category, _add_product
from pos.services.customers import CustomerInfo, NewCustomer, add_customer

_seq = itertools.count(1)


def make_category(name: str | None = None) -> int:
    return _add_category(name or f"Kategori {next(_seq)}")


def make_product(*, price: int = 15000, barcode: str | None = None, code: str | None = None,
                 category_id: int | None = None, name: str | None = None) -> ProductInfo:
    n = next(_seq)
    return _add_product(code=code or f"P-{n:03d}", name=name or f"Produk {n}",
                       category_id=category_id or make_category(), retail_price=Money(price), barcode=barcode)


def make_customer(name: str = "Siti Rahayu", phone: str = "", **fields) -> CustomerInfo:
    new = NewCustomer(name=name, phone=phone, **fields)
    owners = new.tier != "retail" or new.credit_limit is not None  # the owner's matters: their PIN
    return add_customer(new, owner_pin=owner_pin() if owners else None)


def make_sale(customer_id: int | None, total: int, *, at=None, promotion_id: int | None = None,
              till_id: str = "K1") -> int:
    """A completed sale row as checkout will store it (until the cashier issue brings checkout itself)."""
    from pos.models import Product, Sale, SaleLine, SaleLineReason, db, utcnow
    from pos.money import Quantity
    from pos.services.numbering import next_number
    from pos.services.visits import note_sale

    with db.atomic():
        sale = Sale.create(number=next_number(till_id), till_id=till_id, customer=customer_id,
                           created_at=at or utcnow(), subtotal=Money(total), total=Money(total))
        product = Product.select().first() or Product.get_by_id(make_product().id)
        line = SaleLine.create(sale=sale, position=1, product=product, description=product.name,
                               quantity=Quantity(1000), unit_price=Money(total), retail_price=Money(total),
                               amount=Money(total))
        if promotion_id is not None:
            SaleLineReason.create(line=line, code="discount", params={}, promotion=promotion_id)
        note_sale(sale.id, customer_id, Money(total))  # the visit summary, as checkout keeps it
    return sale.id


OWNER_PIN = "1234"  # the demo's owner, and the owner most tests make
TEST_OWNER_PIN = "8642"


def owner_pin() -> str:
    """The PIN of an active owner of the test shop, for the owner's services (an owner is made if none has one
    of these PINs yet)."""
    from pos.models.staff import OWNER
    from pos.services.staff import _add_staff, authenticate

    for pin in (OWNER_PIN, TEST_OWNER_PIN):
        staff = authenticate(pin)
        if staff is not None and staff.role == OWNER:
            return pin
    _add_staff("Pemilik Uji", OWNER, TEST_OWNER_PIN)
    return TEST_OWNER_PIN
