"""The coffee counter: queue numbers per shop day, and open bills (a table's or a name's order, paid at the end)."""

from peewee import BooleanField, Check, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from pos.models.base import BaseModel, utcnow
from pos.models.catalog import Product
from pos.models.customer import Customer
from pos.models.fields import JSONField, QuantityField
from pos.models.sale import Sale
from pos.models.staff import StaffUser


class QueueCounter(BaseModel):
    """One row per shop day, shared by every till on the server: the last queue number given that day."""

    day = DateField(primary_key=True)
    last_value = IntegerField(default=0)

    @classmethod
    def increment(cls, day) -> int:
        """The day's next number, inside the caller's transaction: one upsert on both engines (the row lock, or
        SQLite's IMMEDIATE write lock, keeps two tills from sharing a number; a rollback gives it back)."""
        param = cls._meta.database.param
        cursor = cls._meta.database.execute_sql(
            f'INSERT INTO "queue_counter" ("day", "last_value") VALUES ({param}, 1) '
            'ON CONFLICT ("day") DO UPDATE SET "last_value" = "queue_counter"."last_value" + 1 '
            'RETURNING "last_value"', (day,))
        return cursor.fetchone()[0]


class SaleQueueNumber(BaseModel):
    """The queue number a sale was called by (an open bill's sale keeps the number the bill was sent with)."""

    sale = ForeignKeyField(Sale, unique=True, backref="queue_numbers", on_delete="CASCADE")
    day = DateField()  # the shop day the number belongs to
    number = IntegerField()

    class Meta:
        indexes = ((("day", "number"), True),)


class OpenBill(BaseModel):
    """A table's or a name's order, sent to the bar as it grows and paid at the end.

    Transitions:

    ========  =====================================================================
    open      → paying (a till takes the payment: nothing more is added meanwhile), → cancelled
    paying    → paid (the sale is stored), → open (the payment was refused or abandoned)
    ========  =====================================================================
    """

    name = CharField()  # "Meja 4", "Mas Bayu"
    cart_id = CharField(unique=True)  # the sale's cart id when it is paid (completing twice stores once)
    customer = ForeignKeyField(Customer, null=True, backref="open_bills", on_delete="RESTRICT")
    status = CharField(default="open", index=True, constraints=[Check(
        "status IN ('open', 'paying', 'paid', 'cancelled')")])
    queue_day = DateField(null=True)  # the number is taken when the bill is first sent
    queue_number = IntegerField(null=True)
    sale = ForeignKeyField(Sale, null=True, backref="open_bills", on_delete="RESTRICT")
    till_id = CharField(default="")
    staff = ForeignKeyField(StaffUser, null=True, backref="open_bills", on_delete="SET NULL")
    opened_at = DateTimeField(default=utcnow)


class OpenBillLine(BaseModel):
    """What was added to a bill, appended, never overwritten (two tills adding at once lose nothing); a negative
    quantity takes items off. ``line`` is the cart line as the cart stores it (choices included)."""

    bill = ForeignKeyField(OpenBill, backref="lines", on_delete="CASCADE")
    product = ForeignKeyField(Product, backref="open_bill_lines", on_delete="RESTRICT")
    quantity = QuantityField()
    line = JSONField()
    sent = BooleanField(default=False)
    till_id = CharField(default="")
    staff = ForeignKeyField(StaffUser, null=True, backref="open_bill_lines", on_delete="SET NULL")
    added_at = DateTimeField(default=utcnow)
