"""Staff users (owner or cashier, with a hashed PIN) and their shifts at a till."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField

from pos.models.base import BaseModel, utcnow
from pos.models.fields import JSONField, MoneyField

OWNER, CASHIER = "owner", "cashier"


class StaffUser(BaseModel):
    name = CharField(unique=True)
    role = CharField(default=CASHIER)  # owner | cashier
    pin_hash = CharField()  # "scrypt$<salt hex>$<hash hex>"
    active = BooleanField(default=True)
    pin_taken = BooleanField(default=False)  # while inactive, their PIN was given to someone else
    created_at = DateTimeField(default=utcnow)


class LoginGuard(BaseModel):
    """Wrong PINs in a row for one login screen or approval; a lock until a moment after too many."""

    key = CharField(unique=True)  # "login:K1", "approval", "pin-change"
    failures = IntegerField(default=0)
    locked_until = DateTimeField(null=True)  # UTC


class Shift(BaseModel):
    """A cashier's shift at one till.

    Transitions: open → closed (close with the cash counted). Nothing else.
    """

    till_id = CharField(index=True)
    cashier = ForeignKeyField(StaffUser, backref="shifts", on_delete="RESTRICT")
    status = CharField(default="open")  # open | closed
    opened_at = DateTimeField(default=utcnow)
    closed_at = DateTimeField(null=True)
    opening_float = MoneyField(default=0)
    counted_cash = MoneyField(null=True)
    cash_count = JSONField(null=True)  # {"100000": 3, "50000": 2, …}: the count by denomination
