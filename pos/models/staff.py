"""Staff users (owner or cashier, with a hashed PIN) and their shifts at a till."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField

from pos.models.base import BaseModel, utcnow
from pos.models.fields import JSONField, MoneyField

OWNER, CASHIER = "owner", "cashier"


class StaffUser(BaseModel):
    name = CharField(unique=True)
    role = CharField(default=CASHIER)  # owner | cashier
    pin_hash = CharField()  # before migration 0023: "scrypt$<salt hex>$<hash hex>"; "" once pin_key is set
    pin_key = CharField(null=True)  # "scrypt$<n>$<r>$<p>$<key hex>", derived with the shop's PinSalt
    active = BooleanField(default=True)
    pin_taken = BooleanField(default=False)  # while inactive, their PIN was given to someone else
    created_at = DateTimeField(default=utcnow)


class LoginGuard(BaseModel):
    """Wrong PINs for the whole shop, one row per kind of prompt; a lock until a moment after too many."""

    key = CharField(unique=True)  # "login" (who is typing), "approval" (the owner's PIN asked)
    failures = IntegerField(default=0)  # wrong PINs since window_started, and the tries still being checked
    locked_until = DateTimeField(null=True)  # UTC
    window_started = DateTimeField(null=True)  # UTC: failures older than the window are forgotten


class PinSalt(BaseModel):
    """The shop's one salt for PIN keys (one row): a PIN typed is derived once and compared with everyone's key."""

    salt = CharField()  # hex


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
