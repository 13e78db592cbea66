"""Invoices (documents with their own gap-free numbers) and how kasbon payments settle them.

The debt itself lives in the kasbon ledger (``KasbonEntry``): a sale on kasbon adds a
charge, a payment or a refund subtracts. An allocation says which charge a credit
settled; credits without one settle the oldest charges first.
"""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, TextField

from pos.models.base import BaseModel, utcnow
from pos.models.customer import Customer
from pos.models.fields import MoneyField
from pos.models.ledgers import KasbonEntry
from pos.models.sale import Sale
from pos.models.staff import StaffUser


class Invoice(BaseModel):
    number = CharField(unique=True)  # INV-K1-000001
    sale = ForeignKeyField(Sale, backref="invoices", unique=True, on_delete="RESTRICT")
    customer = ForeignKeyField(Customer, backref="invoices", on_delete="RESTRICT")
    issued_at = DateTimeField(default=utcnow)
    due_date = DateField()
    notes = TextField(default="")
    staff = ForeignKeyField(StaffUser, null=True, backref="invoices", on_delete="SET NULL")


class KasbonAllocation(BaseModel):
    credit = ForeignKeyField(KasbonEntry, backref="settles", on_delete="RESTRICT")  # a payment or refund (−)
    charge = ForeignKeyField(KasbonEntry, backref="settled_by", on_delete="RESTRICT")  # a sale on kasbon (+)
    amount = MoneyField()  # > 0
