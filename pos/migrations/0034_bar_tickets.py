"""The coffee counter's tickets (issue #24 items 5-7): queue numbers per shop day, the printer a category's items
go to (bar, kitchen or none), and open bills with their lines (sent to the bar or not yet)."""

from peewee import (BigIntegerField, BooleanField, Check, CharField, DateField, DateTimeField, ForeignKeyField,
                    IntegerField, Model, TextField)


def up(migrator, db):
    def table(name):
        class Meta:
            database = db
            table_name = name

        return type(name, (Model,), {"Meta": Meta})

    Customer, Sale, StaffUser, Product = (table(n) for n in ("customer", "sale", "staff_user", "product"))

    class QueueCounter(Model):
        day = DateField(primary_key=True)
        last_value = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "queue_counter"

    class SaleQueueNumber(Model):
        sale = ForeignKeyField(Sale, unique=True, on_delete="CASCADE")
        day = DateField()
        number = IntegerField()

        class Meta:
            database = db
            table_name = "sale_queue_number"
            indexes = ((("day", "number"), True),)

    class OpenBill(Model):
        name = CharField()
        cart_id = CharField(unique=True)
        customer = ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
        status = CharField(default="open", index=True, constraints=[Check(
            "status IN ('open', 'paying', 'paid', 'cancelled')")])
        queue_day = DateField(null=True)
        queue_number = IntegerField(null=True)
        sale = ForeignKeyField(Sale, null=True, on_delete="RESTRICT")
        till_id = CharField(default="")
        staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
        opened_at = DateTimeField()

        class Meta:
            database = db
            table_name = "open_bill"

    class OpenBillLine(Model):
        bill = ForeignKeyField(OpenBill, on_delete="CASCADE")
        product = ForeignKeyField(Product, on_delete="RESTRICT")
        quantity = BigIntegerField()
        line = TextField()
        sent = BooleanField(default=False)
        till_id = CharField(default="")
        staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
        added_at = DateTimeField()

        class Meta:
            database = db
            table_name = "open_bill_line"

    db.create_tables([QueueCounter, SaleQueueNumber, OpenBill, OpenBillLine])
    db.execute_sql("ALTER TABLE category ADD COLUMN ticket_printer VARCHAR(255) NOT NULL DEFAULT ''")


def down(migrator, db):
    db.execute_sql("ALTER TABLE category DROP COLUMN ticket_printer")
    migrator.migrate(migrator.drop_table("open_bill_line"), migrator.drop_table("open_bill"),
                     migrator.drop_table("sale_queue_number"), migrator.drop_table("queue_counter"))
