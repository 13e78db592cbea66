"""What happened between the shop and a customer: complaints and feedback, and every touchpoint."""

from peewee import CharField, Check, DateTimeField, ForeignKeyField, IntegerField, TextField

from pos.models.base import BaseModel, utcnow
from pos.models.customer import Customer
from pos.models.sale import Sale
from pos.models.staff import StaffUser


class Complaint(BaseModel):
    """A complaint or a piece of feedback. Transitions: open → resolved (with how)."""

    customer = ForeignKeyField(Customer, backref="complaints", on_delete="RESTRICT")
    sale = ForeignKeyField(Sale, null=True, backref="complaints", on_delete="SET NULL")
    kind = CharField(default="complaint", constraints=[Check("kind IN ('complaint', 'feedback')")])
    text = TextField()
    status = CharField(default="open", constraints=[Check("status IN ('open', 'resolved')")])
    resolution = TextField(default="")
    staff = ForeignKeyField(StaffUser, null=True, backref="complaints", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True)


class Touchpoint(BaseModel):
    """A message sent, a call, a note: the log of the relationship."""

    customer = ForeignKeyField(Customer, backref="touchpoints", on_delete="RESTRICT")
    kind = CharField(constraints=[Check("kind IN ('message', 'call', 'note', 'visit')")])
    text = TextField(default="")
    staff = ForeignKeyField(StaffUser, null=True, backref="touchpoints", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)


class MemberCodeAlias(BaseModel):
    """The member code of a record merged into another: a card printed with it still finds the customer."""

    code = CharField(unique=True)
    customer = ForeignKeyField(Customer, backref="code_aliases", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)


class MessageTemplate(BaseModel):
    """A WhatsApp message the owner sends one customer at a time, with placeholders ({nama}, {toko}…)."""

    code = CharField(unique=True)  # what a list picks by default: lapsed, birthday, new, referral, promo, or own
    name = CharField()
    text = TextField()
    position = IntegerField(default=0)
