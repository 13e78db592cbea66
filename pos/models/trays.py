"""The day's trays of finished goods (issue #25, migration 0038): made, carried in, sold, and each leftover's end."""

import datetime as dt

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


def count_off(ids: list[int], fresh: dict[int, int], old: dict[int, int], at: dt.datetime,
              day: dt.date) -> list[tuple[int, int, int, int]]:
    """Today's and yesterday's goods of a sale counted off the day's trays (thousandths per product id) in one
    statement, the first sell-out time kept; (product id, fresh left, day-old left, tray id) per tray touched (a
    negative left: sold beyond the tray)."""
    database = Tray._meta.database
    p = database.param
    case = "CASE product_id " + " ".join([f"WHEN {p} THEN {p}"] * len(ids)) + " ELSE 0 END"
    sql = (f'UPDATE "tray" SET "sold" = "sold" + {case}, "day_old_sold" = "day_old_sold" + {case}, '
           f'"sold_out_at" = CASE WHEN "sold_out_at" IS NULL AND "made" > 0 AND "sold" + {case} >= "made" '
           f'THEN {p} ELSE "sold_out_at" END '
           f'WHERE "day" = {p} AND "product_id" IN ({", ".join([p] * len(ids))}) '
           f'RETURNING "product_id", "made" - "sold", "day_old" - "day_old_sold", "id"')
    pairs_fresh = [v for pid in ids for v in (pid, fresh.get(pid, 0))]
    pairs_old = [v for pid in ids for v in (pid, old.get(pid, 0))]
    params = [*pairs_fresh, *pairs_old, *pairs_fresh, at, day, *ids]
    return [tuple(row) for row in database.execute_sql(sql, params).fetchall()]


def count_back(day: dt.date, back: dict[int, tuple[int, int]]) -> None:
    """A voided sale's goods put back on the day's trays (thousandths per product id: today's, yesterday's): what was
    sold beyond the tray comes off first, and a tray with goods left again loses its sell-out time."""
    from peewee import Case

    for product_id, (fresh, old) in back.items():
        Tray.update(sold=Tray.sold - fresh, day_old_sold=Tray.day_old_sold - old,
                    oversold=Case(None, ((Tray.oversold > fresh, Tray.oversold - fresh),), 0),
                    sold_out_at=Case(None, ((Tray.sold - fresh < Tray.made, None),), Tray.sold_out_at)).where(
            (Tray.day == day) & (Tray.product == product_id)).execute()
