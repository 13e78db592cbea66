"""Per-till counters for gap-free document numbers (receipts, refunds, invoices)."""

from peewee import BigIntegerField, CharField

from pos.models.base import BaseModel


class TillCounter(BaseModel):
    till_id = CharField()
    series = CharField()  # receipt | refund | invoice
    last_value = BigIntegerField(default=0)

    class Meta:
        indexes = ((("till_id", "series"), True),)
