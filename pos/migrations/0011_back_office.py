"""The back office: a picture for a product's counter button, and the wrong-PIN guard of logins and approvals."""

from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model


def up(migrator, db):
    class Product(Model):
        class Meta:
            database = db
            table_name = "product"

    class ProductPicture(Model):
        product = ForeignKeyField(Product, on_delete="CASCADE", unique=True)
        data = BlobField()

        class Meta:
            database = db
            table_name = "product_picture"

    class LoginGuard(Model):
        key = CharField(unique=True)  # "login:K1", "approval", "pin-change"
        failures = IntegerField(default=0)
        locked_until = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "login_guard"

    db.create_tables([ProductPicture, LoginGuard])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("login_guard"), migrator.drop_table("product_picture"))
