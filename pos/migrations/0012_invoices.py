"""Invoices with their own numbers, kasbon allocations (which payment settled which sale), payment terms."""

from peewee import BigIntegerField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    def table(name):
        class Meta:
            database = db
            table_name = name

        return type(name, (Model,), {"Meta": Meta})

    Customer, Sale, StaffUser, KasbonEntry = (table(n) for n in ("customer", "sale", "staff_user", "kasbon_entry"))

    class Invoice(Model):
        number = CharField(unique=True)
        sale = ForeignKeyField(Sale, unique=True, on_delete="RESTRICT")
        customer = ForeignKeyField(Customer, on_delete="RESTRICT")
        issued_at = DateTimeField()
        due_date = DateField()
        notes = TextField(default="")
        staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")

        class Meta:
            database = db
            table_name = "invoice"

    class KasbonAllocation(Model):
        credit = ForeignKeyField(KasbonEntry, on_delete="RESTRICT")
        charge = ForeignKeyField(KasbonEntry, on_delete="RESTRICT")
        amount = BigIntegerField()

        class Meta:
            database = db
            table_name = "kasbon_allocation"

    db.create_tables([Invoice, KasbonAllocation])
    migrator.migrate(migrator.add_column("customer", "payment_terms_days", IntegerField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("customer", "payment_terms_days"))
    migrator.migrate(migrator.drop_table("kasbon_allocation"), migrator.drop_table("invoice"))
