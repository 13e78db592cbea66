"""Price tiers, tier prices with minimum quantities, and customers' special prices."""

from peewee import Check, CharField, ForeignKeyField, IntegerField

from pos.models.base import BaseModel
from pos.models.catalog import Product
from pos.models.fields import MoneyField, QuantityField

RETAIL, REGULAR, RESELLER = "retail", "regular", "reseller"


class PriceTier(BaseModel):
    """Eceran (retail), Langganan (regular), Reseller, or any tier the owner adds."""

    code = CharField(unique=True)
    name = CharField()
    position = IntegerField(default=0)


class TierPrice(BaseModel):
    product = ForeignKeyField(Product, backref="tier_prices", on_delete="CASCADE")
    tier = ForeignKeyField(PriceTier, backref="prices", on_delete="CASCADE")
    min_qty = QuantityField(default=1000, constraints=[Check("min_qty >= 1000")])
    price = MoneyField(constraints=[Check("price >= 0")])

    class Meta:
        indexes = ((("product", "tier", "min_qty"), True),)
