"""Promotions as data: a preset kind filling one shape of conditions and reward."""

from peewee import BooleanField, CharField, DateTimeField, IntegerField

from pos.models.base import BaseModel, utcnow
from pos.models.fields import JSONField



class Promotion(BaseModel):
    name = CharField()
    kind = CharField()  # a code of pos.domain.promotion_kinds, where each kind is declared
    conditions = JSONField(default=dict)  # e.g. {"products": ["KR-NAS"], "min_total": 200000}
    parameters = JSONField(default=dict)  # e.g. {"buy": 10, "get": 1}
    valid_from = DateTimeField(null=True)  # UTC
    valid_to = DateTimeField(null=True)  # UTC, exclusive
    weekdays = CharField(default="0123456")  # Monday = 0
    hour_from = IntegerField(null=True)  # shop-local hour, inclusive
    hour_to = IntegerField(null=True)  # shop-local hour, exclusive
    priority = IntegerField(default=100)
    stackable = BooleanField(default=True)
    max_uses_per_customer = IntegerField(null=True)
    max_uses_total = IntegerField(null=True)  # sales in all, across customers and tills (migration 0031)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
