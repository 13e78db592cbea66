"""What goods cost the shop, and what a sale earned over it (issue #25 item 4).

A product's cost is typed in, or computed from a simple recipe: ingredients bought at a price per unit, the
quantity of each per batch, and the pieces the batch makes. No ingredient stock is kept. A sale line's cost is
its quantity × the product's cost at that moment; its gross profit is what it was sold for (after discounts)
less that cost. A free item earns nothing and still costs its goods.

Pure: plain values in and out; every rounding goes through ``pos.money``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from pos.domain.pricing import PricedCart
from pos.money import Money, Quantity, line_amount, round_half_up


class RecipeError(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class RecipeItem:
    ingredient: str
    quantity: Quantity  # per batch, in the ingredient's unit (2 kg of flour: Quantity.of("2"))
    unit_price: Money  # the ingredient's purchase price per unit

    @property
    def amount(self) -> Money:
        return line_amount(self.quantity, self.unit_price)


@dataclass(frozen=True)
class RecipeCost:
    batch: Money  # what one batch's ingredients cost
    pieces: int  # what the batch makes
    each: Money  # the cost of one piece, rounded half-up to the rupiah
    items: tuple[tuple[str, Money], ...]  # each ingredient's share of the batch


def recipe_cost(items: list[RecipeItem] | tuple[RecipeItem, ...], pieces: int) -> RecipeCost:
    """The batch's cost and one piece's: Σ quantity × price, divided by the yield."""
    if pieces < 1:
        raise RecipeError("yield_too_small", pieces=pieces)
    if not items:
        raise RecipeError("recipe_empty")
    for item in items:
        if item.quantity.thousandths <= 0:
            raise RecipeError("quantity_too_small", ingredient=item.ingredient)
    batch = Money(sum(item.amount.minor for item in items))
    each = Money(round_half_up(Decimal(batch.minor) / pieces))
    return RecipeCost(batch, pieces, each, tuple((item.ingredient, item.amount) for item in items))


def line_cost(quantity: Quantity, unit_cost: Money | None) -> Money | None:
    """What a line's goods cost: None when the product has no cost (it is left out of gross profit)."""
    return None if unit_cost is None else line_amount(quantity, unit_cost)


def line_costs(priced: PricedCart, unit_costs: Mapping[int, Money | None]) -> tuple[Money | None, ...]:
    """Each priced line's cost, in the cart's order (free items included: they cost their goods)."""
    return tuple(line_cost(line.quantity, unit_costs.get(line.product_id)) for line in priced.lines)


@dataclass(frozen=True)
class Profit:
    revenue: Money  # the lines with a cost: what they were sold for, after discounts, before tax
    cost: Money
    uncosted: Money  # sold without a known cost: not in revenue nor cost

    @property
    def gross_profit(self) -> Money:
        return self.revenue - self.cost

    @property
    def margin(self) -> Decimal | None:
        """Gross profit as a percentage of revenue, one decimal; None without revenue."""
        if not self.revenue.minor:
            return None
        return (Decimal(self.gross_profit.minor) * 100 / self.revenue.minor).quantize(Decimal("0.1"))


def cart_profit(priced: PricedCart, unit_costs: Mapping[int, Money | None]) -> Profit:
    """The gross profit of a priced cart: the lines' amounts (after discounts, free lines at 0) less their costs.

    Tax charged on top is the state's, not the shop's, and is not in the amounts; prices that include tax are
    taken as they are (the shop sees what it took in)."""
    revenue = cost = uncosted = 0
    for line, goods in zip(priced.lines, line_costs(priced, unit_costs), strict=True):
        if goods is None:
            uncosted += line.amount.minor
            continue
        revenue += line.amount.minor
        cost += goods.minor
    return Profit(Money(revenue), Money(cost), Money(uncosted))


def margin_percent(price: Money, cost: Money | None) -> Decimal | None:
    """(price − cost) / price in per cent, one decimal; None when either is unknown or the price is 0."""
    if cost is None or not price.minor:
        return None
    return (Decimal(price.minor - cost.minor) * 100 / price.minor).quantize(Decimal("0.1"))


def below_cost(price: Money, cost: Money | None) -> bool:
    return cost is not None and price < cost
