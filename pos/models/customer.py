"""Customers, their segments (tags) and how they found the shop; special prices."""

from peewee import (BooleanField, Check, CharField, DateField, DateTimeField, ForeignKeyField,
                    IntegerField, TextField)

from pos.models.base import BaseModel, utcnow
from pos.models.catalog import Product
from pos.models.fields import MoneyField
from pos.models.pricing import PriceTier


class Segment(BaseModel):
    """An editable list: student, young mother, office, shop/reseller, community group…"""

    code = CharField(unique=True)
    name = CharField()
    position = IntegerField(default=0)
    retired = BooleanField(default=False)  # kept on old customers and in reports, no longer offered


class AcquisitionSource(BaseModel):
    """How a customer found the shop: walk-in, WhatsApp, Facebook, TikTok, referral…"""

    code = CharField(unique=True)
    name = CharField()
    position = IntegerField(default=0)
    retired = BooleanField(default=False)  # kept on old customers and in reports, no longer offered


class Customer(BaseModel):
    name = CharField()
    phone = CharField(unique=True, null=True)  # E.164, e.g. +6281234567890
    member_code = CharField(unique=True)
    tier = ForeignKeyField(PriceTier, backref="customers", on_delete="RESTRICT")
    tier_set_by_hand = BooleanField(default=False)  # the automatic regular rule leaves it alone
    source = ForeignKeyField(AcquisitionSource, null=True, backref="customers", on_delete="SET NULL")
    referred_by = ForeignKeyField("self", null=True, backref="referrals", on_delete="SET NULL")
    village = CharField(default="")
    address = TextField(default="")
    birthday = DateField(null=True)
    notes = TextField(default="")
    promo_consent = BooleanField(default=False)
    promo_consent_at = DateTimeField(null=True)
    promo_consent_source = CharField(default="")  # how it was given: at the till, a form, WhatsApp …
    credit_limit = MoneyField(null=True, constraints=[Check("credit_limit IS NULL OR credit_limit >= 0")])
    payment_terms_days = IntegerField(null=True)  # days to pay an invoice; None: the shop's default
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)


class CustomerSegment(BaseModel):
    customer = ForeignKeyField(Customer, backref="segment_links", on_delete="CASCADE")
    segment = ForeignKeyField(Segment, backref="customer_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("customer", "segment"), True),)


class SpecialPrice(BaseModel):
    """The owner's own price for one customer and one product: it wins over every tier."""

    customer = ForeignKeyField(Customer, backref="special_prices", on_delete="CASCADE")
    product = ForeignKeyField(Product, backref="special_prices", on_delete="CASCADE")
    price = MoneyField(constraints=[Check("price >= 0")])

    class Meta:
        indexes = ((("customer", "product"), True),)
