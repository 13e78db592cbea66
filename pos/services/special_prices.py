"""A customer's own price for a product, set by the owner: it wins over every tier at the till.

Setting and removing one need the owner's PIN (checked here) and are written to the audit log
with the old and the new price. The pricing version (migration 0017's triggers) goes up with every
change, so every till applies the new price at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.i18n import _
from pos.models import Customer, PriceTier, Product, SpecialPrice, TierPrice, db
from pos.money import Money, Quantity
from pos.services.audit import record
from pos.services.catalog import MAX_PRICE
from pos.services.errors import InvalidInput
from pos.services.access import OWNER, READ, allowed, approving_owner


@dataclass(frozen=True)
class SpecialPriceRow:
    customer_id: int
    member_code: str
    customer_name: str
    product_id: int
    product_code: str
    product_name: str
    price: Money
    retail: Money
    tier_name: str  # the customer's tier
    tier_price: Money | None  # the tier's price from its smallest quantity, None when the tier has none
    tier_min_qty: Quantity | None


@dataclass(frozen=True)
class PriceQuote:
    """What the product costs this customer without a special price: shown beside the one being set."""

    retail: Money
    tier_name: str
    tier_price: Money | None
    tier_min_qty: Quantity | None
    special: Money | None  # the special price set now, if any
    cost: Money | None = None  # what the product costs the shop (a price under it loses money)


def _tier_price(product_id: int, tier_id: int) -> tuple[Money | None, Quantity | None]:
    entry = (TierPrice.select().where((TierPrice.product == product_id) & (TierPrice.tier == tier_id))
             .order_by(TierPrice.min_qty).first())
    return (entry.price, entry.min_qty) if entry else (None, None)


def _rows(query) -> list[SpecialPriceRow]:
    rows = []
    for sp in query:
        customer, product = sp.customer, sp.product
        tier_price, min_qty = _tier_price(product.id, customer.tier_id)
        rows.append(SpecialPriceRow(customer.id, customer.member_code, customer.name, product.id, product.code,
                                    product.name, sp.price, product.retail_price, customer.tier.name, tier_price,
                                    min_qty))
    return rows


@allowed(READ)
def customer_special_prices(customer_id: int) -> list[SpecialPriceRow]:
    """The customer's own prices, by product name."""
    return _rows(SpecialPrice.select(SpecialPrice, Customer, Product).join(Customer).switch(SpecialPrice)
                 .join(Product).where(SpecialPrice.customer == customer_id).order_by(Product.name))


@allowed(READ)
def product_special_prices(product_id: int) -> list[SpecialPriceRow]:
    """Who has an own price for this product, and at what price (the back office's product form)."""
    return _rows(SpecialPrice.select(SpecialPrice, Customer, Product).join(Customer).switch(SpecialPrice)
                 .join(Product).where(SpecialPrice.product == product_id).order_by(Customer.name))


def _customer_and_product(customer_id: int, product_id: int) -> tuple[Customer, Product]:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or not customer.active:
        raise InvalidInput(_("That customer is not in the book any more."))
    product = Product.get_or_none(Product.id == product_id)
    if product is None:
        raise InvalidInput(_("That product is not in the catalogue any more."))
    return customer, product


@allowed(READ)
def price_quote(customer_id: int, product_id: int) -> PriceQuote:
    customer, product = _customer_and_product(customer_id, product_id)
    tier = PriceTier.get_by_id(customer.tier_id)
    tier_price, min_qty = _tier_price(product.id, tier.id)
    special = SpecialPrice.get_or_none((SpecialPrice.customer == customer_id) & (SpecialPrice.product == product_id))
    return PriceQuote(product.retail_price, tier.name, tier_price, min_qty, special.price if special else None,
                      product.cost)


@allowed(READ)
def check_special_price(price: Money, product_name: str) -> None:
    if price.minor < 0 or price > MAX_PRICE:
        raise InvalidInput(_("The special price for {product} must be between 0 and {most}.").format(
            product=product_name, most=f"{MAX_PRICE.minor:,}".replace(",", ".")))


def _store_special_price(customer_id: int, product_id: int, price: Money) -> Money | None:
    """Insert or change one special price inside the caller's transaction; the price it had before."""
    old = SpecialPrice.get_or_none((SpecialPrice.customer == customer_id) & (SpecialPrice.product == product_id))
    if old is None:
        SpecialPrice.create(customer=customer_id, product=product_id, price=price)
        return None
    if old.price != price:
        SpecialPrice.update(price=price).where(SpecialPrice.id == old.id).execute()
    return old.price


@allowed(OWNER)
def set_special_price(customer_id: int, product_id: int, price: Money, *, owner_pin: str | None,
                      staff_id: int | None = None, till_id: str = "") -> None:
    """Owner only. Give the customer their own price for the product (or change it); audited."""
    owner = approving_owner()
    with db.atomic():
        customer, product = _customer_and_product(customer_id, product_id)
        check_special_price(price, product.name)
        old = _store_special_price(customer.id, product.id, price)
        record("special_price.set", entity="customer", entity_id=customer.member_code, staff_id=staff_id,
               till_id=till_id, details={"product": product.code, "old_price": old.minor if old else None,
                                         "new_price": price.minor, "approved_by": owner.name},
               summary=f"{customer.name}: {product.name}")


@allowed(OWNER)
def remove_special_price(customer_id: int, product_id: int, *, owner_pin: str | None, staff_id: int | None = None,
                         till_id: str = "") -> None:
    """Owner only. The customer pays their tier's price for the product again; audited."""
    owner = approving_owner()
    with db.atomic():
        customer, product = _customer_and_product(customer_id, product_id)
        old = SpecialPrice.get_or_none((SpecialPrice.customer == customer_id) & (SpecialPrice.product == product_id))
        if old is None:
            raise InvalidInput(_("{name} has no special price for {product}.").format(name=customer.name,
                                                                                     product=product.name))
        SpecialPrice.delete().where(SpecialPrice.id == old.id).execute()
        record("special_price.removed", entity="customer", entity_id=customer.member_code, staff_id=staff_id,
               till_id=till_id, details={"product": product.code, "old_price": old.price.minor,
                                         "new_price": None, "approved_by": owner.name},
               summary=f"{customer.name}: {product.name}")
