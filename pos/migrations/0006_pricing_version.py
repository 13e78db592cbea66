"""A version number of everything a price depends on, bumped by the database itself.

Tills cache the price book, the promotions and the shop settings; they read this one
row to know whether another till (or this one) changed any of them. Triggers keep it
true whatever code did the change.
"""

from peewee import BigIntegerField, CharField, Model, PostgresqlDatabase

# table -> the columns whose change matters (None: any change)
WATCHED = {
    "product": ("code", "barcode", "name", "category_id", "retail_price", "active"),
    "category": ("name",),
    "price_tier": None,
    "tier_price": None,
    "promotion": None,
    "segment": None,
    "shop_setting": None,
}

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_pricing_version() RETURNS trigger AS $$
BEGIN
    UPDATE change_counter SET value = value + 1 WHERE name = 'pricing';
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def up(migrator, db):
    class ChangeCounter(Model):
        name = CharField(primary_key=True)
        value = BigIntegerField(default=0)

        class Meta:
            database = db
            table_name = "change_counter"

    db.create_tables([ChangeCounter])
    ChangeCounter.insert(name="pricing", value=1).execute()
    postgres = isinstance(db, PostgresqlDatabase)
    if postgres:
        db.execute_sql(_PG_FUNCTION)
    for table, columns in WATCHED.items():
        update = "UPDATE" + (f" OF {', '.join(columns)}" if columns else "")
        for event in ("INSERT", update, "DELETE"):
            name = f"{table}_{event.split()[0].lower()}_pricing"
            if postgres:
                db.execute_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                               "FOR EACH STATEMENT EXECUTE FUNCTION bump_pricing_version()")
            else:
                db.execute_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
                               "UPDATE change_counter SET value = value + 1 WHERE name = 'pricing'; END")


def down(migrator, db):
    postgres = isinstance(db, PostgresqlDatabase)
    for table in WATCHED:
        for event in ("insert", "update", "delete"):
            db.execute_sql(f"DROP TRIGGER {table}_{event}_pricing" + (f" ON {table}" if postgres else ""))
    if postgres:
        db.execute_sql("DROP FUNCTION bump_pricing_version()")
    db.execute_sql("DROP TABLE change_counter")
