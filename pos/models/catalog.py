"""Categories and products."""

from peewee import BlobField, BooleanField, Check, CharField, DateTimeField, ForeignKeyField, IntegerField

from pos.models.base import BaseModel, utcnow
from pos.models.fields import MoneyField


class Category(BaseModel):
    name = CharField(unique=True)
    position = IntegerField(default=0)
    color = CharField(default="#8d6e63")
    ticket_printer = CharField(default="")  # where its items' tickets print: "" (none), "bar", "kitchen"


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


class ProductPicture(BaseModel):
    """The picture on a product's counter button (a small PNG), kept apart so product queries stay light."""

    product = ForeignKeyField(Product, backref="pictures", on_delete="CASCADE", unique=True)
    data = BlobField()
