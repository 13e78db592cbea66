"""What products cost the shop (issue #25 item 4): typed in, or computed from a simple recipe.

Ingredients have a purchase price per unit; a product's recipe names the quantity of each per batch and the
pieces the batch makes (``Product.recipe_yield``). Saving a recipe, or a new price of an ingredient, writes the
cost of one piece into ``Product.cost`` (the figure checkout stores with each line, and the back office's
below-cost warnings read). No ingredient stock is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from pos.domain.costing import Profit, RecipeCost, RecipeError, RecipeItem, cart_profit, recipe_cost
from pos.domain.pricing import PricedCart
from pos.i18n import _, format_money
from pos.models import Customer, Ingredient, PriceTier, Product, RecipeLine, SpecialPrice, TierPrice, db
from pos.money import Money, Quantity, round_half_up
from pos.services.access import OWNER, READ, allowed
from pos.services.audit import record
from pos.services.catalog import MAX_PRICE
from pos.services.errors import InvalidInput
from pos.services.text_limits import INGREDIENT_NAME, UNIT, check_texts


@allowed(READ)
def unit_costs(product_ids: set[int]) -> dict[int, Money | None]:
    """Each product's cost now (None: the owner gave none)."""
    if not product_ids:
        return {}
    return {pid: (Money(cost) if isinstance(cost, int) else cost)
            for pid, cost in Product.select(Product.id, Product.cost).where(Product.id.in_(list(product_ids)))
            .tuples()}


@dataclass(frozen=True)
class IngredientRow:
    id: int
    name: str
    unit: str
    price: Money  # per unit
    used_by: int  # products whose recipe holds it


@allowed(READ)
def list_ingredients() -> list[IngredientRow]:
    uses = dict(RecipeLine.select(RecipeLine.ingredient, fn.COUNT(RecipeLine.id)).group_by(RecipeLine.ingredient)
                .tuples())
    return [IngredientRow(i.id, i.name, i.unit, i.price, uses.get(i.id, 0))
            for i in Ingredient.select().order_by(Ingredient.name)]


def _recipe_words(exc: RecipeError) -> str:
    words = {
        "yield_too_small": lambda: _("A batch makes at least 1 piece."),
        "recipe_empty": lambda: _("A recipe needs at least one ingredient."),
        "quantity_too_small": lambda: _("Give a quantity of {ingredient} more than zero.").format(
            ingredient=exc.params.get("ingredient", "")),
    }
    return words[exc.code]() if exc.code in words else exc.code


@allowed(OWNER)
def save_ingredient(name: str, unit: str, price: Money, ingredient_id: int | None = None, *,
                    owner_pin: str | None, staff_id: int | None = None) -> int:
    """Add or change an ingredient; a new price costs every recipe that uses it again."""
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name or not unit:
        raise InvalidInput(_("An ingredient needs a name and a unit (kg, l, pcs…)."))
    check_texts((name, INGREDIENT_NAME), (unit, UNIT))
    if price.minor < 0 or price > MAX_PRICE:
        raise InvalidInput(_("The purchase price must be between Rp 0 and {most}.").format(
            most=format_money(MAX_PRICE)))
    with db.atomic():
        clash = Ingredient.get_or_none((fn.LOWER(Ingredient.name) == name.lower())
                                       & (Ingredient.id != (ingredient_id or 0)))
        if clash is not None:
            raise InvalidInput(_("The ingredient {name} exists already.").format(name=name))
        if ingredient_id is None:
            ingredient_id = Ingredient.create(name=name, unit=unit, price=price).id
        else:
            Ingredient.update(name=name, unit=unit, price=price).where(Ingredient.id == ingredient_id).execute()
            for (product_id,) in RecipeLine.select(RecipeLine.product).where(
                    RecipeLine.ingredient == ingredient_id).distinct().tuples():
                _cost_from_recipe(product_id)
        record("ingredient.saved", entity="ingredient", entity_id=ingredient_id, staff_id=staff_id,
               details={"name": name, "unit": unit, "price": price.minor})
    return ingredient_id


@dataclass(frozen=True)
class RecipeForm:
    pieces: int  # the batch's yield
    items: tuple[tuple[int, Quantity], ...]  # (ingredient id, quantity per batch)


@dataclass(frozen=True)
class Recipe:
    product: str
    pieces: int | None
    items: tuple[tuple[int, str, str, Quantity, Money], ...]  # (ingredient id, name, unit, quantity, its amount)
    cost: RecipeCost | None


def _items(product_id: int) -> list[tuple[Ingredient, Quantity]]:
    rows = (RecipeLine.select(RecipeLine, Ingredient).join(Ingredient)
            .where(RecipeLine.product == product_id).order_by(RecipeLine.position))
    return [(row.ingredient, row.quantity) for row in rows]


def _cost(product: Product, items: list[tuple[Ingredient, Quantity]], pieces: int) -> RecipeCost:
    try:
        return recipe_cost([RecipeItem(i.name, qty, i.price) for i, qty in items], pieces)
    except RecipeError as exc:
        raise InvalidInput(_recipe_words(exc)) from None


def _cost_from_recipe(product_id: int) -> None:
    product = Product.get_by_id(product_id)
    items = _items(product_id)
    if items and product.recipe_yield:
        Product.update(cost=_cost(product, items, product.recipe_yield).each).where(
            Product.id == product_id).execute()


@allowed(READ)
def load_recipe(product_id: int) -> Recipe:
    product = Product.get_or_none(Product.id == product_id)
    if product is None:
        raise InvalidInput(_("That product is not in the catalogue any more."))
    items = _items(product_id)
    cost = _cost(product, items, product.recipe_yield) if items and product.recipe_yield else None
    return Recipe(product.name, product.recipe_yield,
                  tuple((i.id, i.name, i.unit, qty, RecipeItem(i.name, qty, i.price).amount) for i, qty in items),
                  cost)


