"""The demo shop's labels, scale numbers and recipes (issue #25): packed goods carry a net weight, a shelf life
and a P-IRT number (made up for the demo), the goods sold by weight have a scale number, and three breads have
their cost from a recipe. Called by the demo builder inside its transaction; the products exist already."""

from __future__ import annotations

from pos.domain.costing import RecipeItem, recipe_cost
from pos.models import Ingredient, Product, RecipeLine
from pos.money import Money, Quantity
from pos.services.access import ANYONE, allowed

# code -> (net weight, shelf life in days, P-IRT number, halal mark text)
LABELS = {
    "KRG-01": ("500 g", 90, "2063404010012-26", "Halal"), "KRG-02": ("500 g", 90, "2063404010012-26", "Halal"),
    "KRG-03": ("500 g", 90, "2063404010012-26", "Halal"), "KRG-04": ("400 g", 90, "2063404010012-26", "Halal"),
    "KRG-05": ("500 g", 90, "2063404010012-26", "Halal"), "KRG-06": ("400 g", 90, "2063404010012-26", "Halal"),
    "KRG-07": ("100 g", 60, "2063404010012-26", "Halal"), "KRG-08": ("500 g", 90, "2063404010012-26", "Halal"),
    "KOP-01": ("250 g", 180, "2063404010029-26", ""), "KOP-02": ("250 g", 180, "2063404010029-26", ""),
    "KOP-03": ("250 g", 180, "2063404010029-26", ""),
    "CML-01": ("250 g", 60, "2063404010036-26", "Halal"), "CML-02": ("250 g", 60, "2063404010036-26", "Halal"),
    "CML-03": ("250 g", 60, "2063404010036-26", "Halal"), "CML-04": ("1 kg", 180, "2063404010043-26", ""),
    "CML-05": ("500 g", 180, "2063404010043-26", ""), "CML-07": ("200 g", 60, "2063404010036-26", "Halal"),
}
SCALE_NUMBERS = {"KOP-04": 4, "CML-06": 6}  # sold by the kilo, packed and weighed on the scale

INGREDIENTS = (  # name, unit, purchase price per unit
    ("Tepung terigu", "kg", 14000), ("Gula pasir", "kg", 16000), ("Mentega", "kg", 120000),
    ("Telur", "butir", 2000), ("Susu bubuk", "kg", 90000), ("Ragi instan", "kg", 95000),
    ("Cokelat batang", "kg", 110000), ("Kelapa parut", "kg", 20000),
)
RECIPES = {  # code -> (pieces a batch makes, (ingredient, quantity per batch) …)
    "ROT-01": (20, (("Tepung terigu", "2"), ("Gula pasir", "0,3"), ("Mentega", "0,4"), ("Telur", "8"),
                    ("Susu bubuk", "0,2"), ("Ragi instan", "0,05"), ("Cokelat batang", "0,6"))),
    "ROT-03": (40, (("Tepung terigu", "2"), ("Gula pasir", "0,5"), ("Mentega", "0,2"), ("Telur", "6"),
                    ("Ragi instan", "0,03"), ("Kelapa parut", "1,5"))),
    "ROT-06": (50, (("Tepung terigu", "2,5"), ("Gula pasir", "0,4"), ("Mentega", "0,25"), ("Telur", "6"),
                    ("Susu bubuk", "0,15"), ("Ragi instan", "0,04"))),
}


@allowed(ANYONE, why="the demo's labels and recipes, inside create_demo on an empty database (its own guard)")
def add_bakery_details() -> None:
    for code, (weight, days, pirt, halal) in LABELS.items():
        Product.update(net_weight=weight, shelf_life_days=days, pirt_number=pirt, halal_text=halal or None).where(
            Product.code == code).execute()
    for code, plu in SCALE_NUMBERS.items():
        Product.update(plu=plu).where(Product.code == code).execute()
    ingredients = {name: Ingredient.create(name=name, unit=unit, price=Money(price))
                   for name, unit, price in INGREDIENTS}
    for code, (pieces, items) in RECIPES.items():
        product = Product.get(Product.code == code)
        for position, (name, quantity) in enumerate(items, start=1):
            RecipeLine.create(product=product, ingredient=ingredients[name], quantity=Quantity.of(quantity),
                              position=position)
        cost = recipe_cost([RecipeItem(name, Quantity.of(qty), ingredients[name].price) for name, qty in items],
                           pieces)
        Product.update(cost=cost.each, recipe_yield=pieces).where(Product.id == product.id).execute()
