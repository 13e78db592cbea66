"""The four append-only ledgers; a balance is always a sum of entries.

- cash: every movement of cash in a shift (expected cash = opening float + entries);
- stamps: loyalty stamps earned and used;
- kasbon: what a customer owes the shop (a sale on credit adds, a payment subtracts);
- deposit: what the shop owes a customer (prepaid, overpayment, down payment).
"""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from pos.models.base import BaseModel, utcnow
from pos.models.customer import Customer
from pos.models.fields import MoneyField
from pos.models.sale import Sale
from pos.models.staff import Shift, StaffUser


class CashEntry(BaseModel):
    shift = ForeignKeyField(Shift, backref="cash_entries", on_delete="RESTRICT")
    kind = CharField()  # sale | refund | cash_in | cash_out | down_payment | kasbon_payment
    amount = MoneyField()  # + into the drawer, − out of it
    sale = ForeignKeyField(Sale, null=True, backref="cash_entries", on_delete="RESTRICT")
    staff = ForeignKeyField(StaffUser, null=True, backref="cash_entries", on_delete="RESTRICT")
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class StampEntry(BaseModel):
    customer = ForeignKeyField(Customer, backref="stamp_entries", on_delete="RESTRICT")
    sale = ForeignKeyField(Sale, null=True, backref="stamp_entries", on_delete="RESTRICT")
    earned = IntegerField(default=0)
    used = IntegerField(default=0)
    opening = BooleanField(default=False)  # the balance carried over from a paper stamp card, once per customer
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class KasbonEntry(BaseModel):
    customer = ForeignKeyField(Customer, backref="kasbon_entries", on_delete="RESTRICT")
    sale = ForeignKeyField(Sale, null=True, backref="kasbon_entries", on_delete="RESTRICT")
    amount = MoneyField()  # + owed by the customer, − paid
    method = CharField(default="")  # how a payment came in: cash, qris, transfer, card ("" for a sale's entries)
    due_date = DateField(null=True)
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class DepositEntry(BaseModel):
    customer = ForeignKeyField(Customer, backref="deposit_entries", on_delete="RESTRICT")
    sale = ForeignKeyField(Sale, null=True, backref="deposit_entries", on_delete="RESTRICT")
    amount = MoneyField()  # + held for the customer, − spent or refunded
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)
