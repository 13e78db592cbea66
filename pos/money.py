"""Money and quantities as integers, with one rounding function.

Money is a whole number of the currency's minor unit (Rupiah: whole rupiah).
A quantity is a decimal with at most three places, kept as an integer count
of thousandths (0.5 kg of palm sugar is ``Quantity(500)``).

Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

QUANTITY_SCALE = 1000


def round_half_up(value: Decimal | int) -> int:
    """Round to a whole number, halves away from zero. The only rounding rule."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount in the minor unit of the shop's currency."""

    minor: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError(f"Money needs an int of minor units, got {self.minor!r}")

    def __add__(self, other: Money) -> Money:
        return Money(self.minor + _minor(other))

    def __sub__(self, other: Money) -> Money:
        return Money(self.minor - _minor(other))

    def __neg__(self) -> Money:
        return Money(-self.minor)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("multiply Money by an int; use line_amount or percent_of")
        return Money(self.minor * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.minor != 0

    def __int__(self) -> int:
        return self.minor

    def __str__(self) -> str:
        return str(self.minor)


def _minor(value: Money) -> int:
    if not isinstance(value, Money):
        raise TypeError(f"expected Money, got {value!r}")
    return value.minor


def total(amounts: list[Money] | tuple[Money, ...]) -> Money:
    return Money(sum(a.minor for a in amounts))


@dataclass(frozen=True, order=True, slots=True)
class Quantity:
    """A quantity with at most three decimal places, as thousandths."""

    thousandths: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.thousandths, bool) or not isinstance(self.thousandths, int):
            raise TypeError(f"Quantity needs an int of thousandths, got {self.thousandths!r}")

    @classmethod
    def of(cls, value: int | str | Decimal) -> Quantity:
        """``Quantity.of(2)``, ``Quantity.of("0.5")``, ``Quantity.of("0,5")``."""
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        try:
            exact = Decimal(value) * QUANTITY_SCALE
        except (InvalidOperation, ValueError) as exc:
            raise ValueError(f"not a quantity: {value!r}") from exc
        if not exact.is_finite() or exact != exact.to_integral_value():
            raise ValueError(f"a quantity has at most three decimals: {value!r}")
        return cls(int(exact))

    def as_decimal(self) -> Decimal:
        return Decimal(self.thousandths) / QUANTITY_SCALE

    def __add__(self, other: Quantity) -> Quantity:
        return Quantity(self.thousandths + other.thousandths)

    def __sub__(self, other: Quantity) -> Quantity:
        return Quantity(self.thousandths - other.thousandths)

    def __str__(self) -> str:
        return format(self.as_decimal().normalize(), "f")


def line_amount(quantity: Quantity, unit_price: Money) -> Money:
    """Quantity × unit price, rounded half-up to the minor unit (``round_half_up`` of thousandths × price / 1000,
    in whole numbers: the same result without a Decimal, for the pricing engine's every line)."""
    return Money(line_minor(quantity.thousandths, unit_price.minor))


def line_minor(thousandths: int, unit_minor: int) -> int:
    """``line_amount`` of plain integers (thousandths, minor units): for the values a sale stores as they are."""
    exact = thousandths * unit_minor
    whole = (2 * abs(exact) + QUANTITY_SCALE) // (2 * QUANTITY_SCALE)  # halves away from zero
    return whole if exact >= 0 else -whole


def percent_of(amount: Money, percent: Decimal | int | str) -> Money:
    """``percent`` per cent of ``amount``, rounded half-up to the minor unit."""
    return Money(round_half_up(Decimal(amount.minor) * Decimal(percent) / 100))


def round_to_step(amount: Money, step: int, *, down: bool = False) -> Money:
    """Cash rounding to a multiple of ``step`` minor units: the nearest (halves up), or down."""
    if step <= 1:
        return amount
    if down:
        return Money((amount.minor // step) * step)
    return Money(round_half_up(Decimal(amount.minor) / step) * step)


def allocate(amount: Money, weights: list[int]) -> list[Money]:
    """Split ``amount`` in proportion to ``weights``; the parts add up exactly.

    Largest remainder first, ties to the earlier weight, so the split never depends
    on anything but the weights' order.
    """
    whole = sum(weights)
    if whole <= 0:
        return [Money(0) for _ in weights]
    shares = [amount.minor * w // whole for w in weights]
    left = amount.minor - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(amount.minor * weights[i] % whole), i))
    for i in order[:left]:
        shares[i] += 1
    return [Money(s) for s in shares]


def parse_amount(text: str) -> Money:
    """What a cashier types for rupiah: '50.000', '50000', 'Rp 15.000' → whole rupiah.

    Dots and spaces group thousands; a decimal comma is refused (there are no sen).
    """
    cleaned = (text or "").strip()
    if cleaned.lower().startswith("rp"):
        cleaned = cleaned[2:]
    cleaned = cleaned.replace(" ", "").replace("\u00a0", "")
    if cleaned.startswith("-") or not cleaned:
        raise ValueError(f"not an amount: {text!r}")
    groups = cleaned.split(".")
    if len(groups) > 1 and (not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        raise ValueError(f"not an amount: {text!r}")
    digits = "".join(groups)
    if not digits.isdigit() or len(digits) > 15:
        raise ValueError(f"not an amount: {text!r}")
    return Money(int(digits))
