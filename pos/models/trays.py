"""The day's trays of finished goods (issue #25, migration 0038): made, carried in, sold, and each leftover's end."""

from peewee import CharField, Check, DateField, DateTimeField, ForeignKeyField, IntegerField

from pos.models.base import BaseModel
from pos.models.catalog import Product
from pos.models.fields import QuantityField


class Tray(BaseModel):
    """One product on one shop day. ``sold`` and ``day_old_sold`` are counted by checkout in the sale's
    transaction; left = made − sold (fresh) and day_old − day_old_sold (yesterday's, at the day-old price)."""

    product = ForeignKeyField(Product, backref="trays", on_delete="CASCADE")
    day = DateField()
    made = QuantityField(default=0, constraints=[Check("made >= 0")])
    day_old = QuantityField(default=0, constraints=[Check("day_old >= 0")])
    sold = QuantityField(default=0)
    day_old_sold = QuantityField(default=0)
    oversold = QuantityField(default=0)  # sold beyond the tray, with the owner's PIN
    sold_out_at = DateTimeField(null=True)  # UTC; the first moment nothing fresh was left
    closed_at = DateTimeField(null=True)

    class Meta:
        table_name = "tray"
        indexes = ((("day", "product"), True),)


class TrayLeftover(BaseModel):
    """What became of a leftover at closing: carried | sold_off | taken_home | given_away | thrown_away."""

    tray = ForeignKeyField(Tray, backref="leftovers", on_delete="CASCADE")
    outcome = CharField(max_length=16)
    quantity = QuantityField(constraints=[Check("quantity > 0")])
    staff_id = IntegerField(null=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "tray_leftover"
