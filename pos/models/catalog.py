"""Categories and products."""

from peewee import BlobField, BooleanField, Check, CharField, DateTimeField, ForeignKeyField, IntegerField

from pos.models.base import BaseModel, utcnow
from pos.models.fields import MoneyField, QuantityField


class Category(BaseModel):
    name = CharField(unique=True)
    position = IntegerField(default=0)
    color = CharField(default="#8d6e63")
    ticket_printer = CharField(default="")  # where its items' tickets print: "" (none), "bar", "kitchen"
    day_old_percent = IntegerField(null=True)  # yesterday's goods sell at this % of retail (migration 0038)


class Product(BaseModel):
    code = CharField(unique=True)
    barcode = CharField(unique=True, null=True)
    name = CharField()
    unit = CharField(default="pcs")
    category = ForeignKeyField(Category, backref="products", on_delete="RESTRICT")
    retail_price = MoneyField(constraints=[Check("retail_price >= 0")])
    cost = MoneyField(null=True, constraints=[Check("cost IS NULL OR cost >= 0")])
    active = BooleanField(default=True)
    grid_position = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    # labels of packed goods and weighed packs (migration 0035)
    net_weight = CharField(null=True)  # as printed: "250 g"
    shelf_life_days = IntegerField(null=True)  # best before = made + days
    pirt_number = CharField(null=True)  # P-IRT permit of a home-industry food
    halal_text = CharField(null=True)  # the halal mark's words
    plu = IntegerField(null=True, unique=True)  # the number a scale prints in a weighed pack's barcode
    recipe_yield = IntegerField(null=True)  # pieces the recipe's batch makes (cost from the recipe)
    # the day's trays (migration 0038): baked each day; yesterday's sell at this % of retail (else the category's)
    made_daily = BooleanField(default=False)
    day_old_percent = IntegerField(null=True)


class ProductPicture(BaseModel):
    """The picture on a product's counter button (a small PNG), kept apart so product queries stay light."""

    product = ForeignKeyField(Product, backref="pictures", on_delete="CASCADE", unique=True)
    data = BlobField()


class Ingredient(BaseModel):
    """What a recipe is made of, with its purchase price per unit (Rp 14.000 a kg of flour). No stock is kept."""

    name = CharField(unique=True)
    unit = CharField(default="kg")
    price = MoneyField(constraints=[Check("price >= 0")])  # per unit


class RecipeLine(BaseModel):
    """A product's quantity of one ingredient per batch (the batch makes ``Product.recipe_yield`` pieces)."""

    product = ForeignKeyField(Product, backref="recipe", on_delete="CASCADE")
    ingredient = ForeignKeyField(Ingredient, backref="uses", on_delete="RESTRICT")
    quantity = QuantityField(constraints=[Check("quantity > 0")])
    position = IntegerField(default=0)

    class Meta:
        indexes = ((("product", "ingredient"), True),)
