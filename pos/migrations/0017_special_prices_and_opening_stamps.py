"""A customer's own price changes what the till charges at once, and stamps carried over from a paper card.

- special_price joins what the pricing version watches (migration 0006): a price the owner sets, imports
  or removes makes every till load its prices again.
- stamp_entry.opening marks the one opening balance a customer brings from a paper stamp card.
"""

from peewee import BooleanField, PostgresqlDatabase

TABLE = "special_price"


def up(migrator, db):
    migrator.migrate(migrator.add_column("stamp_entry", "opening", BooleanField(default=False)))
    postgres = isinstance(db, PostgresqlDatabase)
    for event in ("INSERT", "UPDATE", "DELETE"):
        name = f"{TABLE}_{event.lower()}_pricing"
        if postgres:
            db.execute_sql(f"CREATE TRIGGER {name} AFTER {event} ON {TABLE} "
                           "FOR EACH STATEMENT EXECUTE FUNCTION bump_pricing_version()")
        else:
            db.execute_sql(f"CREATE TRIGGER {name} AFTER {event} ON {TABLE} BEGIN "
                           "UPDATE change_counter SET value = value + 1 WHERE name = 'pricing'; END")


def down(migrator, db):
    postgres = isinstance(db, PostgresqlDatabase)
    for event in ("insert", "update", "delete"):
        db.execute_sql(f"DROP TRIGGER {TABLE}_{event}_pricing" + (f" ON {TABLE}" if postgres else ""))
    migrator.migrate(migrator.drop_column("stamp_entry", "opening"))
