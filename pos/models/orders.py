"""Pre-orders taken days ahead, and goods left at a village shop on consignment (titip jual)."""

from peewee import Check, CharField, DateTimeField, ForeignKeyField, TextField

from pos.models.base import BaseModel, utcnow
from pos.models.catalog import Product
from pos.models.customer import Customer
from pos.models.fields import JSONField, MoneyField, QuantityField
from pos.models.sale import Sale
from pos.models.staff import StaffUser


class Preorder(BaseModel):
    """A custom order. Transitions (pos.domain.preorders): ordered → in_production → ready → picked_up,
    or cancelled (the down payment refunded or forfeited)."""

    number = CharField(unique=True)  # PO-K1-000001
    customer = ForeignKeyField(Customer, backref="preorders", on_delete="RESTRICT")
    status = CharField(default="ordered", index=True, constraints=[Check(
        "status IN ('ordered', 'in_production', 'ready', 'picked_up', 'cancelled')")])
    pickup_at = DateTimeField(index=True)  # UTC
    priced = JSONField()  # the cart as priced when the order was taken (pos.domain.preorders.cart_to_data)
    details = JSONField(default=dict)  # line index -> what to write on the cake, the design …
    total = MoneyField()  # agreed
    down_payment = MoneyField(default=0)
    down_payment_method = CharField(default="")
    cancel_outcome = CharField(default="")  # refunded | forfeited
    sale = ForeignKeyField(Sale, null=True, backref="preorders", on_delete="RESTRICT")  # made at pickup
    note = TextField(default="")
    till_id = CharField(default="")
    staff = ForeignKeyField(StaffUser, null=True, backref="preorders", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class ConsignmentMove(BaseModel):
    """Goods left at a shop (+), sold there or taken back (−): what is still out is the sum."""

    shop = ForeignKeyField(Customer, backref="consignment_moves", on_delete="RESTRICT")
    product = ForeignKeyField(Product, backref="consignment_moves", on_delete="RESTRICT")
    kind = CharField(constraints=[Check("kind IN ('left', 'sold', 'returned')")])
    quantity = QuantityField()  # > 0; the kind gives the direction
    unit_price = MoneyField()  # the shop's (reseller) price when the goods were left
    reference = CharField(index=True)  # the consignment note, TJ-K1-000001
    sale = ForeignKeyField(Sale, null=True, backref="consignment_moves", on_delete="RESTRICT")
    staff = ForeignKeyField(StaffUser, null=True, backref="consignment_moves", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
