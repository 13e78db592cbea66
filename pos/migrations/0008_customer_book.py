"""The customer book: complaints and feedback, the touchpoint log, and where a promo consent came from."""

from peewee import CharField, Check, DateTimeField, ForeignKeyField, Model, TextField


def up(migrator, db):
    class Customer(Model):
        class Meta:
            database = db
            table_name = "customer"

    class Sale(Model):
        class Meta:
            database = db
            table_name = "sale"

    class StaffUser(Model):
        class Meta:
            database = db
            table_name = "staff_user"

    class Complaint(Model):
        customer = ForeignKeyField(Customer, on_delete="RESTRICT")
        sale = ForeignKeyField(Sale, null=True, on_delete="SET NULL")
        kind = CharField(default="complaint", constraints=[Check("kind IN ('complaint', 'feedback')")])
        text = TextField()
        status = CharField(default="open", constraints=[Check("status IN ('open', 'resolved')")])
        resolution = TextField(default="")
        staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        resolved_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "complaint"

    class Touchpoint(Model):
        customer = ForeignKeyField(Customer, on_delete="RESTRICT")
        kind = CharField(constraints=[Check("kind IN ('message', 'call', 'note', 'visit')")])
        text = TextField(default="")
        staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "touchpoint"

    db.create_tables([Complaint, Touchpoint])
    migrator.migrate(migrator.add_column("customer", "promo_consent_source", CharField(default="")))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("customer", "promo_consent_source"))
    migrator.migrate(migrator.drop_table("touchpoint"), migrator.drop_table("complaint"))
