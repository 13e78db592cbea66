"""The print queue: a print is a stored job until the printer took it."""

from peewee import BlobField, BooleanField, CharField, Check, DateTimeField, IntegerField, Model, TextField


def up(migrator, db):
    class PrintJob(Model):
        till_id = CharField(index=True)
        kind = CharField()
        reference = CharField(default="")
        title = CharField()
        printer_url = CharField()
        payload = BlobField()
        copy = BooleanField(default=False)
        open_drawer = BooleanField(default=False)
        status = CharField(default="queued", constraints=[Check("status IN ('queued', 'printed', 'cancelled')")])
        attempts = IntegerField(default=0)
        error = TextField(default="")
        created_at = DateTimeField()
        printed_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "print_job"
            indexes = ((("till_id", "status"), False),)  # the waiting jobs of a till

    db.create_tables([PrintJob])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("print_job"))
