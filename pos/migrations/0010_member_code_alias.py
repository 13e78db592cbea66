"""Member codes of merged-away records, so the cards already printed with them still work."""

from peewee import CharField, DateTimeField, ForeignKeyField, Model


def up(migrator, db):
    class Customer(Model):
        class Meta:
            database = db
            table_name = "customer"

    class MemberCodeAlias(Model):
        code = CharField(unique=True)
        customer = ForeignKeyField(Customer, on_delete="CASCADE")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "member_code_alias"

    db.create_tables([MemberCodeAlias])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("member_code_alias"))
