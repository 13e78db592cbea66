"""Checkout: a cart id that makes completing a sale idempotent, refunds per line, parked carts,
and the cash count of a shift by denomination."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    class SaleLine(Model):
        class Meta:
            database = db
            table_name = "sale_line"

    migrator.migrate(
        migrator.add_column("sale", "cart_id", CharField(null=True, unique=True)),
        migrator.add_column("sale_line", "refund_of_line_id",
                            ForeignKeyField(SaleLine, field=SaleLine.id, null=True, on_delete="RESTRICT")),
        migrator.add_column("shift", "cash_count", TextField(null=True)),
    )

    class ParkedCart(Model):
        till_id = CharField(index=True)
        cart_id = CharField(unique=True)
        label = CharField(default="")
        payload = TextField()
        position = IntegerField(default=0)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "parked_cart"

    db.create_tables([ParkedCart])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("parked_cart"))
    migrator.migrate(
        migrator.drop_column("shift", "cash_count"),
        migrator.drop_column("sale_line", "refund_of_line_id"),
        migrator.drop_column("sale", "cart_id"),
    )
