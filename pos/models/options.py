"""A product's options: groups of choices (Ukuran, Gula, Tambahan…), where they apply, and the choices a sale
line carried (names and prices as they were, so renaming or retiring a choice never changes an old sale)."""

from peewee import BooleanField, Check, CharField, ForeignKeyField, IntegerField

from pos.models.base import BaseModel
from pos.models.catalog import Category, Product
from pos.models.fields import MoneyField
from pos.models.sale import SaleLine


class OptionGroup(BaseModel):
    name = CharField()
    position = IntegerField(default=0)  # the order of the groups on the till's panel
    min_choices = IntegerField(default=0, constraints=[Check("min_choices >= 0")])  # 0: optional
    max_choices = IntegerField(default=1, constraints=[Check("max_choices >= 1")])
    active = BooleanField(default=True)


class OptionChoice(BaseModel):
    group = ForeignKeyField(OptionGroup, backref="choices", on_delete="CASCADE")
    name = CharField()
    price = MoneyField(default=0, constraints=[Check("price >= 0")])
    is_default = BooleanField(default=False)
    position = IntegerField(default=0)
    active = BooleanField(default=True)  # retired: no longer offered, old sales keep their copy


class OptionLink(BaseModel):
    """A group offered on one product, or on every product of a category."""

    group = ForeignKeyField(OptionGroup, backref="links", on_delete="CASCADE")
    product = ForeignKeyField(Product, null=True, backref="option_links", on_delete="CASCADE")  # or …
    category = ForeignKeyField(Category, null=True, backref="option_links", on_delete="CASCADE")  # … this


class SaleLineChoice(BaseModel):
    """A choice on a sold line, as it was at the time of the sale."""

    line = ForeignKeyField(SaleLine, backref="choices", on_delete="CASCADE")
    position = IntegerField(default=0)
    group_name = CharField()
    name = CharField()
    price = MoneyField(default=0)  # per unit, in the line's unit price
    extra = BooleanField(default=False)  # from an optional group: "+Extra shot"
    choice = ForeignKeyField(OptionChoice, null=True, backref="sold", on_delete="SET NULL")
