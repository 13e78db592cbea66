"""Issue #25 items 1-3: the day's trays of finished goods.

- product.made_daily: the product is baked each day, its trays counted at the counter;
- product.day_old_percent and category.day_old_percent: what yesterday's goods sell at, in per cent of the
  retail price (the product's rule wins over its category's); both bump the pricing version;
- ``tray``: per product and shop day, what was made, what came over from yesterday (sold at the day-old price),
  what was sold of each (counted by checkout in the sale's transaction), what was sold beyond the tray with the
  owner's PIN, when the tray sold out, and when it was closed;
- ``tray_leftover``: what became of each leftover at closing (carried, sold off, taken home, given away, thrown
  away). Quantities in thousandths, like every quantity.

Self-contained (a migration imports nothing of the program); works on SQLite and PostgreSQL.
"""

from peewee import (BigIntegerField, CharField, Check, DateField, DateTimeField, ForeignKeyField, IntegerField, Model,
                    PostgresqlDatabase)

COLUMNS = (
    ("product", "made_daily", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("product", "day_old_percent", "INTEGER"),
    ("category", "day_old_percent", "INTEGER"),
)
TRIGGERS = (("product", "made_daily, day_old_percent"), ("category", "day_old_percent"))


def _tables(db):
    class Product(Model):
        class Meta:
            database = db
            table_name = "product"

    class Tray(Model):
        product = ForeignKeyField(Product, on_delete="CASCADE")
        day = DateField()
        made = BigIntegerField(default=0, constraints=[Check("made >= 0")])
        day_old = BigIntegerField(default=0, constraints=[Check("day_old >= 0")])
        sold = BigIntegerField(default=0)
        day_old_sold = BigIntegerField(default=0)
        oversold = BigIntegerField(default=0)
        sold_out_at = DateTimeField(null=True)
        closed_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "tray"
            indexes = ((("day", "product"), True),)

    class TrayLeftover(Model):
        tray = ForeignKeyField(Tray, backref="leftovers", on_delete="CASCADE")
        outcome = CharField(max_length=16)
        quantity = BigIntegerField(constraints=[Check("quantity > 0")])
        staff_id = IntegerField(null=True)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "tray_leftover"

    return Tray, TrayLeftover


def up(migrator, db):
    for table, column, kind in COLUMNS:
        db.execute_sql(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.create_tables(_tables(db))
    postgres = isinstance(db, PostgresqlDatabase)
    for table, columns in TRIGGERS:
        name = f"{table}_update_trays_pricing"
        if postgres:
            db.execute_sql(f"CREATE TRIGGER {name} AFTER UPDATE OF {columns} ON {table} "
                           "FOR EACH STATEMENT EXECUTE FUNCTION bump_pricing_version()")
        else:
            db.execute_sql(f"CREATE TRIGGER {name} AFTER UPDATE OF {columns} ON {table} BEGIN "
                           "UPDATE change_counter SET value = value + 1 WHERE name = 'pricing'; END")


def down(migrator, db):
    postgres = isinstance(db, PostgresqlDatabase)
    for table, _columns in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER {table}_update_trays_pricing" + (f" ON {table}" if postgres else ""))
    db.drop_tables(list(reversed(_tables(db))))
    for table, column, _kind in COLUMNS:
        db.execute_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
