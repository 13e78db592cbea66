"""Sales (and refunds pointing at them), their lines, the reasons behind each line, payments."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from pos.models.base import BaseModel, utcnow
from pos.models.catalog import Product
from pos.models.customer import Customer
from pos.models.fields import JSONField, MoneyField, QuantityField
from pos.models.promotion import Promotion
from pos.models.staff import Shift, StaffUser


class Sale(BaseModel):
    """A completed sale, or a refund of one (``refund_of`` set, amounts negative).

    Transitions: completed → voided (a void is recorded, never a deletion).
    """

    number = CharField(unique=True)  # K1-000123; refunds R-K1-000007
    cart_id = CharField(null=True, unique=True)  # the till's id for the cart: completing twice stores once
    till_id = CharField(index=True)
    kind = CharField(default="sale")  # sale | refund
    status = CharField(default="completed")  # completed | voided
    refund_of = ForeignKeyField("self", null=True, backref="refunds", on_delete="RESTRICT")
    shift = ForeignKeyField(Shift, null=True, backref="sales", on_delete="RESTRICT")
    cashier = ForeignKeyField(StaffUser, null=True, backref="sales", on_delete="RESTRICT")
    customer = ForeignKeyField(Customer, null=True, backref="sales", on_delete="RESTRICT")
    created_at = DateTimeField(default=utcnow, index=True)
    subtotal = MoneyField(default=0)  # after unit prices, before discounts
    discount_total = MoneyField(default=0)
    tax_total = MoneyField(default=0)
    rounding = MoneyField(default=0)
    total = MoneyField(default=0)  # what the customer pays
    note = TextField(default="")

    class Meta:
        # each customer's sales in order, read from the index alone (the bring-them-back lists; migration 0015)
        indexes = ((("customer", "created_at", "total", "kind", "status"), False),)


class SaleLine(BaseModel):
    sale = ForeignKeyField(Sale, backref="lines", on_delete="CASCADE")
    position = IntegerField()
    product = ForeignKeyField(Product, null=True, backref="sale_lines", on_delete="RESTRICT")
    description = CharField()  # the name as it was at the sale
    quantity = QuantityField()
    unit_price = MoneyField()
    retail_price = MoneyField()  # retail unit price at the time, for "what prices gave away"
    price_source = CharField(default="retail")  # retail | tier | special
    discount = MoneyField(default=0)
    amount = MoneyField()  # quantity × unit price − discount
    is_bonus = BooleanField(default=False)
    promotion = ForeignKeyField(Promotion, null=True, backref="sale_lines", on_delete="RESTRICT")
    refund_of_line = ForeignKeyField("self", null=True, backref="refunded_by", on_delete="RESTRICT")
    cost = MoneyField(null=True)  # the goods' cost at the sale (quantity × cost); gross profit = amount − cost


class SaleLineReason(BaseModel):
    """Why a line is priced as it is: a reason code with its values, rendered by i18n."""

    line = ForeignKeyField(SaleLine, backref="reasons", on_delete="CASCADE")
    code = CharField()
    params = JSONField(default=dict)
    amount = MoneyField(default=0)  # the effect in money (negative: given away)
    promotion = ForeignKeyField(Promotion, null=True, backref="reasons", on_delete="RESTRICT")


class ParkedCart(BaseModel):
    """A sale put aside to serve the next customer; kept across a restart until resumed."""

    till_id = CharField(index=True)
    cart_id = CharField(unique=True)
    label = CharField(default="")
    payload = JSONField()  # the cart as JSON (lines, customer, choices)
    position = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)


class Payment(BaseModel):
    sale = ForeignKeyField(Sale, backref="payments", on_delete="CASCADE")
    method = CharField()  # cash | qris | transfer | card | kasbon | deposit
    amount = MoneyField()  # applied to the sale
    tendered = MoneyField(null=True)  # cash handed over
    change = MoneyField(default=0)
    reference = CharField(default="")
    created_at = DateTimeField(default=utcnow)