@allowed(READ)
def price_recipe(form: RecipeForm) -> RecipeCost:
    """What a recipe would cost, as the owner types it (nothing is stored)."""
    prices = {i.id: i for i in Ingredient.select().where(Ingredient.id.in_([i for i, _q in form.items]))}
    missing = [i for i, _q in form.items if i not in prices]
    if missing:
        raise InvalidInput(_("That ingredient is not in the list any more."))
    try:
        return recipe_cost([RecipeItem(prices[i].name, qty, prices[i].price) for i, qty in form.items], form.pieces)
    except RecipeError as exc:
        raise InvalidInput(_recipe_words(exc)) from None


@allowed(OWNER)
def save_recipe(product_id: int, form: RecipeForm, *, owner_pin: str | None,
                staff_id: int | None = None) -> RecipeCost:
    """Store the product's recipe and its yield, and its cost per piece from them (all or nothing)."""
    if len({i for i, _q in form.items}) != len(form.items):
        raise InvalidInput(_("Each ingredient once per recipe: add the quantities up."))
    with db.atomic():
        if not Product.select().where(Product.id == product_id).exists():
            raise InvalidInput(_("That product is not in the catalogue any more."))
        cost = price_recipe(form)
        RecipeLine.delete().where(RecipeLine.product == product_id).execute()
        for position, (ingredient_id, quantity) in enumerate(form.items, start=1):
            RecipeLine.create(product=product_id, ingredient=ingredient_id, quantity=quantity, position=position)
        Product.update(recipe_yield=form.pieces, cost=cost.each).where(Product.id == product_id).execute()
        record("product.recipe_saved", entity="product", entity_id=product_id, staff_id=staff_id,
               details={"pieces": form.pieces, "cost": cost.each.minor,
                        "items": [[i, str(q)] for i, q in form.items]})
    return cost


@allowed(OWNER)
def remove_recipe(product_id: int, *, owner_pin: str | None, staff_id: int | None = None) -> None:
    """The product's cost is typed in again (the last computed cost stays until changed)."""
    with db.atomic():
        RecipeLine.delete().where(RecipeLine.product == product_id).execute()
        Product.update(recipe_yield=None).where(Product.id == product_id).execute()
        record("product.recipe_removed", entity="product", entity_id=product_id, staff_id=staff_id)


# --- selling below cost ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BelowCost:
    product: str
    what: str  # in words: "Reseller from 10", "Bu Sari's special price"
    price: Money
    cost: Money


@allowed(READ)
def below_cost_prices(product_id: int | None, cost: Money | None = None,
                      tier_prices: tuple[tuple[str, Quantity, Money], ...] | None = None,
                      retail: Money | None = None) -> list[BelowCost]:
    """The product's retail, tier and customers' special prices under its cost. ``cost``, ``tier_prices`` and
    ``retail``: as the owner is typing them in the product's form (else as stored; a new product has no id)."""
    product = Product.get_or_none(Product.id == product_id) if product_id else None
    cost = cost if cost is not None else (product.cost if product else None)
    if cost is None:
        return []
    name = product.name if product else ""
    retail = retail if retail is not None else (product.retail_price if product else None)
    tiers = {t.code: t.name for t in PriceTier.select()}
    if tier_prices is None:
        tier_prices = tuple((tp.tier.code, tp.min_qty, tp.price) for tp in
                            TierPrice.select(TierPrice, PriceTier).join(PriceTier)
                            .where(TierPrice.product == product_id)) if product else ()
    found = []
    if retail is not None and retail < cost:
        found.append(BelowCost(name, _("Retail price"), retail, cost))
    for tier, min_qty, price in tier_prices:
        if price < cost:
            found.append(BelowCost(name, _("{tier} from {qty}").format(tier=tiers.get(tier, tier), qty=min_qty),
                                   price, cost))
    if product is not None:
        for special in SpecialPrice.select(SpecialPrice, Customer).join(Customer).where(
                SpecialPrice.product == product_id):
            if special.price < cost:
                found.append(BelowCost(name, _("{customer}'s special price").format(customer=special.customer.name),
                                       special.price, cost))
    return found


@allowed(READ)
def below_cost_words(rows: list[BelowCost]) -> str:
    """One warning for the owner, or "" when nothing sells below cost."""
    if not rows:
        return ""
    parts = [_("{what} {price}").format(what=r.what, price=format_money(r.price)) for r in rows]
    return _("Below the cost of {cost}: {prices}. Each sale at these prices loses money.").format(
        cost=format_money(rows[0].cost), prices="; ".join(parts))


@dataclass(frozen=True)
class CartMargin:
    profit: Profit  # of the cart as priced
    below: tuple[tuple[str, Money, Money], ...]  # paid lines sold under cost: (name, price a unit after all, cost)


@allowed(READ)
def cart_margin(cart: PricedCart) -> CartMargin:
    """What a priced cart (a promotion's example order) earns over its goods' cost, and the paid lines whose
    price after discounts is under their cost (a free item is a gift, counted in the profit, not listed)."""
    costs = unit_costs({line.product_id for line in cart.lines})
    below = []
    for line in cart.lines:
        cost = costs.get(line.product_id)
        if line.is_bonus or cost is None or not line.quantity.thousandths:
            continue
        each = Money(round_half_up(Decimal(line.amount.minor) * 1000 / line.quantity.thousandths))
        if each < cost:
            below.append((line.name, each, cost))
    return CartMargin(cart_profit(cart, costs), tuple(below))
