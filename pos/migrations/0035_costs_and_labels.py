"""Issue #25 items 4, 5 and 7: what a product costs, and what its label says.

- product: ``net_weight`` (as printed: "250 g"), ``shelf_life_days`` (best before = made + days), ``pirt_number``
  (Indonesian home-industry food permit), ``halal_text`` (the halal mark's words), ``plu`` (the number a scale
  prints in a weighed pack's barcode, unique) and ``recipe_yield`` (pieces a recipe's batch makes);
- ``ingredient`` (name, unit, purchase price per unit) and ``recipe_line`` (a product's quantity of an
  ingredient per batch): the cost computed from a recipe. No ingredient stock is kept;
- sale_line.cost: what the line's goods cost the shop at the moment of sale (quantity × the product's cost);
  empty when the product had no cost. Gross profit = amount − cost.

Self-contained (a migration imports nothing of the program); works on SQLite and PostgreSQL.
"""

from peewee import BigIntegerField, CharField, Check, ForeignKeyField, IntegerField, Model

COLUMNS = (
    ("product", "net_weight", "VARCHAR(40)"),
    ("product", "shelf_life_days", "INTEGER"),
    ("product", "pirt_number", "VARCHAR(40)"),
    ("product", "halal_text", "VARCHAR(80)"),
    ("product", "plu", "INTEGER"),
    ("product", "recipe_yield", "INTEGER"),
    ("sale_line", "cost", "BIGINT"),
)


def _tables(db):
    class Product(Model):
        class Meta:
            database = db
            table_name = "product"

    class Ingredient(Model):
        name = CharField(unique=True)
        unit = CharField(default="kg")
        price = BigIntegerField(constraints=[Check("price >= 0")])

        class Meta:
            database = db
            table_name = "ingredient"

    class RecipeLine(Model):
        product = ForeignKeyField(Product, backref="recipe", on_delete="CASCADE")
        ingredient = ForeignKeyField(Ingredient, on_delete="RESTRICT")
        quantity = BigIntegerField(constraints=[Check("quantity > 0")])
        position = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "recipe_line"
            indexes = ((("product", "ingredient"), True),)

    return Ingredient, RecipeLine


def up(migrator, db):
    for table, column, kind in COLUMNS:
        db.execute_sql(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute_sql("CREATE UNIQUE INDEX product_plu ON product (plu)")
    db.create_tables(_tables(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_tables(db))))
    db.execute_sql("DROP INDEX product_plu")
    for table, column, _kind in COLUMNS:
        db.execute_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
