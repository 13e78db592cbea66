"""Pre-orders (with the price agreed when taken) and consignment moves (titip jual)."""

from peewee import BigIntegerField, Check, CharField, DateTimeField, ForeignKeyField, Model, TextField


def up(migrator, db):
    def table(name):
        class Meta:
            database = db
            table_name = name

        return type(name, (Model,), {"Meta": Meta})

    Customer, Sale, StaffUser, Product = (table(n) for n in ("customer", "sale", "staff_user", "product"))

    class Preorder(Model):
        number = CharField(unique=True)
        customer = ForeignKeyField(Customer, on_delete="RESTRICT")
        status = CharField(default="ordered", index=True, constraints=[Check(
            "status IN ('ordered', 'in_production', 'ready', 'picked_up', 'cancelled')")])
        pickup_at = DateTimeField(index=True)
        priced = TextField()
        details = TextField()
        total = BigIntegerField()
        down_payment = BigIntegerField(default=0)
        down_payment_method = CharField(default="")
        cancel_outcome = CharField(default="")
        sale = ForeignKeyField(Sale, null=True, on_delete="RESTRICT")
        note = TextField(default="")
        till_id = CharField(default="")
        staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "preorder"

    class ConsignmentMove(Model):
        shop = ForeignKeyField(Customer, on_delete="RESTRICT")
        product = ForeignKeyField(Product, on_delete="RESTRICT")
        kind = CharField(constraints=[Check("kind IN ('left', 'sold', 'returned')")])
        quantity = BigIntegerField()
        unit_price = BigIntegerField()
        reference = CharField(index=True)
        sale = ForeignKeyField(Sale, null=True, on_delete="RESTRICT")
        staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "consignment_move"

    db.create_tables([Preorder, ConsignmentMove])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("consignment_move"), migrator.drop_table("preorder"))
