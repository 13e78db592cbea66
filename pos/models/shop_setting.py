"""Shop settings shared by every till (declared in ``pos.settings.SHOP_OPTIONS``)."""

from peewee import CharField

from pos.models.base import BaseModel
from pos.models.fields import JSONField


class ShopSetting(BaseModel):
    key = CharField(unique=True)
    value = JSONField()
