"""Options on products (issue #24): groups of choices, where they apply, and the choices each sold line carried
(name and price as they were at the sale).

The three option tables join what the pricing version watches (migration 0006): a choice's price the owner
changes reaches every till's cached options at once.
"""

from peewee import (BigIntegerField, BooleanField, Check, CharField, ForeignKeyField, IntegerField, Model,
                    PostgresqlDatabase)

WATCHED = ("option_group", "option_choice", "option_link")


def up(migrator, db):
    def table(name):
        class Meta:
            database = db
            table_name = name

        return type(name, (Model,), {"Meta": Meta})

    Product, Category, SaleLine = (table(n) for n in ("product", "category", "sale_line"))

    class OptionGroup(Model):
        name = CharField()
        position = IntegerField(default=0)
        min_choices = IntegerField(default=0, constraints=[Check("min_choices >= 0")])
        max_choices = IntegerField(default=1, constraints=[Check("max_choices >= 1")])
        active = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "option_group"

    class OptionChoice(Model):
        group = ForeignKeyField(OptionGroup, on_delete="CASCADE")
        name = CharField()
        price = BigIntegerField(default=0, constraints=[Check("price >= 0")])
        is_default = BooleanField(default=False)
        position = IntegerField(default=0)
        active = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "option_choice"

    class OptionLink(Model):
        group = ForeignKeyField(OptionGroup, on_delete="CASCADE")
        product = ForeignKeyField(Product, null=True, on_delete="CASCADE")
        category = ForeignKeyField(Category, null=True, on_delete="CASCADE")

        class Meta:
            database = db
            table_name = "option_link"

    class SaleLineChoice(Model):
        line = ForeignKeyField(SaleLine, on_delete="CASCADE")
        position = IntegerField(default=0)
        group_name = CharField()
        name = CharField()
        price = BigIntegerField(default=0)
        extra = BooleanField(default=False)
        choice = ForeignKeyField(OptionChoice, null=True, on_delete="SET NULL")

        class Meta:
            database = db
            table_name = "sale_line_choice"

    db.create_tables([OptionGroup, OptionChoice, OptionLink, SaleLineChoice])
    postgres = isinstance(db, PostgresqlDatabase)
    for table in WATCHED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"{table}_{event.lower()}_pricing"
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
    migrator.migrate(*(migrator.drop_table(name) for name in
                       ("sale_line_choice", "option_link", "option_choice", "option_group")))
