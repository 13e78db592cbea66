"""The sane limits of a sale and of what a product's unit allows. Pure: codes and values, worded by the caller.

Named once here: a line of a sale is at most Rp 1.000.000.000, a whole sale at most
Rp 10.000.000.000 (anything above is a typing slip, and stays far inside a 64-bit
integer column on both engines). A product counted in pieces (pcs, loyang, toples …)
takes whole quantities; goods sold by weight or volume (kg, gram, ons, liter …) take
up to three decimals.
"""

from __future__ import annotations

from collections.abc import Iterable

from pos.domain.errors import DomainError
from pos.money import QUANTITY_SCALE, Money, Quantity

MAX_LINE_AMOUNT = Money(1_000_000_000)  # Rp 1.000.000.000 per line (and per unit price)
MAX_SALE_TOTAL = Money(10_000_000_000)  # Rp 10.000.000.000 per sale (and per payment)

MEASURED_UNITS = frozenset({
    "kg", "kilo", "kilogram", "g", "gr", "gram", "mg", "ons", "l", "lt", "ltr", "liter", "litre", "ml",
    "m", "meter", "cm",
})


class LimitError(DomainError):
    """A refusal of this module: ``line_too_large``, ``sale_too_large``, ``negative_price``, ``price_too_large``,
    ``payment_too_large``, ``whole_units_only``."""


def takes_fractions(unit: str) -> bool:
    """True for goods sold by weight or volume (0,5 kg); False for pieces (2 loaves, not 2,5)."""
    return (unit or "").strip().lower().rstrip(".") in MEASURED_UNITS


def check_quantity(quantity: Quantity, unit: str, product: str) -> None:
    if quantity.thousandths % QUANTITY_SCALE and not takes_fractions(unit):
        raise LimitError("whole_units_only", product=product, unit=unit, quantity=str(quantity))


def check_manual_price(price: Money | None, product: str) -> None:
    if price is None:
        return
    if price.minor < 0:
        raise LimitError("negative_price", product=product)
    if price > MAX_LINE_AMOUNT:
        raise LimitError("price_too_large", product=product, maximum=MAX_LINE_AMOUNT.minor)


def check_amounts(lines: Iterable[tuple[str, Money]], total: Money) -> None:
    """Each line's amount (before discounts) and the sale's total within the limits."""
    for product, amount in lines:
        if amount > MAX_LINE_AMOUNT:
            raise LimitError("line_too_large", product=product, maximum=MAX_LINE_AMOUNT.minor)
    if total > MAX_SALE_TOTAL:
        raise LimitError("sale_too_large", maximum=MAX_SALE_TOTAL.minor)


def check_payment(amount: Money) -> None:
    if amount > MAX_SALE_TOTAL:
        raise LimitError("payment_too_large", maximum=MAX_SALE_TOTAL.minor)
