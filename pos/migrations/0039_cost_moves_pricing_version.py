"""Issue #21: a product's cost is held in the till's cached price book (checkout stores it with each line without
reading the products again), so a change of the cost moves the pricing version, as a change of its price does.

Self-contained (a migration imports nothing of the program); works on SQLite and PostgreSQL (the function
``bump_pricing_version`` of migration 0006).
"""

from peewee import PostgresqlDatabase

NAME = "product_cost_pricing"


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(f"CREATE TRIGGER {NAME} AFTER UPDATE OF cost ON product "
                       "FOR EACH STATEMENT EXECUTE FUNCTION bump_pricing_version()")
    else:
        db.execute_sql(f"CREATE TRIGGER {NAME} AFTER UPDATE OF cost ON product BEGIN "
                       "UPDATE change_counter SET value = value + 1 WHERE name = 'pricing'; END")


def down(migrator, db):
    db.execute_sql(f"DROP TRIGGER {NAME}" + (" ON product" if isinstance(db, PostgresqlDatabase) else ""))
